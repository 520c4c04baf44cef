"""The built site's search in headless Chromium: every search test, phone size, parity, a11y."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from kbgen.content.loader import load_kb
from kbgen.search.analysis import stem, words
from kbgen.search.cli import search_command
from kbgen.search.engine import SearchEngine
from kbgen.search.index import build
from kbgen.search.searchtests import SearchCase, load_cases
from tests.support.paths import REPO

pytestmark = pytest.mark.browser

CONTENT = REPO / "content"
CASES: list[SearchCase] = load_cases(CONTENT / "_search-tests.yml")[0]
HERO = "#kbgen-search-hero-input"
HERO_RESULTS = "#kbgen-search-hero-results"


def shown_slugs(page, results: str, query: str) -> list[str]:
    """Type the query into an empty box and return the slugs of the results shown for it."""
    box_id = results.replace("-results", "-input")
    page.fill(box_id, query)  # one input event, as when a customer pastes or types fast
    page.wait_for_selector(
        f"{results}[data-kbgen-query={json.dumps(query)}]", state="attached", timeout=5000
    )
    hrefs = page.eval_on_selector_all(
        f"{results} a.kbgen-result__link", "links => links.map(a => a.pathname)"
    )
    # (Opened from disk, links name the page's index.html.)
    return [h.removesuffix("index.html").rstrip("/").rsplit("/", 1)[-1] for h in hrefs]


@pytest.fixture(scope="module")
def home(browser, site_url: str):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(site_url)
    page.evaluate("kbgenSearch.load()")
    yield page
    context.close()
    assert errors == []


@pytest.fixture(scope="module")
def browser_results(home) -> dict[str, list[str]]:
    """Slugs shown in the home page's box for every search-test query, typed one after another."""
    return {case.query: shown_slugs(home, HERO_RESULTS, case.query) for case in CASES}


def test_every_search_test_finds_its_article_in_the_browser(
    browser_results: dict[str, list[str]],
) -> None:
    assert len(CASES) >= 70
    misses = []
    for case in CASES:
        shown = browser_results[case.query]
        if case.expect not in shown[: min(case.top, 3)]:
            misses.append(f"{case.line}: '{case.query}' -> {shown[:3]}, want {case.expect}")
    assert misses == []


def test_browser_and_kbgen_search_rank_alike(browser_results: dict[str, list[str]]) -> None:
    stdin = "\n".join(c.query for c in CASES) + "\n"
    out = CliRunner().invoke(
        search_command, ["--kb", str(CONTENT), "--json", "--limit", "3", "-"], input=stdin
    )
    assert out.exit_code == 0, out.output
    cli = [json.loads(line) for line in out.output.splitlines()]
    assert [c["query"] for c in cli] == [c.query for c in CASES]
    differ = []
    for row in cli:
        browser_top = browser_results[row["query"]][:3]
        cli_top = [r["slug"] for r in row["results"]]
        if browser_top != cli_top:
            differ.append((row["query"], cli_top, browser_top))
    assert differ == []


def test_corrections_are_shown_as_in_python(home) -> None:
    engine = SearchEngine.from_kb(load_kb(CONTENT))
    for query in ("pasword wont work", "refnd please", "downloded it but cant find it"):
        shown_slugs(home, HERO_RESULTS, query)
        notice = home.locator("[data-kbgen-search=hero] [data-kbgen-notice]")
        expected = engine.search(query).corrected
        assert expected and notice.inner_text() == f"Showing results for {expected}"


def test_browser_words_and_stems_equal_python(home) -> None:
    texts = [c.query for c in CASES] + [
        "I can’t log-in!!",
        "Résumé café naïve",
        "the customer's file.zip",
        "e-mail",
        "n't",
        "DOESN'T",
        "it's the user name",
        "ǅungla 東京 файл",
        "under_score",
        "'quoted'",
    ]
    vocabulary = build(load_kb(CONTENT)).vocabulary
    js = home.evaluate(
        """([texts, vocab]) => kbgenSearch.load().then(e => ({
            words: texts.map(t => e.words(t)), stems: vocab.map(w => e.stem(w))}))""",
        [texts, vocabulary],
    )
    assert js["words"] == [words(t) for t in texts]
    assert js["stems"] == [stem(w) for w in vocabulary]


PHONE_CASES = CASES[::7][:14]


def test_phone_header_search(browser, site_url: str) -> None:
    assert len(PHONE_CASES) >= 10
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.goto(site_url + "downloads/")
    header = "#kbgen-search-header-results"
    assert page.locator("#kbgen-search-header-input").is_visible()
    for case in PHONE_CASES:
        assert case.expect in shown_slugs(page, header, case.query)[:3], case.query
        box = page.locator(header).bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390
    context.close()


def test_keyboard_and_screen_reader_pattern(home, site_url: str) -> None:
    box = home.locator(HERO)
    assert box.get_attribute("role") == "combobox"
    assert box.get_attribute("aria-controls") == "kbgen-search-hero-results"
    assert home.locator(HERO_RESULTS).get_attribute("role") == "listbox"
    shown_slugs(home, HERO_RESULTS, "download")
    assert box.get_attribute("aria-expanded") == "true"
    options = home.locator(f"{HERO_RESULTS} [role=option]")
    assert options.count() >= 2
    box.press("ArrowDown")
    box.press("ArrowDown")
    second = options.nth(1)
    assert box.get_attribute("aria-activedescendant") == second.get_attribute("id")
    assert second.get_attribute("aria-selected") == "true"
    box.press("ArrowUp")
    assert box.get_attribute("aria-activedescendant") == options.nth(0).get_attribute("id")
    home.wait_for_function(
        "() => /\\d+ articles? found/.test("
        "document.querySelector('[data-kbgen-search=hero] [role=status]').textContent)"
    )
    box.press("Escape")
    assert box.get_attribute("aria-expanded") == "false"
    assert home.locator("[data-kbgen-search=hero] [data-kbgen-panel]").is_hidden()
    shown_slugs(home, HERO_RESULTS, "refund")
    href = home.locator(f"{HERO_RESULTS} a").first.get_attribute("href")
    with home.expect_navigation():
        box.press("Enter")
    assert home.url == href and "refund-request" in href
    home.goto(site_url)


def test_nothing_found_offers_topics_most_asked_and_contact(home) -> None:
    shown_slugs(home, HERO_RESULTS, "xyzzy qwv")
    empty = home.locator("[data-kbgen-search=hero] [data-kbgen-empty]")
    assert empty.is_visible()
    text = empty.inner_text()
    assert "Most asked" in text and "Topics" in text and "Ask us" in text
    links = empty.locator("a")
    assert links.count() >= 4
    assert home.locator(HERO).get_attribute("aria-expanded") == "false"


def test_contact_page_asks_before_sending(page, site_url: str) -> None:
    page.goto(site_url + "contact/")
    results = "#kbgen-search-contact-results"
    assert "install-font" in shown_slugs(page, results, "my new font wont install")
    send = page.locator("[data-kbgen-send]")
    href = send.get_attribute("href")
    assert href.startswith("mailto:help@brightleaf.example?subject=")
    assert "body=my%20new%20font%20wont%20install" in href
