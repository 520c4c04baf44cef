"""The article page's parts: the answer that leads the page, and the rest of the body."""

from __future__ import annotations

import re
from dataclasses import dataclass

# The body's first section, when it is the "Quick fix" the article template asks for.
_QUICK_FIX = re.compile(
    r"\A\s*<h2\b[^>]*>\s*Quick fix\s*</h2>(?P<fix>.*?)(?=<h2[\s>]|\Z)", re.S | re.I
)


@dataclass(frozen=True)
class ArticleParts:
    quick_fix: str  # the Quick fix section's HTML without its heading, or ""
    rest: str  # the body after it


def split_quick_fix(html: str) -> ArticleParts:
    """The Quick fix leads the page as the answer; the summary, which says the same in one
    sentence, is left to search results, topic lists and link previews."""
    match = _QUICK_FIX.match(html)
    if match is None or not match.group("fix").strip():
        return ArticleParts("", html)
    return ArticleParts(match.group("fix").strip(), html[match.end() :].lstrip())
