"""The example in two languages (English at the root, German in content/de/), built once with
`kbgen build` and opened in Chromium: the language switcher goes to the same article in the
other language and back, an article not translated yet leads to a page that says so, each
language's pages search that language's articles, and the pages pass axe."""

from __future__ import annotations

import pytest

from tests.site.axe_check import run_axe

pytestmark = pytest.mark.browser

TRANSLATED = "logging-in/reset-password/"  # written in English and German
UNTRANSLATED = "logging-in/username-not-recognised/"  # English only


def _switch_to(page, language: str) -> None:
    """Open the switcher as a keyboard user does (focus shows the list), choose a language."""
    page.locator("[data-kbgen-languages]").focus()
    link = page.locator(f".kbgen-languages a[hreflang={language}]")
    link.wait_for(state="visible")
    link.click()


def test_switcher_goes_to_the_same_article_in_german_and_back(page, site_url: str) -> None:
    page.goto(site_url + TRANSLATED)
    assert page.locator("h1").first.inner_text() == "Reset your password"
    current = page.locator(".kbgen-languages [aria-current=page]")
    assert current.get_attribute("hreflang") == "en"
    _switch_to(page, "de")
    page.wait_for_url(site_url + "de/" + TRANSLATED)
    assert page.locator("html").get_attribute("lang") == "de"
    assert page.locator("h1").first.inner_text() == "Passwort zurücksetzen"
    # kbgen's interface speaks German on the German pages, Material's too.
    assert page.locator(".kb-feedback").inner_text().startswith("War das hilfreich?")
    assert page.locator(".kb-answer h2").inner_text() == "Schnelle Lösung"
    breadcrumbs = page.locator(".kb-breadcrumbs").inner_text()
    assert "Hilfe-Center" in breadcrumbs and "Anmelden" in breadcrumbs
    # Links inside the German article stay in German.
    link = page.get_by_role("link", name="Ich habe keine E-Mail bekommen")
    assert link.evaluate("a => a.href") == site_url + "de/logging-in/no-login-email/"
    _switch_to(page, "en")
    page.wait_for_url(site_url + TRANSLATED)
    assert page.locator("h1").first.inner_text() == "Reset your password"


def test_a_missing_translation_leads_to_a_page_that_says_so(page, site_url: str) -> None:
    page.goto(site_url + UNTRANSLATED)
    entry = page.locator(".kbgen-languages a[hreflang=de]")
    assert " ".join(entry.inner_text().split()) == "Deutsch (not translated yet)"
    _switch_to(page, "de")
    page.wait_for_url(site_url + "de/" + UNTRANSLATED)
    assert page.locator("html").get_attribute("lang") == "de"
    assert page.locator("h1").first.inner_text() == "Diesen Artikel gibt es noch nicht auf Deutsch"
    assert page.locator("head meta[name=robots]").get_attribute("content") == "noindex"
    # German topics only, with their German titles.
    topics = page.locator(".kb-topics .kb-card__title").all_inner_texts()
    assert topics[0] == "Anmelden" and "Logging in" not in topics
    # The article in the language it is written in, named in German, marked as English.
    original = page.locator(".kb-missing a[hreflang=en]")
    assert original.get_attribute("lang") == "en"
    assert "(Englisch)" in page.locator(".kb-missing").inner_text()
    original.click()
    page.wait_for_url(site_url + UNTRANSLATED)
    assert (
        page.locator("h1").first.inner_text() == "The site doesn't recognise my email or username"
    )


def _search(page, text: str) -> list[tuple[str, str]]:
    box = page.locator("[data-kbgen-search=hero] [data-kbgen-input]")
    box.click()
    box.fill("")
    box.type(text, delay=10)
    page.wait_for_selector("[data-kbgen-search=hero] .kbgen-result", state="visible")
    links = page.locator("[data-kbgen-search=hero] .kbgen-result__link")
    return [
        (
            links.nth(i).locator(".kbgen-result__title").inner_text(),
            links.nth(i).evaluate("a => a.href"),
        )
        for i in range(links.count())
    ]


def test_search_on_german_pages_finds_german_articles_only(page, site_url: str) -> None:
    page.goto(site_url + "de/")
    assert page.locator("h1").first.inner_text() == "Wie können wir helfen?"
    hits = _search(page, "passwort vergessen")
    assert hits[0] == ("Passwort zurücksetzen", site_url + "de/" + TRANSLATED)
    assert all(href.startswith(site_url + "de/") for _, href in hits)
    # English words find nothing English from a German page: its index is the German one.
    page.goto(site_url + "de/")
    hits = _search(page, "password")
    assert all(href.startswith(site_url + "de/") for _, href in hits)
    # German search in the browser: lunr-languages' German stemmer is loaded, and an umlaut
    # typed as "ue" finds the article that writes "Rückerstattung".
    page.goto(site_url + "de/")
    hits = _search(page, "rueckerstattung")
    assert hits[0][1] == site_url + "de/orders-and-billing/refund-request/"
    assert page.evaluate("() => typeof lunr.de.stemmer") == "function"
    page.goto(site_url)
    hits = _search(page, "reset password")
    assert hits[0] == ("Reset your password", site_url + TRANSLATED)
    assert not any("/de/" in href for _, href in hits)


@pytest.mark.parametrize(
    "path, open_switcher",
    [("de/" + TRANSLATED, False), ("de/" + UNTRANSLATED, False), ("de/" + TRANSLATED, True)],
    ids=["german article", "not available page", "switcher open"],
)
def test_german_pages_pass_axe(browser, site_url: str, path: str, open_switcher: bool) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(site_url + path)
        if open_switcher:
            page.locator("[data-kbgen-languages]").focus()
            page.locator(".kbgen-languages a[hreflang=en]").wait_for(state="visible")
        result = run_axe(page)
        assert result["violations"] == [], result["violations"]
        assert len(result["passes"]) > 10
    finally:
        context.close()
