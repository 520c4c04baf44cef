"""The code stays as `make lint` wants it: ruff's checks, ruff's formatting, and mypy's types
(configured in pyproject.toml) on the package."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

PATHS = ("kbgen", "tests", "bench")


@pytest.mark.parametrize("command", [["check"], ["format", "--check"]], ids=["check", "format"])
def test_ruff(repo: Path, command: list[str]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "ruff", *command, *PATHS],
        cwd=repo,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy(repo: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy"],
        cwd=repo,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stdout + result.stderr
