"""Clean the HTML rendered from an article's Markdown before it reaches a page.

Articles arrive by pull request, and Markdown passes raw HTML through: a contributor can
write `<script>`, `onerror=` or a `javascript:` link. The rendered HTML goes through
Ammonia (the nh3 binding) with an allow-list of what Markdown, the pymdown extensions and
Material legitimately produce: headings with ids and permalinks, admonitions, details,
tables, highlighted code, abbreviations, footnotes, task lists, content tabs, keys, images
and inline emoji SVG. Everything else is dropped: script and style elements, event
handlers, inline styles (except table cell alignment), iframes, forms and non-web URLs.
"""

from __future__ import annotations

import re
from html import escape

import nh3

# Every element gets these; `class` carries admonition, highlight and task-list styling.
_COMMON = {"class", "id", "title", "lang", "dir", "aria-hidden", "aria-label"}

_TAGS = set(nh3.ALLOWED_TAGS) | {
    "details",
    "summary",
    "input",  # task lists (checkbox) and content tabs (radio)
    "label",
    "tfoot",
    "svg",  # inline emoji and icons
    "path",
    "g",
}
_TAGS -= {"area", "map"}  # image maps: links Markdown never makes

_ATTRIBUTES: dict[str, set[str]] = {
    tag: set(attrs) for tag, attrs in nh3.ALLOWED_ATTRIBUTES.items()
}
_ATTRIBUTES.update(
    {
        "*": _COMMON,
        "a": {"href", "hreflang"},
        "img": {"src", "alt", "width", "height", "loading", "align"},
        "ol": {"start", "type", "reversed"},
        "details": {"open"},
        "input": {"checked", "disabled", "name"},  # and "type", see _ATTRIBUTE_VALUES
        "label": {"for"},
        "div": {"data-tabs"},  # pymdownx.tabbed
        "th": {"align", "colspan", "rowspan", "scope", "style"},
        "td": {"align", "colspan", "rowspan", "style"},
        "time": {"datetime"},
        "svg": {"viewBox", "xmlns", "width", "height", "fill"},
        "path": {"d", "fill", "fill-rule", "clip-rule"},
        "g": {"fill"},
    }
)
_ATTRIBUTE_VALUES = {"input": {"type": {"checkbox", "radio"}}}
_URL_SCHEMES = {"http", "https", "mailto", "tel"}
_STYLE_PROPERTIES = {"text-align"}  # Markdown tables align columns with style="text-align:"


# Ids the page's own scripts look up (Material's "__config", "__drawer", "__search"...,
# kbgen's "kbgen-search-..."): an article's element with one of them would come first in
# the page and be read instead. pymdownx.tabbed's own ids are the exception.
_RESERVED_ID = re.compile(r"(?!__tabbed_\d+(?:_\d+)?$)(?:__|kbgen-|kb-)", re.I)


def _attribute(tag: str, attribute: str, value: str) -> str | None:
    # Material's tooltips (the content.tooltips feature kbgen turns on) show a title by
    # setting innerHTML: a title must hold text only, so markup characters go in escaped.
    if attribute == "title":
        return escape(value, quote=False)
    if attribute in ("id", "name") and _RESERVED_ID.match(value):
        return None
    return value


def clean_html(html: str) -> str:
    """The article's HTML with everything but the allow-listed markup removed."""
    return nh3.clean(
        html,
        tags=_TAGS,
        clean_content_tags={"script", "style", "template", "textarea", "noscript"},
        attributes=_ATTRIBUTES,
        attribute_filter=_attribute,
        tag_attribute_values=_ATTRIBUTE_VALUES,
        url_schemes=_URL_SCHEMES,
        filter_style_properties=_STYLE_PROPERTIES,
        link_rel=None,
        strip_comments=True,
    )
