"""The site's search ranks as `kbgen search` does on other shops' knowledge bases too.

Each knowledge base of bench/search_sets (and bench/match_sets/courses) is built into a
site, opened from disk in Chromium; every query and every out-of-scope query is searched
by the site's engine and by `kbgen search` run as a user runs it, and both must give the
same top three (or both the no-match panel). The German sets are built as German sites
(`theme.language: de`): the browser loads lunr-languages' German stemmer and the index's
German stop words. One set's index is cut into many parts, as a large site's is. A sample
of queries goes through the home page's search box itself.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from kbgen import embeddings
from kbgen.content.loader import load_kb
from kbgen.search.site import write_search_files
from tests.search.test_browser import HERO_RESULTS, shown_slugs
from tests.support.cli import kbgen
from tests.support.paths import REPO

pytestmark = pytest.mark.browser

sys.path.insert(0, str(REPO / "bench"))

from _search_sets import QuerySet, load_sets  # noqa: E402

SETS = {qs.name: qs for qs in load_sets() if qs.name != "example"}  # example: other tests
SHARDED = "plants"
BOX_SAMPLE = 9  # every 9th query is also typed into the search box


def queries(qs: QuerySet) -> list[str]:
    return [c.query for c in qs.cases] + qs.out_of_scope + qs.gaps


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    from kbgen.site.build import build_site

    built: dict[str, Path] = {}
    for name, qs in SETS.items():
        root = tmp_path_factory.mktemp(name)
        (root / "mkdocs.yml").write_text(
            f"site_name: {name} help\ndocs_dir: {qs.content}\n"
            f"theme:\n  name: material\n  language: {qs.language}\nplugins:\n  - kbgen\n",
            encoding="utf-8",
        )
        build_site(root / "mkdocs.yml", site_dir=root / "site")
        built[name] = root / "site"
    write_search_files(
        load_kb(SETS[SHARDED].content),
        built[SHARDED],
        single_file_limit=0,
        shard_bytes=1000,
        doc_block_bytes=600,
    )
    assert len(list((built[SHARDED] / "search" / "kbgen-index").glob("t*.js"))) >= 10
    return built


def cli_top3(qs: QuerySet) -> dict[str, list[str]]:
    out = kbgen(
        *["search", "--kb", qs.content, "--json", "--language", qs.language, "--limit", "3", "-"],
        input="\n".join(queries(qs)) + "\n",
        check=True,
    )
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    return {row["query"]: [r["slug"] for r in row["results"]] for row in rows}


ENGINE_TOP3 = """async (queries) => {
  const searcher = await kbgenSearch.load();
  const out = [];
  for (const q of queries) out.push((await searcher.search(q, 3)).hits.map(h => h.slug));
  return out;
}"""


@pytest.mark.parametrize("name", sorted(SETS))
def test_site_and_kbgen_search_rank_alike(browser, sites: dict[str, Path], name: str) -> None:
    qs = SETS[name]
    expected = cli_top3(qs)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto((sites[name] / "index.html").as_uri())
    asked = queries(qs)
    shown = dict(zip(asked, page.evaluate(ENGINE_TOP3, asked), strict=True))
    differ = [(q, expected[q], shown[q]) for q in asked if shown[q] != expected[q]]
    assert differ == []
    # Through the box as a customer types, for a sample: the same list, or the panel.
    for query in asked[::BOX_SAMPLE]:
        assert shown_slugs(page, HERO_RESULTS, query)[:3] == expected[query], query
        panel = page.locator("[data-kbgen-search=hero] [data-kbgen-empty]")
        contact = page.locator("[data-kbgen-search=hero] [data-kbgen-contact]")
        assert panel.is_visible() == (not expected[query]), query
        assert contact.is_visible() == bool(expected[query]), query
        if expected[query]:  # opened from disk: the contact page's file, not a folder
            href = contact.locator("a").get_attribute("href")
            assert href.startswith("file://") and href.endswith("/contact/index.html")
    assert errors == []
    context.close()


def test_the_site_finds_an_article_through_related_terms(browser, sites: dict[str, Path]) -> None:
    """A word no article uses ("tire") finds the article through the related terms the build
    learnt (kbgen.search.related), shipped in the common-words part the browser reads."""

    if not embeddings.available():
        pytest.skip("needs kbgen[semantic]")
    part = (sites["bikes"] / "search" / "kbgen-index" / "c4.js").read_text(encoding="utf-8")
    assert '"tire":["tyres",' in part
    page = browser.new_page()
    page.goto((sites["bikes"] / "index.html").as_uri())
    top = page.evaluate(ENGINE_TOP3, ["tire", "quantum physics homework"])
    assert [slugs[:1] for slugs in top] == [["puncture"], []]
    page.close()
