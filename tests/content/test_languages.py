"""Several languages in one knowledge base: how the loader knows each article's language, links
translations by their path, and reports a layout it cannot publish."""

from __future__ import annotations

from pathlib import Path

from kbgen.content.languages import Languages, for_content, language_name
from kbgen.content.loader import collect_kb


def write(root: Path, rel: str, text: str) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def article(title: str, summary: str = "A short answer.") -> str:
    return f"---\ntitle: {title}\nsummary: {summary}\n---\n## Quick fix\nDo this.\n"


def two_languages(root: Path) -> None:
    topic = "---\ntitle: Logging in\nicon: material/key\norder: 2\n---\n"
    write(root, "logging-in/index.md", topic)
    write(root, "logging-in/reset-password.md", article("Reset your password"))
    write(root, "logging-in/no-login-email.md", article("The login email did not arrive"))
    write(root, "orders/refund.md", article("Ask for a refund"))
    write(root, "_contact.yml", "email: help@shop.example\nreply_time: within a day\n")
    write(root, "_glossary.yml", "terms:\n  - term: browser\n    explanation: The app.\n")
    write(root, "de/logging-in/index.md", "---\ntitle: Anmelden\n---\n")
    write(root, "de/logging-in/reset-password.md", article("Passwort zurücksetzen", "Kurz."))
    write(root, "de/_contact.yml", "reply_time: innerhalb eines Werktags\n")


def test_one_language_site_is_unchanged(tmp_path: Path) -> None:
    write(tmp_path, "logging-in/reset-password.md", article("Reset your password"))
    kb, problems = collect_kb(tmp_path, Languages("en"))
    assert problems == []
    assert kb.lang == "en" and kb.translations == {} and kb.languages == ("en",)
    entry = kb.entries[0]
    assert (entry.lang, entry.key, entry.url) == (
        "en",
        "logging-in/reset-password",
        "logging-in/reset-password/",
    )


def test_site_language_comes_from_mkdocs_yml_beside_the_content(tmp_path: Path) -> None:
    """`kbgen search --kb content` and `kbgen mine --kb content` have no loaded config: the
    mkdocs.yml whose docs_dir is the content folder says the language."""
    content = tmp_path / "content"
    write(content, "anmelden/passwort.md", article("Passwort vergessen"))
    write(tmp_path, "mkdocs.yml", "site_name: Hilfe\ndocs_dir: content\ntheme:\n  language: de\n")
    kb, problems = collect_kb(content)
    assert problems == []
    assert kb.lang == "de" and [e.lang for e in kb.entries] == ["de"]
    # A folder another mkdocs.yml does not build is English, the default.
    assert for_content(tmp_path / "elsewhere") == Languages("en")


def test_translations_are_linked_by_their_path(tmp_path: Path) -> None:
    two_languages(tmp_path)
    kb, problems = collect_kb(tmp_path, Languages("en", ("de",)))
    assert problems == []
    assert kb.languages == ("en", "de")
    assert {e.key for e in kb.entries if e.category == "logging-in"} == {
        "logging-in/no-login-email",
        "logging-in/reset-password",
    }
    de = kb.in_language("de")
    assert de is not None and de.lang == "de" and de.root == tmp_path / "de"
    (german,) = de.entries
    assert (german.lang, german.title, german.src_uri) == (
        "de",
        "Passwort zurücksetzen",
        "logging-in/reset-password.md",
    )
    assert kb.by_key(german.key).title == "Reset your password"
    assert de.by_key("logging-in/no-login-email") is None  # not translated yet
    # The German topic has its own title and keeps the original's icon and order.
    (topic,) = de.categories
    assert (topic.title, topic.icon, topic.order) == ("Anmelden", "material/key", 2)
    # Only the German articles are German: the default language skips de/.
    assert all(e.lang == "en" for e in kb.entries) and len(kb.entries) == 3
    # Contact details the German file leaves out are the default language's (one inbox);
    # the glossary is words of one language and is not borrowed.
    assert de.site.contact.email == "help@shop.example"
    assert de.site.contact.reply_time == "innerhalb eines Werktags"
    assert de.site.glossary == () and len(kb.site.glossary) == 1


def test_a_translation_without_an_original_is_reported_with_the_likely_name(
    tmp_path: Path,
) -> None:
    two_languages(tmp_path)
    write(tmp_path, "de/logging-in/reset-pasword.md", article("Passwort"))
    write(tmp_path, "de/billing/index.md", "---\ntitle: Rechnungen\n---\n")
    _, problems = collect_kb(tmp_path, Languages("en", ("de",)))
    messages = {(p.path.relative_to(tmp_path).as_posix(), p.line): str(p) for p in problems}
    typo = messages[("de/logging-in/reset-pasword.md", 1)]
    assert "no original in the site's default language" in typo
    assert "did you mean" in typo and "de/logging-in/reset-password.md" in typo
    assert "no topic 'billing'" in messages[("de/billing/index.md", 1)]
    assert all(p.severity == "error" for p in problems)


def test_a_language_folder_the_config_does_not_list_is_reported_once(tmp_path: Path) -> None:
    two_languages(tmp_path)
    write(tmp_path, "fr/logging-in/reset-password.md", article("Réinitialiser"))
    write(tmp_path, "fr/logging-in/no-login-email.md", article("Pas d'e-mail"))
    kb, problems = collect_kb(tmp_path, Languages("en", ("de",)))
    (problem,) = problems
    assert problem.path == tmp_path / "fr" and problem.severity == "error"
    assert "French" in problem.message and "'languages: [en, de, fr]'" in problem.hint
    assert kb.languages == ("en", "de")
    # Listed, it loads; a listed language with no articles is a warning, not an error.
    kb, problems = collect_kb(tmp_path, Languages("en", ("de", "fr", "es")))
    assert kb.languages == ("en", "de", "fr", "es")
    assert [(p.path.name, p.severity) for p in problems] == [("es", "warning")]


def test_language_names_for_the_switcher() -> None:
    assert language_name("de") == "Deutsch"
    assert language_name("de", "en") == "German"
    assert language_name("en", "de") == "Englisch"
    assert language_name("xx-nope") == "xx-nope"


def test_a_folder_for_the_default_language_is_explained(tmp_path: Path) -> None:
    write(tmp_path, "en/logging-in/reset-password.md", article("Reset your password"))
    _, problems = collect_kb(tmp_path, Languages("en", ("de",)))
    messages = [str(p) for p in problems if p.path == tmp_path / "en"]
    assert len(messages) == 1 and "default language" in messages[0]
    assert "move the topic folders" in messages[0]


def test_a_language_that_is_no_code_is_reported_at_its_line(tmp_path: Path) -> None:
    from mkdocs.config import load_config

    write(tmp_path, "content/logging-in/reset-password.md", article("Reset your password"))
    config_file = write(
        tmp_path,
        "mkdocs.yml",
        "site_name: Help\ndocs_dir: content\ntheme:\n  name: material\nplugins:\n"
        "  - kbgen:\n      languages: [en, Deutsch]\n",
    )
    config = load_config(config_file=str(config_file))
    problems = config.plugins["kbgen"]._option_problems(config)
    assert [(p.line, p.message) for p in problems] == [
        (7, "languages: 'Deutsch' is not a language code")
    ]
