"""`kbgen mine` on a knowledge base in two languages: German groups are matched to the German
articles, and a German question only an English article answers is a German gap, "answered
in English only". Run as a user runs it, on a mixed-language Zendesk export."""

from __future__ import annotations

import json
import shutil

import pytest

from tests.mine.mixed_export import make_export
from tests.support.cli import bare_env, kbgen
from tests.support.paths import REPO

GERMAN_PASSWORD = """\
---
title: Mein Passwort funktioniert nicht
summary: Beim Passwort zählen große und kleine Buchstaben. Schalten Sie die Feststelltaste
  aus und tippen Sie es genau so ein, wie Sie es angelegt haben.
symptoms:
  - Passwort funktioniert nicht
  - Passwort geht nicht
  - es heißt, mein Passwort ist falsch
  - falsches Passwort
  - ich kann mich nicht anmelden
tags: [Anmeldung, Passwort]
reviewed: 2026-11-20
---
## Schnelle Lösung

Schauen Sie, ob die Feststelltaste an ist, und tippen Sie Ihr Passwort noch einmal langsam ein.

## Schritt für Schritt

1. Schalten Sie die Feststelltaste aus.
2. Tippen Sie das Passwort aus der Willkommens-E-Mail ein.

## Warum das passiert

Ein großer und ein kleiner Buchstabe sind für die Anmeldung zwei verschiedene Zeichen.
"""

MKDOCS = """\
site_name: Shop help
docs_dir: content
theme:
  name: material
  language: en
plugins:
  - kbgen:
      languages: [en, de]
"""


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> dict:
    project = tmp_path_factory.mktemp("shop")
    shutil.copytree(
        REPO / "content",
        project / "content",
        ignore=shutil.ignore_patterns("_drafts", "_most-asked.yml", "de"),
    )
    german = project / "content" / "de" / "logging-in"
    german.mkdir(parents=True)
    (german / "password-not-working.md").write_text(GERMAN_PASSWORD, encoding="utf-8")
    (project / "mkdocs.yml").write_text(MKDOCS, encoding="utf-8")
    export, _truth = make_export()
    path = project / "tickets.json"
    path.write_text(json.dumps(export, ensure_ascii=False), encoding="utf-8")
    done = kbgen("mine", path, "--drafts", "--publish", cwd=project, env=bare_env())
    assert done.returncode == 0, done.stderr
    out = project / "reports"
    return {
        "project": project,
        "json": json.loads((out / "clusters.json").read_text(encoding="utf-8")),
        "md": (out / "report.md").read_text(encoding="utf-8"),
    }


def test_german_groups_are_matched_to_german_articles_only(run: dict) -> None:
    clusters = run["json"]["clusters"]
    password = [c for c in clusters if c["lang"] == "de" and "Passwort" in c["label"]]
    assert password
    # The German article answers the German password questions (found or not by search).
    assert all(c["article"] == "password-not-working" for c in password), password
    # The German site search (German stemmer) finds it from the customers' German words.
    assert all(c["status"] == "covered" for c in password), password
    # German groups about anything else have no German article: gaps, whatever English has.
    others = [c for c in clusters if c["lang"] == "de" and "Passwort" not in c["label"]]
    assert others and all(c["status"] == "gap" and c["article"] is None for c in others)
    # English groups are matched to English articles as before.
    english = {c["article"] for c in clusters if c["lang"] == "en"}
    assert {"download-link-expired", "password-not-working"} <= english


def test_a_german_gap_with_an_english_answer_says_answered_in_english_only(run: dict) -> None:
    clusters = run["json"]["clusters"]
    link = [c for c in clusters if c["lang"] == "de" and "Download" in c["label"]]
    assert any(c["answered_by"] == "download-link-expired" for c in link), link
    assert "answered in English only" in run["md"]


def test_german_drafts_and_most_asked_go_beside_the_german_articles(run: dict) -> None:
    content = run["project"] / "content"
    assert sorted((content / "de" / "_drafts").glob("*.md")), "no German draft"
    german = (content / "de" / "_most-asked.yml").read_text(encoding="utf-8")
    assert "lang: de" in german and "lang: en" not in german
    assert "lang: de" not in (content / "_most-asked.yml").read_text(encoding="utf-8")


def test_german_articles_are_matched_with_german_word_forms() -> None:
    from kbgen.mine.match import _terms
    from kbgen.search.language import language

    german = language("de")
    # "Rechnungen" and "Rechnung" are one word to the German stemmer, as the German site
    # search sees them; the English one keeps them apart.
    assert _terms("keine Rechnungen", german) == _terms("keine Rechnung", german)
    assert _terms("Rechnungen") != _terms("Rechnung")
