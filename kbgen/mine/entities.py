"""Character references ("&lt;", "&#39;", "&amp;") that plain-text exports leave in tickets.

Some help desks export a plain-text body with HTML's character references in it. Read as
they are, "I can&#39;t log in" is not "I can't log in" to the matcher, and `&lt;` shows
literally in the report. Decoded text is still escaped by every writer that prints HTML.
"""

from __future__ import annotations

import html
import re

_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def decode_entities(text: str) -> str:
    """`&lt;` → `<`, `&amp;` → `&`; text without character references is returned as is."""
    if "&" not in text or not _ENTITY.search(text):
        return text
    return html.unescape(text).replace("\xa0", " ")
