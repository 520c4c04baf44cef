"""The wheel carries the theme layer: install it into a fresh virtual environment and use it."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest
import yaml

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
    ):
        assert expected in names, expected
    assert not [n for n in names if n.startswith(("content/", "tests/"))]

    env = tmp_path / "env"
    venv.create(env, with_pip=True)
    run(env / "bin" / "pip", "install", "--quiet", wheel, cwd=tmp_path)
    project = tmp_path / "help"
    run(
        env / "bin" / "kbgen",
        "init",
        project,
        "--name",
        "Wheel Shop",
        "--email",
        "help@wheel.example",
        cwd=tmp_path,
    )
    run(env / "bin" / "kbgen", "build", "--strict", cwd=project)
    home = (project / "site" / "index.html").read_text("utf-8")
    assert "Wheel Shop" in home and "kb-hero" in home
    assert (project / "site" / "assets" / "kbgen" / "kbgen.css").is_file()
    # The plugin is found through the mkdocs.plugins entry point by plain mkdocs too.
    run(env / "bin" / "mkdocs", "build", "-q", "-d", tmp_path / "plain", cwd=project)
    assert "kb-hero" in (tmp_path / "plain" / "index.html").read_text("utf-8")


def fresh_env(path: Path) -> Path:
    """A new virtual environment with a current pip, as GitHub's setup-python gives (the pip
    bundled with Python 3.11.7 cannot read `name @ git+file:///...` requirements)."""
    venv.create(path, with_pip=True)
    run(path / "bin" / "python", "-m", "pip", "install", "--quiet", "--upgrade", "pip", cwd=path)
    return path


def test_the_generated_workflow_installs_kbgen_on_a_fresh_machine(
    repo: Path, tmp_path: Path
) -> None:
    """An owner installs kbgen from its repository, pinned; `kbgen init` writes a workflow
    whose install step, run on a fresh virtual environment as CI would, installs that kbgen."""
    commit = run("git", "-C", repo, "rev-parse", "HEAD", cwd=tmp_path).stdout.strip()
    clone = tmp_path / "kbgen"  # stands for the repository's address (a file:// clone here)
    run("git", "clone", "--quiet", "--no-checkout", repo, clone, cwd=tmp_path)
    owner = fresh_env(tmp_path / "owner-env")
    run(
        owner / "bin" / "pip",
        "install",
        "--quiet",
        f"kbgen @ git+{clone.as_uri()}@{commit}",
        cwd=tmp_path,
    )
    project = tmp_path / "help"
    run(owner / "bin" / "kbgen", "init", project, "--email", "help@shop.example", cwd=tmp_path)
    workflow = yaml.safe_load((project / ".github/workflows/help-site.yml").read_text("utf-8"))
    step = next(s for s in workflow["jobs"]["build"]["steps"] if s.get("name") == "Install kbgen")
    assert step["run"] == f'pip install "kbgen @ git+{clone.as_uri()}@{commit}"'

    ci = fresh_env(tmp_path / "ci-env")
    env = {**os.environ, "PATH": f"{ci / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}"}
    install = subprocess.run(
        ["bash", "-e", "-c", step["run"]],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=1200,
    )
    assert install.returncode == 0, install.stderr
    run(ci / "bin" / "kbgen", "check", cwd=project)
    run(ci / "bin" / "kbgen", "build", "--strict", cwd=project)
    assert (project / "site" / "index.html").is_file()
