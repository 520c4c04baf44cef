"""No script gets into the site: hostile values in every content field, opened in Chromium.

One project holds every payload in every field a contributor (or a customer's ticket, through
`kbgen mine --publish`) can fill. It is built with `kbgen build` as the owner builds it, and
every page type is opened in headless Chromium, searched, and clicked through while counting
`alert()` dialogs. Each payload's alert carries a number that names its field and payload, so
a failure says where the script got in. Values the build refuses (unsafe URLs, icon names)
are asserted as content errors instead.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import Error as PlaywrightError

from tests.support.cli import bare_env, kbgen
from tests.support.serving import serve_dir

# Each template puts a number in alert(): field * 100 + payload number.
PAYLOADS = (
    "<script>alert({n})</script>",
    '"><img src=x onerror=alert({n})>',
    "'><svg onload=alert({n})>",
    "</title></textarea><script>alert({n})</script>",
    '" autofocus onfocus=alert({n}) x="',
    "</script><script>alert({n})</script>",
    '<a href="javascript:alert({n})">click me</a>',
    "javascript:alert({n})",
    # One long word: cut off with an ellipsis in the nav, which Material then shows as HTML.
    '<img/src="x"/onerror=alert({n})//too-long-to-fit-in-the-navigation-sidebar>',
)
# Fields that take free text. URL fields take the payloads inside an http(s) URL.
FIELDS = (
    "article title",
    "article summary",
    "article symptoms",
    "article tags",
    "article body",
    "category title",
    "category description",
    "glossary term",
    "glossary explanation",
    "glossary aliases",
    "contact name",
    "contact email",
    "contact reply_time",
    "contact form_url",
    "most-asked question",
    "home_title",
    "feedback_url",
    "site_name",
    "ticket text (mine --publish)",
)
TICKET_SCRIPT = "<script>alert(9999)</script>"


def payload(field: str, i: int) -> str:
    return PAYLOADS[i].format(n=(FIELDS.index(field) + 1) * 100 + i + 1)


def payloads(field: str) -> list[str]:
    return [payload(field, i) for i in range(len(PAYLOADS))]


def where(number: int) -> str:
    """The field and payload an alert number comes from."""
    if number == 9999:
        return "ticket text (mine --publish)"
    field, index = divmod(number, 100)
    return f"{FIELDS[field - 1]} × {PAYLOADS[index - 1]!r}"


def no_spaces(text: str) -> str:
    return text.replace(" ", "/")


def dump(path: Path, data: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")


def write_article(path: Path, meta: dict[str, object], body: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
    path.write_text(f"---\n{front}---\n{body}\n", "utf-8")


def write_hostile_project(root: Path) -> None:
    """A knowledge base with every payload in every field the build accepts."""
    content = root / "content"
    mkdocs = {
        "site_name": "Hostile Shop Help " + " ".join(payloads("site_name")),
        "site_description": "Help " + " ".join(payloads("site_name")),
        "site_url": "https://help.shop.example/",
        "docs_dir": "content",
        "theme": {"name": "material", "features": ["content.tooltips"]},
        "plugins": [
            {
                "kbgen": {
                    "home_title": "Help " + " ".join(payloads("home_title")),
                    "feedback_url": "https://feedback.shop.example/collect?x="
                    + no_spaces("".join(payloads("feedback_url"))),
                }
            }
        ],
        "markdown_extensions": [
            "abbr",
            "admonition",
            "attr_list",
            "md_in_html",
            "tables",
            "toc",
            "pymdownx.details",
            "pymdownx.superfences",
        ],
    }
    dump(root / "mkdocs.yml", mkdocs)

    # A plain topic with the article that the customers' tickets are about.
    write_article(
        content / "logging-in" / "index.md",
        {"title": "Logging in", "description": "Passwords and logins.", "icon": "material/key"},
        "",
    )
    write_article(
        content / "logging-in" / "password-not-working.md",
        {
            "title": "My password doesn't work",
            "summary": "Passwords are case-sensitive. Check Caps Lock.",
            "symptoms": ["password doesn't work", "invalid password", "can't log in"],
            "tags": ["login", "password"],
        },
        "## Quick fix\n\nCheck that Caps Lock is off and uses a cookie.\n",
    )
    # One topic and one article per payload, each field holding that payload.
    for i in range(len(PAYLOADS)):
        folder = content / f"hostile-{i + 1}"
        write_article(
            folder / "index.md",
            {
                "title": f"Topic {i + 1}, a long title {payload('category title', i)}",
                "description": f"About {payload('category description', i)}",
                "icon": "material/alert",
            },
            "",
        )
        body = textwrap.dedent(
            f"""\
            ## Quick fix

            The cookie trick: {payload("article body", i)}

            ## A heading `{payload("article body", i)}`

            [A link](https://shop.example/ "{payload("article body", i).replace('"', "'")}")

            <div markdown>{payload("article body", i)}</div>

            <p onclick="alert({(FIELDS.index("article body") + 1) * 100 + 99})">text</p>

            <div id="__config">{{"base": "javascript:alert(1)//", "features": []}}</div>

            ## Step by step

            1. Open the page.
            2. {payload("article body", i)}
            """
        )
        write_article(
            folder / f"article-{i + 1}.md",
            {
                "title": f"Script alert {i + 1} {payload('article title', i)}",
                "summary": f"Summary {payload('article summary', i)}",
                "symptoms": [f"it says {payload('article symptoms', i)}"],
                "tags": [payload("article tags", i)],
                "related": ["password-not-working"],
                "featured": True,
            },
            body,
        )
    dump(
        content / "_glossary.yml",
        {
            "terms": [
                {
                    "term": "cookie",
                    "explanation": "A small note. " + " ".join(payloads("glossary explanation")),
                    "aliases": payloads("glossary aliases"),
                },
                *(
                    {"term": term, "explanation": "Plain words."}
                    for term in payloads("glossary term")
                ),
            ]
        },
    )
    dump(
        content / "_contact.yml",
        {
            "name": " ".join(payloads("contact name")),
            "email": "help+" + no_spaces(payload("contact email", 1)) + "@shop.example",
            "reply_time": "within a day " + " ".join(payloads("contact reply_time")),
            "form_url": "https://forms.shop.example/help?from="
            + no_spaces("".join(payloads("contact form_url"))),
        },
    )


def write_ticket_export(path: Path) -> None:
    """Customers asking about their password, every one of them with a script in the text."""
    lines = ["ticket_id,date,customer,title,message"]
    for n in range(24):
        text = f"My password doesn't work {TICKET_SCRIPT} it says invalid password"
        lines.append(f'T{n},0{1 + n % 9}/01/2026 09:00,buyer{n}@mail.example,"{text}","{text}"')
    path.write_text("\n".join(lines) + "\n", "utf-8")


def add_most_asked_payloads(content: Path) -> None:
    """The hand-edited lines of _most-asked.yml, next to the published ones."""
    path = content / "_most-asked.yml"
    data = yaml.safe_load(path.read_text("utf-8")) if path.is_file() else {}
    questions = list((data or {}).get("questions") or [])
    questions += [
        {"question": p, "article": f"article-{i + 1}", "customers": 1}
        for i, p in enumerate(payloads("most-asked question"))
    ]
    dump(path, {**(data or {}), "questions": questions})


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    root = tmp_path_factory.mktemp("hostile")
    write_hostile_project(root)
    export = root / "tickets.csv"
    write_ticket_export(export)
    mined = kbgen("mine", str(export), "--kb", "content", "--publish", cwd=root, env=bare_env(200))
    assert mined.returncode == 0, mined.stdout + mined.stderr
    published = (root / "content" / "_most-asked.yml").read_text("utf-8")
    add_most_asked_payloads(root / "content")
    built = kbgen("build", cwd=root, env=bare_env(200))
    assert built.returncode == 0, built.stdout + built.stderr
    return {"root": root, "site": root / "site", "published": published}


@pytest.fixture(scope="module")
def hostile_url(hostile: dict[str, object]) -> Iterator[str]:
    server, url = serve_dir(hostile["site"])  # type: ignore[arg-type]
    yield url
    server.shutdown()


def search(page, selector: str, text: str) -> None:
    """Type into a search box as a customer would, and wait for its results."""
    box = page.locator(selector)
    box.fill("")
    box.press_sequentially(text, delay=0)
    page.wait_for_function(
        "s => document.querySelector(s).closest('[data-kbgen-search]')"
        ".querySelector('[data-kbgen-results]').hasAttribute('data-kbgen-query')",
        arg=selector,
    )
    page.keyboard.press("ArrowDown")


# Every page type, and what to do on it besides loading it.
PAGES = (
    ("home", "", ("#kbgen-search-hero-input",)),
    ("category", "hostile-1/", ()),
    ("article", "hostile-1/article-1/", ("feedback",)),
    ("article", "hostile-5/article-5/", ("feedback",)),
    ("glossary", "glossary/", ()),
    ("contact", "contact/", ("contact",)),
    ("404", "404.html", ("#kbgen-search-hero-input",)),
)
TYPED = ("<script>alert(1)</script> script alert", '"><img src=x onerror=alert(2)>')


def test_no_payload_runs_on_any_page(browser, hostile, hostile_url: str) -> None:
    fired: list[str] = []
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    # Nothing leaves the machine: the owner's form and feedback addresses are made up.
    context.route(
        lambda url: not url.startswith(hostile_url),
        lambda route: route.abort(),
    )
    page = context.new_page()

    def on_dialog(dialog) -> None:
        fired.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.set_default_timeout(5000)
    stuck: list[str] = []

    def attempt(action) -> None:
        try:
            action()
        except PlaywrightError as exc:
            stuck.append(f"{kind}: {str(exc).splitlines()[0]}")

    javascript_links: list[str] = []
    for kind, path, actions in PAGES:
        page.goto(hostile_url + path)
        page.wait_for_load_state("load")
        javascript_links += [
            f"{kind}: {href}"
            for href in page.eval_on_selector_all(
                "[href], [src], [action], [formaction]",
                """els => els.map(e => e.getAttribute('href') || e.getAttribute('src')
                    || e.getAttribute('action') || e.getAttribute('formaction') || '')
                    .filter(v => /^\\s*(javascript|vbscript|data:text\\/html)/i
                    .test(v.replace(/[\\u0000-\\u0020]/g, '')))""",
            )
        ]
        # Material shows titles and cut-off (ellipsis) text as tooltips: hover over them.
        for hovered in page.locator("abbr[title], .md-typeset [title], .md-ellipsis").all():
            if hovered.is_visible():
                attempt(lambda h=hovered: h.hover(timeout=1000, force=True))
        # Pages with their own big search box (home, 404) have none in the header.
        header = ("#kbgen-search-header-input",)
        header = header if page.locator(header[0]).count() else ()
        for selector in (*header, *(a for a in actions if a[0] == "#")):
            for text in TYPED:
                attempt(lambda s=selector, t=text: search(page, s, t))
        if "feedback" in actions:
            attempt(lambda: page.get_by_role("button", name="No").click())
            attempt(lambda: page.locator("#kb-missing-text").fill(TYPED[0]))
            attempt(lambda: page.locator("[data-kb-missing] button[type=submit]").click())
            attempt(lambda: page.locator("[data-kb-contact] .kb-contact-link").click())
        if "contact" in actions:
            box = page.locator("#kbgen-search-contact-input")
            attempt(lambda b=box: b.press_sequentially(TYPED[1], delay=0))
            attempt(lambda: page.locator("[data-kbgen-send]").click())
        page.wait_for_timeout(100)
    context.close()

    tried = len(PAYLOADS) * (len(FIELDS) - 1) + 1
    print(
        f"\npayloads × fields tried: {len(PAYLOADS)} × {len(FIELDS) - 1} + 1 ticket = {tried};"
        f" pages opened: {len(PAGES)}; alerts fired: {len(fired)}"
        f" ({len(set(fired))} distinct); javascript: links: {len(javascript_links)}"
    )
    for message in fired:
        number = int(message) if message.isdigit() else -1
        print(f"  fired: {message} ({where(number) if number > 0 else 'typed'})")
    assert stuck == [], stuck
    assert fired == [], [f"{m}: {where(int(m)) if m.isdigit() else m}" for m in fired]
    assert javascript_links == []


def test_the_ticket_path_was_exercised(hostile) -> None:
    """The published list really came from the hostile tickets and reached the home page."""
    published = yaml.safe_load(hostile["published"])
    assert any(q["article"] == "password-not-working" for q in published["questions"])
    home = (hostile["site"] / "index.html").read_text("utf-8")
    assert "kb-most-asked" in home


def test_payload_text_reads_literally(browser, hostile, hostile_url: str) -> None:
    """Escaped, not dropped: a title with markup in it shows the characters as written."""
    page = browser.new_page()
    page.goto(hostile_url + "hostile-1/article-1/")
    assert page.locator("h1").inner_text() == f"Script alert 1 {payload('article title', 0)}"
    assert page.title().startswith(f"Script alert 1 {payload('article title', 0)}")
    description = page.locator("meta[name=description]").get_attribute("content")
    assert description == f"Summary {payload('article summary', 0)}"
    # The summary leads the topic's list (the article itself leads with its Quick fix).
    page.goto(hostile_url + "hostile-1/")
    summary = page.locator(".kb-article-list__summary").first.inner_text()
    assert payload("article summary", 0) in summary
    page.goto(hostile_url + "glossary/")
    assert payload("glossary term", 0) in page.locator("article").inner_text()
    page.close()


class _Markup(HTMLParser):
    """Every tag and attribute in a piece of HTML."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes += [(tag, name, value or "") for name, value in attrs]


def test_article_body_html_is_sanitized(hostile) -> None:
    html = (hostile["site"] / "hostile-1" / "article-1" / "index.html").read_text("utf-8")
    body = html.split('<section class="kb-answer"', 1)[1].split('<section class="kb-feedback"')[0]
    markup = _Markup()
    markup.feed(body)
    assert not {"script", "iframe", "form", "style", "object", "embed"} & set(markup.tags)
    assert [a for a in markup.attributes if a[1].startswith("on") or a[1] == "style"] == []
    links = [v for _, name, v in markup.attributes if name in ("href", "src")]
    assert not [v for v in links if not v.startswith(("#", "http", "mailto:", "../", "x"))]
    # No element takes an id the page's scripts look up (Material reads "#__config").
    assert [v for _, name, v in markup.attributes if name == "id" and v.startswith("__")] == []
    # Titles hold text: Material's tooltips show them as HTML.
    assert not [v for _, name, v in markup.attributes if name == "title" and "<" in v]
    # What Markdown legitimately makes is kept.
    assert '<h2 id="quick-fix">' in body and "<ol>" in body and "<abbr title=" in body


@pytest.mark.parametrize(
    ("file", "key", "value"),
    [
        ("_contact.yml", "form_url", "javascript:alert(document.domain)//"),
        ("_contact.yml", "form_url", " JaVaScRiPt:alert(1)"),
        ("_contact.yml", "form_url", "java\tscript:alert(1)"),
        ("_contact.yml", "form_url", "data:text/html,<script>alert(1)</script>"),
        ("_contact.yml", "form_url", "vbscript:msgbox(1)"),
        ("_contact.yml", "form_url", "//evil.example/form"),
        ("logging-in/index.md", "icon", "<svg onload=alert(1)>"),
        ("logging-in/index.md", "icon", "material/../../partials/header"),
        ("mkdocs.yml", "feedback_url", "javascript:alert(1)"),
    ],
)
def test_unsafe_urls_and_icons_are_content_errors(
    tmp_path: Path, file: str, key: str, value: str
) -> None:
    content = tmp_path / "content"
    write_article(
        content / "logging-in" / "index.md",
        {"title": "Logging in", "icon": value if key == "icon" else "material/key"},
        "",
    )
    write_article(
        content / "logging-in" / "password-not-working.md",
        {"title": "My password doesn't work", "summary": "Check Caps Lock."},
        "## Quick fix\n\nCheck Caps Lock.\n",
    )
    contact = {"email": "help@shop.example", "reply_time": "within a day"}
    if file == "_contact.yml":
        contact[key] = value
    dump(content / "_contact.yml", contact)
    plugin = {"feedback_url": value} if file == "mkdocs.yml" else {}
    dump(
        tmp_path / "mkdocs.yml",
        {
            "site_name": "Shop Help",
            "docs_dir": "content",
            "theme": {"name": "material"},
            "plugins": [{"kbgen": plugin}],
        },
    )
    result = kbgen("build", cwd=tmp_path, env=bare_env(200))
    output = " ".join((result.stdout + result.stderr).split())
    assert result.returncode != 0, output
    assert not (tmp_path / "site").exists()
    if file == "mkdocs.yml":
        lines = (tmp_path / "mkdocs.yml").read_text("utf-8").splitlines()
        line = next(i for i, text in enumerate(lines, 1) if "feedback_url" in text)
        assert f"mkdocs.yml:{line}: feedback_url: " in output, output
    else:
        line = 3  # the line of the key in the file written above
        assert f"content/{file}:{line}:" in output, output
