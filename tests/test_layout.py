"""The layout ARCHITECTURE.md describes is the layout there is: four pipelines as packages
over one content package, and every file the document names exists."""

from __future__ import annotations

import re

from tests.support.paths import REPO

SHARED_TOP_LEVEL = {
    "__init__.py",
    "__main__.py",
    "cli.py",
    "embeddings.py",
    "console.py",
    "paths.py",
    "templates.py",
}


def test_only_shared_modules_stand_loose_in_the_package() -> None:
    loose = {p.name for p in (REPO / "kbgen").glob("*.py")}
    assert loose == SHARED_TOP_LEVEL, "a new module belongs in one of the packages"
    packages = {p.name for p in (REPO / "kbgen").iterdir() if (p / "__init__.py").is_file()}
    assert {"content", "site", "search", "check", "mine", "events"} <= packages


def test_every_path_the_architecture_names_exists() -> None:
    text = (REPO / "ARCHITECTURE.md").read_text("utf-8")
    named = set(re.findall(r"`((?:kbgen|themes|tests|bench)/[\w./-]*)`", text))
    assert len(named) > 10
    for path in sorted(named):
        assert (REPO / path.rstrip("/")).exists(), f"ARCHITECTURE.md names {path}, which is gone"
    # Bare module names are resolved inside the package section they sit in.
    for section in re.split(r"\n## ", text):
        folder = re.search(r"`(kbgen/[a-z_]+/)`", section.splitlines()[0])
        if folder is None:
            continue
        for module in re.findall(r"`([a-z_/]+\.py)`", section):
            places = (REPO / folder.group(1), REPO / "kbgen", REPO)
            assert any((place / module).exists() for place in places), (
                f"ARCHITECTURE.md: {folder.group(1)}{module} does not exist"
            )
