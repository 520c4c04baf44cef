"""The one list of generated pages and template ids (kbgen/site/pages.py) matches what a real
build writes, so the plugin and the link check cannot disagree about them."""

from __future__ import annotations

import re
from pathlib import Path

from kbgen.content.loader import collect_kb
from kbgen.site.pages import article_ids, generated_pages, is_furniture
from tests.support.paths import REPO

ID_RE = re.compile(r"""\bid=["']([^"']+)["']""")


def _html_of(uri: str) -> str:
    """Where MkDocs (directory URLs) writes the page whose source is `uri`."""
    if uri == "index.md" or uri.endswith("/index.md"):
        return uri.removesuffix(".md") + ".html"
    return uri.removesuffix(".md") + "/index.html"


def test_every_generated_page_is_built_and_nothing_else_is_generated(example_site: Path) -> None:
    kb, problems = collect_kb(REPO / "content")
    assert not problems
    declared = {_html_of(page.uri) for page in generated_pages(kb)}
    assert {"index.html", "contact/index.html", "glossary/index.html"} <= declared
    for html in declared:
        assert (example_site / html).is_file(), html
    articles = {_html_of(entry.src_uri) for entry in kb.entries}
    built = {
        p.relative_to(example_site).as_posix()
        for p in example_site.rglob("*.html")
        if p.relative_to(example_site).parts[0] not in kb.translations
    }
    assert built - articles - {"404.html"} == declared


def test_the_ids_the_link_check_assumes_are_on_every_article_page(example_site: Path) -> None:
    kb, _ = collect_kb(REPO / "content")
    for entry in kb.entries:
        ids = set(ID_RE.findall((example_site / _html_of(entry.src_uri)).read_text("utf-8")))
        furniture = {i for i in ids if i.startswith("kb-")}
        # Every kbgen id on a real article page is known to the check, and the check assumes
        # none that the page lacks (feedback's "missing" text and Material's comments block are
        # there only when the site turns them on; the contact box has one id of two).
        assert furniture <= article_ids(), entry.src_uri
        optional = {"kb-missing-text", "__comments", "kb-related-title", "kb-contact-box-title"}
        assert article_ids() - optional <= ids, (entry.src_uri, article_ids() - optional - ids)


def test_furniture_ids_are_never_suggested_for_a_mistyped_heading() -> None:
    assert all(is_furniture(i) for i in article_ids() - {"quick-fix"})
    assert not is_furniture("quick-fix")
