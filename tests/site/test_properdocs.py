"""ProperDocs, the maintained continuation of MkDocs 1.x, builds and serves the same help site
from the same mkdocs.yml: kbgen's plugin, theme layer and search index work on both."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.serving import fetch, free_port, wait_for

pytest.importorskip("properdocs", reason="install kbgen[properdocs]")

# The only line that may differ: each names itself in the generator tag.
GENERATOR = b'<meta name="generator"'


def files_of(site: Path) -> dict[str, bytes]:
    return {
        p.relative_to(site).as_posix(): p.read_bytes()
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


def without_generator(page: bytes) -> bytes:
    return b"\n".join(line for line in page.split(b"\n") if GENERATOR not in line)


def test_properdocs_builds_the_same_site(repo: Path, example_site: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    result = subprocess.run(
        [sys.executable, "-m", "properdocs", "build", "--strict", "-f", "mkdocs.yml", "-d", site],
        cwd=repo,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    ours, theirs = files_of(example_site), files_of(site)
    assert set(theirs) == set(ours)
    assert "search/kbgen-index.js" in theirs and "glossary/index.html" in theirs
    different = [name for name in ours if ours[name] != theirs[name]]
    assert all(name.endswith(".html") for name in different), different
    for name in different:
        assert without_generator(ours[name]) == without_generator(theirs[name]), name
    assert b"ProperDocs" in theirs["index.html"]


def test_properdocs_serves_the_help_site(kb_copy: Path) -> None:
    port = free_port()
    with (kb_copy / "serve.log").open("w") as log:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "properdocs",
                "serve",
                "-f",
                "mkdocs.yml",
                "-a",
                f"127.0.0.1:{port}",
            ],
            cwd=kb_copy,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_for(lambda: fetch(url) is not None, "properdocs serve")
        article = fetch(url + "logging-in/password-not-working/") or ""
        assert "<title>My password" in article and "Caps Lock" in article
        assert fetch(url + "search/kbgen-index.js"), "the search index is served"
    finally:
        process.terminate()
        process.wait(timeout=30)
