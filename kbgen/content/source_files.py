"""Reading the owner's files: text that must be UTF-8 and not empty, YAML data files with the
line of each key, and the collector every problem found goes into (so the owner sees them all
at once, not the first only)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from kbgen.content import frontmatter
from kbgen.content.model import Problem

# Where a field's problems go: (line, message, hint), in the file being read.
Report = Callable[[int, str, str], None]


class Collector:
    """The problems found so far while loading a knowledge base."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, path: Path, line: int, message: str, hint: str = "") -> None:
        self.problems.append(Problem(path, line, message, hint))

    def reporter(self, path: Path) -> Report:
        """A report function for the problems of one file (see kbgen/content/fields.py)."""

        def report(line: int, message: str, hint: str = "") -> None:
            self.add(path, line, message, hint)

        return report


def read_text(path: Path, out: Collector) -> str | None:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        out.add(
            path,
            line,
            "the file is not UTF-8 text",
            "save it as UTF-8 (in most editors: Save As, Encoding: UTF-8)",
        )
        return None
    if not text.strip():
        out.add(
            path,
            1,
            "the file is empty",
            "add front matter with a title and a summary, or delete the file",
        )
        return None
    return text


def read_front_matter(path: Path, out: Collector) -> frontmatter.FrontMatter | None:
    """The front matter and body of a Markdown file, or None (reported) when unreadable."""
    text = read_text(path, out)
    if text is None:
        return None
    fm = frontmatter.split(text)
    for line, message, hint in fm.errors:
        out.add(path, line, message, hint)
    return None if fm.errors else fm


def load_yaml_file(path: Path, out: Collector) -> tuple[Any, dict[str, int]]:
    """A YAML data file's data and the line of each top-level key (and list item)."""
    text = read_text(path, out)
    if text is None:
        return None, {}
    data, lines, errors = frontmatter.parse_yaml(text, offset=0)
    for line, message, hint in errors:
        out.add(path, line, message, hint)
    return data, lines
