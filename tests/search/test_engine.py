"""Ranking, typo correction and the search tests over the example knowledge base."""

from __future__ import annotations

from pathlib import Path

import pytest

from kbgen.content.loader import load_kb
from kbgen.content.model import KnowledgeBase
from kbgen.search.engine import SearchEngine
from kbgen.search.searchtests import load_cases, run_search_tests
from tests.support.paths import REPO


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_kb(REPO / "content")


@pytest.fixture(scope="module")
def engine(kb: KnowledgeBase) -> SearchEngine:
    return SearchEngine.from_kb(kb)


def test_every_search_test_of_the_example_passes(kb: KnowledgeBase) -> None:
    cases, problems = load_cases(kb.root / "_search-tests.yml")
    assert len(cases) >= 70 and not problems
    assert [str(p) for p in run_search_tests(kb)] == []


def test_misspelt_query_is_corrected_and_said(engine: SearchEngine) -> None:
    result = engine.search("pasword wont work")
    assert result.corrected == "password wont work"
    assert result.hits[0].slug == "password-not-working"
    assert result.hits[0].url == "logging-in/password-not-working/"
    assert result.hits[0].category == "logging-in"


def test_exact_query_is_not_corrected(engine: SearchEngine) -> None:
    assert engine.search("password").corrected is None


def test_known_words_are_never_corrected(engine: SearchEngine) -> None:
    # "passport" is one edit from "password", but a word the index knows is searched as typed
    plan = engine.plan("password ")
    assert plan.corrections == {}
    assert [c.term for c in plan.clauses] == ["password"]


def test_fuzzy_clause_weighs_less_than_exact(engine: SearchEngine) -> None:
    plan = engine.plan("pasword reset ")
    boosts = {c.term: c.boost for c in plan.clauses}
    assert boosts["reset"] == 1.0 and boosts["password"] < 1.0


def test_prefix_while_typing(engine: SearchEngine) -> None:
    assert engine.search("passw").hits[0].slug == "password-not-working"
    plan = engine.plan("passw")
    assert plan.corrections == {} and any(c.prefix for c in plan.clauses)
    assert not any(c.prefix for c in engine.plan("passw ").clauses)


def test_synonyms_widen_the_query(engine: SearchEngine) -> None:
    assert engine.search("i want my money back").hits[0].slug == "refund-request"
    assert engine.search("is this legit").hits[0].slug == "is-this-a-scam"
    assert engine.search("pwd").hits[0].slug in {"password-not-working", "reset-password"}


def test_owner_synonyms_are_used(engine: SearchEngine) -> None:
    # content/_synonyms.yml: typeface -> font
    assert engine.search("typeface").hits[0].slug == "install-font"


def test_nothing_found_is_empty_not_an_error(engine: SearchEngine) -> None:
    assert engine.search("xyzzy qwv").hits == []
    assert engine.search("").hits == []
    assert engine.search("the and of").hits == []


def test_ties_are_ordered_by_url(engine: SearchEngine) -> None:
    ranked = engine.ranked(engine.plan("download"))
    urls = [engine.data.documents[ref].url for ref, _ in ranked]
    for (url_a, (_, score_a)), (url_b, (_, score_b)) in zip(
        zip(urls, ranked, strict=True), zip(urls[1:], ranked[1:], strict=True), strict=False
    ):
        assert round(score_a, 6) > round(score_b, 6) or (
            round(score_a, 6) == round(score_b, 6) and url_a < url_b
        )


def test_a_miss_names_query_expected_result_and_line(kb_copy: Path) -> None:
    tests_file = kb_copy / "content" / "_search-tests.yml"
    tests_file.write_text(
        "cases:\n"
        "  - {query: refund, expect: refund-request}\n"
        "  - {query: install font, expect: charged-twice, top: 1}\n"
        "  - {query: refund, expect: no-such-article}\n"
        "  - {query: refund}\n",
        encoding="utf-8",
    )
    problems = run_search_tests(load_kb(kb_copy / "content"))
    assert all(p.path == tests_file for p in problems)
    by_line = {p.line: p.message for p in problems}
    assert set(by_line) == {3, 4, 5}
    assert "'install font'" in by_line[3] and "'charged-twice'" in by_line[3]
    assert "install-font" in by_line[3]  # what came back instead
    hint = next(p.hint for p in problems if p.line == 3)
    assert "_synonyms.yml beside this file" in hint  # content/de/ tests: content/de/'s file
    assert "no-such-article" in by_line[4]
    assert "query" in by_line[5]
