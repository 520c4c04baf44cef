"""Write the prebuilt search into a built site: the index file (and its parts) and lunr.js."""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import lunr
import mkdocs

from kbgen.content.model import KnowledgeBase
from kbgen.search import engine
from kbgen.search.analysis import CONTRACTIONS, DROPPED_SUFFIXES, MAX_PHRASE_WORDS, PHRASES
from kbgen.search.index import SearchData, build
from kbgen.search.language import Language, lunr_languages_dir
from kbgen.search.lexicon import CHATTER, build_intents
from kbgen.search.shards import (
    DOC_BLOCK_BYTES,
    SHARD_BYTES,
    SINGLE_FILE_LIMIT,
    common_parts,
    compact,
    known_filter,
    split,
)
from kbgen.search.typos import MIN_LENGTH_ONE_EDIT, MIN_LENGTH_TWO_EDITS

INDEX_PATH = Path("search") / "kbgen-index.js"
PARTS_DIR = Path("search") / "kbgen-index"
LUNR_PATH = Path("assets") / "kbgen" / "lunr.js"
LUNR_LANGUAGES_PATH = Path("assets") / "kbgen" / "lunr-language"
STEMMER_SUPPORT = "lunr.stemmer.support.js"
FORMAT_VERSION = 4
MOST_ASKED_SHOWN = 5
ONE_PART = 1 << 62  # a size limit no part reaches


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


def language_scripts(lang: Language) -> list[str]:
    """The lunr-languages scripts the browser loads before searching (none for English)."""
    return [STEMMER_SUPPORT, lang.script] if lang.script else []


def _lunr_meta(data: SearchData) -> dict[str, Any]:
    out: dict[str, Any] = {
        "version": lunr.__TARGET_JS_VERSION__,
        "fields": list(data.index.fields),
        "pipeline": data.index.pipeline.serialize(),
    }
    scripts = language_scripts(data.language)
    if scripts:
        out["scripts"] = [(LUNR_LANGUAGES_PATH / name).as_posix() for name in scripts]
    return out


def _analysis_meta(lang: Language) -> dict[str, Any]:
    """The text steps of the index's language (see kbgen.search.language)."""
    if lang.english:
        return {
            "contractions": CONTRACTIONS,
            "droppedSuffixes": list(DROPPED_SUFFIXES),
            "phrases": PHRASES,
            "maxPhraseWords": MAX_PHRASE_WORDS,
        }
    return {
        "language": lang.code,
        "contractions": {},
        "droppedSuffixes": [],
        "phrases": dict(lang.phrases),
        "maxPhraseWords": max((len(k.split()) for k in lang.phrases), default=1),
        "stopWords": sorted(lang.stop_words),
        "respellings": [list(pair) for pair in lang.respellings],
    }


def meta(kb: KnowledgeBase, data: SearchData) -> dict[str, Any]:
    """What every search needs, whatever it looks for: see search-index.js and
    search-engine.js for how each part is used."""
    contact = kb.site.contact
    lang = data.language
    return {
        "version": FORMAT_VERSION,
        "lunr": _lunr_meta(data),
        "docCount": len(data.documents),
        "synonyms": data.synonyms,
        "lexicon": {"intents": build_intents(), "chatter": sorted(CHATTER)}
        if lang.english
        else {"intents": lang.intents(), "chatter": sorted(lang.chatter)},
        "analysis": _analysis_meta(lang),
        "tuning": {
            "fuzzyBoost": engine.FUZZY_BOOST,
            "synonymBoost": engine.SYNONYM_BOOST,
            "intentBoost": engine.INTENT_BOOST,
            "idiomWordBoost": engine.IDIOM_WORD_BOOST,
            "meaningMatch": engine.MEANING_MATCH,
            "relatedBoost": engine.RELATED_BOOST,
            "relatedMatch": engine.RELATED_MATCH,
            "prefixMatch": engine.PREFIX_MATCH,
            "bodyMatch": engine.BODY_MATCH,
            "coverageFloor": engine.COVERAGE_FLOOR,
            "strongFields": list(engine.STRONG_FIELDS),
            "minSplitPart": engine.MIN_SPLIT_PART,
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


def script(part: str, content: Any) -> str:
    """A part as a script that hands its content to the loader: script tags load from
    file:// (a site opened from disk) as well as over HTTP, where fetch() would not."""
    return f"kbgenSearch.receive({json.dumps(part)},{compact(content)});\n"


def index_files(
    kb: KnowledgeBase,
    data: SearchData,
    *,
    single_file_limit: int = SINGLE_FILE_LIMIT,
    shard_bytes: int = SHARD_BYTES,
    doc_block_bytes: int = DOC_BLOCK_BYTES,
) -> dict[Path, str]:
    """The index's files, by path under the site: the index file, and unless the whole index
    is at most `single_file_limit` bytes, its parts beside it (see kbgen.search.shards)."""
    parts = split(data, shard_bytes=shard_bytes, doc_block_bytes=doc_block_bytes)
    files = {PARTS_DIR / f"{p}.js": script(p, c) for p, c in parts.parts.items()}
    head = meta(kb, data)
    if sum(len(text) for text in files.values()) <= single_file_limit:
        whole = split(data, shard_bytes=ONE_PART, doc_block_bytes=ONE_PART)
        head["layout"] = whole.layout()
        head["parts"] = whole.parts
        files = {}
    else:
        head["layout"] = parts.layout()
        head["layout"]["known"] = known_filter([*data.terms, *data.vocabulary])
    if data.meaning is not None:  # search by meaning: lines here, the word table in parts
        head["meaning"] = data.meaning.meta()
        files.update(
            {PARTS_DIR / f"{p}.js": script(p, c) for p, c in data.meaning.word_parts().items()}
        )
    common = common_parts(data)
    head["layout"]["common"] = [int(p[1:]) for p in common]
    head["layout"]["related"] = bool(data.related)  # whether c<length> parts have related terms
    files.update({PARTS_DIR / f"{p}.js": script(p, c) for p, c in common.items()})
    digest = hashlib.sha1(compact(head).encode())
    for text in files.values():
        digest.update(text.encode())
    # Parts are requested as <part>.js?v=<build>: a browser never mixes parts of two builds.
    head["build"] = digest.hexdigest()[:12]
    files[INDEX_PATH] = script("index", head)
    return files


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


def write_search_files(
    kb: KnowledgeBase, site_dir: Path, language: str | None = None, **options: int
) -> None:
    """Called by the plugin after the build: writes the index and copies lunr.js (and the
    stemmer scripts of a language other than English).

    `language`: the language of the articles in `kb` ("de", "de-CH"; default `kb.lang`), which
    picks the stemmer, stop words and tables of the index: a site in several languages writes
    one index per language, each language's knowledge base into its own site folder.
    `options` (single_file_limit, shard_bytes, doc_block_bytes) are for tests that need a
    sharded index from a small knowledge base."""
    shutil.rmtree(site_dir / PARTS_DIR, ignore_errors=True)  # no parts of an older build
    with _no_cycle_collection():
        data = build(kb, language)
        files = index_files(kb, data, **options)
    for path, text in files.items():
        target = site_dir / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    lunr_target = site_dir / LUNR_PATH
    lunr_target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(lunr_js_source(), lunr_target)
    for name in language_scripts(data.language):
        target = site_dir / LUNR_LANGUAGES_PATH / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(lunr_languages_dir() / name, target)
