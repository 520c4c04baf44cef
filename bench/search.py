"""Benchmark kbgen's prebuilt search against Material's own search on the same generated pages.

    PYTHONPATH=. .venv/bin/python bench/search.py [--articles 10000] [--keep DIR [--reuse]]
        [--baseline GIT-REF] [--no-material] [--runs N]

Prints: index build time; the whole index's size (raw, gzipped) for kbgen and for Material;
then in headless Chromium, from the page's load to the first results shown (a query typed
into the home page's box at once): the index bytes fetched meanwhile and the seconds, for
kbgen (a prebuilt lunr index, cut into parts a query loads as it needs them) and Material
(which fetches its whole index and builds a lunr index in the browser on every visit);
and kbgen's keystroke-to-results time once the page is loaded, for queries whose parts are
still to be fetched and for queries whose parts are in. Ratios are kbgen / Material.
Byte counts are of the files as served; gzipped is what a server that compresses sends.
`--baseline REF` builds the same articles with kbgen as it was at a git commit too and
measures both in the same Chromium, in turns (the order flipped every run), with the engine
alone (a query re-ranked on parts already loaded) beside the page timings, and the load
average: the machine is shared, so only figures from one run compare.
"""

from __future__ import annotations

import argparse
import gzip
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _articles import write_articles  # noqa: E402

QUERIES = (
    "my card still hasnt arrived",
    "exchange rate",
    "top up failed",
    "pasword reset",
    "refund not showing",
    "why was my transfer declined",
)


def docstring_sentences() -> list[str]:
    """Plain English sentences from the standard library's docstrings: many more distinct
    words than the generated help prose, as a knowledge base with product names, error
    messages and jargon has."""
    from kbgen.site.placeholders import MARKER_RE

    sentences: set[str] = set()
    for path in sorted(Path(os.__file__).parent.rglob("*.py")):
        text = path.read_text(encoding="utf-8", errors="replace")
        for docstring in re.findall(r'"""(.*?)"""', text, re.DOTALL):
            for sentence in re.split(r"(?<=[.!?])\s+", docstring):
                sentence = " ".join(sentence.split())
                if re.fullmatch(r"[A-Z][A-Za-z ,']{40,200}\.", sentence) and not MARKER_RE.search(
                    sentence
                ):  # "TODO" or "lorem ipsum" would stop the build: unwritten text
                    sentences.add(sentence)
    return sorted(sentences)


def widen(content: Path, seed: int = 11) -> None:
    """Add a paragraph of docstring sentences to every article (the --wide data set)."""
    rng = random.Random(seed)
    pool = docstring_sentences()
    for path in sorted(content.glob("*/*.md")):
        if path.name != "index.md":
            extra = " ".join(rng.sample(pool, 4))
            with path.open("a", encoding="utf-8") as f:
                f.write(f"\n## Details\n\n{extra}\n")


def sizes(paths: list[Path]) -> tuple[int, int]:
    raw = gz = 0
    for path in paths:
        data = path.read_bytes()
        raw += len(data)
        gz += len(gzip.compress(data, 6))
    return raw, gz


def kbgen_index_files(site: Path) -> list[Path]:
    return [site / "search" / "kbgen-index.js", *sorted(site.glob("search/kbgen-index/*.js"))]


def build_kbgen(root: Path) -> tuple[Path, dict[str, float]]:
    from kbgen.content.loader import load_kb
    from kbgen.search.index import build
    from kbgen.search.site import index_files
    from kbgen.site.build import build_site

    figures: dict[str, float] = {}
    kb = load_kb(root / "content")
    started = time.perf_counter()
    index_files(kb, build(kb))
    figures["index_build_s"] = time.perf_counter() - started
    (root / "mkdocs.yml").write_text(
        "site_name: Bench help\ndocs_dir: content\ntheme:\n  name: material\nplugins:\n  - kbgen\n",
        encoding="utf-8",
    )
    started = time.perf_counter()
    build_site(root / "mkdocs.yml", site_dir=root / "site-kbgen")
    figures["site_build_s"] = time.perf_counter() - started
    return root / "site-kbgen", figures


def build_material(root: Path) -> tuple[Path, dict[str, float]]:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    docs = root / "content-material"
    shutil.rmtree(docs, ignore_errors=True)
    shutil.copytree(root / "content", docs, ignore=shutil.ignore_patterns("_*"))
    (docs / "index.md").write_text("# Bench help\n\nSearch above.\n", encoding="utf-8")
    (root / "mkdocs-material.yml").write_text(
        "site_name: Bench help\ndocs_dir: content-material\nsite_dir: site-material\n"
        "theme:\n  name: material\nplugins:\n  - search\nnav:\n  - index.md\n",
        encoding="utf-8",
    )
    started = time.perf_counter()
    build(load_config(str(root / "mkdocs-material.yml")))
    return root / "site-material", {"site_build_s": time.perf_counter() - started}


# Resolves once the box's results show `q` (rendered, not just searched), with the time then.
SHOWN = """(q) => new Promise(done => {
  const list = document.querySelector('#kbgen-search-hero-results');
  const check = () => list.getAttribute('data-kbgen-query') === q;
  if (check()) return done(performance.now());
  new MutationObserver((_, obs) => {
    if (check()) { obs.disconnect(); done(performance.now()); }
  }).observe(list, {attributes: true});
})"""

TYPE_AND_WAIT = (
    """async (q) => { const box = document.querySelector('#kbgen-search-hero-input');
  const t = performance.now(); box.value = q;
  box.dispatchEvent(new Event('input', {bubbles: true}));
  await ("""
    + SHOWN
    + """)(q);
  return performance.now() - t; }"""
)


def fetched(site: Path, paths: list[str], prefix: str) -> tuple[int, int, int]:
    """(files, raw bytes, gzipped bytes) of the fetched files under `prefix`."""
    files = [site / p.lstrip("/") for p in dict.fromkeys(paths) if p.startswith(prefix)]
    raw, gz = sizes(files)
    return len(files), raw, gz


MARK_INPUT = """() => document.addEventListener('input', () => {
  if (window.kbgenBenchInput === undefined) window.kbgenBenchInput = performance.now();
}, true)"""

ENGINE_MS = """async (queries) => {
  const s = await kbgenSearch.load(), out = [];
  for (const q of queries) {
    await s.search(q, 8);  // every part in: what follows is the engine alone
    const times = [];
    for (let i = 0; i < 5; i++) {
      s.engine.lastRanking = null;
      const t = performance.now();
      s.engine.search(q, 8);
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    out.push({ms: times[2], work: s.engine.lastWork || null});
  }
  return out;
}"""


def kbgen_run(browser, url: str, site: Path, query: str) -> dict[str, list[float]]:
    """One fresh page of a kbgen site: the box typed into as soon as the page has loaded,
    then keystrokes once loaded, and the engine alone on parts already in."""
    out: dict[str, list[float]] = {}
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    paths: list[str] = []
    page.on("request", lambda r, paths=paths: paths.append(urlparse(r.url).path))
    page.goto(url, wait_until="load")
    page.evaluate(MARK_INPUT)
    started = time.perf_counter()
    page.fill("#kbgen-search-hero-input", query)
    shown_at = page.evaluate(SHOWN, query)
    out["first_s"] = [time.perf_counter() - started]
    # The same in the page's own clock, from the input event to the results shown: without
    # the time the harness takes to type (Playwright's checks before it fills the box) and
    # to hear back.
    out["first_in_page_s"] = [(shown_at - page.evaluate("window.kbgenBenchInput")) / 1000]
    files, raw, gz = fetched(site, paths, "/search/")
    out["first_files"], out["first_raw"], out["first_gz"] = [files], [raw], [gz]
    # Once loaded: keystroke to results shown, parts still to fetch, then parts in.
    out["keystroke_new_ms"] = [page.evaluate(TYPE_AND_WAIT, q) for q in QUERIES]
    out["keystroke_cached_ms"] = [page.evaluate(TYPE_AND_WAIT, q) for q in QUERIES]
    engine = page.evaluate(ENGINE_MS, list(QUERIES))
    out["engine_ms"] = [e["ms"] for e in engine]
    if engine[0]["work"] is not None:
        out["taken"] = [e["work"]["taken"] for e in engine]
        out["scored"] = [e["work"]["scored"] for e in engine]
    page.context.close()
    return out


def material_run(browser, url: str, site: Path, query: str) -> dict[str, list[float]]:
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    paths: list[str] = []
    page.on("request", lambda r, paths=paths: paths.append(urlparse(r.url).path))
    page.goto(url, wait_until="load")
    started = time.perf_counter()
    page.fill("input[data-md-component=search-query]", query)
    page.wait_for_selector(".md-search-result__item", timeout=300_000)
    seconds = time.perf_counter() - started
    _, raw, gz = fetched(site, paths, "/search/search_index.json")
    page.context.close()
    return {"first_s": [seconds], "first_raw": [raw], "first_gz": [gz]}


def measure(sites: dict[str, Path], runs: int) -> dict[str, dict[str, float]]:
    """Medians per site (name -> figure -> median), the sites measured in turns in one
    Chromium, the order flipped every run (the machine's load drifts)."""
    from playwright.sync_api import sync_playwright

    from tests.support.browser import CHROMIUM, CHROMIUM_ARGS
    from tests.support.serving import serve_dir

    servers = {name: serve_dir(site) for name, site in sites.items()}
    got: dict[str, dict[str, list[float]]] = {name: {} for name in sites}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for run in range(runs):
            query = QUERIES[run % len(QUERIES)]
            names = list(sites) if run % 2 == 0 else list(reversed(sites))
            for name in names:
                one = material_run if name == "material" else kbgen_run
                for key, values in one(browser, servers[name][1], sites[name], query).items():
                    got[name].setdefault(key, []).extend(values)
        browser.close()
    for server, _ in servers.values():
        server.shutdown()
    out: dict[str, dict[str, float]] = {}
    for name, figures in got.items():
        out[name] = {k: statistics.median(v) for k, v in figures.items()}
        if "first_gz" in figures:
            out[name]["first_gz_max"] = max(figures["first_gz"])
        if "keystroke_new_ms" in figures:
            out[name]["keystroke_new_max_ms"] = max(figures["keystroke_new_ms"])
    return out


def build_baseline(root: Path, ref: str) -> Path:
    """The same articles built into a site by kbgen as it was at git `ref` (its code and its
    theme's JavaScript), for a before/after comparison in one run."""
    code = root / f"kbgen-{ref}"
    shutil.rmtree(code, ignore_errors=True)
    code.mkdir(parents=True)
    repo = Path(__file__).resolve().parent.parent
    archive = subprocess.run(
        ["git", "-C", str(repo), "archive", ref], check=True, capture_output=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(code)], input=archive, check=True)
    site = root / "site-baseline"
    build = (
        "import sys; from pathlib import Path; import kbgen;"
        f"assert Path(kbgen.__file__).is_relative_to({str(code)!r}), kbgen.__file__;"
        "from kbgen.site.build import build_site;"
        f"build_site(Path({str(root / 'mkdocs.yml')!r}), site_dir=Path({str(site)!r}))"
    )
    env = {**os.environ, "PYTHONPATH": str(code)}
    subprocess.run([sys.executable, "-c", build], check=True, cwd=root, env=env)
    return site


def report(name: str, t: dict[str, float]) -> None:
    kb = 1000
    line = (
        f"  {name}: before the first results {t['first_gz'] / kb:.0f} KB gzipped "
        f"({t['first_raw'] / kb:.0f} KB raw"
    )
    if "first_files" in t:
        line += f", {t['first_files']:.0f} files, largest {t['first_gz_max'] / kb:.0f} KB gzipped"
    line += f"); load -> first results {t['first_s']:.3f} s"
    if "first_in_page_s" in t:
        line += f" ({t['first_in_page_s']:.3f} s from the input event)"
    print(line)
    if "keystroke_new_ms" in t:
        print(
            f"    keystroke -> results shown: {t['keystroke_new_ms']:.1f} ms with parts to "
            f"fetch (max {t['keystroke_new_max_ms']:.1f}), {t['keystroke_cached_ms']:.1f} ms "
            f"with parts in; engine alone {t['engine_ms']:.2f} ms"
            + (
                f" (articles taken in {t['taken']:.0f}, scored {t['scored']:.0f})"
                if "taken" in t
                else ""
            )
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=len(QUERIES))
    parser.add_argument("--keep", type=Path, help="build here and keep the sites")
    parser.add_argument(
        "--reuse", action="store_true", help="with --keep: use the sites already built there"
    )
    parser.add_argument(
        "--baseline",
        metavar="REF",
        help="also build the same articles with kbgen at this git commit and compare, in turns",
    )
    parser.add_argument("--no-material", action="store_true", help="leave Material's search out")
    parser.add_argument(
        "--wide",
        action="store_true",
        help="a second data set: articles with many more distinct words (see widen())",
    )
    args = parser.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="kbgen-bench-search-"))
    root.mkdir(parents=True, exist_ok=True)
    reuse = args.reuse and args.keep is not None
    try:
        if not (reuse and (root / "content").is_dir()):
            shutil.rmtree(root / "content", ignore_errors=True)
            write_articles(root / "content", args.articles)
            if args.wide:
                widen(root / "content")
        sites: dict[str, Path] = {}
        if reuse and (root / "site-kbgen").is_dir():
            sites["kbgen"], fig_k = root / "site-kbgen", {}
        else:
            sites["kbgen"], fig_k = build_kbgen(root)
        if args.baseline:
            name = f"kbgen@{args.baseline}"
            done = reuse and (root / "site-baseline").is_dir()
            sites[name] = root / "site-baseline" if done else build_baseline(root, args.baseline)
        if not args.no_material:
            if reuse and (root / "site-material").is_dir():
                sites["material"], fig_m = root / "site-material", {}
            else:
                sites["material"], fig_m = build_material(root)
        load_before = os.getloadavg()
        t = measure(sites, args.runs)
        load_after = os.getloadavg()
        print(f"articles: {args.articles}" + (" (wide vocabulary)" if args.wide else ""))
        if fig_k:
            print(f"kbgen index build (lunr.py, in Python): {fig_k['index_build_s']:.2f} s")
        k_files = kbgen_index_files(sites["kbgen"])
        k_raw, k_gz = sizes(k_files)
        print(f"whole index: kbgen {k_raw:,} bytes raw, {k_gz:,} gzipped in {len(k_files)} files")
        if "material" in sites:
            m_raw, m_gz = sizes([sites["material"] / "search" / "search_index.json"])
            print(f"  Material {m_raw:,} raw, {m_gz:,} gzipped (ratio gzipped {k_gz / m_gz:.2f})")
        print(
            f"in headless Chromium, medians of {args.runs} fresh pages per site, sites in turns "
            f"(load average {load_before[0]:.1f} before, {load_after[0]:.1f} after):"
        )
        for name, figures in t.items():
            report(name, figures)
        k = t["kbgen"]
        for other in [n for n in t if n != "kbgen"]:
            o = t[other]
            ratios = [
                f"bytes {k['first_gz'] / o['first_gz']:.2f}",
                f"load -> first results {k['first_s'] / o['first_s']:.2f}",
            ]
            if "first_in_page_s" in o:
                ratios.append(
                    f"from the input event {k['first_in_page_s'] / o['first_in_page_s']:.2f}"
                )
            if "engine_ms" in o:
                cached = k["keystroke_cached_ms"] / o["keystroke_cached_ms"]
                ratios += [
                    f"keystroke (parts in) {cached:.2f}",
                    f"engine alone {k['engine_ms'] / o['engine_ms']:.2f}",
                ]
            print(f"  ratio kbgen / {other}: " + ", ".join(ratios))
        print("targets: <= 300 KB and <= 0.3 s before the first results, <= 50 ms a keystroke")
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
