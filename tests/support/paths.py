"""Where things are, from any test's depth: the repository, tests/, the example content."""

from __future__ import annotations

from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent
REPO = TESTS.parent
CONTENT = REPO / "content"
BENCH = REPO / "bench"
SAMPLE = REPO / "kbgen" / "samples" / "sample-zendesk.json"
# The ticket exports of every format `kbgen mine` reads (only the mine tests use them).
EXPORTS = TESTS / "mine" / "fixtures" / "exports"
