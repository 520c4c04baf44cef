"""kbgen's interface strings: the shipped catalogs, the owner's overrides, the fallback to
English and `kbgen check` naming what falls back."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kbgen.i18n import load_catalog, shipped_languages
from kbgen.i18n.catalog import STRINGS_DIR, _shipped
from tests.support.cli import kbgen

PLACEHOLDER = re.compile(r"\{(\w+)\}")


def test_the_five_languages_ship_complete() -> None:
    assert {"en", "de", "fr", "es", "nl"} <= set(shipped_languages())
    english = _shipped("en")
    for language in shipped_languages():
        strings = _shipped(language)
        assert set(strings) == set(english), language
        for key, text in strings.items():
            # Every placeholder the English string fills in is kept, and no other is invented.
            assert set(PLACEHOLDER.findall(text)) == set(PLACEHOLDER.findall(english[key])), (
                language,
                key,
            )
        catalog, problems = load_catalog(language, None)
        assert catalog.missing == () and problems == []


def test_translations_are_translated() -> None:
    """A catalog that copied English lines would pass the key check; most strings differ."""
    english = _shipped("en")
    for language in ("de", "fr", "es", "nl"):
        same = [k for k, v in _shipped(language).items() if v == english[k]]
        assert len(same) <= 4, (language, same)


def test_german_strings_and_plurals() -> None:
    catalog, _ = load_catalog("de", None)
    assert catalog.t("feedback.title") == "War das hilfreich?"
    assert catalog.t("contact.reply_time", reply_time="am selben Tag") == (
        "Wir antworten am selben Tag."
    )
    assert catalog.plural("search.found", 1) == "1 Artikel gefunden."
    french, _ = load_catalog("fr", None)
    assert french.plural("search.found", 0) == "0 article trouvé."
    assert french.plural("search.found", 3) == "3 articles trouvés."


def test_region_codes_use_their_language() -> None:
    catalog, _ = load_catalog("de-CH", None)
    assert catalog.missing == ()
    assert catalog.t("nav.contact") == "Kontakt"


def test_unknown_language_falls_back_to_english_and_says_so() -> None:
    catalog, problems = load_catalog("pl", None)
    assert problems == []
    assert catalog.t("feedback.title") == "Was this helpful?"
    assert set(catalog.missing) == set(_shipped("en"))


def test_owner_adds_a_language_and_overrides_one(tmp_path: Path) -> None:
    (tmp_path / "_strings.pl.yml").write_text(
        "feedback.title: Czy to było pomocne?\nfeedback.yes: Tak\n", "utf-8"
    )
    (tmp_path / "_strings.de.yml").write_text("nav.contact: Schreiben Sie uns\n", "utf-8")
    polish, problems = load_catalog("pl", tmp_path)
    assert problems == []
    assert polish.t("feedback.title") == "Czy to było pomocne?"
    assert polish.t("feedback.no") == "No"  # English until translated
    assert "feedback.no" in polish.missing and "feedback.title" not in polish.missing
    german, _ = load_catalog("de", tmp_path)
    assert german.t("nav.contact") == "Schreiben Sie uns"
    assert german.t("nav.home") == "Start"


def test_owner_file_mistakes_are_reported_at_their_line(tmp_path: Path) -> None:
    path = tmp_path / "_strings.de.yml"
    path.write_text(
        "feedback.title: War das nützlich?\n"
        "feedback.titel: Tippfehler\n"
        "contact.reply_time: Antwort {reply}.\n"
        "feedback.yes: [Ja]\n",
        "utf-8",
    )
    catalog, problems = load_catalog("de", tmp_path)
    found = {(p.line, p.message, p.hint) for p in problems}
    unknown = "kbgen has no interface string 'feedback.titel'"
    assert (2, unknown, "did you mean 'feedback.title'?") in found
    assert any(n == 3 and "{reply}" in msg and "{reply_time}" in hint for n, msg, hint in found)
    assert any(line == 4 and "must be text" in msg for line, msg, _ in found)
    assert catalog.t("feedback.title") == "War das nützlich?"  # the good lines still count
    assert catalog.t("contact.reply_time", reply_time="x") == "Wir antworten x."


def test_owner_file_with_broken_yaml_fails_the_build(kb_copy: Path) -> None:
    (kb_copy / "content" / "_strings.en.yml").write_text("feedback.title: [unclosed\n", "utf-8")
    result = kbgen("build", cwd=kb_copy)
    assert result.returncode != 0
    assert "content/_strings.en.yml:" in result.stderr


@pytest.mark.parametrize(
    ("language", "owner", "expected"),
    [
        ("pl", None, "kbgen has no strings for language 'pl'"),
        ("pl", "feedback.title: Czy to było pomocne?\n", "feedback.yes"),
    ],
)
def test_kbgen_check_names_the_strings_shown_in_english(
    kb_copy: Path, language: str, owner: str | None, expected: str
) -> None:
    config = kb_copy / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("language: en", f"language: {language}"))
    if owner:
        (kb_copy / "content" / f"_strings.{language}.yml").write_text(owner, "utf-8")
    result = kbgen("check", "--strict", cwd=kb_copy)
    out = result.stdout + result.stderr
    assert result.returncode != 0, out
    assert f"content/_strings.{language}.yml" in out and "interface-strings" in out
    assert expected in out
    if owner:
        assert "feedback.title," not in out  # translated, so not named


def test_kbgen_check_is_quiet_for_shipped_languages(kb_copy: Path) -> None:
    config = kb_copy / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("language: en", "language: nl"))
    result = kbgen("check", "--strict", cwd=kb_copy)
    assert "interface-strings" not in result.stdout + result.stderr


def test_catalog_files_are_in_the_package() -> None:
    assert STRINGS_DIR.is_dir() and (STRINGS_DIR / "de.yml").is_file()
