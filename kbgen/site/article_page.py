"""The article page's parts: the answer that leads the page, and the rest of the body."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import cache

# The body's first section, when it is the "Quick fix" the article template asks for (or its
# name in the site's language: "Schnelle Lösung").
_QUICK_FIX = r"\A\s*<h2\b[^>]*>\s*(?:Quick fix{other})\s*</h2>(?P<fix>.*?)(?=<h2[\s>]|\Z)"


@cache
def _quick_fix(heading: str) -> re.Pattern[str]:
    other = f"|{re.escape(html.escape(heading, quote=False))}" if heading else ""
    return re.compile(_QUICK_FIX.format(other=other), re.S | re.I)


@dataclass(frozen=True)
class ArticleParts:
    quick_fix: str  # the Quick fix section's HTML without its heading, or ""
    rest: str  # the body after it


def split_quick_fix(page_html: str, heading: str = "") -> ArticleParts:
    """The Quick fix leads the page as the answer; the summary, which says the same in one
    sentence, is left to search results, topic lists and link previews. `heading` is the
    section's name in the site's language, accepted beside the English one."""
    match = _quick_fix(heading).match(page_html)
    if match is None or not match.group("fix").strip():
        return ArticleParts("", page_html)
    return ArticleParts(match.group("fix").strip(), page_html[match.end() :].lstrip())
