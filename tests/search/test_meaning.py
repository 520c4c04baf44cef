"""Search by meaning (kbgen.search.meaning): what the words miss, the meaning may answer.

On the holiday-cottages set of bench/search_sets (a tune set for search). The browser ranks
as `kbgen search` does over every search set, meaning included (test_sets_browser.py).
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from kbgen import embeddings
from kbgen.content.loader import load_kb
from kbgen.search import meaning
from kbgen.search.analysis import is_stop_word, words
from kbgen.search.engine import SearchEngine, SearchOptions
from kbgen.search.index import SearchData, build
from kbgen.search.site import index_files
from tests.support.paths import REPO

COTTAGES = REPO / "bench" / "search_sets" / "cottages" / "content"
UNRELATED = ["best restaurants in town", "ferry times to ireland", "mortgage advice"]

needs_model = pytest.mark.skipif(
    not embeddings.available(), reason="the 'semantic' extra is not installed"
)


@pytest.fixture(scope="module")
def data() -> SearchData:
    return build(load_kb(COTTAGES))


def read_part_text(text: str) -> Any:
    """A written index file's content (what it hands to kbgenSearch.receive)."""
    match = re.fullmatch(r'kbgenSearch\.receive\("[a-z0-9]+",(.*)\);\n', text, re.DOTALL)
    assert match, text[:80]
    return json.loads(match[1])


def slugs(engine: SearchEngine, query: str, limit: int = 10) -> list[str]:
    return [h.slug for h in engine.search(query, limit).hits]


@needs_model
def test_a_question_the_words_miss_is_answered_by_its_meaning(data: SearchData) -> None:
    assert data.meaning is not None
    words_only = SearchEngine(data, SearchOptions(meaning=False))
    assert slugs(words_only, "nearest train station") == []
    assert slugs(SearchEngine(data), "nearest train station")[0] == "finding-us"


@needs_model
def test_unrelated_questions_still_get_no_match(data: SearchData) -> None:
    engine = SearchEngine(data)
    assert {q: slugs(engine, q) for q in UNRELATED} == {q: [] for q in UNRELATED}


@needs_model
def test_the_first_results_do_not_depend_on_how_many_are_shown(data: SearchData) -> None:
    engine = SearchEngine(data)
    for query in ["wifi not working", "can we bring the dog", "hot tub", "nearest train"]:
        assert slugs(engine, query, 3) == slugs(engine, query, 10)[:3], query


@needs_model
def test_the_tables_ship_with_the_index(data: SearchData) -> None:
    kb = load_kb(COTTAGES)
    files = index_files(kb, data)
    head = read_part_text(files[next(p for p in files if p.name == "kbgen-index.js")])
    table = data.meaning
    assert table is not None and head["meaning"]["owners"] == list(table.owners)
    # Every word's row is in the part the browser computes for it, and only there.
    parts = {p.stem: read_part_text(text) for p, text in files.items() if p.stem[0] == "m"}
    assert len(parts) == table.parts
    for word in ["station", "train", "dog", "puppy"]:
        assert word in parts[f"m{table.part_of(word)}"]


@needs_model
def test_too_many_lines_leave_out_the_text_then_the_meaning(monkeypatch) -> None:
    kb = load_kb(COTTAGES)
    full = build(kb).meaning
    assert full is not None
    monkeypatch.setattr(meaning, "MAX_UNITS", len(full.owners) - 1)
    fewer = build(kb).meaning
    assert fewer is not None and len(fewer.owners) < len(full.owners)
    monkeypatch.setattr(meaning, "MAX_UNITS", len(kb.entries))
    assert build(kb).meaning is None


def test_without_the_extra_the_index_has_no_meaning(monkeypatch) -> None:
    monkeypatch.setenv(embeddings.DISABLE_ENV, "1")
    kb = load_kb(COTTAGES)
    data = build(kb)
    assert data.meaning is None
    files = index_files(kb, data)
    assert not [p for p in files if p.stem[0] == "m"]
    head = read_part_text(files[next(p for p in files if p.name == "kbgen-index.js")])
    assert "meaning" not in head


def test_blend_reorders_the_words_results_and_answers_alone_above_the_cut() -> None:
    by_meaning = {1: 0.9, 2: 0.2, 3: 0.65}
    # The words found 2 first; meaning lifts 1 over it (0.5*0.9 + 0.5*0.5 > 0.5*0.2 + 0.5).
    assert [n for n, _ in meaning.blend([(2, 4.0), (1, 2.0)], by_meaning, 10)] == [1, 2, 3]
    # The words found nothing: only what reaches the cut, closest first.
    assert [n for n, _ in meaning.blend([], by_meaning, 10)] == [1, 3]
    assert meaning.blend([], {2: 0.2}, 10) == []
    # Found by the words or close in meaning: nothing else pads the list.
    assert [n for n, _ in meaning.blend([(2, 4.0)], {1: 0.3, 2: 0.2}, 10)] == [2]


@needs_model
def test_results_are_what_the_words_found_or_close_in_meaning(data: SearchData) -> None:
    engine, words_only = SearchEngine(data), SearchEngine(data, SearchOptions(meaning=False))
    assert data.meaning is not None
    slug_of = {int(ref, 36): d.slug for ref, d in data.documents.items()}
    for query in ["hot tub ", "dog ", "wifi ", "towels "]:
        found = set(slugs(words_only, query, meaning.DEPTH))
        asked = [w for w in words(query) if not is_stop_word(w)]
        scores = data.meaning.scores(asked)
        assert scores is not None
        close = {slug_of[n] for n, sim in scores.items() if sim >= meaning.CUT}
        shown = slugs(engine, query)
        assert shown and set(shown) <= found | close, (query, shown)
        assert len(shown) < len(data.documents), query  # never the whole list
