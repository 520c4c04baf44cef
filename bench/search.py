"""Benchmark kbgen's prebuilt search against Material's own search on the same generated pages.

    PYTHONPATH=. .venv/bin/python bench/search.py [--articles 10000] [--keep DIR]

Prints: index build time; the whole index's size (raw, gzipped) for kbgen and for Material;
then in headless Chromium, from the page's load to the first results shown (a query typed
into the home page's box at once): the index bytes fetched meanwhile and the seconds, for
kbgen (a prebuilt lunr index, cut into parts a query loads as it needs them) and Material
(which fetches its whole index and builds a lunr index in the browser on every visit);
and kbgen's keystroke-to-results time once the page is loaded, for queries whose parts are
still to be fetched and for queries whose parts are in. Ratios are kbgen / Material.
Byte counts are of the files as served; gzipped is what a server that compresses sends.
"""

from __future__ import annotations

import argparse
import gzip
import os
import random
import re
import shutil
import statistics
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


# Resolves once the box's results show `q` (rendered, not just searched).
SHOWN = """(q) => new Promise(done => {
  const list = document.querySelector('#kbgen-search-hero-results');
  const check = () => list.getAttribute('data-kbgen-query') === q;
  if (check()) return done();
  new MutationObserver((_, obs) => { if (check()) { obs.disconnect(); done(); } })
    .observe(list, {attributes: true});
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


def measure(site_kbgen: Path, site_material: Path, runs: int) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    from tests.support.browser import CHROMIUM, CHROMIUM_ARGS
    from tests.support.serving import serve_dir

    server_k, url_k = serve_dir(site_kbgen)
    server_m, url_m = serve_dir(site_material)
    out: dict[str, list[float]] = {
        k: []
        for k in (
            "kbgen_first_s",
            "kbgen_first_files",
            "kbgen_first_raw",
            "kbgen_first_gz",
            "material_first_s",
            "material_first_raw",
            "material_first_gz",
            "kbgen_keystroke_new_ms",
            "kbgen_keystroke_cached_ms",
        )
    }
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for run in range(runs):
            query = QUERIES[run % len(QUERIES)]
            # kbgen: the home page's box, typed as soon as the page has loaded.
            page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
            paths: list[str] = []
            page.on("request", lambda r, paths=paths: paths.append(urlparse(r.url).path))
            page.goto(url_k, wait_until="load")
            started = time.perf_counter()
            page.fill("#kbgen-search-hero-input", query)
            page.evaluate(SHOWN, query)
            out["kbgen_first_s"].append(time.perf_counter() - started)
            files, raw, gz = fetched(site_kbgen, paths, "/search/")
            out["kbgen_first_files"].append(files)
            out["kbgen_first_raw"].append(raw)
            out["kbgen_first_gz"].append(gz)
            # Once loaded: keystroke to results shown, parts still to fetch, then parts in.
            for q in QUERIES:
                out["kbgen_keystroke_new_ms"].append(page.evaluate(TYPE_AND_WAIT, q))
            for q in QUERIES:
                out["kbgen_keystroke_cached_ms"].append(page.evaluate(TYPE_AND_WAIT, q))
            page.context.close()
            # Material: its search box, typed as soon as the page has loaded.
            page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
            paths = []
            page.on("request", lambda r, paths=paths: paths.append(urlparse(r.url).path))
            page.goto(url_m, wait_until="load")
            started = time.perf_counter()
            page.fill("input[data-md-component=search-query]", query)
            page.wait_for_selector(".md-search-result__item", timeout=300_000)
            out["material_first_s"].append(time.perf_counter() - started)
            _, raw, gz = fetched(site_material, paths, "/search/search_index.json")
            out["material_first_raw"].append(raw)
            out["material_first_gz"].append(gz)
            page.context.close()
        browser.close()
    server_k.shutdown()
    server_m.shutdown()
    medians = {k: statistics.median(v) for k, v in out.items()}
    medians["kbgen_first_gz_max"] = max(out["kbgen_first_gz"])
    medians["kbgen_keystroke_new_max_ms"] = max(out["kbgen_keystroke_new_ms"])
    return medians


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=len(QUERIES))
    parser.add_argument("--keep", type=Path, help="build here and keep the sites")
    parser.add_argument(
        "--wide",
        action="store_true",
        help="a second data set: articles with many more distinct words (see widen())",
    )
    args = parser.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="kbgen-bench-search-"))
    root.mkdir(parents=True, exist_ok=True)
    try:
        shutil.rmtree(root / "content", ignore_errors=True)
        write_articles(root / "content", args.articles)
        if args.wide:
            widen(root / "content")
        site_k, fig_k = build_kbgen(root)
        site_m, fig_m = build_material(root)
        k_files = kbgen_index_files(site_k)
        k_raw, k_gz = sizes(k_files)
        m_raw, m_gz = sizes([site_m / "search" / "search_index.json"])
        t = measure(site_k, site_m, args.runs)
        kb = 1000
        print(f"articles: {args.articles}" + (" (wide vocabulary)" if args.wide else ""))
        print(f"kbgen index build (lunr.py, in Python): {fig_k['index_build_s']:.2f} s")
        print(
            f"site build: kbgen {fig_k['site_build_s']:.1f} s, "
            f"Material+search {fig_m['site_build_s']:.1f} s"
        )
        print(
            f"whole index: kbgen {k_raw:,} bytes raw, {k_gz:,} gzipped in {len(k_files)} files; "
            f"Material {m_raw:,} raw, {m_gz:,} gzipped (ratio gzipped {k_gz / m_gz:.2f})"
        )
        print(
            f"index fetched before the first results (median of {args.runs} queries): "
            f"kbgen {t['kbgen_first_gz'] / kb:.0f} KB gzipped "
            f"({t['kbgen_first_raw'] / kb:.0f} KB raw, {t['kbgen_first_files']:.0f} files; "
            f"largest {t['kbgen_first_gz_max'] / kb:.0f} KB gzipped), "
            f"Material {t['material_first_gz'] / kb:.0f} KB gzipped "
            f"(ratio {t['kbgen_first_gz'] / t['material_first_gz']:.3f}; target <= 300 KB)"
        )
        print(
            f"load -> first results: kbgen {t['kbgen_first_s']:.3f} s, "
            f"Material {t['material_first_s']:.3f} s "
            f"(ratio {t['kbgen_first_s'] / t['material_first_s']:.2f}; target <= 0.3 s)"
        )
        print(
            f"kbgen keystroke -> results shown once loaded (median): "
            f"{t['kbgen_keystroke_new_ms']:.1f} ms when the query's parts are still to fetch "
            f"(max {t['kbgen_keystroke_new_max_ms']:.1f} ms), "
            f"{t['kbgen_keystroke_cached_ms']:.1f} ms when they are in (target <= 50 ms)"
        )
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
