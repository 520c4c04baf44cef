"""The starter knowledge base in content/ keeps its promises: the articles the example site
needs, honest search tests that cover every article, and a glossary for the jargon."""

from __future__ import annotations

import re
from collections import Counter

import pytest
import yaml

from kbgen.content.loader import collect_kb
from kbgen.content.model import KnowledgeBase
from kbgen.search.analysis import is_stop_word, words
from kbgen.search.engine import SearchEngine
from kbgen.search.typos import correct
from tests.support.paths import REPO

CONTENT = REPO / "content"

REQUIRED: dict[str, set[str]] = {
    "logging-in": {
        "password-not-working",
        "username-not-recognised",
        "reset-password",
        "no-login-email",
    },
    "downloads": {
        "download-wont-open",
        "download-corrupt",
        "download-link-expired",
        "find-downloaded-file",
        "download-on-phone",
        "download-limit-reached",
    },
    "orders-and-billing": {"refund-request", "charged-twice", "no-order-confirmation"},
    "getting-help": {"is-this-a-scam", "contact-support"},
}
MAX_EXTRA_ARTICLES = 3
SECTIONS = ["Quick fix", "Step by step", "Why this happens"]
BANNED = (
    "simply",
    "just",
    "easy",
    "easily",
    "obviously",
    "of course",
    "clearly",
    "everyone knows",
    "basically",
    "as stated",
)
# Jargon the articles use that a customer new to the internet may not know.
JARGON = (
    "case-sensitive",
    "Caps Lock",
    "browser",
    "cache",
    "cookies",
    "ZIP file",
    "unzip",
    "extract",
    "URL",
    "link address",
    "Downloads folder",
    "spam folder",
    "junk folder",
    "PDF",
    "file extension",
    "bank statement",
    "pending charge",
    "phishing",
    "two-step verification",
)


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    kb, problems = collect_kb(CONTENT)
    assert problems == [], "\n".join(str(p) for p in problems)
    return kb


@pytest.fixture(scope="module")
def engine(kb: KnowledgeBase) -> SearchEngine:
    return SearchEngine.from_kb(kb)


@pytest.fixture(scope="module")
def cases() -> list[dict]:
    return yaml.safe_load((CONTENT / "_search-tests.yml").read_text(encoding="utf-8"))["cases"]


def test_required_articles_are_in_their_categories(kb: KnowledgeBase) -> None:
    for category, slugs in REQUIRED.items():
        found = kb.category(category)
        assert found is not None, category
        assert slugs <= {e.slug for e in found.entries}, category
    required = set().union(*REQUIRED.values())
    extras = {e.slug for e in kb.entries} - required
    assert len(extras) <= MAX_EXTRA_ARTICLES, extras


def test_every_category_has_a_title_icon_and_order(kb: KnowledgeBase) -> None:
    for category in kb.categories:
        assert category.title and category.description and category.icon.startswith("material/")
        assert category.order is not None


def test_five_or_six_articles_are_featured(kb: KnowledgeBase) -> None:
    assert 5 <= sum(e.featured for e in kb.entries) <= 6


@pytest.mark.parametrize("slug", sorted(set().union(*REQUIRED.values())))
def test_article_shape(kb: KnowledgeBase, slug: str) -> None:
    entry = kb.entry(slug)
    assert entry is not None
    assert 4 <= len(entry.symptoms) <= 7
    assert 1 <= len(entry.related) <= 3 and slug not in entry.related
    assert all(kb.entry(r) is not None for r in entry.related)
    assert "\n" not in entry.summary
    assert re.findall(r"^## (.+)$", entry.body, re.M)[:3] == SECTIONS
    steps = entry.body.split("## Step by step", 1)[1].split("\n## ", 1)[0]
    assert re.search(r"^1\. ", steps, re.M), "steps must be a numbered list"


def test_articles_avoid_words_that_talk_down(kb: KnowledgeBase) -> None:
    pattern = re.compile(r"\b(" + "|".join(BANNED) + r")\b", re.I)
    found = {
        e.slug: pattern.findall(" ".join([e.title, e.summary, *e.symptoms, e.body]))
        for e in kb.entries
    }
    assert {slug: hits for slug, hits in found.items() if hits} == {}


def test_glossary_explains_the_jargon(kb: KnowledgeBase) -> None:
    known = {t.term.lower() for t in kb.site.glossary}
    known |= {a.lower() for t in kb.site.glossary for a in t.aliases}
    assert [j for j in JARGON if j.lower() not in known] == []


def test_contact_details(kb: KnowledgeBase) -> None:
    contact = kb.site.contact
    assert contact.email == "help@brightleaf.example"
    assert contact.reply_time == "within one working day"


def test_search_tests_cover_every_article(kb: KnowledgeBase, cases: list[dict]) -> None:
    assert len(cases) >= 70
    slugs = {e.slug for e in kb.entries}
    assert {c["expect"] for c in cases} <= slugs
    per_article = Counter(c["expect"] for c in cases)
    assert {s: per_article[s] for s in slugs if per_article[s] < 3} == {}


def test_search_queries_are_customer_shaped(cases: list[dict]) -> None:
    # Short, lower-case, no punctuation: what people type into a search box.
    for case in cases:
        query = case["query"]
        assert query == query.lower() and re.fullmatch(r"[a-z0-9 ]+", query), query
        assert len(query.split()) <= 8, query


def test_every_word_of_every_query_is_understood(engine: SearchEngine, cases: list[dict]) -> None:
    """Each word is an article word, part of a synonym, or a typo the search can correct.

    A misspelling further off than the typo tolerance would fail here, so the cases stay
    honest tests of ranking rather than of spelling.
    """
    synonyms = engine.data.synonyms
    lost: list[str] = []
    for case in cases:
        ws = words(case["query"])
        in_synonym = set()
        for n in (1, 2, 3):
            for i in range(len(ws) - n + 1):
                if " ".join(ws[i : i + n]) in synonyms:
                    in_synonym.update(range(i, i + n))
        for i, word in enumerate(ws):
            if is_stop_word(word) or i in in_synonym or engine.knows(word):
                continue
            if word.isdigit() or correct(word, engine.data.vocabulary) is None:
                lost.append(f"{case['query']!r}: {word}")
    assert lost == []


@pytest.mark.parametrize("end", ["", " "], ids=["while-typing", "typed"])
def test_search_finds_the_expected_article(
    engine: SearchEngine, cases: list[dict], end: str
) -> None:
    # The last word counts as still being typed until a space follows it.
    misses = []
    for case in cases:
        top = case.get("top", 3)
        slugs = [hit.slug for hit in engine.search(case["query"] + end).hits]
        if case["expect"] not in slugs[:top]:
            misses.append(f"{case['query']!r}: want {case['expect']} in {top}: {slugs[:top]}")
    assert misses == []
