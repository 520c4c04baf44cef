"""The example built with `theme.language: de`, opened in Chromium: kbgen's interface speaks
German (pages, search widget, feedback box) and the pages still pass axe."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator

import pytest

from kbgen.i18n.catalog import _shipped
from tests.site.axe_check import run_axe
from tests.support.paths import CONTENT, REPO
from tests.support.serving import serve_dir

pytestmark = pytest.mark.browser

ARTICLE = "logging-in/password-not-working/"


@pytest.fixture(scope="module")
def german_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from kbgen.site.build import build_site

    root = tmp_path_factory.mktemp("german")
    config = (REPO / "mkdocs.yml").read_text("utf-8")
    config = config.replace("language: en", "language: de")
    config = re.sub(r"\n\s*home_title: [^\n]*", "", config)  # the heading from the catalog
    # One language: the English articles on a German site (the example's own German copy
    # is tested as a second language in test_i18n_content_browser.py).
    config = re.sub(r"\n\s*(#[^\n]*\n\s*)?(languages|site_names): [^\n]*", "", config)
    (root / "mkdocs.yml").write_text(config, "utf-8")
    shutil.copytree(CONTENT, root / "content", ignore=shutil.ignore_patterns("_drafts", "de"))
    build_site(root / "mkdocs.yml", site_dir=root / "site", strict=True)
    server, url = serve_dir(root / "site")
    yield url
    server.shutdown()


def _search(page, text: str) -> None:
    box = page.locator("[data-kbgen-search=hero] [data-kbgen-input]")
    box.click()
    box.fill("")
    box.type(text, delay=10)


def test_search_widget_speaks_german(page, german_site: str) -> None:
    page.goto(german_site)
    assert page.locator("html").get_attribute("lang") == "de"
    assert page.locator("h1").first.inner_text() == "Wie können wir helfen?"
    _search(page, "pasword wont work")
    hero = page.locator("[data-kbgen-search=hero]")
    page.wait_for_selector("[data-kbgen-search=hero] .kbgen-result", state="visible")
    contact_line = hero.locator("[data-kbgen-contact]")
    assert contact_line.inner_text().startswith("Nicht das Richtige? Fragen Sie uns")
    status = hero.locator("[data-kbgen-status]")
    page.wait_for_function(
        "el => /Artikel gefunden\\.$/.test(el.textContent)", arg=status.element_handle()
    )
    _search(page, "xqzvw blorft")
    empty = hero.locator("[data-kbgen-empty]")
    empty.wait_for(state="visible")
    text = empty.inner_text()
    assert "Dazu haben wir noch keinen passenden Artikel" in text
    assert "Themen" in text and "Immer noch nicht gelöst?" in text
    page.wait_for_function(
        "el => el.textContent.startsWith('Keine Artikel gefunden')", arg=status.element_handle()
    )


def test_feedback_box_and_dates_speak_german(page, german_site: str) -> None:
    page.goto(german_site + ARTICLE)
    assert re.search(r"\d+\. November 2026", page.locator(".kb-reviewed").inner_text())
    feedback = page.locator(".kb-feedback")
    feedback.locator("[data-kb-answer=no]").click()
    status = feedback.locator("[data-kb-status]")
    assert status.inner_text().startswith("Schade, dass es nicht geholfen hat")
    assert (
        feedback.locator("label[for=kb-missing-text]")
        .inner_text()
        .startswith(
            "Schade, dass es nicht geholfen hat. Was hat gefehlt? Wir nehmen Ihre Worte mit"
        )
    )
    # With no feedback_url the words go on to the contact page, the article as the subject.
    feedback.locator("textarea").fill("Es fehlte etwas zum Handy")
    feedback.locator("button[type=submit]").click()
    page.wait_for_url("**/contact/**")
    message = page.locator("[data-kbgen-search=contact] [data-kbgen-input]")
    assert message.input_value() == "Hilfe zu: My password doesn't work\nEs fehlte etwas zum Handy"


def test_navigation_and_generated_pages_are_german(page, german_site: str) -> None:
    page.goto(german_site + "glossary/")
    assert page.locator("h1").first.inner_text() == "Glossar"
    page.goto(german_site + "contact/")
    assert page.locator("h1").first.inner_text() == "Kontakt"
    nav = page.locator(".md-nav--primary").first.inner_text()
    assert "Start" in nav and "Glossar" in nav and "Home" not in nav


# kbgen's own parts of each page (the example's articles themselves stay English).
KBGEN_PARTS = (
    ".md-header, .md-nav--primary, .kb-breadcrumbs, .kb-hero, .kb-topics h2, .kb-card__count, "
    ".kb-most-asked h2, .kb-stuck, .kb-feedback, .kb-reviewed, .kb-answer > h2, "
    ".kb-summary strong, .kb-symptoms summary, .kb-related h2, .kb-lead, .kbgen-search, "
    ".kb-contact-details, "
    ".kb-az, .kb-glossary__aliases"
)


def _english_phrases() -> list[str]:
    """The English interface strings of two words or more, cut at their {placeholders}."""
    german = _shipped("de")
    phrases = set()
    for key, text in _shipped("en").items():
        if german[key] == text:
            continue
        for piece in re.split(r"\{\w+\}", text):
            piece = piece.strip(" .:()")
            if len(piece.split()) >= 2:
                phrases.add(piece)
    return sorted(phrases)


@pytest.mark.parametrize("path", ["", ARTICLE, "contact/", "glossary/", "logging-in/", "404.html"])
def test_no_english_interface_string_is_left(page, german_site: str, path: str) -> None:
    page.goto(german_site + path)
    text = page.evaluate(
        """sel => [...document.querySelectorAll(sel)].map(el => [el.textContent,
              ...[...el.querySelectorAll('[placeholder],[aria-label]')].flatMap(
                  e => [e.getAttribute('placeholder') || '', e.getAttribute('aria-label') || ''])
             ].join(' ')).join(' ')""",
        KBGEN_PARTS,
    )
    text = " ".join(text.split())
    assert len(text) > 200  # the selectors found kbgen's parts
    left = [phrase for phrase in _english_phrases() if phrase in text]
    assert left == [], left


@pytest.mark.parametrize("path", ["", ARTICLE, "contact/"])
def test_german_pages_pass_axe(browser, german_site: str, path: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(german_site + path)
        if path == "":
            _search(page, "xqzvw blorft")
            page.locator("[data-kbgen-search=hero] [data-kbgen-empty]").wait_for(state="visible")
        result = run_axe(page)
        assert result["violations"] == [], result["violations"]
        assert len(result["passes"]) > 10
    finally:
        context.close()


def test_script_strings_are_the_catalogs() -> None:
    """Every string the scripts read exists in English, so no script can show a bare key."""
    english = _shipped("en")
    folder = REPO / "themes" / "overrides" / "assets" / "kbgen"
    used = {
        key
        for js in folder.glob("*.js")
        for key in re.findall(r'"((?:search|feedback)\.[a-z_.]+)"', js.read_text("utf-8"))
    }
    assert used, "the scripts read no strings"
    for key in used:
        assert key in english or f"{key}.one" in english, key
