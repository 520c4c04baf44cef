"""The customer's side of the built help centre, page by page, at desktop (1280 px) and phone
(390 px) width: header, home, article, feedback, 404, glossary, contact, privacy, related."""

from __future__ import annotations

import http.server
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
import yaml

from kbgen.content.loader import load_kb
from tests.support.paths import REPO
from tests.support.serving import QuietHandler, serve_dir

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
WIDTHS = {"desktop": DESKTOP, "phone": PHONE}
SCHEMES = {"light": "default", "dark": "slate"}
SHOTS = REPO / ".kbgen" / "screenshots"


@pytest.fixture(scope="module")
def kb(repo: Path):
    return load_kb(repo / "content")


class _SiteHandler(QuietHandler):
    """A static host as customers meet it: a missing address gets the site's 404.html."""

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def _serve(directory: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    return serve_dir(directory, handler=_SiteHandler)


@pytest.fixture(scope="module")
def host(example_site: Path) -> Iterator[str]:
    server, url = _serve(example_site)
    yield url
    server.shutdown()


@pytest.fixture(scope="module")
def variant_site(tmp_path_factory: pytest.TempPathFactory, repo: Path) -> Iterator[str]:
    """The example, changed as another owner would have it: no font setting at all, a contact
    form, plurals and case variants listed as glossary aliases, and one article without
    `related`. Built once for the tests below."""
    from kbgen.site.build import build_site

    root = tmp_path_factory.mktemp("variant")
    config = root / "mkdocs.yml"
    text = (repo / "mkdocs.yml").read_text("utf-8")
    config.write_text(re.sub(r"\n  font: .*", "", text), encoding="utf-8")
    content = root / "content"
    shutil.copytree(
        repo / "content", content, ignore=shutil.ignore_patterns("_drafts", "_most-asked.yml")
    )
    contact = content / "_contact.yml"
    contact.write_text(
        contact.read_text("utf-8").replace(
            'form_url: ""', "form_url: https://forms.example/brightleaf-help"
        ),
        encoding="utf-8",
    )
    glossary = content / "_glossary.yml"
    glossary.write_text(
        glossary.read_text("utf-8").replace(
            "aliases: [web browser]", "aliases: [web browser, browsers, Browser, web-browsers]"
        ),
        encoding="utf-8",
    )
    article = content / "logging-in" / "password-not-working.md"
    article.write_text(re.sub(r"\nrelated: .*", "", article.read_text("utf-8")), encoding="utf-8")
    site = build_site(config, site_dir=root / "site").site_dir
    server, url = _serve(site)
    yield url
    server.shutdown()


def _open(browser, size: dict, scheme: str = "light"):
    phone = size["width"] < 500
    context = browser.new_context(
        viewport=size,
        is_mobile=phone,
        has_touch=phone,
        color_scheme="dark" if scheme == "dark" else "light",
    )
    return context, context.new_page()


def _shot(page, name: str) -> None:
    """Screenshots to look at after a run (.kbgen/ is ignored by git)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"))


def _wait_scheme(page, scheme: str) -> None:
    page.wait_for_function(
        f"document.body.getAttribute('data-md-color-scheme') === '{SCHEMES[scheme]}'"
    )


def _visible_boxes(page, text: str) -> int:
    """How many elements show `text` on screen as their own text (not 1-pixel hidden ones)."""
    return page.evaluate(
        """text => [...document.querySelectorAll('body *')].filter(e =>
              [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.includes(text)))
            .filter(e => { const r = e.getBoundingClientRect();
              return r.width > 2 && r.height > 2 && getComputedStyle(e).visibility !== 'hidden'
                && e.offsetParent !== null; }).length""",
        text,
    )


# -- header and home --------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["", "logging-in/password-not-working/"])
@pytest.mark.parametrize("width", list(WIDTHS))
def test_header_keeps_the_shop_name_whole(browser, host: str, path: str, width: str) -> None:
    context, page = _open(browser, WIDTHS[width])
    try:
        page.goto(host + path)
        name = page.locator(".md-header__topic").first.locator(".md-ellipsis")
        box = name.bounding_box()
        assert box and box["width"] > 150, f"the shop's name is squeezed to {box}"
        cut = name.evaluate("e => e.scrollWidth - e.clientWidth")
        assert cut <= 0, f"the shop's name is cut by {cut}px"
        header_search = page.locator(".md-header [data-kbgen-input]")
        if path:  # articles keep a search box in the header, inside the screen
            search = header_search.bounding_box()
            assert search and search["width"] > 200
            assert search["x"] >= 0 and search["x"] + search["width"] <= WIDTHS[width]["width"]
        else:  # the home page's own box is the only one
            assert header_search.count() == 0
        _shot(page, f"header-{path.strip('/').replace('/', '_') or 'home'}-{width}")
    finally:
        context.close()


@pytest.fixture(scope="module")
def repo_link_site(tmp_path_factory: pytest.TempPathFactory, repo: Path) -> Iterator[str]:
    """The example as an owner who keeps the help in a repository sets it up in Material: a
    repository link (repo_url) and the topics as tabs that stay in the header."""
    from kbgen.site.build import build_site

    root = tmp_path_factory.mktemp("repo-link")
    text = (repo / "mkdocs.yml").read_text("utf-8")
    text = text.replace("\ndocs_dir:", "\nrepo_url: https://github.com/brightleaf/help\ndocs_dir:")
    text = text.replace(
        "    - content.tooltips\n",
        "    - content.tooltips\n    - navigation.tabs\n    - navigation.tabs.sticky\n",
    )
    (root / "mkdocs.yml").write_text(text, encoding="utf-8")
    shutil.copytree(
        repo / "content",
        root / "content",
        ignore=shutil.ignore_patterns("_drafts", "_most-asked.yml"),
    )
    site = build_site(root / "mkdocs.yml", site_dir=root / "site").site_dir
    server, url = _serve(site)
    yield url
    server.shutdown()


@pytest.mark.parametrize("width", list(WIDTHS))
def test_header_keeps_materials_repository_link_and_tabs(
    browser,
    repo_link_site: str,
    width: str,
) -> None:
    """kbgen adds its search box and language switcher to Material's header, and leaves
    Material's own parts in it: the repository link, the sticky tabs."""
    context, page = _open(browser, WIDTHS[width])
    context.route("https://api.github.com/**", lambda route: route.abort())  # the repo's stars
    try:
        page.goto(repo_link_site + "logging-in/password-not-working/")
        header = page.locator(".md-header")
        source = header.locator(".md-header__source a.md-source")
        assert source.get_attribute("href") == "https://github.com/brightleaf/help"
        assert header.locator(".md-tabs .md-tabs__link").count() >= 5
        search = header.locator(".md-header__inner .kbgen-header-search [data-kbgen-input]")
        box = search.bounding_box()
        assert box and box["width"] > 200
        assert box["x"] >= 0 and box["x"] + box["width"] <= WIDTHS[width]["width"]
        languages = header.locator(".md-header__inner .kbgen-languages")
        assert languages.count() == 1
        if width == "desktop":  # Material shows the link and the tabs on wide screens only
            link = source.bounding_box()
            assert link and source.is_visible() and header.locator(".md-tabs").is_visible()
            assert link["x"] + link["width"] <= box["x"] or box["x"] + box["width"] <= link["x"], (
                "the search box covers the repository link"
            )
            assert languages.is_visible()
        _shot(page, f"header-repo-link-{width}")
    finally:
        context.close()


@pytest.mark.parametrize("scheme", list(SCHEMES))
@pytest.mark.parametrize("width", list(WIDTHS))
def test_home_first_screen_is_one_question_one_box_and_a_person(
    browser, host: str, kb, width: str, scheme: str
) -> None:
    size = WIDTHS[width]
    context, page = _open(browser, size, scheme)
    try:
        page.goto(host)
        _wait_scheme(page, scheme)
        heading = page.locator(".kb-hero h1")
        assert heading.inner_text().strip().endswith("?")
        # One question and one box: no instructions stacked over it.
        shown = page.locator(".kb-hero").evaluate(
            """hero => { const out = [];
                 const walk = document.createTreeWalker(hero, NodeFilter.SHOW_TEXT);
                 while (walk.nextNode()) { const n = walk.currentNode, e = n.parentElement;
                   const r = e.getBoundingClientRect();
                   if (n.textContent.trim() && r.width > 2 && r.height > 2 && e.offsetParent)
                     out.push(e.closest('h1, p, label, button, a') || e); }
                 return [...new Set(out)].map(e => e.closest('h1, p') || e)
                   .filter((e, i, all) => all.indexOf(e) === i).map(e => e.tagName); }"""
        )
        assert shown == ["H1", "P"], f"the first screen shows {shown}"
        assert "Contact us" in page.locator(".kb-hero__contact").inner_text()
        boxes = page.locator("input[type=text], input[type=search], textarea")
        visible = [i for i in range(boxes.count()) if boxes.nth(i).is_visible()]
        assert len(visible) == 1, "two search boxes on one screen"
        # The placeholder fits its box (it was cut to "doesn't worl" on a phone).
        spare = page.locator(".kb-hero [data-kbgen-input]").evaluate(
            """input => { const s = getComputedStyle(input);
                 const ctx = document.createElement('canvas').getContext('2d');
                 ctx.font = `${s.fontWeight} ${s.fontSize} ${s.fontFamily}`;
                 const room = input.clientWidth - parseFloat(s.paddingLeft)
                   - parseFloat(s.paddingRight);
                 return room - ctx.measureText(input.placeholder).width; }"""
        )
        assert spare >= 0, f"the placeholder is cut by {-spare:.0f}px"
        # A person to ask, above the fold.
        contact = page.locator(".kb-hero").get_by_role("link", name="Contact us")
        box = contact.bounding_box()
        assert box and box["y"] + box["height"] <= size["height"]
        assert contact.get_attribute("href").rstrip("/").endswith("contact")
        # The heading in full text colour, not Material's washed-out grey.
        colours = heading.evaluate(
            """h => [getComputedStyle(h).color,
                     getComputedStyle(document.querySelector('.md-typeset')).color]"""
        )
        assert colours[0] == colours[1]
        _shot(page, f"home-{width}-{scheme}")
    finally:
        context.close()


# -- article ----------------------------------------------------------------------------------


@pytest.mark.parametrize("scheme", list(SCHEMES))
@pytest.mark.parametrize("width", list(WIDTHS))
def test_article_leads_with_the_answer(browser, host: str, kb, width: str, scheme: str) -> None:
    entry = kb.entry("password-not-working")
    size = WIDTHS[width]
    context, page = _open(browser, size, scheme)
    try:
        page.goto(host + entry.url)
        _wait_scheme(page, scheme)
        main = page.locator(".md-content article")
        # Right after the title: the Quick fix, once; the summary says the same, so it is
        # left to search results and topic lists.
        first = page.locator("h1 + *")
        assert "kb-answer" in first.get_attribute("class")
        assert first.locator("h2").inner_text() == "Quick fix"
        fix = "Check that Caps Lock is off. Then type your password again, slowly."
        assert fix in re.sub(r"\s+", " ", first.inner_text())
        text = re.sub(r"\s+", " ", main.inner_text())
        assert text.count(fix) == 1
        assert entry.summary not in text
        assert page.locator(".kb-body h2", has_text="Quick fix").count() == 0
        # The symptoms confirm, folded under the answer: the steps start on the first screen.
        symptoms = page.locator("details.kb-symptoms")
        assert symptoms.get_attribute("open") is None
        steps = page.locator(".kb-body h2", has_text="Step by step").bounding_box()
        assert steps and steps["y"] < size["height"], "the steps are pushed off the first screen"
        symptoms.locator("summary").click()
        assert symptoms.locator("li").count() == len(entry.symptoms)
        _shot(page, f"article-{width}-{scheme}")
    finally:
        context.close()


@pytest.mark.parametrize("width", list(WIDTHS))
def test_breadcrumb_is_one_line_flush_left(browser, host: str, kb, width: str) -> None:
    entry = kb.entry("password-not-working")
    context, page = _open(browser, WIDTHS[width])
    try:
        page.goto(host + entry.url)
        trail = page.get_by_role("navigation", name="Breadcrumb")
        first = trail.locator("li").first.bounding_box()
        heading = page.locator("h1").bounding_box()
        assert first and heading and abs(first["x"] - heading["x"]) < 1, "breadcrumb indented"
        line = float(trail.evaluate("e => parseFloat(getComputedStyle(e).lineHeight)"))
        height = trail.locator("ol").bounding_box()["height"]
        assert height < 1.5 * line, f"the breadcrumb wraps: {height}px for {line}px lines"
        assert trail.get_by_role("link", name="Logging in").is_visible()
    finally:
        context.close()


def test_glossary_words_are_underlined_where_first_used(browser, host: str, kb) -> None:
    entry = kb.entry("password-not-working")
    context, page = _open(browser, DESKTOP)
    try:
        page.goto(host + entry.url)
        titles = page.locator("article abbr").evaluate_all("els => els.map(e => e.title)")
        assert titles and len(titles) == len(set(titles)), titles
        text = page.locator("article").inner_text()
        assert text.count("Caps Lock") >= 3
        assert page.locator("article abbr", has_text="Caps Lock").count() == 1
    finally:
        context.close()


def test_article_shows_when_it_was_last_updated(browser, host: str, kb) -> None:
    entry = kb.entry("password-not-working")
    context, page = _open(browser, DESKTOP)
    try:
        page.goto(host + entry.url)
        updated = page.locator(".kb-reviewed")
        assert updated.inner_text().startswith("Last updated")
        assert updated.locator("time").get_attribute("datetime") == entry.reviewed.isoformat()
    finally:
        context.close()


def test_article_without_related_gets_the_nearest_articles(browser, variant_site: str, kb) -> None:
    context, page = _open(browser, DESKTOP)
    try:
        page.goto(variant_site + kb.entry("password-not-working").url)
        shown = page.locator(".kb-related a").evaluate_all(
            "links => links.map(a => a.pathname.replace(/\\/$/, '').split('/').pop())"
        )
        assert 1 <= len(shown) <= 3
        assert "password-not-working" not in shown
        assert "reset-password" in shown  # the owner's own first pick, found from the text
    finally:
        context.close()


# -- feedback ---------------------------------------------------------------------------------


@pytest.mark.parametrize("width", list(WIDTHS))
def test_feedback_status_shows_once(browser, host: str, kb, width: str) -> None:
    context, page = _open(browser, WIDTHS[width])
    try:
        page.goto(host + kb.entry("download-corrupt").url)
        page.locator(".kb-feedback").get_by_role("button", name="Yes").click()
        thanks = "Thank you! We're glad it helped."
        assert page.locator("[data-kb-status]").inner_text() == thanks  # for screen readers
        assert _visible_boxes(page, thanks) == 1
    finally:
        context.close()


@pytest.mark.parametrize("width", list(WIDTHS))
def test_what_was_missing_travels_to_contact_when_answers_go_nowhere(
    browser, host: str, kb, width: str
) -> None:
    """No feedback_url and no analytics: the words are not thrown away behind a "Thank you"."""
    entry = kb.entry("download-corrupt")
    context, page = _open(browser, WIDTHS[width])
    try:
        page.goto(host + entry.url)
        # Every answer passes one event, for whatever listens (analytics, collectors).
        page.evaluate(
            """() => document.addEventListener('kbgen:feedback', e => sessionStorage.setItem(
                 'answers', (sessionStorage.getItem('answers') || '') + JSON.stringify(e.detail)
                 + '\\n'))"""
        )
        feedback = page.locator(".kb-feedback")
        feedback.get_by_role("button", name="No").click()
        feedback.get_by_label("What was missing?").fill("Nothing about Chromebooks")
        button = feedback.get_by_role("button", name="Continue to contact us")
        assert "Thank you" not in feedback.inner_text()
        with page.expect_navigation():
            button.click()
        assert urlparse(page.url).path.rstrip("/").endswith("/contact")
        box = page.locator("[data-kbgen-search='contact'] textarea")
        assert box.input_value() == f"Help with: {entry.title}\nNothing about Chromebooks"
        send = page.locator("[data-kbgen-send]").get_attribute("href")
        query = parse_qs(urlparse(send).query)
        assert query["subject"] == [f"Help with: {entry.title}"]
        assert "Nothing about Chromebooks" in query["body"][0]
        stored = page.evaluate("sessionStorage.answers")
        answers = [json.loads(line) for line in stored.splitlines()]
        assert [(a["helpful"], a["missing"]) for a in answers] == [
            (False, ""),
            (False, "Nothing about Chromebooks"),
        ]
        _shot(page, f"feedback-to-contact-{width}")
    finally:
        context.close()


# -- 404 --------------------------------------------------------------------------------------


@pytest.mark.parametrize("width", list(WIDTHS))
def test_404_page_has_search_topics_and_contact(browser, host: str, kb, width: str) -> None:
    context, page = _open(browser, WIDTHS[width])
    try:
        response = page.goto(host + "logging-in/an-old-article-name/")
        assert response.status == 404
        assert "can't find that page" in page.locator("h1").inner_text()
        assert page.locator(".kb-card").count() == len(kb.categories)
        contact = page.locator(".kb-hero").get_by_role("link", name="Contact us")
        assert urlparse(contact.get_attribute("href")).path == "/contact/"
        box = page.locator(".kb-hero [data-kbgen-input]")
        box.fill("pasword wont work")
        first = page.locator(".kb-hero a.kbgen-result__link").first
        first.wait_for(state="visible", timeout=5000)
        assert urlparse(first.get_attribute("href")).path == "/logging-in/password-not-working/"
        _shot(page, f"404-{width}")
        first.click()
        page.wait_for_url(re.compile(r"/logging-in/password-not-working/$"))
    finally:
        context.close()


# -- glossary ---------------------------------------------------------------------------------


def test_glossary_also_called_lists_only_other_names(browser, variant_site: str) -> None:
    context, page = _open(browser, DESKTOP)
    try:
        page.goto(variant_site + "glossary/")
        browser_item = page.locator(".kb-glossary__item#browser")
        assert browser_item.locator(".kb-glossary__aliases").inner_text() == (
            "Also called: web browser."
        )
        everything = page.locator("article").inner_text()
        assert "Also called: case sensitive" not in everything  # the same words as case-sensitive
    finally:
        context.close()


def test_glossary_words_are_found_in_every_form(browser, variant_site: str, kb) -> None:
    """ "browsers" gets the explanation of "browser" without being listed as an alias."""
    from kbgen.content.glossary import abbreviations

    lines = abbreviations("Some browsers ask. Cookie settings. Unzipped files.", kb.site.glossary)
    forms = dict(re.findall(r"\*\[([^\]]+)\]: (.*)", lines))
    explain = {t.term: " ".join(t.explanation.split()) for t in kb.site.glossary}
    assert forms["browsers"] == explain["browser"]
    assert forms["Cookie"] == explain["cookies"]
    assert forms["Unzipped"] == explain["unzip"]


@pytest.mark.parametrize("width", list(WIDTHS))
def test_glossary_has_an_a_to_z_list(browser, host: str, kb, width: str) -> None:
    context, page = _open(browser, WIDTHS[width])
    try:
        page.goto(host + "glossary/")
        letters = page.get_by_role("navigation", name="Glossary letters").locator("a")
        wanted = sorted({t.term[0].upper() for t in kb.site.glossary})
        assert letters.all_inner_texts() == wanted
        letters.filter(has_text=re.compile("^S$")).click()
        page.wait_for_url(re.compile("#letter-s$"))
        page.wait_for_timeout(300)
        heading = page.locator("#letter-s").bounding_box()
        header = page.locator(".md-header").bounding_box()
        assert heading["y"] >= header["y"] + header["height"] - 1, "the letter is under the header"
        assert heading["y"] < WIDTHS[width]["height"] / 2
        _shot(page, f"glossary-s-{width}")
    finally:
        context.close()


def test_glossary_tooltip_is_readable_on_a_phone(browser, host: str, kb) -> None:
    context, page = _open(browser, PHONE)
    try:
        page.goto(host + kb.entry("password-not-working").url)
        term = page.locator(".kb-answer abbr").first  # Caps Lock, in the Quick fix
        term.tap()
        tooltip = page.locator("[role=tooltip] .md-tooltip2__inner").first
        tooltip.wait_for(state="visible", timeout=3000)
        size = float(tooltip.evaluate("e => parseFloat(getComputedStyle(e).fontSize)"))
        assert size >= 14, f"tooltip text is {size}px"
        _shot(page, "tooltip-phone")
    finally:
        context.close()


# -- contact ----------------------------------------------------------------------------------


@pytest.mark.parametrize("width", list(WIDTHS))
def test_contact_shows_the_address_to_copy(browser, host: str, kb, width: str) -> None:
    email = kb.site.contact.email
    context, page = _open(browser, WIDTHS[width])
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    try:
        page.goto(host + "contact/")
        send = page.locator("[data-kbgen-send]")
        assert send.get_attribute("href").startswith(f"mailto:{email}")
        beside = page.locator(".kbgen-search__send")
        assert beside.locator(".kb-email-copy__address").inner_text() == email
        beside.get_by_role("button", name="Copy address").click()
        page.wait_for_function("document.querySelector('[data-kb-copy-status]').textContent")
        assert page.evaluate("navigator.clipboard.readText()") == email
        _shot(page, f"contact-{width}")
    finally:
        context.close()


def test_contact_form_is_the_main_way_when_the_owner_has_one(browser, variant_site: str) -> None:
    context, page = _open(browser, PHONE)
    try:
        page.goto(variant_site + "contact/")
        page.locator("[data-kbgen-search='contact'] textarea").fill("My refund has not arrived")
        send = page.locator("[data-kbgen-send]")
        assert "md-button--primary" in send.get_attribute("class")
        href = urlparse(send.get_attribute("href"))
        assert href.netloc == "forms.example"
        assert parse_qs(href.query)["message"] == ["My refund has not arrived"]
        form = page.get_by_role("link", name="Open our contact form")
        assert "md-button--primary" in form.get_attribute("class")
        # The email stays as a second way, as text to copy.
        assert page.locator(".kb-contact-details .kb-email-copy__address").is_visible()
        _shot(page, "contact-form-phone")
    finally:
        context.close()


# -- privacy ----------------------------------------------------------------------------------


def _outside_requests(browser, base: str, paths: list[str]) -> list[str]:
    """Every request a customer's browser makes that leaves the site (each one is refused)."""
    outside: list[str] = []
    context = browser.new_context(viewport=DESKTOP)

    def check(route) -> None:
        url = route.request.url
        if url.startswith(base) or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            outside.append(url)
            route.abort()

    context.route("**/*", check)
    page = context.new_page()
    try:
        for path in paths:
            page.goto(base + path)
            page.wait_for_load_state("networkidle")
            box = page.locator("[data-kbgen-input]").first
            box.fill("pasword wont work")
            page.wait_for_timeout(200)
    finally:
        context.close()
    return outside


PAGE_TYPES = ["", "logging-in/", "logging-in/password-not-working/", "glossary/", "contact/"]


def test_built_site_requests_nothing_outside_itself(browser, host: str) -> None:
    assert _outside_requests(browser, host, [*PAGE_TYPES, "no-such-page/"]) == []


def test_an_owner_who_sets_no_font_still_gets_system_fonts(browser, variant_site: str) -> None:
    assert _outside_requests(browser, variant_site, PAGE_TYPES[:3]) == []


def test_example_and_new_projects_use_system_fonts(repo: Path, tmp_path: Path) -> None:
    from kbgen.site.scaffold import init_project

    example = yaml.safe_load((repo / "mkdocs.yml").read_text("utf-8"))
    assert example["theme"]["font"] is False
    init_project(tmp_path / "new", site_name="Acme Help")
    new = yaml.safe_load((tmp_path / "new" / "mkdocs.yml").read_text("utf-8"))
    assert new["theme"]["font"] is False


@pytest.mark.parametrize(
    ("theme_font", "option", "loads"),
    [
        ("", "", False),  # nothing said: system fonts
        ("  font:\n    text: Inter\n", "", True),  # a font the owner names is loaded
        ("", "      google_fonts: true\n", True),  # Material's Roboto, asked for
    ],
)
def test_google_fonts_only_when_the_owner_asks(
    kb_copy: Path, theme_font: str, option: str, loads: bool
) -> None:
    from mkdocs.config import load_config

    config = kb_copy / "mkdocs.yml"
    text = re.sub(r"\n  font: .*", "", config.read_text("utf-8"))
    text = text.replace("  name: material\n", "  name: material\n" + theme_font)
    text = text.replace("      home_title: How can we help?\n", "      home_title: x\n" + option)
    config.write_text(text, encoding="utf-8")
    loaded = load_config(str(config))
    loaded = loaded.plugins.on_config(loaded)
    assert (loaded.theme["font"] is not False) is loads
