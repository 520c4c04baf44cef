"""Scoring cut to the top k gives exactly lunr's full ranking, with bounded work."""

from __future__ import annotations

import pytest
from lunr.query import Query

from kbgen.content.loader import load_kb
from kbgen.search.engine import (
    COVERAGE_FLOOR,
    Plan,
    SearchEngine,
    SearchOptions,
    coverage,
    rank_key,
    rescore,
)
from tests.search.common_words_kb import write_kb

ARTICLES = 400


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[SearchEngine, list[str]]:
    content = tmp_path_factory.mktemp("common") / "content"
    queries = write_kb(content, ARTICLES)
    return SearchEngine.from_kb(load_kb(content)), queries


def lunr_ranked(engine: SearchEngine, plan: Plan) -> list[tuple[str, float]]:
    """The ranking as kbgen made it before the cut: lunr.py's own query scores every match,
    then every result is rescored by coverage."""
    if not plan.clauses:
        return []
    query = engine.data.index.create_query()
    for c in plan.clauses:
        wildcard = Query.WILDCARD_TRAILING if c.prefix else Query.WILDCARD_NONE
        query.term(c.term, boost=c.boost, use_pipeline=not c.prefix, wildcard=wildcard)
    results, best = [], 0.0
    for r in engine.data.index.query(query):
        score = float(r["score"])
        if engine.options.floor:
            cover = coverage(plan, r["match_data"].metadata, engine.language.stem)
            if not cover:
                continue
            best = max(best, cover)
            score = rescore(score, cover)
        results.append((r["ref"], score))
    if engine.options.floor and best < COVERAGE_FLOOR:
        return []
    docs = engine.data.documents
    return sorted(results, key=lambda r: rank_key(docs[r[0]].url, r[1]))


def typed(queries: list[str]) -> list[str]:
    """Each query as sent (a space after it) and while its last word is still being typed."""
    return [q + " " for q in queries] + [q[:-1] for q in queries if len(q) > 3]


@pytest.mark.parametrize(
    "options", [SearchOptions(), SearchOptions.before()], ids=["kbgen", "before"]
)
def test_full_ranking_is_lunrs_to_the_last_bit(generated, options: SearchOptions) -> None:
    engine = SearchEngine(generated[0].data, options)
    for query in typed(generated[1]):
        plan = engine.plan(query)
        assert engine.ranked(plan) == lunr_ranked(engine, plan), query


def test_top_k_is_the_head_of_the_full_ranking_with_less_work(generated) -> None:
    engine, queries = generated
    taken = matched = 0
    for query in typed(queries):
        plan = engine.plan(query)
        full, everything = engine.rank(plan)
        assert everything.taken == everything.matched and not everything.exhaustive
        for k in (1, 10):
            top, work = engine.rank(plan, k)
            assert top == full[:k], (query, k)
            # the k best, and any tied with the k-th (generated articles tie often)
            assert work.scored <= 2 * k + 5 or work.exhaustive, (query, k, work.scored)
        taken += work.taken
        matched += everything.matched
        if len(query.split()) == 1 and len(full) > 100:  # one common word: few taken in
            assert work.taken < len(full) / 3, (query, work.taken, len(full))
    # Common words match most of the articles: the cut leaves most of them out.
    assert matched > 20 * ARTICLES
    assert taken < 0.6 * matched
