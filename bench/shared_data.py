"""Where the public data sets live: `../shared/data` beside the repository, as CI lays it out.

Set KBGEN_SHARED_DATA to use another folder. Benchmarks and tests use `shared_data()`
instead of a fixed machine path, so a clone anywhere finds the data beside it.
"""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _main_checkout() -> Path:
    """The repository's main checkout: REPO itself, or for a `git worktree` the checkout whose
    .git folder it points into (its `.git` is a file "gitdir: <main>/.git/worktrees/<name>")."""
    dot_git = REPO / ".git"
    if dot_git.is_file():
        gitdir = Path(dot_git.read_text(encoding="utf-8").split(":", 1)[1].strip())
        return gitdir.parent.parent.parent
    return REPO


def shared_data(*parts: str) -> Path:
    """A path under the shared data folder (it may not exist: callers skip or explain)."""
    root = os.environ.get("KBGEN_SHARED_DATA")
    base = Path(root) if root else _main_checkout().parent / "shared" / "data"
    return base.joinpath(*parts)


BANKING77 = shared_data("banking77")
