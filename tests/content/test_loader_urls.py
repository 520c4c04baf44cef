"""Addresses and icon names in site data: only safe ones load, the rest are content errors."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from kbgen.content.loader import collect_kb
from kbgen.content.urls import WEB, WEB_OR_MAIL, icon_ok, url_problem
from kbgen.site.build import build_site

ARTICLE = """---
title: My password doesn't work
summary: Passwords are case-sensitive.
---
## Quick fix
Check Caps Lock.
"""


@pytest.fixture
def kb(tmp_path: Path) -> Path:
    (tmp_path / "logging-in").mkdir()
    (tmp_path / "logging-in" / "password-not-working.md").write_text(ARTICLE, "utf-8")
    return tmp_path


def contact_problems(kb: Path, form_url: str) -> tuple[str, list[str]]:
    data = {"email": "help@shop.example", "form_url": form_url, "reply_time": "today"}
    (kb / "_contact.yml").write_text(yaml.safe_dump(data, sort_keys=False), "utf-8")
    loaded, problems = collect_kb(kb)
    return loaded.site.contact.form_url, [str(p) for p in problems]


@pytest.mark.parametrize(
    "url",
    [
        "https://shop.example/contact",
        "http://shop.example/contact?topic=help",
        "HTTPS://SHOP.EXAMPLE/",
        "mailto:help@shop.example",
    ],
)
def test_web_and_mail_addresses_are_accepted(kb: Path, url: str) -> None:
    assert contact_problems(kb, url) == (url, [])


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(document.domain)//",
        "JaVaScRiPt:alert(1)",
        " javascript:alert(1)",
        "java\tscript:alert(1)",
        "java\nscript:alert(1)",
        "javascript\x00:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
        "//evil.example/form",
        "/contact",
        "https:///no-host",
        "shop.example/contact",
    ],
)
def test_other_addresses_are_content_errors_with_their_line(kb: Path, url: str) -> None:
    form_url, problems = contact_problems(kb, url)
    assert form_url == ""  # never handed to the site
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"{kb / '_contact.yml'}:2: "), problems
    assert "form_url: https://" in problems[0]  # how to fix it


def test_url_rules() -> None:
    assert url_problem("https://shop.example/feedback") is None
    assert url_problem("/feedback", WEB, site_path=True) is None
    assert url_problem("/feedback", WEB) is not None
    for sneaky in ("//evil.example", "/\\evil.example"):
        assert url_problem(sneaky, WEB, site_path=True) is not None
    assert url_problem("mailto:help@shop.example", WEB) is not None
    assert url_problem("mailto:help@shop.example", WEB_OR_MAIL) is None


@pytest.mark.parametrize(
    ("icon", "ok"),
    [
        ("material/key-variant", True),
        ("fontawesome/brands/github", True),
        ("octicons/mark-github-16", True),
        ("🔑", True),
        ("<svg onload=alert(1)>", False),
        ('material/key" onload="alert(1)', False),
        ("material/../../partials/header", False),
        ("/etc/passwd", False),
        ("material/", False),
        ("key", False),
    ],
)
def test_icon_names(kb: Path, icon: str, ok: bool) -> None:
    assert icon_ok(icon) is ok
    index = f"---\ntitle: Logging in\nicon: {yaml.safe_dump(icon).splitlines()[0]}\n---\n"
    (kb / "logging-in" / "index.md").write_text(index, "utf-8")
    loaded, problems = collect_kb(kb)
    if ok:
        assert problems == [] and loaded.categories[0].icon == icon
    else:
        assert [str(p).split(" — ")[0] for p in problems] == [
            f"{kb / 'logging-in' / 'index.md'}:3: '{icon}' is not an icon name"
        ]


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title = ""
        self.text: list[str] = []
        self.meta: dict[str, str] = {}
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in_title = tag == "title"
        values = dict(attrs)
        if tag == "meta" and values.get("name"):
            self.meta[values["name"] or ""] = values.get("content") or ""

    def handle_endtag(self, tag: str) -> None:
        self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        self.text.append(data)


def test_escaped_text_reads_as_written(tmp_path: Path) -> None:
    """Escaping changes the HTML, not what the customer reads."""
    content = tmp_path / "content"
    (content / "food").mkdir(parents=True)
    (content / "food" / "index.md").write_text(
        '---\ntitle: Fish & chips <3\ndescription: Cod, "chips" & peas\n---\n', "utf-8"
    )
    (content / "food" / "fish-and-chips.md").write_text(
        '---\ntitle: Fish & chips <3\nsummary: Salt & vinegar, "always" <b>hot</b>\n'
        "symptoms: [it's cold & soggy]\n---\n## Quick fix\nReheat it & enjoy.\n",
        "utf-8",
    )
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        "site_name: Chip Shop\ndocs_dir: content\ntheme: {name: material}\nplugins: [kbgen]\n",
        "utf-8",
    )
    build_site(config)
    page = _Text()
    page.feed((tmp_path / "site" / "food" / "fish-and-chips" / "index.html").read_text("utf-8"))
    text = " ".join(" ".join(page.text).split())
    assert page.title.strip() == "Fish & chips <3 - Chip Shop"
    assert page.meta["description"] == 'Salt & vinegar, "always" <b>hot</b>'
    assert "Fish & chips <3" in text
    assert "Quick fix Reheat it & enjoy." in text  # the article leads with its Quick fix
    assert "it's cold & soggy" in text
    assert "&amp;" not in text and "&lt;" not in text  # nothing escaped twice
    home = _Text()
    home.feed((tmp_path / "site" / "index.html").read_text("utf-8"))
    home_text = " ".join(" ".join(home.text).split())
    assert 'Fish & chips <3 Cod, "chips" & peas' in home_text
    topic = _Text()  # the summary leads the topic's list of articles
    topic.feed((tmp_path / "site" / "food" / "index.html").read_text("utf-8"))
    assert 'Salt & vinegar, "always" <b>hot</b>' in " ".join(" ".join(topic.text).split())
