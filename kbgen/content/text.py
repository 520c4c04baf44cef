"""Markdown as the words a reader sees: one reading for the search index and the checks.

A small line-based reader rather than a full Markdown parser, because every check finding
must name the exact file line, and Python-Markdown (what MkDocs renders with) keeps no line
numbers. It reads a body into blocks (paragraphs, list items, headings, table rows,
admonition titles), each with the clean text of every file line: markup, link targets,
URLs, HTML tags and comments, attribute lists, footnote marks and reference definitions
are gone, link text and image-free prose stay.

Code is the one thing the two readers want differently. The checks judge prose, so code
(fenced, inline, keyboard keys) is blanked out (`code=False`). The search keeps its words
(`code=True`): a customer types the error message or the setting an article shows in code.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

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
KEYS_RE = re.compile(r"\+\+([^+\s][^\s]*?)\+\+")
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


def inline_text(text: str, *, code: bool = False) -> str:
    """The words a reader sees in one line of Markdown, without URLs or markup; inline code
    and keyboard keys (`++ctrl+c++`) as their words with `code=True`, else left out."""
    if code:
        text = INLINE_CODE_RE.sub(lambda m: f" {m.group(2)} ", text)
        text = KEYS_RE.sub(lambda m: " " + m.group(1).replace("+", " ") + " ", text)
    else:
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
    """A paragraph, a list item, a heading, a table's rows or a code block, with its clean
    text per file line."""

    # "paragraph" | "bullet" | "ordered" | "heading" | "table" | "admonition-title" | "code"
    kind: str
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


def _source_lines(lines: Sequence[str], first: int) -> Iterator[tuple[int, str, bool]]:
    """(file line, text, in fenced code) for each line from `first` (1-based): HTML comments
    removed, fence lines themselves blank."""
    fence: str | None = None
    in_comment = False
    for number in range(first, len(lines) + 1):
        line = lines[number - 1]
        if fence is not None:
            if line.strip().startswith(fence):
                fence = None
                yield number, "", False
            else:
                yield number, line, True
            continue
        match = FENCE_RE.match(line)
        if match and not in_comment:
            fence = match.group(1)
            yield number, "", False
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
        yield number, out, False


def mask_code_and_comments(lines: Sequence[str], first: int = 1) -> dict[int, str]:
    """Lines from `first` with fenced code and HTML comments replaced by blanks (kept for
    line numbers)."""
    return {number: "" if code else text for number, text, code in _source_lines(lines, first)}


def text_blocks(lines: Sequence[str], first: int = 1, *, code: bool = False) -> list[Block]:
    """The blocks of Markdown `lines` from line `first` (1-based), each with its clean text
    per file line. `code=True` keeps code's words: fenced code as "code" blocks, inline
    code and keys in their line's text."""
    blocks: list[Block] = []
    current: Block | None = None

    def close() -> None:
        nonlocal current
        if current is not None and current.lines:
            blocks.append(current)
        current = None

    for number, raw, in_code in _source_lines(lines, first):
        if in_code:
            if not code:
                close()
            elif raw.strip():
                if current is None or current.kind != "code":
                    close()
                    current = Block("code")
                current.lines.append((number, raw.strip()))
            continue
        if not raw.strip():
            close()
            continue
        if ABBR_DEF_RE.match(raw) or LINK_DEF_RE.match(raw):
            close()
            continue
        heading = HEADING_RE.match(raw)
        if heading:
            close()
            text = inline_text(heading.group(2), code=code)
            blocks.append(Block("heading", [(number, text)], len(heading.group(1))))
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
                cells = [inline_text(c, code=code) for c in raw.strip().strip("|").split("|")]
                current.lines.append((number, ". ".join(c for c in cells if c)))
            continue
        bullet, ordered = BULLET_RE.match(raw), ORDERED_RE.match(raw)
        item = ordered or bullet
        if item is not None:
            close()
            kind = "ordered" if item is ordered else "bullet"
            text = inline_text(item.group(2), code=code)
            current = Block(kind, [(number, text)], len(item.group(1)))
            continue
        if current is None or current.kind == "code":
            close()
            current = Block("paragraph")
        current.lines.append((number, inline_text(raw, code=code)))
    close()
    return blocks


def plain_text(markdown: str, *, code: bool = False) -> str:
    """The words a reader sees in a Markdown body, one block per line (see `text_blocks`)."""
    return "\n".join(block.text for block in text_blocks(markdown.splitlines(), code=code))
