"""Checks in the site's language: German is graded by a German formula, and a rule with no
data for a language says so instead of judging it by English rules."""

from __future__ import annotations

from pathlib import Path

from kbgen.check.readability import reading_grade
from tests.support.cli import kbgen

EASY_DE = (
    "Das Passwort geht nicht. Prüfen Sie die Feststelltaste. "
    "Tippen Sie das Passwort genau so wie in der E-Mail."
)
HARD_DE = (
    "Die Authentifizierungsproblematik resultiert überwiegend aus inkorrekter "
    "Groß- und Kleinschreibungsberücksichtigung bei der Passworteingabe. "
    "Konfigurationsspezifische Sicherheitsrichtlinien verhindern gegebenenfalls "
    "automatisierte Wiederherstellungsprozeduren. Kontaktieren Sie infolgedessen "
    "unverzüglich unseren Kundendienst."
)


def test_german_is_graded_by_the_wiener_sachtextformel() -> None:
    assert reading_grade(EASY_DE, "de") < 4 < 12 < reading_grade(HARD_DE, "de")
    # German syllables: the English formula counts the same easy text harder.
    assert reading_grade(EASY_DE, "de") != reading_grade(EASY_DE, "en")
    # Grading German leaves English grading as it was.
    english = "Check Caps Lock. Type the password exactly as in your email. It is case-sensitive."
    before = reading_grade(english)
    reading_grade(HARD_DE, "de-AT")
    assert reading_grade(english) == before


def _check(project: Path, language: str) -> str:
    config = project / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("language: en", f"language: {language}"))
    result = kbgen("check", cwd=project)
    return result.stdout + result.stderr


def test_german_site_grades_german_and_checks_german_tone(kb_copy: Path) -> None:
    article = kb_copy / "content" / "logging-in" / "passwort-schwer.md"
    article.write_text(
        "---\ntitle: Passwort geht nicht\nsummary: Prüfen Sie die Feststelltaste.\n---\n"
        f"## Warum\n\n{HARD_DE}\n\nEinfach neu tippen.\n",
        "utf-8",
    )
    out = " ".join(_check(kb_copy, "de").split())
    assert "passwort-schwer.md" in out and "by the Wiener Sachtextformel" in out
    # German minimising words, with the sentence rewritten without them.
    assert "'Einfach' sounds condescending" in out and 'leave it out: "Neu tippen."' in out
    assert "Not checked: tone" not in out


def test_german_tone_spares_the_adjective_and_ambiguous_words() -> None:
    from kbgen.check.rules.tone import TONE_RES

    text = "Nutzen Sie einfache Wörter. Das geht nur mit Passwort. Eine leichte Datei."
    assert TONE_RES["de"].findall(text) == []
    assert TONE_RES["de"].findall("Das ist natürlich kinderleicht.") == [
        "natürlich",
        "kinderleicht",
    ]


def test_french_site_says_reading_grade_has_no_formula(kb_copy: Path) -> None:
    out = " ".join(_check(kb_copy, "fr").split())
    assert "Not checked: reading-grade: no reading-grade formula for language 'fr'" in out
    assert "Not checked: tone: kbgen has lists of condescending words for en, de only" in out
    assert "reads at school grade" not in out
