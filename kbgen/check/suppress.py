"""Owner's exceptions to the rules, written next to the text they excuse.

- `<!-- kbgen: ignore tone -->` at the end of a line excuses that line; on a line of its own
  it excuses the lines that follow, up to the next blank line (a paragraph, a whole list).
- `# kbgen: ignore tone` at the end of a front-matter line excuses that line.
- `check: {ignore: [reading-grade]}` in the front matter excuses the whole article.
- `<!-- kbgen: ignore -->` (no rule named) excuses every rule there.
Names may be rule ids or family names (`links`, `plain-language`, ...).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from kbgen.check.document import Document
from kbgen.content.model import Problem

COMMENT_RE = re.compile(r"<!--\s*kbgen:\s*ignore\b([^>]*?)-->|#\s*kbgen:\s*ignore\b(.*)$")
ALL = "*"


def _names(text: str) -> set[str]:
    names = {n for n in re.split(r"[\s,]+", text.strip()) if n}
    return names or {ALL}


@dataclass
class Suppressions:
    """Rule names excused per file line, and per whole file."""

    lines: dict[tuple[Path, int], set[str]] = field(default_factory=dict)
    files: dict[Path, set[str]] = field(default_factory=dict)

    def excuses(self, problem: Problem, families: dict[str, set[str]]) -> bool:
        wanted = {problem.rule, ALL}
        wanted |= {family for family, ids in families.items() if problem.rule in ids}
        path = problem.path.resolve()
        return bool(
            wanted & self.files.get(path, set())
            or wanted & self.lines.get((path, problem.line), set())
        )


def read_suppressions(doc: Document, into: Suppressions) -> list[tuple[int, str]]:
    """Add one document's exceptions; returns (line, name) of every rule name it mentions."""
    path = doc.path.resolve()
    mentioned: list[tuple[int, str]] = []
    ignore = doc.front.data.get("check", {})
    if isinstance(ignore, dict):
        names = ignore.get("ignore") or []
        names = [names] if isinstance(names, str) else names
        if isinstance(names, list):
            into.files.setdefault(path, set()).update(str(n) for n in names)
            line = doc.front.key_lines.get("check", 1)
            for i, name in enumerate(names):
                mentioned.append((doc.front.key_lines.get(f"ignore[{i}]", line), str(name)))
    for number, raw in enumerate(doc.lines, 1):
        for match in COMMENT_RE.finditer(raw):
            if match.group(2) is not None and number >= doc.body_line:
                continue  # '#' comments count only in the front matter; in the body it's a heading
            names = _names(match.group(1) if match.group(1) is not None else match.group(2))
            mentioned += [(number, n) for n in names if n != ALL]
            alone = not COMMENT_RE.sub("", raw).strip()
            targets = [number]
            if alone and number >= doc.body_line:
                # The block that follows: every line up to the next blank line.
                following = number + 1
                while following <= len(doc.lines) and not doc.lines[following - 1].strip():
                    following += 1
                while following <= len(doc.lines) and doc.lines[following - 1].strip():
                    targets.append(following)
                    following += 1
            for target in targets:
                into.lines.setdefault((path, target), set()).update(names)
    return mentioned
