"""An article's body as the checks see it: blocks of prose with their file lines.

A small line-based reader rather than a full Markdown parser, because every finding must
name the exact file line, and Python-Markdown (what MkDocs renders with) keeps no line
numbers. Code (fenced, inline, keyboard keys), HTML comments and markup are masked, so
prose checks see only the words a customer reads.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from pathlib import Path

from kbgen.content import frontmatter
from kbgen.content.model import Entry

FENCE_RE = re.compile(r"^\s*(`{3,}|~{3,})")
HEADING_RE = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
BULLET_RE = re.compile(r"^(\s*)[-*+]\s+(.*)$")
ORDERED_RE = re.compile(r"^(\s*)\d{1,9}[.)]\s+(.*)$")
ADMONITION_RE = re.compile(r'^\s*(?:!!!|\?\?\?\+?)\s*[\w-]+(?:\s+"(.*)")?\s*$')
ABBR_DEF_RE = re.compile(r"^\s*\*\[[^\]]+\]:")
LINK_DEF_RE = re.compile(r"^\s{0,3}\[([^\]^][^\]]*)\]:\s*<?(\S+?)>?(?:\s+[\"'(].*)?$")
TABLE_RULE_RE = re.compile(r"^\s*\|?\s*:?-{3,}")

# Inline markup, removed or replaced by its text.
INLINE_CODE_RE = re.compile(r"(`+)(.+?)\1")
KEYS_RE = re.compile(r"\+\+[^+\s][^\s]*?\+\+")
IMAGE_RE = re.compile(r"!\[([^\]]*)\]\([^)]*\)|!\[([^\]]*)\]\[[^\]]*\]")
LINK_RE = re.compile(r"\[([^\]]+)\]\([^)]*\)|\[([^\]]+)\]\[[^\]]*\]")
AUTOLINK_RE = re.compile(r"<(?:https?://|mailto:)[^>]+>")
BARE_URL_RE = re.compile(r"https?://\S+")
HTML_TAG_RE = re.compile(r"</?[A-Za-z][^>]*>")
ATTR_LIST_RE = re.compile(r"\{\s*[:.#][^}]*\}")
FOOTNOTE_RE = re.compile(r"\[\^[^\]]+\]")
EMPHASIS_RE = re.compile(r"\*{1,3}|(?<!\w)_{1,3}|_{1,3}(?!\w)|~~|==")

WORD_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’-]*")
# A sentence ends at . ! or ? followed by space and something that starts a new sentence.
SENTENCE_END_RE = re.compile(r"(?<=[.!?])[\"”’)]*\s+(?=[A-Z0-9\"“(])")


def clean_inline(text: str) -> str:
    """The words a reader sees in one line of Markdown, without code, URLs or markup."""
    text = INLINE_CODE_RE.sub(" ", text)
    text = KEYS_RE.sub(" ", text)
    text = IMAGE_RE.sub(" ", text)
    text = LINK_RE.sub(lambda m: m.group(1) or m.group(2) or "", text)
    text = AUTOLINK_RE.sub(" ", text)
    text = BARE_URL_RE.sub(" ", text)
    text = HTML_TAG_RE.sub(" ", text)
    text = ATTR_LIST_RE.sub(" ", text)
    text = FOOTNOTE_RE.sub("", text)
    text = EMPHASIS_RE.sub("", text)
    text = text.replace("\\", "")
    return re.sub(r"\s+", " ", text).strip()


def count_words(text: str) -> int:
    return len(WORD_RE.findall(text))


@dataclass(frozen=True)
class Sentence:
    text: str
    line: int

    @property
    def words(self) -> int:
        return count_words(self.text)


@dataclass
class Block:
    """A paragraph, a list item, a heading or a table row group, with its clean text per line."""

    kind: str  # "paragraph" | "bullet" | "ordered" | "heading" | "table" | "admonition-title"
    lines: list[tuple[int, str]] = field(default_factory=list)  # (file line, clean text)
    level: int = 0  # heading level, or list indentation in spaces

    @property
    def line(self) -> int:
        return self.lines[0][0]

    @property
    def text(self) -> str:
        return " ".join(t for _, t in self.lines if t)

    @property
    def words(self) -> int:
        return count_words(self.text)

    def sentences(self) -> list[Sentence]:
        """Split into sentences, each with the file line it starts on."""
        starts: list[int] = []
        numbers: list[int] = []
        joined = ""
        for number, text in self.lines:
            if not text:
                continue
            if joined:
                joined += " "
            starts.append(len(joined))
            numbers.append(number)
            joined += text
        result = []
        position = 0
        for piece in [*SENTENCE_END_RE.split(joined)]:
            index = joined.find(piece, position)
            position = index + len(piece)
            if piece.strip():
                owner = numbers[max(0, bisect.bisect_right(starts, index) - 1)]
                result.append(Sentence(piece.strip(), owner))
        return result


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


def mask_code_and_comments(lines: list[str], first: int) -> dict[int, str]:
    """Body lines with fenced code and HTML comments replaced by blanks (kept for line numbers).

    Comments are blanked after they are read by the suppression reader, which looks at raw lines.
    """
    masked: dict[int, str] = {}
    fence: str | None = None
    in_comment = False
    for number in range(first, len(lines) + 1):
        line = lines[number - 1]
        if fence is not None:
            masked[number] = ""
            if line.strip().startswith(fence):
                fence = None
            continue
        match = FENCE_RE.match(line)
        if match and not in_comment:
            fence = match.group(1)
            masked[number] = ""
            continue
        out = ""
        rest = line
        while rest:
            if in_comment:
                end = rest.find("-->")
                if end < 0:
                    rest = ""
                    break
                rest = rest[end + 3 :]
                in_comment = False
            else:
                start = rest.find("<!--")
                if start < 0:
                    out += rest
                    break
                out += rest[:start]
                rest = rest[start + 4 :]
                in_comment = True
        masked[number] = out
    return masked


def _blocks(masked: dict[int, str]) -> list[Block]:
    blocks: list[Block] = []
    current: Block | None = None

    def close() -> None:
        nonlocal current
        if current is not None and current.lines:
            blocks.append(current)
        current = None

    for number in sorted(masked):
        raw = masked[number]
        if not raw.strip():
            close()
            continue
        if ABBR_DEF_RE.match(raw) or LINK_DEF_RE.match(raw):
            close()
            continue
        heading = HEADING_RE.match(raw)
        if heading:
            close()
            blocks.append(
                Block(
                    "heading",
                    [(number, clean_inline(heading.group(2)))],
                    len(heading.group(1)),
                )
            )
            continue
        admonition = ADMONITION_RE.match(raw)
        if admonition:
            close()
            if admonition.group(1):
                blocks.append(Block("admonition-title", [(number, admonition.group(1))]))
            continue
        if raw.lstrip().startswith("|") or TABLE_RULE_RE.match(raw):
            if current is None or current.kind != "table":
                close()
                current = Block("table")
            if not TABLE_RULE_RE.match(raw):
                cells = [clean_inline(c) for c in raw.strip().strip("|").split("|")]
                current.lines.append((number, ". ".join(c for c in cells if c)))
            continue
        bullet, ordered = BULLET_RE.match(raw), ORDERED_RE.match(raw)
        item = ordered or bullet
        if item is not None:
            close()
            kind = "ordered" if item is ordered else "bullet"
            current = Block(kind, [(number, clean_inline(item.group(2)))], len(item.group(1)))
            continue
        if current is None:
            current = Block("paragraph")
        current.lines.append((number, clean_inline(raw)))
    close()
    return blocks


def read_document(path: Path, entry: Entry | None = None) -> Document:
    text = path.read_text(encoding="utf-8-sig")
    lines = text.splitlines()
    front = frontmatter.split(text)
    first = front.body_line if not front.errors else 1
    masked = mask_code_and_comments(lines, first)
    return Document(path, lines, first, masked, _blocks(masked), front, entry)
