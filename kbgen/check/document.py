"""An article's body as the checks see it: blocks of prose with their file lines.

The body is read by `kbgen.content.text` (the reading the search index uses too), with
code (fenced, inline, keyboard keys) and HTML comments masked, so prose checks see only the
words a customer reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kbgen.content import frontmatter
from kbgen.content.model import Entry
from kbgen.content.text import Block, mask_code_and_comments, text_blocks


@dataclass
class Document:
    """One Markdown file: its raw lines, the masked body lines and the prose blocks."""

    path: Path
    lines: list[str]  # every line of the file, without line ends
    body_line: int  # first body line (1-based)
    masked: dict[int, str]  # body line -> text with code and comments blanked out
    blocks: list[Block]
    front: frontmatter.FrontMatter
    entry: Entry | None = None

    def prose(self) -> list[Block]:
        """Blocks a customer reads as running text (not headings or tables)."""
        return [b for b in self.blocks if b.kind in ("paragraph", "bullet", "ordered")]


def read_document(path: Path, entry: Entry | None = None) -> Document:
    text = path.read_text(encoding="utf-8-sig")
    lines = text.splitlines()
    front = frontmatter.split(text)
    first = front.body_line if not front.errors else 1
    masked = mask_code_and_comments(lines, first)
    return Document(path, lines, first, masked, text_blocks(lines, first), front, entry)
