"""In the browser too, scoring stops at the top k on a knowledge base where common words
match most articles, and ranks exactly as `kbgen search` and as full scoring."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kbgen.content.loader import load_kb
from kbgen.search.engine import SearchEngine
from kbgen.search.site import write_search_files
from tests.search.common_words_kb import write_kb
from tests.search.test_scoring import typed
from tests.support.serving import serve_dir

pytestmark = pytest.mark.browser

ARTICLES = 400
LIMIT = 8

WORK = """async ([queries, limit]) => {
  const s = await kbgenSearch.load(), out = [];
  for (const q of queries) {
    const result = await s.search(q, limit);
    const work = Object.assign({}, s.engine.lastWork || {});
    const plan = s.engine.plan(q), all = {};
    const full = plan.clauses.length
      ? kbgenSearch.rank(s.engine.scoringQuery(plan), null, all) : [];
    out.push({slugs: result.hits.map((h) => h.slug), taken: work.taken || 0,
      scored: work.scored || 0, matched: all.matched || 0,
      head: JSON.stringify(full.slice(0, limit).map((r) => [r.ref, r.score])),
      ranked: JSON.stringify(s.engine.lastRanking ? s.engine.lastRanking.results.map(
        (r) => [r.ref, r.score]) : [])});
  }
  return out;
}"""


@pytest.fixture(scope="module")
def common_site(example_site: Path, tmp_path_factory: pytest.TempPathFactory):
    """The example site searching the generated knowledge base, its index cut into parts."""
    root = tmp_path_factory.mktemp("common-site")
    queries = write_kb(root / "content", ARTICLES)
    site = root / "site"
    shutil.copytree(example_site, site)
    kb = load_kb(root / "content")
    write_search_files(kb, site, single_file_limit=0)
    server, url = serve_dir(site)
    yield url, SearchEngine.from_kb(kb), typed(queries)
    server.shutdown()


def test_browser_scores_only_what_can_reach_the_top(browser, common_site) -> None:
    url, engine, queries = common_site
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(url)
    got = page.evaluate(WORK, [queries, LIMIT])
    taken = matched = 0
    for query, row in zip(queries, got, strict=True):
        assert row["slugs"] == [h.slug for h in engine.search(query, LIMIT).hits], query
        assert row["ranked"] == row["head"], query  # the cut gives full scoring's head
        assert row["scored"] <= 2 * LIMIT + 5, (query, row["scored"])
        taken += row["taken"]
        matched += row["matched"]
    assert matched > 20 * ARTICLES
    assert taken < 0.6 * matched
    assert errors == []
    page.close()
