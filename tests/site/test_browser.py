"""The built example site, opened in headless Chromium and used as a customer would."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

import pytest

from kbgen.content.loader import load_kb

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def kb(repo: Path):
    return load_kb(repo / "content")


def test_home_has_search_categories_most_asked_and_contact(page, site_url: str, kb) -> None:
    page.goto(site_url)
    search = page.get_by_role("combobox").or_(page.get_by_role("searchbox")).first
    assert search.is_visible()
    assert "Describe your problem" in page.locator(".kb-hero").inner_text()
    cards = page.locator(".kb-card")
    assert cards.count() == len(kb.categories)
    for category in kb.categories:
        card = cards.filter(has_text=category.title)
        assert card.count() == 1
        count = len(category.entries)
        assert f"{count} article" in card.inner_text()
    most_asked = page.locator(".kb-most-asked li a")
    assert most_asked.count() >= 3
    assert page.get_by_role("link", name="Contact us").first.is_visible()


def test_category_lists_its_articles_with_summaries(page, site_url: str, kb) -> None:
    page.goto(site_url)
    category = kb.category("downloads")
    page.locator(".kb-card", has_text=category.title).click()
    page.wait_for_url(re.compile(r"/downloads/$"))
    assert page.locator("h1").inner_text() == category.title
    items = page.locator(".kb-article-list__item")
    assert items.count() == len(category.entries)
    first = category.entries[0]
    assert first.summary in items.first.inner_text()
    items.first.get_by_role("link").click()
    page.wait_for_url(re.compile(rf"/downloads/{first.slug}/$"))


def test_article_page_shows_everything_a_customer_needs(page, site_url: str, kb) -> None:
    entry = kb.entry("password-not-working")
    page.goto(site_url + entry.url)
    crumbs = page.get_by_role("navigation", name="Breadcrumb")
    assert crumbs.get_by_role("link", name="Logging in").is_visible()
    assert page.locator("h1").inner_text() == entry.title
    assert "Check that Caps Lock is off" in page.locator(".kb-answer").inner_text()
    page.locator(".kb-symptoms summary").click()  # folded under the answer
    symptoms = page.locator(".kb-symptoms li")
    assert symptoms.count() == len(entry.symptoms)
    assert entry.symptoms[0] in symptoms.first.inner_text()
    steps = page.locator(".kb-body ol").first.locator("> li")
    assert steps.count() >= 3
    related = page.locator(".kb-related a")
    assert related.count() == len(entry.related)
    related_titles = {kb.entry(slug).title for slug in entry.related}
    assert set(related.all_inner_texts()) == related_titles
    assert "Last updated" in page.locator(".kb-reviewed").inner_text()

    # "Still stuck?" contacts a human with the article's title in the subject.
    link = page.locator(".kb-stuck .kb-contact-link")
    href = link.get_attribute("href")
    parsed = urlparse(href)
    assert parsed.scheme == "mailto"
    assert parsed.path == kb.site.contact.email
    assert parse_qs(parsed.query)["subject"] == [f"Help with: {entry.title}"]
    assert kb.site.contact.reply_time in page.locator(".kb-stuck").inner_text()

    # The page describes itself to search engines.
    description = page.locator('meta[name="description"]').get_attribute("content")
    assert description == entry.summary
    blocks = [
        json.loads(t)
        for t in page.locator('script[type="application/ld+json"]').all_text_contents()
    ]
    types = {b["@type"] for b in blocks}
    assert types == {"FAQPage", "HowTo"}
    faq = next(b for b in blocks if b["@type"] == "FAQPage")
    assert faq["mainEntity"][0]["name"] == entry.title
    howto = next(b for b in blocks if b["@type"] == "HowTo")
    assert len(howto["step"]) == steps.count()


def test_helpful_no_asks_what_was_missing_then_offers_a_human(page, site_url: str, kb) -> None:
    """Without a feedback_url the words go to the contact page (tests/site/test_pages.py)."""
    entry = kb.entry("download-corrupt")
    page.goto(site_url + entry.url)
    feedback = page.locator(".kb-feedback")
    assert feedback.get_by_role("button", name="Yes").is_visible()
    feedback.get_by_role("button", name="No").click()
    box = feedback.get_by_label("What was missing?")
    assert box.is_visible()
    contact = feedback.locator(".kb-contact-link")
    assert contact.is_visible()
    assert unquote(contact.get_attribute("href")).endswith(f"subject=Help with: {entry.title}")
    box.fill("It did not say what to do on a Chromebook")
    feedback.get_by_role("button", name="Continue to contact us").click()
    page.wait_for_url(re.compile(r"/contact/\?"))
    assert "Chromebook" in page.locator("#kbgen-search-contact-input").input_value()


def test_helpful_answers_go_to_the_configured_feedback_url(browser, kb_copy: Path) -> None:

    from kbgen.site.build import build_site
    from tests.support.serving import serve_dir

    config = kb_copy / "mkdocs.yml"
    config.write_text(
        config.read_text("utf-8").replace(
            "home_title: How can we help?",
            "home_title: How can we help?\n      feedback_url: /feedback",
        ),
        encoding="utf-8",
    )
    site = build_site(config, site_dir=kb_copy / "site").site_dir
    posts: list[bytes] = []
    server, url = serve_dir(site, posts)
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(url + "logging-in/reset-password/")
        page.locator(".kb-feedback").get_by_role("button", name="Yes").click()
        page.goto(url + "logging-in/password-not-working/")
        page.locator(".kb-feedback").get_by_role("button", name="No").click()
        page.get_by_label("What was missing?").fill("Nothing about phones")
        page.locator(".kb-feedback").get_by_role("button", name="Send").click()
        page.goto(url)  # leaving the page sends what is waiting
        page.wait_for_timeout(500)
    finally:
        context.close()
        server.shutdown()
    # Site events arrive in batches: {"kbgen": 1, "events": [...]}.
    received = [e for body in posts for e in json.loads(body)["events"]]
    helpful = [(r["page"], r["helpful"], r["missing"]) for r in received if r["type"] == "feedback"]
    # One answer per article: a "No" waits for its "What was missing?" text.
    assert sorted(helpful) == [
        ("logging-in/password-not-working/", False, "Nothing about phones"),
        ("logging-in/reset-password/", True, ""),
    ]
    reads = [r["page"] for r in received if r["type"] == "read"]
    assert reads == ["logging-in/reset-password/", "logging-in/password-not-working/"]


def test_glossary_tooltip_for_case_sensitive(page, site_url: str, kb) -> None:
    page.goto(site_url + kb.entry("password-not-working").url)
    term = page.locator(".kb-body abbr", has_text=re.compile("case-sensitive", re.I)).first
    explanation = next(t.explanation for t in kb.site.glossary if t.term == "case-sensitive")
    assert term.get_attribute("title") == " ".join(explanation.split())
    term.hover()
    tooltip = page.locator(".md-tooltip2, .md-tooltip").filter(has_text=explanation[:30])
    tooltip.first.wait_for(state="visible", timeout=3000)


def test_glossary_page_lists_terms(page, site_url: str, kb) -> None:
    page.goto(site_url + "glossary/")
    terms = page.locator(".kb-glossary dt")
    assert terms.count() == len(kb.site.glossary)
    assert "case-sensitive" in terms.all_inner_texts()


@pytest.mark.parametrize(
    "path", ["", "downloads/", "logging-in/password-not-working/", "glossary/", "contact/"]
)
def test_phone_width_has_no_horizontal_scrolling(browser, site_url: str, path: str) -> None:
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
        device_scale_factor=2,
    )
    page = context.new_page()
    try:
        page.goto(site_url + path)
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path or 'home'} scrolls sideways by {overflow}px"
        wide = page.evaluate("""() => [...document.querySelectorAll('.md-content *')]
            .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
            .map(e => e.tagName + '.' + e.className).slice(0, 5)""")
        assert wide == []
    finally:
        context.close()
