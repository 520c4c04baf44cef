"""The pages kbgen generates and the ids its templates give pages, declared once.

The plugin makes these pages (home, one per topic, the glossary, contact); the link check
(`kbgen check`, rule `broken-link`/`broken-anchor`) must know they will exist and which
anchors they have before any build has run. Both read them from here, and the ids are read
from the templates themselves, so a template change cannot leave the check behind.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from kbgen import paths
from kbgen.content.model import KnowledgeBase

HOME_URI = "index.md"
GLOSSARY_URI = "glossary.md"
CONTACT_URI = "contact.md"
ARTICLE_TEMPLATE = "kbgen/article.html"

# Ids Material itself gives a page's content area (its comments block), which the templates
# in themes/overrides don't spell out.
MATERIAL_IDS = frozenset({"__comments"})

_LITERAL_ID_RE = re.compile(r"""\bid=["']([A-Za-z_][\w.:-]*)["']""")
# An id a template picks in a variable: {% set box_id = "kb-stuck-title" if … else "…" %}
_ID_VARIABLE_RE = re.compile(r"{%-?\s*set\s+\w*id\s*=(.*?)-?%}", re.S)
# The literals such a variable can end up holding: first or after "else", whole (not "a-" ~ x).
_CHOICE_RE = re.compile(r"""(?:^|\belse)\s*["']([A-Za-z_][\w.:-]*)["']\s*(?=\bif\b|\belse\b|$)""")
_INCLUDE_RE = re.compile(r"""{%-?\s*(?:include|import|from|extends)\s+["']([^"']+)["']""")


@dataclass(frozen=True)
class GeneratedPage:
    """One page the plugin generates: where it lives, what it is, which template draws it."""

    uri: str  # the source path MkDocs knows it by, e.g. "billing/index.md"
    kind: str  # "home" | "category" | "glossary" | "contact" (language_site.PageKind)
    template: str  # under themes/overrides/
    key: str = ""  # a topic's folder


def generated_pages(kb: KnowledgeBase) -> list[GeneratedPage]:
    """Every page the plugin adds to a build of `kb`, in navigation order."""
    pages = [GeneratedPage(HOME_URI, "home", "kbgen/home.html")]
    pages += [
        GeneratedPage(f"{cat.slug}/index.md", "category", "kbgen/category.html", cat.slug)
        for cat in kb.categories
    ]
    if kb.site.glossary:
        pages.append(GeneratedPage(GLOSSARY_URI, "glossary", "kbgen/glossary.html"))
    pages.append(GeneratedPage(CONTACT_URI, "contact", "kbgen/contact.html"))
    return pages


@cache
def template_ids(template: str) -> frozenset[str]:
    """Ids written literally in a theme-layer template and in the templates it includes,
    imports or extends, or chosen there among literals (`{% set box_id = "a" if … else "b"
    %}`); ids built from page data are left out."""
    seen: set[str] = set()
    ids: set[str] = set()
    todo = [template]
    while todo:
        name = todo.pop()
        path = paths.overrides_dir() / name
        if name in seen or not path.is_file():
            continue  # Material's own templates are not in the layer
        seen.add(name)
        source = path.read_text(encoding="utf-8")
        ids.update(_LITERAL_ID_RE.findall(source))
        for choice in _ID_VARIABLE_RE.findall(source):
            ids.update(_CHOICE_RE.findall(choice.strip()))
        todo += _INCLUDE_RE.findall(source)
    return frozenset(ids)


@cache
def article_ids() -> frozenset[str]:
    """Ids every article page has besides its own headings."""
    return template_ids(ARTICLE_TEMPLATE) | MATERIAL_IDS


def is_furniture(anchor: str) -> bool:
    """Ids of kbgen's and Material's page furniture ("kb-stuck-title", "__comments"): a link may
    point at them, but a check never suggests them in place of a mistyped heading."""
    return anchor.startswith(("kb-", "kbgen-", "__"))
