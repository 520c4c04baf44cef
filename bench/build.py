"""Benchmark: `kbgen build` against plain `mkdocs build` with Material on the same pages.

    python bench/build.py [--sizes 1000 5000 10000] [--categories 20]

For each size it generates N articles of realistic length in 20 categories, then builds
them twice in the same run, each build in its own process so peak memory is its own:
- baseline: plain MkDocs + Material (with its search plugin, as a plain site has), a
  category-only nav, and a hand-made index page per category listing its articles;
- kbgen: the same Markdown through the kbgen plugin (validation, generated pages,
  templates, prebuilt search index).
It prints seconds, ms per article, peak memory, output size and the ratios.
Targets: kbgen within 1.3x of plain MkDocs; 10,000 articles in at most 11x the time of 1,000.

Both builds run in a RAM-backed folder (/dev/shm when there is one; --workdir to change):
on a disk, writing ~200 MB of pages made the timings swing by a third from run to run.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WORDS = (
    "download file password account email order refund link browser folder phone computer "
    "open click button page screen message error payment card receipt confirmation product "
    "zip extract save settings login app window menu install update"
).split()
SENTENCES = (
    "Check that you are logged in to the account you used when you bought it.",
    "Open your {w} and look for the {w2} near the top of the page.",
    "If you see an error message, write it down exactly as it appears.",
    "This can take up to ten minutes, so please wait a little before you try again.",
    "On a phone, pull down to refresh the page before you try again.",
    "Click **{W}** and then choose **{W2}** from the menu.",
    "We never ask for your password by email.",
    "The {w} may be in your Downloads folder, or in the folder your {w2} saves to.",
)


def _sentence(rng: random.Random) -> str:
    w, w2 = rng.sample(WORDS, 2)
    return rng.choice(SENTENCES).format(w=w, w2=w2, W=w.capitalize(), W2=w2.capitalize())


def generate(content: Path, count: int, categories: int, seed: int = 1) -> None:
    """N articles of about 300-400 words, front matter as in the content format."""
    rng = random.Random(seed)
    for c in range(categories):
        folder = content / f"topic-{c:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "index.md").write_text(
            f"---\ntitle: Topic {c}\ndescription: Questions about topic {c}.\norder: {c}\n---\n",
            encoding="utf-8",
        )
    for i in range(count):
        w = rng.sample(WORDS, 4)
        title = f"My {w[0]} {w[1]} does not work ({i})"
        pairs = zip(w, reversed(w), strict=True)
        symptoms = "\n".join(f"  - {a} {b} not working" for a, b in pairs)
        steps = "\n".join(f"{n}. {_sentence(rng)}" for n in range(1, rng.randint(5, 8)))
        why = " ".join(_sentence(rng) for _ in range(rng.randint(6, 10)))
        more = " ".join(_sentence(rng) for _ in range(rng.randint(5, 9)))
        text = (
            f'---\ntitle: "{title}"\nsummary: {_sentence(rng)}\nsymptoms:\n{symptoms}\n'
            f"tags: [{w[0]}, {w[1]}]\nreviewed: 2026-10-01\n---\n"
            f"## Quick fix\n\n{_sentence(rng)} {_sentence(rng)}\n\n"
            f"## Step by step\n\n{steps}\n\n## Why this happens\n\n{why}\n\n"
            f"## If that didn't work\n\n{more}\n"
        )
        (content / f"topic-{i % categories:02d}" / f"article-{i:05d}.md").write_text(
            text, encoding="utf-8"
        )


def baseline_project(src: Path, dest: Path, categories: int) -> None:
    """The same Markdown for plain MkDocs: index pages list their articles by hand."""
    shutil.copytree(src, dest / "content")
    for c in range(categories):
        folder = dest / "content" / f"topic-{c:02d}"
        links = "\n".join(f"- [{p.stem}]({p.name})" for p in sorted(folder.glob("article-*.md")))
        (folder / "index.md").write_text(f"# Topic {c}\n\n{links}\n", encoding="utf-8")
    nav = "\n".join(f"  - Topic {c}: topic-{c:02d}/index.md" for c in range(categories))
    (dest / "content" / "index.md").write_text("# Help\n", encoding="utf-8")
    (dest / "mkdocs.yml").write_text(
        "site_name: Bench\ndocs_dir: content\ntheme:\n  name: material\nplugins:\n  - search\n"
        f"nav:\n  - Home: index.md\n{nav}\nmarkdown_extensions: [abbr, attr_list, md_in_html, "
        "admonition, tables, toc]\n",
        encoding="utf-8",
    )


def kbgen_project(src: Path, dest: Path) -> None:
    shutil.copytree(src, dest / "content")
    (dest / "mkdocs.yml").write_text(
        "site_name: Bench\ndocs_dir: content\ntheme:\n  name: material\nplugins:\n  - kbgen\n",
        encoding="utf-8",
    )


CHILD = """
import resource, sys, time, logging
from pathlib import Path
logging.getLogger("mkdocs").setLevel(logging.ERROR)
mode, project = sys.argv[1], Path(sys.argv[2])
start = time.perf_counter()
stages = {}
if mode == "kbgen":
    import kbgen.site.build, kbgen.search.site

    def timed(name, fn):
        def run(*args, **kwargs):
            began = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                stages[name] = time.perf_counter() - began
        return run

    def summed(name, fn):  # called once per page: the total over all pages
        def run(*args, **kwargs):
            began = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                stages[name] = stages.get(name, 0) + time.perf_counter() - began
        return run

    import kbgen.site.plugin
    kbgen.site.build.collect_kb = timed("load", kbgen.site.build.collect_kb)
    kbgen.site.plugin.clean_html = summed("sanitize", kbgen.site.plugin.clean_html)
    kbgen.search.site.write_search_files = timed("search", kbgen.search.site.write_search_files)
    import kbgen.site.related  # imported by the plugin when it runs: the patched one is used
    kbgen.site.related.nearest_articles = timed("related", kbgen.site.related.nearest_articles)
    kbgen.site.build.build_site(project / "mkdocs.yml", site_dir=project / "site")
else:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    build(load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(project / "site")))
print(time.perf_counter() - start, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
      stages.get("load", 0), stages.get("search", 0), stages.get("sanitize", 0),
      stages.get("related", 0))
"""


def timed_build(mode: str, project: Path) -> dict[str, float]:
    shutil.rmtree(project / "site", ignore_errors=True)  # every run starts from no site
    out = subprocess.run(
        [sys.executable, "-c", CHILD, mode, str(project)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    size = sum(p.stat().st_size for p in (project / "site").rglob("*") if p.is_file())
    return {
        "seconds": float(out[0]),
        "peak_mb": int(out[1]) / 1024,
        "output_mb": size / 2**20,
        "load_s": float(out[2]),
        "search_s": float(out[3]),
        "sanitize_s": float(out[4]),
        "related_s": float(out[5]),
    }


def _default_workdir() -> Path | None:
    shm = Path("/dev/shm")
    return shm if shm.is_dir() and os.access(shm, os.W_OK) else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 10000])
    parser.add_argument("--categories", type=int, default=20)
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="build each project this many times and keep the fastest",
    )
    parser.add_argument(
        "--workdir",
        type=Path,
        default=_default_workdir(),
        help="where the projects are generated and built",
    )
    args = parser.parse_args()
    print(f"building in {args.workdir or tempfile.gettempdir()}", flush=True)
    results = []
    for n in args.sizes:
        with tempfile.TemporaryDirectory(prefix="kbgen-bench-", dir=args.workdir) as tmp:
            tmp_path = Path(tmp)
            generate(tmp_path / "src", n, args.categories)
            baseline_project(tmp_path / "src", tmp_path / "plain", args.categories)
            kbgen_project(tmp_path / "src", tmp_path / "kbgen")
            # Alternate the two so a slow spell of the machine hits both; keep each one's best.
            runs: dict[str, list[dict[str, float]]] = {"plain": [], "kbgen": []}
            for _ in range(args.repeat):
                for mode in runs:
                    runs[mode].append(timed_build(mode, tmp_path / mode))
            plain, ours = (min(runs[m], key=lambda r: r["seconds"]) for m in ("plain", "kbgen"))
        row = {
            "articles": n,
            "plain": plain,
            "kbgen": ours,
            "ratio": ours["seconds"] / plain["seconds"],
        }
        results.append(row)
        print(
            f"{n:>6} articles | plain mkdocs {plain['seconds']:6.1f} s "
            f"({1000 * plain['seconds'] / n:5.1f} ms/article, {plain['peak_mb']:5.0f} MB peak, "
            f"{plain['output_mb']:6.1f} MB out) | kbgen {ours['seconds']:6.1f} s "
            f"({1000 * ours['seconds'] / n:5.1f} ms/article, {ours['peak_mb']:5.0f} MB peak, "
            f"{ours['output_mb']:6.1f} MB out) | kbgen/plain {row['ratio']:.2f}x "
            f"| kbgen load {ours['load_s']:.1f} s, search index {ours['search_s']:.1f} s, "
            f"sanitizing HTML {ours['sanitize_s']:.2f} s, related articles "
            f"{ours['related_s']:.2f} s",
            flush=True,
        )
    if len(results) > 1:
        first, last = results[0], results[-1]
        growth = last["kbgen"]["seconds"] / first["kbgen"]["seconds"]
        print(
            f"scaling: {last['articles']} articles took {growth:.1f}x the time of "
            f"{first['articles']} (size ratio {last['articles'] / first['articles']:.0f}x; "
            f"plain mkdocs {last['plain']['seconds'] / first['plain']['seconds']:.1f}x)"
        )
    print(json.dumps(results))


if __name__ == "__main__":
    resource.setrlimit(resource.RLIMIT_NOFILE, resource.getrlimit(resource.RLIMIT_NOFILE))
    started = time.perf_counter()
    main()
    print(f"total {time.perf_counter() - started:.0f} s")
