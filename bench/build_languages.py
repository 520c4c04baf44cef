"""Benchmark: a help site in two languages against the same site in one, built in the same run.

    python bench/build_languages.py [--sizes 1000] [--shares 0.1 1.0] [--repeat 2]

Projects, each built with `kbgen build` in its own process (so peak memory is its own):
- the example knowledge base (content/ and mkdocs.yml of this repository) with its German
  copy (`languages: [en, de]`), against the same project with the German folder and the
  `languages:` line removed;
- generated knowledge bases (bench/build.py's articles) of each size in --sizes, with a
  share of the articles translated into German (--shares: 0.1 is a shop that translated its
  most asked tenth, 1.0 one that translated everything), against the same articles in one
  language.
It prints seconds, peak memory, output size and the two-language/one-language ratio.
Target (issue 13): the two-language example within 2x of the one-language build. A fully
translated site builds every page twice, so about 2x is its floor, not a regression.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build import _default_workdir, generate  # noqa: E402

REPO = Path(__file__).resolve().parent.parent

CHILD = """
import logging, resource, sys, time
from pathlib import Path
logging.getLogger("mkdocs").setLevel(logging.ERROR)
from kbgen.site.build import build_site
project = Path(sys.argv[1])
start = time.perf_counter()
build_site(project / "mkdocs.yml", site_dir=project / "site")
print(time.perf_counter() - start, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def timed_build(project: Path) -> dict[str, float]:
    shutil.rmtree(project / "site", ignore_errors=True)
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(project)], check=True, capture_output=True, text=True
    ).stdout.split()
    size = sum(p.stat().st_size for p in (project / "site").rglob("*") if p.is_file())
    return {"seconds": float(out[0]), "peak_mb": int(out[1]) / 1024, "output_mb": size / 2**20}


def one_language(config: str) -> str:
    """mkdocs.yml without its `languages:` option (and the comment above it)."""
    return re.sub(r"\n\s*(#[^\n]*\n\s*)?languages: [^\n]*", "", config)


def example_projects(dest: Path) -> tuple[Path, Path]:
    one, two = dest / "example-one", dest / "example-two"
    ignore = shutil.ignore_patterns("_drafts", "_most-asked.yml")
    shutil.copytree(REPO / "content", two / "content", ignore=ignore)
    shutil.copytree(
        REPO / "content", one / "content", ignore=shutil.ignore_patterns("_drafts", "de")
    )
    config = (REPO / "mkdocs.yml").read_text("utf-8")
    (two / "mkdocs.yml").write_text(config, "utf-8")
    (one / "mkdocs.yml").write_text(one_language(config), "utf-8")
    return one, two


def generated_projects(dest: Path, articles: int, share: float) -> tuple[Path, Path]:
    """`articles` generated articles; in the second project every n-th is also in de/."""
    one, two = dest / f"gen-{articles}-one", dest / f"gen-{articles}-{share:g}"
    if not (one / "content").is_dir():
        generate(one / "content", articles, 20)
    shutil.copytree(one / "content", two / "content")
    step = max(1, round(1 / share))
    for i, path in enumerate(sorted((one / "content").glob("*/article-*.md"))):
        if i % step == 0:
            target = two / "content" / "de" / path.parent.name / path.name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    config = "site_name: Bench\ndocs_dir: content\ntheme:\n  name: material\n"
    (one / "mkdocs.yml").write_text(config + "plugins:\n  - kbgen\n", "utf-8")
    (two / "mkdocs.yml").write_text(
        config + "plugins:\n  - kbgen:\n      languages: [en, de]\n", "utf-8"
    )
    return one, two


def compare(name: str, one: Path, two: Path, repeat: int) -> dict[str, object]:
    runs: dict[str, list[dict[str, float]]] = {"one": [], "two": []}
    for _ in range(repeat):  # alternate, so a slow spell of the machine hits both
        runs["one"].append(timed_build(one))
        runs["two"].append(timed_build(two))
    a, b = (min(runs[k], key=lambda r: r["seconds"]) for k in ("one", "two"))
    ratio = b["seconds"] / a["seconds"]
    print(
        f"{name:<34} | one language {a['seconds']:6.1f} s ({a['peak_mb']:4.0f} MB peak, "
        f"{a['output_mb']:6.1f} MB out) | two languages {b['seconds']:6.1f} s "
        f"({b['peak_mb']:4.0f} MB peak, {b['output_mb']:6.1f} MB out) | two/one {ratio:.2f}x",
        flush=True,
    )
    return {"project": name, "one": a, "two": b, "ratio": ratio}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000])
    parser.add_argument("--shares", type=float, nargs="+", default=[0.1, 1.0])
    parser.add_argument("--repeat", type=int, default=2, help="keep the fastest of N builds")
    parser.add_argument("--workdir", type=Path, default=_default_workdir())
    args = parser.parse_args()
    print(f"building in {args.workdir or tempfile.gettempdir()}", flush=True)
    with tempfile.TemporaryDirectory(prefix="kbgen-bench-lang-", dir=args.workdir) as tmp:
        root = Path(tmp)
        one, two = example_projects(root)
        german = len(list((two / "content" / "de").glob("*/*.md"))) - len(
            list((two / "content" / "de").glob("*/index.md"))
        )
        english = len(list((one / "content").glob("*/*.md"))) - len(
            list((one / "content").glob("*/index.md"))
        )
        compare(f"example ({english} en + {german} de)", one, two, args.repeat)
        for size in args.sizes:
            for share in args.shares:
                one, two = generated_projects(root, size, share)
                compare(f"generated {size} ({share:.0%} in de)", one, two, args.repeat)


if __name__ == "__main__":
    started = time.perf_counter()
    main()
    print(f"total {time.perf_counter() - started:.0f} s")
