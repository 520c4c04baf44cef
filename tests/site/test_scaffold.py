"""`kbgen init` and `kbgen new`, run as an owner would."""

from __future__ import annotations

from pathlib import Path

import yaml
from hypothesis import given
from hypothesis import strategies as st

from kbgen.content.loader import load_kb
from kbgen.content.safe_yaml import inline
from kbgen.site.scaffold import slugify
from tests.support.cli import kbgen


def test_slugify() -> None:
    assert slugify("My password doesn't work!") == "my-password-doesnt-work"
    assert slugify("  Café  downloads ") == "cafe-downloads"


def test_init_builds_straight_away(tmp_path: Path) -> None:
    target = tmp_path / "help"
    result = kbgen(
        "init", str(target), "--name", "Acme Help", "--email", "help@acme.example", cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    kb = load_kb(target / "content")
    assert len(kb.categories) == 4
    assert all(len(c.entries) == 1 for c in kb.categories)
    assert kb.site.contact.email == "help@acme.example"
    workflow = yaml.safe_load((target / ".github/workflows/help-site.yml").read_text("utf-8"))
    runs = [s.get("run", "") for s in workflow["jobs"]["build"]["steps"]]
    assert "kbgen check --format github" in runs
    assert "kbgen build --strict" in runs
    assert any(
        s.get("uses", "").startswith("actions/deploy-pages")
        for s in workflow["jobs"]["deploy"]["steps"]
    )
    assert "site/" in (target / ".gitignore").read_text("utf-8")

    built = kbgen("build", "--strict", cwd=target)
    assert built.returncode == 0, built.stderr
    home = (target / "site" / "index.html").read_text("utf-8")
    assert "Acme Help" in home
    article = (target / "site/orders-and-billing/refund-request/index.html").read_text("utf-8")
    assert "Help%20with%3A%20How%20to%20ask%20for%20a%20refund" in article


def test_materials_own_search_listed_by_habit_is_turned_off(tmp_path: Path) -> None:
    """An owner who adds Material's "- search" (as its docs show) gets one search box, kbgen's,
    and no second index of the whole site; the strict build still passes."""
    kbgen("init", str(tmp_path), "--email", "help@acme.example", cwd=tmp_path, check=True)
    config = tmp_path / "mkdocs.yml"
    settings = yaml.safe_load(config.read_text("utf-8"))
    assert settings["plugins"] == ["kbgen"]
    text = config.read_text("utf-8").replace(
        "plugins:\n  - kbgen", "plugins:\n  - search\n  - kbgen"
    )
    config.write_text(text, encoding="utf-8")
    assert yaml.safe_load(text)["plugins"] == ["search", "kbgen"]

    kbgen("build", "--strict", cwd=tmp_path, check=True)
    site = tmp_path / "site"
    assert (site / "search" / "kbgen-index.js").is_file()
    assert not (site / "search" / "search_index.json").exists()
    for page in (site / "index.html", *site.glob("*/*/index.html")):
        html = page.read_text("utf-8")
        assert 'data-md-component="search"' not in html, page
    assert "kbgen-search" in (site / "index.html").read_text("utf-8")


def test_init_refuses_to_overwrite(tmp_path: Path) -> None:
    assert kbgen("init", str(tmp_path), cwd=tmp_path).returncode == 0
    again = kbgen("init", str(tmp_path), cwd=tmp_path)
    assert again.returncode == 1
    assert "already has a knowledge base" in again.stderr
    assert kbgen("init", str(tmp_path), "--force", cwd=tmp_path).returncode == 0


def test_new_article_from_the_template(tmp_path: Path) -> None:
    assert kbgen("init", str(tmp_path), cwd=tmp_path).returncode == 0
    result = kbgen("new", "My file is empty!", "--category", "downloads", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    path = tmp_path / result.stdout.strip()
    assert path == tmp_path / "content/downloads/my-file-is-empty.md"
    entry = load_kb(tmp_path / "content").entry("my-file-is-empty")
    assert entry.title == "My file is empty!"
    assert "## Step by step" in entry.body
    # A new topic folder gets its own index; the same title twice is refused.
    assert kbgen("new", "Gift cards", "--category", "Gift cards", cwd=tmp_path).returncode == 0
    assert (tmp_path / "content/gift-cards/index.md").is_file()
    twice = kbgen("new", "My file is empty!", "--category", "downloads", cwd=tmp_path)
    assert twice.returncode == 1 and "already exists" in twice.stderr
    assert kbgen("build", cwd=tmp_path).returncode == 0


def test_new_article_writes_readable_yaml(tmp_path: Path) -> None:
    """The owner edits the front matter by hand: an apostrophe stays an apostrophe."""
    assert kbgen("init", str(tmp_path), cwd=tmp_path).returncode == 0
    titles = {
        "My download doesn't open": "title: My download doesn't open\n",
        "Error: file not found": "title: 'Error: file not found'\n",
        "Café «über» ça": "title: Café «über» ça\n",
    }
    for title, line in titles.items():
        result = kbgen("new", title, "--category", "Kundens Fragen", cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        text = (tmp_path / result.stdout.strip()).read_text("utf-8")
        assert line in text and "\\u" not in text
        assert load_kb(tmp_path / "content").entry(slugify(title)).title == title
    index = (tmp_path / "content/kundens-fragen/index.md").read_text("utf-8")
    assert "title: Kundens Fragen\n" in index


@given(st.one_of(st.text(), st.lists(st.text(), max_size=3)))
def test_inline_yaml_reads_back_on_one_line(value: str | list[str]) -> None:
    written = inline(value)
    assert "\n" not in written
    assert yaml.safe_load(f"key: {written}\nnext: 1\n") == {"key": value, "next": 1}


def test_new_article_in_another_language_is_a_translation(tmp_path: Path) -> None:
    """`--lang fr`: the article goes in content/fr/ beside its original, with the section
    headings in French; no original, no translation (the check refuses those too)."""
    assert kbgen("init", str(tmp_path), cwd=tmp_path).returncode == 0
    config = tmp_path / "mkdocs.yml"
    text = config.read_text("utf-8").replace(
        "  - kbgen\n", "  - kbgen:\n      languages: [en, fr]\n"
    )
    config.write_text(text, "utf-8")

    nested = kbgen("new", "Fichier vide", "-c", "fr/downloads", cwd=tmp_path)
    assert nested.returncode == 1 and "--lang" in nested.stderr
    other = kbgen("new", "File vuoto", "-c", "downloads", "--lang", "it", cwd=tmp_path)
    assert other.returncode == 1 and "(en, fr)" in other.stderr
    no_original = kbgen("new", "Fichier vide", "-c", "downloads", "--lang", "fr", cwd=tmp_path)
    assert no_original.returncode == 1
    assert "not yet translated in downloads/: download-wont-open" in no_original.stderr
    assert not (tmp_path / "content/fr").exists()  # nothing written

    done = kbgen(
        "new", "Mon téléchargement ne s'ouvre pas", "-c", "downloads", "--lang", "fr",
        "--slug", "download-wont-open", cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    path = tmp_path / done.stdout.strip()
    assert path == tmp_path / "content/fr/downloads/download-wont-open.md"
    body = path.read_text("utf-8")
    assert "## Solution rapide" in body and "## Étape par étape" in body
    assert (tmp_path / "content/fr/downloads/index.md").is_file()
    # The check finds only the template's own sentences to replace in it.
    check = kbgen("check", cwd=tmp_path)
    about = [line for line in check.stdout.splitlines() if "content/fr/downloads/download" in line]
    assert about and all(": placeholder: " in line for line in about), about
