"""The wheel carries the theme layer: install it into a fresh virtual environment and use it."""

from __future__ import annotations

import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


def run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [str(a) for a in args], cwd=cwd, capture_output=True, text=True, timeout=1200
    )
    assert result.returncode == 0, f"{args}\n{result.stdout}\n{result.stderr}"
    return result


def test_wheel_installs_and_builds_a_new_knowledge_base(repo: Path, tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    run(sys.executable, "-m", "build", "--wheel", "--outdir", dist, repo, cwd=tmp_path)
    wheel = next(dist.glob("kbgen-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    for expected in (
        "kbgen/themes/overrides/main.html",
        "kbgen/themes/overrides/kbgen/article.html",
        "kbgen/themes/pages/generated-page.md.j2",
        "kbgen/themes/scaffold/project/dot-github/workflows/help-site.yml.j2",
        "kbgen/schema/article.schema.json",
    ):
        assert expected in names, expected
    assert not [n for n in names if n.startswith(("content/", "tests/"))]

    env = tmp_path / "env"
    venv.create(env, with_pip=True)
    run(env / "bin" / "pip", "install", "--quiet", wheel, cwd=tmp_path)
    project = tmp_path / "help"
    run(env / "bin" / "kbgen", "init", project, "--name", "Wheel Shop", cwd=tmp_path)
    run(env / "bin" / "kbgen", "build", "--strict", cwd=project)
    home = (project / "site" / "index.html").read_text("utf-8")
    assert "Wheel Shop" in home and "kb-hero" in home
    assert (project / "site" / "assets" / "kbgen" / "kbgen.css").is_file()
    # The plugin is found through the mkdocs.plugins entry point by plain mkdocs too.
    run(env / "bin" / "mkdocs", "build", "-q", "-d", tmp_path / "plain", cwd=project)
    assert "kb-hero" in (tmp_path / "plain" / "index.html").read_text("utf-8")
