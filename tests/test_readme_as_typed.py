"""The README's first steps, typed as written: after activating the environment `make demo`
made, the bare `kbgen …` commands of "Write your help centre" run, and `make demo` says how."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from tests.support.paths import REPO

README = REPO / "README.md"
VENV = Path(sys.executable).parent.parent  # the environment these tests run in


def section(title: str) -> str:
    text = README.read_text("utf-8")
    start = text.index(f"## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start:end]


def test_the_readme_says_how_to_put_kbgen_on_path() -> None:
    setup = section("Set up (two commands)")
    assert "source .venv/bin/activate" in setup
    assert ".venv/bin/kbgen" in setup
    demo = subprocess.run(
        ["make", "-n", "demo", "VENV=" + str(VENV)],
        cwd=README.parent,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert f"source {VENV}/bin/activate" in demo.stdout, "make demo prints how to activate"


def test_write_your_help_centre_runs_as_typed(tmp_path: Path) -> None:
    block = re.search(r"```sh\n(.*?)```", section("Write your help centre"), re.S)
    assert block is not None
    commands = [c.split("#")[0].strip() for c in block.group(1).splitlines()]
    commands = [c for c in commands if c]
    assert commands[0].startswith("kbgen init") and "kbgen build" in commands
    # `kbgen serve` runs until stopped; tests/site/test_serve.py runs it for real.
    script = "\n".join(c for c in commands if c != "kbgen serve")
    result = subprocess.run(
        ["bash", "-e", "-c", f"source {VENV}/bin/activate\n{script}"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    )
    assert result.returncode == 0, f"{result.stdout}\n{result.stderr}"
    site = tmp_path / "my-help" / "site"
    assert (site / "downloads" / "my-download-wont-open" / "index.html").is_file()
