"""Benchmark kbgen's prebuilt search against Material's own search on the same generated pages.

    PYTHONPATH=. .venv/bin/python bench/search.py [--articles 10000] [--keep DIR]

Prints: index build time and size (raw, gzipped); in headless Chromium, the time from the
page's load event to the first results shown, for kbgen (prebuilt lunr index) and for
Material's search plugin (which builds its lunr index in the browser on every visit),
plus kbgen's keystroke-to-results time once loaded. Ratios are kbgen / Material.
"""

from __future__ import annotations

import argparse
import gzip
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from _articles import write_articles  # noqa: E402

QUERIES = (
    "my card still hasnt arrived",
    "exchange rate",
    "top up failed",
    "pasword reset",
    "refund not showing",
    "why was my transfer declined",
)


def sizes(path: Path) -> tuple[int, int]:
    raw = path.read_bytes()
    return len(raw), len(gzip.compress(raw, 6))


def build_kbgen(root: Path) -> tuple[Path, dict[str, float]]:
    from kbgen.build import build_site
    from kbgen.loader import load_kb
    from kbgen.search.index import build
    from kbgen.search.site import payload

    figures: dict[str, float] = {}
    kb = load_kb(root / "content")
    started = time.perf_counter()
    data = build(kb)
    text = json.dumps(payload(kb, data), ensure_ascii=False, separators=(",", ":"))
    figures["index_build_s"] = time.perf_counter() - started
    figures["index_bytes"] = len(text.encode())
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


def measure(site_kbgen: Path, site_material: Path, runs: int) -> dict[str, float]:
    from conftest import CHROMIUM, CHROMIUM_ARGS, serve_dir
    from playwright.sync_api import sync_playwright

    server_k, url_k = serve_dir(site_kbgen)
    server_m, url_m = serve_dir(site_material)
    out: dict[str, list[float]] = {
        "kbgen_first_s": [],
        "material_first_s": [],
        "kbgen_keystroke_ms": [],
    }
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for run in range(runs):
            query = QUERIES[run % len(QUERIES)]
            # kbgen: the home page's box, typed as soon as the page has loaded.
            page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
            page.goto(url_k, wait_until="load")
            started = time.perf_counter()
            page.fill("#kbgen-search-hero-input", query)
            page.wait_for_selector(
                "#kbgen-search-hero-results[data-kbgen-count]:not([data-kbgen-count='0'])",
                state="attached",
                timeout=120_000,
            )
            out["kbgen_first_s"].append(time.perf_counter() - started)
            # Once loaded: one keystroke's work (the search runs in the input handler).
            for q in QUERIES:
                out["kbgen_keystroke_ms"].append(
                    page.evaluate(
                        """(q) => { const box = document.querySelector('#kbgen-search-hero-input');
                      const t = performance.now(); box.value = q;
                      box.dispatchEvent(new Event('input', {bubbles: true}));
                      return performance.now() - t; }""",
                        q,
                    )
                )
            page.context.close()
            # Material: its search box, typed as soon as the page has loaded.
            page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
            page.goto(url_m, wait_until="load")
            started = time.perf_counter()
            page.fill("input[data-md-component=search-query]", query)
            page.wait_for_selector(".md-search-result__item", timeout=300_000)
            out["material_first_s"].append(time.perf_counter() - started)
            page.context.close()
        browser.close()
    server_k.shutdown()
    server_m.shutdown()
    return {k: sorted(v)[len(v) // 2] for k, v in out.items()}  # medians


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="build here and keep the sites")
    args = parser.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="kbgen-bench-search-"))
    root.mkdir(parents=True, exist_ok=True)
    try:
        shutil.rmtree(root / "content", ignore_errors=True)
        write_articles(root / "content", args.articles)
        site_k, fig_k = build_kbgen(root)
        site_m, fig_m = build_material(root)
        k_raw, k_gz = sizes(site_k / "search" / "kbgen-index.json")
        m_raw, m_gz = sizes(site_m / "search" / "search_index.json")
        times = measure(site_k, site_m, args.runs)
        print(f"articles: {args.articles}")
        print(f"kbgen index build (lunr.py, in Python): {fig_k['index_build_s']:.2f} s")
        print(
            f"site build: kbgen {fig_k['site_build_s']:.1f} s, "
            f"Material+search {fig_m['site_build_s']:.1f} s"
        )
        print(f"kbgen index: {k_raw:,} bytes raw, {k_gz:,} gzipped")
        print(
            f"Material search_index.json: {m_raw:,} bytes raw, {m_gz:,} gzipped "
            f"(ratio kbgen/Material gzipped {k_gz / m_gz:.2f})"
        )
        print(
            f"load -> first results: kbgen {times['kbgen_first_s']:.3f} s, "
            f"Material {times['material_first_s']:.3f} s "
            f"(ratio {times['kbgen_first_s'] / times['material_first_s']:.2f})"
        )
        print(
            f"kbgen keystroke -> results once loaded (median): "
            f"{times['kbgen_keystroke_ms']:.1f} ms (target < 100 ms)"
        )
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
