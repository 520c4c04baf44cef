"""Headless Chromium as the browser tests and bench/ launch it."""

from __future__ import annotations

import os

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
