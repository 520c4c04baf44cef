"""Shared fixtures: the example site built once per run, served on loopback, and Chromium."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
# bench/ holds the data generators and set readers that tests share with the benchmarks.
sys.path.insert(0, str(REPO / "bench"))
CONTENT = REPO / "content"
CHROMIUM = os.environ.get("KBGEN_CHROMIUM", "/usr/bin/chromium")
# Without the networking flags Chromium floods a closed network with refused connections.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


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


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    posts: list[bytes] | None = None

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def do_POST(self) -> None:  # noqa: N802
        if self.posts is None:
            self.send_error(501)
            return
        self.posts.append(self.rfile.read(int(self.headers.get("content-length") or 0)))
        self.send_response(204)
        self.end_headers()


def serve_dir(
    directory: Path,
    posts: list[bytes] | None = None,
    handler: type[QuietHandler] = QuietHandler,
) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Serve a built site on loopback; with `posts`, POSTed bodies are kept there (what the
    site sends on leaving a page travels by sendBeacon, which page.route does not see)."""
    handler_class = type("Handler", (handler,), {"posts": posts})
    handler = functools.partial(handler_class, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


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
def page(browser):  # noqa: ANN001, ANN201
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()
