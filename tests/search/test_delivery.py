"""How the search index reaches the browser: opened from disk, cut into parts, or broken."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from kbgen import embeddings
from kbgen.content.loader import load_kb
from kbgen.search.cli import search_command
from kbgen.search.site import write_search_files
from tests.search.test_browser import CASES, HERO, HERO_RESULTS, shown_slugs
from tests.support.paths import REPO
from tests.support.serving import serve_dir

pytestmark = pytest.mark.browser

CONTENT = REPO / "content"
ERROR = "[data-kbgen-search=hero] [data-kbgen-load-error]"


@pytest.fixture(scope="module")
def cli_top3() -> dict[str, list[str]]:
    """`kbgen search`'s top three for every search-test query, run as a user runs it."""
    stdin = "\n".join(c.query for c in CASES) + "\n"
    out = CliRunner().invoke(
        search_command, ["--kb", str(CONTENT), "--json", "--limit", "3", "-"], input=stdin
    )
    assert out.exit_code == 0, out.output
    rows = [json.loads(line) for line in out.output.splitlines()]
    return {row["query"]: [r["slug"] for r in row["results"]] for row in rows}


@pytest.fixture(scope="module")
def sharded_site(example_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example site with its index cut into many small parts, as a large site's is."""
    site = tmp_path_factory.mktemp("sharded") / "site"
    shutil.copytree(example_site, site)
    write_search_files(
        load_kb(CONTENT), site, single_file_limit=0, shard_bytes=1000, doc_block_bytes=600
    )
    assert len(list((site / "search" / "kbgen-index").glob("t*.js"))) >= 20
    return site


@pytest.fixture(scope="module")
def sharded_url(sharded_site: Path) -> Iterator[str]:
    server, url = serve_dir(sharded_site)
    yield url
    server.shutdown()


def open_page(browser, url: str):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(url)
    return page, errors


def test_sharded_index_ranks_as_kbgen_search(
    browser,
    sharded_site: Path,
    sharded_url: str,
    cli_top3: dict[str, list[str]],
) -> None:
    page, errors = open_page(browser, sharded_url)
    parts: list[str] = []
    page.on("request", lambda r: parts.append(r.url) if "/kbgen-index/" in r.url else None)
    first = shown_slugs(page, HERO_RESULTS, CASES[0].query)
    loaded_by_first = len(set(parts))
    differ = []
    for case in CASES:
        top = shown_slugs(page, HERO_RESULTS, case.query)[:3]
        if top != cli_top3[case.query]:
            differ.append((case.query, cli_top3[case.query], top))
    assert differ == []
    assert first[:3] == cli_top3[CASES[0].query]
    # One query reads a few parts, not the whole index.
    on_disk = len(list((sharded_site / "search" / "kbgen-index").glob("*.js")))
    assert 0 < loaded_by_first < on_disk / 4
    assert errors == []
    page.context.close()


SAME_AS_LUNR = """async (queries) => {
  const s = await kbgenSearch.load(), differ = [];
  const order = (rows) => rows.map((r) => [+r.ref, r.score])
    .sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  for (const query of queries) {
    await s.search(query, 8);
    s.store.missing = new Set();
    const plan = s.engine.plan(query);
    if (!plan.clauses.length) continue;
    const fn = (q) => plan.clauses.forEach((c) => q.term(c.term, {boost: c.boost,
      usePipeline: !c.prefix,
      wildcard: c.prefix ? lunr.Query.wildcard.TRAILING : lunr.Query.wildcard.NONE}));
    const raw = Object.assign(s.engine.scoringQuery(plan), {coverage: false});
    const ours = JSON.stringify(order(kbgenSearch.rank(raw, null)));
    const index = s.store.lunrIndexOfLoaded();
    const lunrs = JSON.stringify(order(lunr.Index.prototype.query.call(index, fn)));
    if (ours !== lunrs) differ.push(query);
    const ranked = s.engine.scoringQuery(plan), all = kbgenSearch.rank(ranked, null);
    for (const k of [1, 3]) {
      if (JSON.stringify(kbgenSearch.rank(ranked, k)) !== JSON.stringify(all.slice(0, k))) {
        differ.push(query + " (top " + k + ")");
      }
    }
  }
  return differ;
}"""


def test_sharded_index_queries_score_as_lunr_js(browser, sharded_url: str) -> None:
    """kbgen's scoring gives lunr.js's own scores, to the last bit, for every article lunr
    finds; and cut to the first k it gives the head of the full ranking."""
    page, errors = open_page(browser, sharded_url)
    queries = [c.query for c in CASES] + ["passw", "downl", "refund  ", "2fa code"]
    assert page.evaluate(SAME_AS_LUNR, queries) == []
    assert errors == []
    page.context.close()


# The word table of search by meaning, in parts (kbgen.search.meaning): with the extra only.
MEANING = ["m"] if embeddings.available() else []

ROUNDS = """async (query) => {
  const s = await kbgenSearch.load();
  await s.search(query, 8);
  return s.lastRounds.map((parts) => Array.from(new Set(parts.map((p) => p[0]))).sort());
}"""


@pytest.mark.parametrize(
    "query",
    [
        "refund not showing",  # the last word typed on: its prefix's shards too
        "pay me back",  # the lexicon's phrases: the shards of their meanings too
        "download broken ",  # a synonym's words (the example's _synonyms.yml)
    ],
)
def test_first_results_wait_for_two_rounds(browser, sharded_url: str, query: str) -> None:
    """A fresh page's first search waits for the network twice: every term shard the
    query, its phrases' meanings and its last word's prefix read, all at once; then the
    articles it shows. (Each round waits for the slowest part, so on a large site the
    rounds, not the bytes, set the time to the first results.)"""
    page, errors = open_page(browser, sharded_url)
    # With search by meaning, the query's words' rows (m parts) come in the first round too.
    assert page.evaluate(ROUNDS, query) == [[*MEANING, "t"], ["d"]]
    # Asked again, everything is in: no waiting at all.
    assert page.evaluate(ROUNDS, query) == []
    assert errors == []
    page.context.close()


def test_a_misspelt_word_fetches_its_word_lists_with_the_term_shards(
    browser, sharded_url: str
) -> None:
    """A word the main file's filter says no article uses is corrected with word lists
    fetched in the first round, beside the term shards: then the corrected word's shard,
    then the articles (without the filter: four rounds)."""
    page, errors = open_page(browser, sharded_url)
    # The corrected word's row (search by meaning) comes with its term shard.
    assert page.evaluate(ROUNDS, "refnd please ") == [
        ["c", *MEANING, "t", "w"],
        [*MEANING, "t"],
        ["d"],
    ]
    assert errors == []
    page.context.close()


MAY_KNOW = """async (words) => {
  const s = await kbgenSearch.load();
  return words.map((w) => s.store.mayKnow(w));
}"""


def test_browser_reads_the_filter_as_it_was_written(browser, sharded_url: str) -> None:
    from kbgen.search.index import build
    from kbgen.search.shards import known_filter, may_know

    data = build(load_kb(CONTENT))
    words = [*data.terms[::7], *data.vocabulary[::7]]
    others = ["refnd", "pasword", "größe", "café", "naïve", "🙂smile", "zzzq", "x"]
    page, errors = open_page(browser, sharded_url)
    in_page = page.evaluate(MAY_KNOW, words + others)
    assert in_page[: len(words)] == [True] * len(words)  # never a word it holds as unknown
    known = known_filter([*data.terms, *data.vocabulary])
    assert in_page == [may_know(known, w) for w in words + others]
    assert not all(in_page[len(words) :])
    assert errors == []
    page.context.close()


def test_site_opened_from_disk_searches(browser, example_site: Path, sharded_site: Path) -> None:
    for site in (example_site, sharded_site):
        page, errors = open_page(browser, (site / "index.html").as_uri())
        assert shown_slugs(page, HERO_RESULTS, "pasword wont work")[0] == "password-not-working"
        assert shown_slugs(page, HERO_RESULTS, "refund")[0] == "refund-request"
        notice = page.locator("[data-kbgen-search=hero] [data-kbgen-notice]")
        page.fill(HERO, "pasword wont work")
        assert notice.inner_text() == "Showing results for password wont work"
        # From disk a folder URL would show a file listing: results link the page itself.
        href = page.locator(f"{HERO_RESULTS} a").first.get_attribute("href")
        assert href.startswith("file://") and href.endswith("/index.html")
        with page.expect_navigation():
            page.locator(HERO).press("Enter")
        assert page.title().startswith("My password")
        assert page.locator(ERROR).count() == 0 and errors == []
        page.context.close()


def test_site_opened_from_disk_links_pages_not_folders(browser, example_site: Path) -> None:
    page, errors = open_page(browser, (example_site / "index.html").as_uri())
    topic = page.locator("main a[href*='logging-in']:visible").first
    assert topic.get_attribute("href").endswith("logging-in/index.html")
    with page.expect_navigation():
        topic.click()
    assert page.url.endswith("/logging-in/index.html")
    assert page.locator("h1").first.inner_text().strip() == "Logging in"
    article = page.locator("main a[href*='password-not-working']:visible").first
    with page.expect_navigation():
        article.click()
    assert page.title().startswith("My password")
    assert errors == []
    page.context.close()


def broken_copy(site: Path, tmp_path: Path, breaks: str) -> Path:
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    if breaks == "index missing":
        (copy / "search" / "kbgen-index.js").unlink()
    elif breaks == "index not a kbgen file":
        (copy / "search" / "kbgen-index.js").write_text("<!doctype html><p>Not found</p>\n")
    elif breaks == "parts missing":
        shutil.rmtree(copy / "search" / "kbgen-index")
    return copy


@pytest.mark.parametrize("breaks", ["index missing", "index not a kbgen file", "parts missing"])
def test_search_that_cannot_load_says_so(
    browser, example_site: Path, sharded_site: Path, tmp_path: Path, breaks: str
) -> None:
    site = broken_copy(
        sharded_site if breaks == "parts missing" else example_site, tmp_path, breaks
    )
    page, _ = open_page(browser, (site / "index.html").as_uri())
    page.fill(HERO, "refund")
    message = page.locator(ERROR)
    message.wait_for(state="visible", timeout=5000)
    assert "Search is not working right now" in message.inner_text()
    assert message.get_attribute("role") == "alert"
    assert page.locator(f"{HERO_RESULTS} li").count() == 0
    assert page.locator(f"{ERROR} a").count() == 2  # topics, and a person to ask
    if breaks != "parts missing":  # the home page loads its index at once: told before typing
        fresh, _ = open_page(browser, (site / "index.html").as_uri())
        fresh.locator(ERROR).wait_for(state="visible", timeout=5000)
        fresh.context.close()
    page.context.close()
