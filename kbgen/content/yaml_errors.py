"""Every syntax error in a YAML file, not only the first.

PyYAML stops at the first error. Owners fix a file faster when they see every broken line at
once, so after a failed parse the text is cut into blocks by indentation (the top-level keys,
then the items of a list, and so on down) and each block is parsed on its own, at its own file
lines. A block that fails and holds smaller blocks is searched further; one whose parts all
parse reports its own error (such as a line indented wrongly against the one before).
Duplicate keys are then looked for in the rest of the file, with the broken blocks left out.
"""

from __future__ import annotations

from collections.abc import Callable

Problem = tuple[int, str, str]  # (1-based file line, message, how to fix it)
# parse(text, offset) -> the first problem in `text` (lines numbered from offset + 1), or None
Parse = Callable[[str, int], Problem | None]

_MAX_PARSES = 400  # enough for any hand-written file; keeps a pathological one fast


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _meaningful(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#")


def _siblings(lines: list[str], start: int, end: int) -> list[tuple[int, int]]:
    """lines[start:end] cut where a line starts at the block's smallest indentation."""
    content = [i for i in range(start, end) if _meaningful(lines[i])]
    if not content:
        return []
    indent = min(_indent(lines[i]) for i in content)
    starts = [i for i in content if _indent(lines[i]) == indent]
    return [(s, e) for s, e in zip(starts, [*starts[1:], end], strict=True)]


class _Search:
    def __init__(self, lines: list[str], offset: int, parse: Parse) -> None:
        self.lines, self.offset, self.parse = lines, offset, parse
        self.parses = 0
        self.broken: list[tuple[int, int]] = []  # the blocks whose errors were reported

    def first_error(self, start: int, end: int) -> Problem | None:
        self.parses += 1
        text = "\n".join(self.lines[start:end]) + "\n"
        error = self.parse(text, self.offset + start)
        # An unclosed quote or bracket is noticed at the end of the part: point at the part's
        # last written line instead, which is where it needs closing.
        last = max((i for i in range(start, end) if _meaningful(self.lines[i])), default=start)
        if error is not None and error[0] > self.offset + last + 1:
            error = (self.offset + last + 1, *error[1:])
        return error

    def errors(self, start: int, end: int, known: Problem | None = None) -> list[Problem]:
        error = known or self.first_error(start, end)
        if error is None:
            return []
        blocks = _siblings(self.lines, start, end)
        if self.parses < _MAX_PARSES:
            if len(blocks) > 1:
                found = [p for s, e in blocks for p in self.errors(s, e)]
            elif blocks and blocks[0][1] - blocks[0][0] > 1:
                found = self.errors(blocks[0][0] + 1, blocks[0][1])  # what the first line holds
            else:
                found = []
            if found:
                return found
        self.broken.append((start, end))
        return [error]


def all_errors(text: str, offset: int, first: Problem, parse: Parse) -> tuple[list[Problem], str]:
    """Every syntax error `parse` finds in `text`, given the `first` one found in the whole.

    Also returns the text with the broken blocks blanked out (line numbers kept), for the
    checks that need a parsed file, such as duplicate keys."""
    search = _Search(text.splitlines(), offset, parse)
    found = search.errors(0, len(search.lines), first)
    lines = list(search.lines)
    for start, end in search.broken:
        lines[start:end] = [""] * (end - start)
    return sorted(set(found)), "\n".join(lines) + "\n"
