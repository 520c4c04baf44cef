"""The GitHub Actions workflow `kbgen init` writes really works: its `run:` commands, run in
order on a fresh knowledge base, check it (with annotations) and build the site."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import yaml

from tests.support.cli import kbgen

BIN = Path(sys.executable).parent  # where `kbgen` is installed next to this Python


def test_generated_workflow_checks_and_builds_a_fresh_knowledge_base(tmp_path: Path) -> None:
    project = tmp_path / "help"
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    kbgen("init", project, "--email", "help@shop.example", env=env, check=True, timeout=120)
    workflow = yaml.safe_load((project / ".github/workflows/help-site.yml").read_text("utf-8"))
    steps = workflow["jobs"]["build"]["steps"]
    runs = [step["run"] for step in steps if "run" in step]

    # The install step comes first and pins the kbgen running here (a checkout: its commit);
    # tests/test_packaging.py runs such a step on a fresh virtual environment.
    assert re.fullmatch(r'pip install "kbgen @ git\+\S+@[0-9a-f]{40}"', runs[0]), runs[0]
    commands = runs[1:]
    assert any(c.startswith("kbgen check") and "--format github" in c for c in commands)
    check_at = next(i for i, c in enumerate(commands) if c.startswith("kbgen check"))
    build_at = next(i for i, c in enumerate(commands) if c.startswith("kbgen build"))
    assert check_at < build_at, "the articles are checked before the site is built"
    upload = next(
        s for s in steps if str(s.get("uses", "")).startswith("actions/upload-pages-artifact")
    )

    for command in commands:
        result = subprocess.run(
            ["bash", "-e", "-c", command],
            cwd=project,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"
        if command.startswith("kbgen check"):
            assert result.stdout == "", "a fresh knowledge base has no findings"
    assert (project / upload["with"]["path"] / "index.html").is_file()
