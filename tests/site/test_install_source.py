"""The workflow `kbgen init` writes installs kbgen from where the running kbgen came from,
pinned (PEP 610's direct_url.json read as pip writes it)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from kbgen.site.install_source import from_direct_url, git_url


def git(folder: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(folder), *args], check=True, capture_output=True, text=True
    ).stdout.strip()


def test_a_git_install_is_pinned_to_its_commit() -> None:
    info = {
        "url": "https://github.com/shop/kbgen.git",
        "vcs_info": {"vcs": "git", "commit_id": "a" * 40, "requested_revision": "main"},
    }
    source = from_direct_url(info)
    assert (
        source.command == f'pip install "kbgen @ git+https://github.com/shop/kbgen.git@{"a" * 40}"'
    )
    assert source.reachable


def test_a_checkout_installs_from_its_origin_at_its_commit(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q")
    (tmp_path / "README.md").write_text("kbgen\n")
    git(tmp_path, "add", "README.md")
    git(tmp_path, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "start")
    commit = git(tmp_path, "rev-parse", "HEAD")
    info = {"url": tmp_path.as_uri(), "dir_info": {"editable": True}}
    local = from_direct_url(info)
    assert local.requirement == f"kbgen @ git+{tmp_path.as_uri()}@{commit}"
    assert not local.reachable, "a folder on this machine is no address for CI"
    git(tmp_path, "remote", "add", "origin", "git@github.com:shop/kbgen.git")
    source = from_direct_url(info)
    assert source.requirement == f"kbgen @ git+ssh://git@github.com/shop/kbgen.git@{commit}"
    assert source.reachable


def test_an_index_install_is_pinned_to_its_version() -> None:
    assert from_direct_url(None, "1.2.3").command == 'pip install "kbgen==1.2.3"'
    assert git_url("https://example.org/kbgen") == "git+https://example.org/kbgen"
