"""Symbolic links under content/ that point outside it are refused.

Articles and files arrive by pull request, and Git stores symbolic links: a link named
`content/help/notes.md` (or `content/help/key.txt`, which MkDocs copies into the site as it
is) could publish any file of the machine that builds the site, such as a CI secret or a
private key. A warning would scroll past in CI while the file goes live, so this is an
error: the build stops and the previous site stays. Links that stay inside content/ are fine.

Messages name the link by its place in the content folder, never by where it points.
"""

from __future__ import annotations

import os
from pathlib import Path

from kbgen.content.model import Problem


def outside_links(root: Path) -> list[Path]:
    """Links under `root` (files or folders, at any depth) whose target lies outside it."""
    real_root = Path(os.path.realpath(root))
    found: list[Path] = []
    for folder, dirs, files in os.walk(root):  # does not follow links to folders
        for name in sorted(dirs + files):
            path = Path(folder) / name
            if not path.is_symlink():
                continue
            target = Path(os.path.realpath(path))
            if not target.is_relative_to(real_root):
                found.append(path)
    return sorted(found)


def link_problems(root: Path) -> list[Problem]:
    problems = []
    for link in outside_links(root):
        rel = link.relative_to(root).as_posix()
        kind = "folder" if link.is_dir() else "file"
        problems.append(
            Problem(
                link,
                1,
                f"'{rel}' is a link to a {kind} outside the content folder; kbgen does not "
                "publish files from elsewhere on this computer",
                f"copy the {kind} into the content folder instead of linking to it",
            )
        )
    return problems
