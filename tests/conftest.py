"""Shared fixtures: the example project to copy, the example site built once per run, served
on loopback, and Chromium. Helpers that are not fixtures live in tests/support/."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.browser import CHROMIUM, CHROMIUM_ARGS
from tests.support.paths import BENCH, CONTENT, REPO
from tests.support.serving import serve_dir

# Every site a test builds shares the repository's embedding cache (kbgen.search.related), so
# the language's common words are embedded once, not once per temporary project.
os.environ.setdefault("KBGEN_CACHE", str(REPO / ".kbgen"))

# bench/ holds the data generators and set readers that tests share with the benchmarks.
sys.path.insert(0, str(BENCH))


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


@pytest.fixture
def kb_copy(tmp_path: Path) -> Path:
    """A private copy of the example project (mkdocs.yml + content/) to break or extend."""
    shutil.copy(REPO / "mkdocs.yml", tmp_path / "mkdocs.yml")
    shutil.copytree(
        CONTENT, tmp_path / "content", ignore=shutil.ignore_patterns("_drafts", "_most-asked.yml")
    )
    return tmp_path


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example knowledge base, built once with kbgen's safe build."""
    from kbgen.site.build import build_site

    site = tmp_path_factory.mktemp("example") / "site"
    build_site(REPO / "mkdocs.yml", site_dir=site, strict=True)
    return site


@pytest.fixture(scope="session")
def site_url(example_site: Path) -> Iterator[str]:
    server, url = serve_dir(example_site)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's chromium package")
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()
