"""A built site served on loopback, as a static host serves it; a free port, a page fetched,
and waiting for a server such as `kbgen serve` to answer."""

from __future__ import annotations

import functools
import http.server
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    posts: list[bytes] | None = None

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_POST(self) -> None:
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


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, TimeoutError, ConnectionError):
        return None


def wait_for(check: Callable[[], bool], what: str, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.3)
    pytest.fail(f"timed out waiting for {what}")
