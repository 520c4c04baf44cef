"""`kbgen` run as a user runs it: `python -m kbgen ...` in a folder, in a fresh process."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.support.paths import REPO


def kbgen_command(*args: str | Path) -> list[str]:
    """The command line, for tests that start kbgen with Popen (serve, collect, a killed build)."""
    return [sys.executable, "-m", "kbgen", *map(str, args)]


def kbgen(
    *args: str | Path,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    input: str | None = None,
    check: bool = False,
    timeout: float = 300,
) -> subprocess.CompletedProcess[str]:
    """Run `kbgen *args` and wait; stdout and stderr captured as text. With `check`, a
    non-zero exit fails the test showing both streams."""
    result = subprocess.run(
        kbgen_command(*args),
        cwd=cwd,
        env=env,
        input=input,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if check and result.returncode != 0:
        raise AssertionError(
            f"kbgen {' '.join(map(str, args))} exited {result.returncode}\n"
            f"{result.stdout}\n{result.stderr}"
        )
    return result


def bare_env(columns: int = 120) -> dict[str, str]:
    """A minimal environment (no user settings, a fixed terminal width) that still finds this
    checkout's kbgen."""
    return {"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin", "COLUMNS": str(columns)}
