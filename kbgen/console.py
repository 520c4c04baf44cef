"""One place for kbgen's terminal output: messages go to stderr and never wrap mid-path."""

from __future__ import annotations

from rich.console import Console


def error_console() -> Console:
    # soft_wrap: a long "path:line: message" stays on one line, so editors and CI logs can
    # still match it.
    return Console(stderr=True, soft_wrap=True)
