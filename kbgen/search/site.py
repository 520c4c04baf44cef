"""Write the prebuilt search into a built site: the index file and lunr.js beside it."""

from __future__ import annotations

import contextlib
import gc
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import mkdocs

from kbgen.model import KnowledgeBase
from kbgen.search import engine
from kbgen.search.analysis import CONTRACTIONS, DROPPED_SUFFIXES, MAX_PHRASE_WORDS, PHRASES
from kbgen.search.index import SearchData, build
from kbgen.search.typos import MIN_LENGTH_ONE_EDIT, MIN_LENGTH_TWO_EDITS

INDEX_PATH = Path("search") / "kbgen-index.json"
LUNR_PATH = Path("assets") / "kbgen" / "lunr.js"
FORMAT_VERSION = 1
MOST_ASKED_SHOWN = 5


def lunr_js_source() -> Path:
    """The lunr.js 2.3.x that MkDocs' own search plugin ships (lunr.py 0.8 writes for 2.3)."""
    return Path(mkdocs.__file__).parent / "contrib" / "search" / "templates" / "search" / "lunr.js"


def most_asked(kb: KnowledgeBase) -> list[dict[str, str]]:
    """Articles for the "nothing found" panel: mined most-asked first, then featured ones."""
    slugs: list[str] = [entry.slug for _, entry in kb.mined_most_asked()]
    slugs += [e.slug for e in kb.entries if e.featured]
    if len(slugs) < MOST_ASKED_SHOWN:
        slugs += [e.slug for e in kb.entries]
    out: list[dict[str, str]] = []
    for slug in dict.fromkeys(slugs):
        entry = kb.entry(slug)
        if entry is not None:
            out.append({"title": entry.title, "url": entry.url})
        if len(out) == MOST_ASKED_SHOWN:
            break
    return out


def payload(kb: KnowledgeBase, data: SearchData) -> dict[str, Any]:
    """The index file's content: see search.js for how each part is used."""
    contact = kb.site.contact
    return {
        "version": FORMAT_VERSION,
        "index": data.index.serialize(),
        "docs": {
            ref: {"t": d.title, "s": d.summary, "c": d.category_title, "u": d.url}
            for ref, d in data.documents.items()
        },
        "synonyms": data.synonyms,
        "vocabulary": data.vocabulary,
        "analysis": {
            "contractions": CONTRACTIONS,
            "droppedSuffixes": list(DROPPED_SUFFIXES),
            "phrases": PHRASES,
            "maxPhraseWords": MAX_PHRASE_WORDS,
        },
        "tuning": {
            "fuzzyBoost": engine.FUZZY_BOOST,
            "synonymBoost": engine.SYNONYM_BOOST,
            "prefixBoost": engine.PREFIX_BOOST,
            "minPrefixLength": engine.MIN_PREFIX_LENGTH,
            "maxSynonymWords": engine.MAX_SYNONYM_WORDS,
            "oneEdit": MIN_LENGTH_ONE_EDIT,
            "twoEdits": MIN_LENGTH_TWO_EDITS,
        },
        "categories": [
            {"title": c.title, "url": c.url, "count": len(c.entries)}
            for c in kb.categories
            if c.entries
        ],
        "mostAsked": most_asked(kb),
        "contact": {
            "email": contact.email,
            "formUrl": contact.form_url,
            "replyTime": contact.reply_time,
            "name": contact.name,
            "url": "contact/",
        },
    }


@contextlib.contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Pause Python's cycle collector while the index is built.

    The index is millions of small, acyclic objects; every collection the build triggers
    walks them all again, plus all of MkDocs' pages, so on large sites collections took a
    third of the index time. Nothing cyclic is made here; reference counting frees the rest.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def write_search_files(kb: KnowledgeBase, site_dir: Path) -> None:
    """Called by the plugin after the build: writes the index and copies lunr.js."""
    target = site_dir / INDEX_PATH
    target.parent.mkdir(parents=True, exist_ok=True)
    with _no_cycle_collection():
        text = json.dumps(payload(kb, build(kb)), ensure_ascii=False, separators=(",", ":"))
    target.write_text(text, encoding="utf-8")
    lunr_target = site_dir / LUNR_PATH
    lunr_target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(lunr_js_source(), lunr_target)
