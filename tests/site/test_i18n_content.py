"""What the two-language example builds (English at the root, German in site/de/), read from
the built files; and what `kbgen check` and `kbgen build` say about a layout they cannot
publish, run as a user runs them."""

from __future__ import annotations

import re
from pathlib import Path

from tests.support.cli import kbgen

TRANSLATED = "logging-in/reset-password/"
UNTRANSLATED = "logging-in/username-not-recognised/"


def read(site: Path, path: str) -> str:
    return (site / path / "index.html" if not path.endswith(".html") else site / path).read_text(
        "utf-8"
    )


def test_each_language_has_its_own_pages_and_search_index(example_site: Path) -> None:
    german = example_site / "de"
    assert "Passwort zurücksetzen" in read(german, TRANSLATED)
    # The German topic lists its German articles only, under its German name.
    topic = read(german, "logging-in/")
    assert "<h1>Anmelden</h1>" in topic
    assert "Passwort zurücksetzen" in topic and "username-not-recognised" not in topic
    # Each build's index holds its own language's articles.
    index_de = (german / "search" / "kbgen-index.js").read_text("utf-8")
    index_en = (example_site / "search" / "kbgen-index.js").read_text("utf-8")
    assert "Passwort zurücksetzen" in index_de and "Reset your password" not in index_de
    assert "Reset your password" in index_en and "Passwort zurücksetzen" not in index_en
    # The default language's build makes no page of a German file.
    assert not (example_site / "de" / "de").exists()
    assert "Passwort" not in read(example_site, "logging-in/")


def test_each_language_names_the_site_in_its_own_words(example_site: Path) -> None:
    """site_names in mkdocs.yml: German pages carry the German name, English ones site_name."""
    title = re.compile(r"<title>([^<]*)</title>")
    assert title.search(read(example_site, "")).group(1).endswith("- Brightleaf Studio Help Centre")
    for path in ("", TRANSLATED, UNTRANSLATED):
        page = read(example_site / "de", path)
        assert title.search(page).group(1).endswith("- Brightleaf Studio Hilfe-Center"), path
        assert "Help Centre" not in page, path


def test_a_site_name_for_a_language_the_site_lacks_is_a_warning_at_its_line(kb_copy: Path) -> None:
    config = kb_copy / "mkdocs.yml"
    text = config.read_text("utf-8")
    assert "site_names: {de:" in text
    config.write_text(text.replace("site_names: {de:", "site_names: {fr: Aide, de:"), "utf-8")
    line = next(i for i, t in enumerate(text.splitlines(), 1) if "site_names:" in t)
    build = kbgen("build", "--strict", cwd=kb_copy)  # a warning: --strict refuses to publish
    assert build.returncode == 1 and not (kb_copy / "site").exists()
    out = " ".join((build.stdout + build.stderr).split())
    assert (
        f"mkdocs.yml:{line}: site_names: 'fr' is not one of the site's other languages (de)" in out
    )

    # A name is text, printed as text: markup in it never reaches a page as markup.
    hostile = "<script>alert(7)</script><img src=x onerror=alert(8)> Hilfe"
    config.write_text(re.sub(r"site_names: \{[^}]*\}", f"site_names: {{de: '{hostile}'}}", text))
    kbgen("build", cwd=kb_copy, check=True)
    for path in ("", TRANSLATED):
        page = read(kb_copy / "site" / "de", path)
        assert "&lt;script&gt;alert(7)&lt;/script&gt;" in page, path
        assert "<script>alert(7)" not in page and "onerror=alert(8)>" not in page, path


def sitemap(site: Path) -> dict[str, dict[str, str]]:
    """<loc> -> {hreflang: URL} of each page in a sitemap.xml."""
    import xml.etree.ElementTree as ET

    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    root = ET.parse(site / "sitemap.xml").getroot()
    return {
        url.findtext("s:loc", namespaces=ns): {
            link.get("hreflang"): link.get("href") for link in url.findall("x:link", ns)
        }
        for url in root.findall("s:url", ns)
    }


def test_hreflang_names_each_translation_and_the_default(example_site: Path) -> None:
    """In each language's sitemap.xml, fully-qualified; not as <link rel=alternate> in the
    pages' <head>, where Material's script would fetch a sitemap.xml beside each one (from a
    preview, requests to the live site)."""
    root = "https://help.brightleaf.example/"  # the example's site_url
    both = {
        "en": root + TRANSLATED,
        "de": root + "de/" + TRANSLATED,
        "x-default": root + TRANSLATED,
    }
    english, german = sitemap(example_site), sitemap(example_site / "de")
    assert english[root + TRANSLATED] == both
    assert german[root + "de/" + TRANSLATED] == both
    assert german[root + "de/logging-in/"]["en"] == root + "logging-in/"
    assert english[root + UNTRANSLATED] == {}  # only in English: no alternates
    # Not available pages are no page to index; their article's own page is.
    assert root + "de/" + UNTRANSLATED not in german
    missing = read(example_site / "de", UNTRANSLATED)
    assert '<meta name="robots" content="noindex">' in missing
    for path in (TRANSLATED, "de/" + TRANSLATED, "de/" + UNTRANSLATED, ""):
        assert 'rel="alternate"' not in read(example_site, path), path


def test_the_404_page_switches_language_from_the_site_root(example_site: Path) -> None:
    """Servers show 404.html at any address, so its links cannot be relative."""
    page = read(example_site, "404.html")
    links = dict(re.findall(r'<a href="([^"]*)" hreflang="(\w+)" class="md-select__link', page))
    assert links == {"/": "en", "/de/": "de"}
    assert "not translated yet" not in page


def test_check_and_build_report_what_the_layout_cannot_publish(kb_copy: Path) -> None:
    content = kb_copy / "content"
    typo = content / "de" / "logging-in" / "reset-pasword.md"
    typo.write_text("---\ntitle: Passwort\nsummary: Kurz.\n---\nText.\n", "utf-8")
    french = content / "fr" / "logging-in" / "reset-password.md"
    french.parent.mkdir(parents=True)
    french.write_text("---\ntitle: Mot de passe\nsummary: Court.\n---\nTexte.\n", "utf-8")
    check = kbgen("check", cwd=kb_copy)
    assert check.returncode == 1
    out = check.stdout + check.stderr
    assert (
        "content/de/logging-in/reset-pasword.md:1: content: this article has no original in the "
        "site's default language (content/logging-in/reset-pasword.md does not exist)"
    ) in out
    assert "did you mean content/de/logging-in/reset-password.md?" in out
    assert "content/fr:1: content: 'fr/' looks like a folder of articles in French" in out
    assert "'languages: [en, de, fr]'" in out
    site = kb_copy / "site"
    build = kbgen("build", cwd=kb_copy)
    assert build.returncode == 1 and not site.exists()
    assert "reset-pasword.md:1:" in build.stdout + build.stderr


def test_kbgen_search_searches_the_language_asked_for(repo: Path) -> None:
    import json

    german = kbgen("search", "--lang", "de", "--json", "passwort vergessen", cwd=repo)
    assert german.returncode == 0, german.stderr
    top = json.loads(german.stdout)["results"][0]
    assert (top["slug"], top["title"]) == ("reset-password", "Passwort zurücksetzen")
    english = kbgen("search", "--json", "forgot password", cwd=repo)
    assert json.loads(english.stdout)["results"][0]["title"] == "Reset your password"
    unknown = kbgen("search", "--lang", "fr", "x", cwd=repo)
    assert unknown.returncode == 2 and "it has en, de" in unknown.stderr


def test_check_names_site_text_a_translation_leaves_in_english(kb_copy: Path) -> None:
    from kbgen.check.runner import check_kb

    german = kb_copy / "content" / "de"
    (german / "getting-help" / "index.md").unlink()
    (german / "_contact.yml").unlink()
    report = check_kb(kb_copy / "content", config_file=kb_copy / "mkdocs.yml")
    found = {
        (p.path.relative_to(kb_copy).as_posix(), p.rule, p.severity): p.message
        for p in report.findings
    }
    topic = found[("content/de/getting-help", "untranslated-site-text", "warning")]
    assert "has no German title, so its German pages show 'Getting help'" in topic
    contact = found[("content/de/_contact.yml", "untranslated-site-text", "warning")]
    assert "'within one working day'" in contact
    # The German articles are checked too, in German: all 25 articles of both languages.
    assert report.articles == 25 and len(found) == 2
