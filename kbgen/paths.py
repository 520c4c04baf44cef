"""Where kbgen's theme layer lives: inside the wheel (kbgen/themes) or at the repository root."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def themes_dir() -> Path:
    for candidate in (_PACKAGE / "themes", _PACKAGE.parent / "themes"):
        if (candidate / "overrides").is_dir():
            return candidate
    raise FileNotFoundError("kbgen's themes folder is missing; reinstall kbgen")


def overrides_dir() -> Path:
    """The template layer placed over mkdocs-material (under a user's own custom_dir)."""
    return themes_dir() / "overrides"


def templates_dir() -> Path:
    """Jinja templates for the Markdown and files kbgen writes (pages, scaffolds, reports)."""
    return themes_dir()
