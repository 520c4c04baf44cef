"""Where a CI machine can install the kbgen that is running now, for the workflow `kbgen init`
writes: read from how this kbgen was installed (PEP 610's direct_url.json), pinned to the exact
commit or version, so the published site is built by the kbgen the owner previewed with.

- installed from a git URL (`pip install "kbgen @ git+https://...@v0.1.0"`): that URL, pinned
  to the commit pip recorded;
- installed from a checkout of the repository (`make demo`, `pip install -e .`): the
  checkout's `origin` remote, pinned to its current commit;
- installed from a package index: `kbgen==<version>`.
"""

from __future__ import annotations

import json
import re
import subprocess
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from urllib.parse import unquote, urlparse

from kbgen import __version__


@dataclass(frozen=True)
class InstallSource:
    requirement: str  # what `pip install` is given
    reachable: bool  # False when only this machine can install it (a local path)

    @property
    def command(self) -> str:
        return f'pip install "{self.requirement}"'


def _git(folder: Path, *args: str) -> str:
    try:
        result = subprocess.run(
            ["git", "-C", str(folder), *args], capture_output=True, text=True, timeout=20
        )
    except (OSError, subprocess.SubprocessError):
        return ""
    return result.stdout.strip() if result.returncode == 0 else ""


def git_url(remote: str) -> str:
    """A remote as pip's git URL: `git@host:owner/repo.git` -> `git+ssh://git@host/owner/repo.git`."""
    scp = re.fullmatch(r"([\w.-]+@[\w.-]+):(?!//)(.+)", remote)
    if scp:
        remote = f"ssh://{scp.group(1)}/{scp.group(2)}"
    elif "://" not in remote:
        remote = Path(remote).resolve().as_uri()
    return remote if remote.startswith("git+") else f"git+{remote}"


def _reachable(url: str) -> bool:
    return not url.removeprefix("git+").startswith("file:")


def from_direct_url(info: dict[str, object] | None, version: str = __version__) -> InstallSource:
    if not info:
        return InstallSource(f"kbgen=={version}", True)
    url = str(info.get("url", ""))
    vcs = info.get("vcs_info")
    if isinstance(vcs, dict) and vcs.get("vcs") == "git":
        pinned = f"{git_url(url)}@{vcs.get('commit_id', '')}".rstrip("@")
        return InstallSource(f"kbgen @ {pinned}", _reachable(url))
    if "dir_info" in info and url.startswith("file:"):
        folder = Path(unquote(urlparse(url).path))
        commit = _git(folder, "rev-parse", "HEAD")
        if commit:
            remote = _git(folder, "remote", "get-url", "origin") or folder.as_uri()
            return InstallSource(f"kbgen @ {git_url(remote)}@{commit}", _reachable(remote))
        return InstallSource(f"kbgen @ {url}", False)
    return InstallSource(f"kbgen @ {url}", _reachable(url))


def current() -> InstallSource:
    """How a CI machine can install this kbgen."""
    try:
        text = metadata.distribution("kbgen").read_text("direct_url.json")
    except metadata.PackageNotFoundError:
        text = None
    return from_direct_url(json.loads(text) if text else None)
