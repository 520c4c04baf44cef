"""Loading and validation: every error kind, reported with its file and line, all at once."""

from __future__ import annotations

from pathlib import Path

import pytest

from kbgen.content.loader import collect_kb, load_kb
from kbgen.content.model import ContentError

GOOD = """---
title: My password doesn't work
summary: Passwords are case-sensitive.
symptoms:
  - password doesn't work
  - login is wrong
tags: [login]
related: [reset-password]
reviewed: 2026-10-01
---
## Quick fix
Check Caps Lock.
"""

RESET = """---
title: Reset your password
summary: Click Forgot password.
reviewed: 2026-10-01
---
## Quick fix
Click it.
"""


def write(root: Path, rel: str, text: str | bytes) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def kb(tmp_path: Path) -> Path:
    write(tmp_path, "logging-in/password-not-working.md", GOOD)
    write(tmp_path, "logging-in/reset-password.md", RESET)
    write(
        tmp_path,
        "logging-in/index.md",
        "---\ntitle: Logging in\ndescription: Passwords.\nicon: material/key\norder: 1\n---\n",
    )
    return tmp_path


def problems_of(root: Path) -> list[str]:
    _, problems = collect_kb(root)
    return [str(p) for p in problems]


def only_problem(root: Path) -> str:
    found = problems_of(root)
    assert len(found) == 1, found
    return found[0]


def test_clean_knowledge_base_loads(kb: Path) -> None:
    loaded = load_kb(kb)
    entry = loaded.entry("password-not-working")
    assert entry is not None
    assert entry.category == "logging-in"
    assert entry.symptoms == ("password doesn't work", "login is wrong")
    assert entry.related == ("reset-password",)
    assert entry.reviewed and entry.reviewed.isoformat() == "2026-10-01"
    assert entry.body.startswith("## Quick fix")
    assert entry.body_line == 11
    assert entry.key_lines["related[0]"] == 8
    assert loaded.categories[0].title == "Logging in"
    assert loaded.categories[0].icon == "material/key"


def test_yaml_syntax_error_has_its_line(kb: Path) -> None:
    path = write(
        kb,
        "logging-in/broken.md",
        "---\ntitle: Broken\nsummary: Error: it breaks: here\n---\nBody\n",
    )
    assert only_problem(kb).startswith(f"{path}:3: YAML syntax error")


def test_missing_title_and_summary(kb: Path) -> None:
    path = write(kb, "logging-in/untitled.md", "---\ntags: [a]\n---\nBody\n")
    found = problems_of(kb)
    assert f"{path}:1: 'title' is missing — add a line 'title: " in found[0]
    assert f"{path}:1: 'summary' is missing" in found[1]


def test_unknown_key_suggests_the_right_one(kb: Path) -> None:
    path = write(kb, "logging-in/typo.md", "---\ntitle: T\nsummary: S\nsymptom:\n  - x\n---\n")
    assert only_problem(kb) == f"{path}:4: unknown key 'symptom' — did you mean 'symptoms'?"


@pytest.mark.parametrize("value", ["2026-13-01", "last week", "01/10/2026"])
def test_bad_date(kb: Path, value: str) -> None:
    path = write(
        kb, "logging-in/dated.md", f"---\ntitle: T\nsummary: S\n\nreviewed: {value}\n---\n"
    )
    message = only_problem(kb)
    assert message.startswith(f"{path}:5: 'reviewed' is not a valid date")
    assert "YYYY-MM-DD" in message


def test_future_date(kb: Path) -> None:
    path = write(
        kb, "logging-in/future.md", "---\ntitle: T\nsummary: S\nreviewed: 2999-01-01\n---\n"
    )
    assert only_problem(kb).startswith(f"{path}:4: 'reviewed' is in the future")


def test_related_slug_that_does_not_exist(kb: Path) -> None:
    path = write(
        kb,
        "logging-in/rel.md",
        "---\ntitle: T\nsummary: S\nrelated:\n  - reset-password\n  - reset-pasword\n---\n",
    )
    assert only_problem(kb) == (
        f"{path}:6: related article 'reset-pasword' does not exist — did you mean 'reset-password'?"
    )


def test_duplicate_slugs_in_two_categories(kb: Path) -> None:
    path = write(kb, "downloads/reset-password.md", RESET)
    message = only_problem(kb)
    assert message.startswith(f"{path}:1: another article already uses the name 'reset-password'")
    assert "logging-in/reset-password.md" in message


def test_empty_file(kb: Path) -> None:
    path = write(kb, "logging-in/empty.md", "  \n")
    assert only_problem(kb).startswith(f"{path}:1: the file is empty")


def test_non_utf8_file_reports_the_line_of_the_bad_byte(kb: Path) -> None:
    path = write(
        kb, "logging-in/latin1.md", "---\ntitle: Caf\xe9\nsummary: S\n---\n".encode("latin-1")
    )
    message = only_problem(kb)
    assert message.startswith(f"{path}:2: the file is not UTF-8 text")
    assert "UTF-8" in message.split("—")[1]


def test_no_front_matter_and_unclosed_front_matter(kb: Path) -> None:
    a = write(kb, "logging-in/plain.md", "# Just a heading\n")
    b = write(kb, "logging-in/open.md", "---\ntitle: T\nsummary: S\n")
    found = problems_of(kb)
    assert f"{b}:1: the front matter is never closed" in found[0]
    assert f"{a}:1: the file does not start with front matter" in found[1]


def test_wrong_types(kb: Path) -> None:
    path = write(
        kb,
        "logging-in/types.md",
        "---\ntitle: T\nsummary: S\nsymptoms: {a: b}\norder: first\nfeatured: yes please\n---\n",
    )
    found = problems_of(kb)
    assert [f.split(": ", 1)[0] for f in found] == [f"{path}:4", f"{path}:5", f"{path}:6"]
    assert "'symptoms' must be a list" in found[0]
    assert "'order' must be a whole number" in found[1]
    assert "'featured' must be true or false" in found[2]


def test_bad_file_name_and_misplaced_articles(kb: Path) -> None:
    bad = write(kb, "logging-in/My Article.md", "---\ntitle: T\nsummary: S\n---\n")
    top = write(kb, "loose.md", "---\ntitle: T\nsummary: S\n---\n")
    deep = write(kb, "logging-in/more/deep.md", "---\ntitle: T\nsummary: S\n---\n")
    found = problems_of(kb)
    assert any(f.startswith(f"{bad}:1:") and "rename it to 'my-article.md'" in f for f in found)
    assert any(f.startswith(f"{top}:1: articles must sit in a category folder") for f in found)
    assert any(
        f.startswith(f"{deep}:1: articles must sit directly in a category folder") for f in found
    )


def test_every_problem_is_reported_at_once(kb: Path) -> None:
    write(kb, "logging-in/a.md", "---\ntitle: A\n---\n")
    write(kb, "downloads/b.md", "---\ntitle: B\nsummary: S\nrelated: [nope]\n---\n")
    write(kb, "downloads/c.md", "")
    with pytest.raises(ContentError) as caught:
        load_kb(kb)
    assert len(caught.value.problems) == 3
    text = str(caught.value)
    assert "a.md:1: 'summary' is missing" in text
    assert "b.md:4: related article 'nope' does not exist" in text
    assert "c.md:1: the file is empty" in text


def test_drafts_and_data_files_are_not_articles(kb: Path) -> None:
    write(kb, "_drafts/idea.md", "not even front matter")
    write(kb, "_search-tests.yml", "cases: []\n")
    assert problems_of(kb) == []


def test_site_data_files(kb: Path) -> None:
    write(
        kb,
        "_glossary.yml",
        "terms:\n  - term: cookie\n    explanation: A small file.\n    aliases: [cookies]\n",
    )
    write(kb, "_synonyms.yml", "pwd: password\nmoney back: [refund]\n")
    write(kb, "_contact.yml", "email: help@shop.example\nreply_time: within a day\n")
    loaded = load_kb(kb)
    assert loaded.site.glossary[0].aliases == ("cookies",)
    assert loaded.site.synonyms == {"pwd": ("password",), "money back": ("refund",)}
    assert loaded.site.contact.email == "help@shop.example"
    assert loaded.site.contact.configured


def test_site_data_errors_have_lines(kb: Path) -> None:
    glossary = write(
        kb,
        "_glossary.yml",
        "terms:\n  - term: cookie\n  - term: cache\n    explanation: Saved copies.\n",
    )
    contact = write(kb, "_contact.yml", "email: not-an-address\nphone: 123\n")
    found = problems_of(kb)
    assert f"{glossary}:2: a glossary entry needs 'term' and 'explanation'" in found[0]
    assert any(f.startswith(f"{contact}:2: unknown key 'phone'") for f in found)
    assert any(
        f.startswith(f"{contact}:1: 'not-an-address' is not an email address") for f in found
    )


def test_example_knowledge_base_is_clean(repo: Path) -> None:
    kb, problems = collect_kb(repo / "content")
    assert [str(p) for p in problems] == []
    required = {
        "password-not-working",
        "username-not-recognised",
        "reset-password",
        "no-login-email",
        "download-wont-open",
        "download-corrupt",
        "download-link-expired",
        "find-downloaded-file",
        "download-on-phone",
        "download-limit-reached",
        "refund-request",
        "charged-twice",
        "no-order-confirmation",
        "is-this-a-scam",
        "contact-support",
    }
    assert required <= {e.slug for e in kb.entries}
    for entry in kb.entries:
        assert len(entry.symptoms) >= 3, entry.slug
    body = kb.entry("password-not-working").body.lower()
    assert "case-sensitive" in body


# -- YAML limits: alias bombs and duplicate keys, in every YAML file kbgen reads --------------

BOMB = "\n".join(
    ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    + [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
)  # nine lists of nine aliases: 387 million values when expanded; the a4 line passes 10,000
BOMB_LINE = 5  # of BOMB

YAML_PLACES = {  # file -> (text holding BOMB at line 1 + offset, offset)
    "logging-in/bomb.md": ("---\n" + BOMB + "\ntitle: *a9\nsummary: x\n---\nbody\n", 1),
    "logging-in/index.md": ("---\n" + BOMB + "\ntitle: *a9\n---\n", 1),
    "_glossary.yml": (BOMB + "\nterms:\n  - term: x\n    explanation: *a9\n", 0),
    "_synonyms.yml": (BOMB + "\npwd: *a9\n", 0),
    "_contact.yml": (BOMB + "\nemail: *a9\n", 0),
    "_most-asked.yml": (BOMB + "\nquestions: *a9\n", 0),
}


@pytest.mark.parametrize("rel", list(YAML_PLACES))
def test_alias_bomb_is_refused_fast_with_its_line(kb: Path, rel: str) -> None:
    import time

    text, offset = YAML_PLACES[rel]
    path = write(kb, rel, text)
    started = time.perf_counter()
    found = problems_of(kb)
    assert time.perf_counter() - started < 1
    bombs = [f for f in found if "expand to more than 10,000 values" in f]
    assert len(found) == 1 and bombs == found, found
    assert bombs[0].startswith(f"{path}:{BOMB_LINE + offset}: aliases ('*a3' here)")
    assert " — write the values out" in bombs[0]


def test_alias_bomb_in_search_tests_and_mkdocs_yml_is_refused(tmp_path: Path) -> None:
    from kbgen.search.searchtests import load_cases
    from kbgen.site.build import BuildError, load_site_config

    tests = write(tmp_path, "content/_search-tests.yml", BOMB + "\ncases: *a9\n")
    cases, found = load_cases(tests)
    assert cases == [] and [p.line for p in found] == [BOMB_LINE]
    assert "expand to more than" in found[0].message
    config = write(tmp_path, "mkdocs.yml", BOMB + "\nsite_name: x\nplugins:\n  - kbgen:\n")
    with pytest.raises(BuildError, match=rf"mkdocs.yml:{BOMB_LINE}: aliases"):
        load_site_config(config)


def test_alias_that_refers_to_itself_is_refused(kb: Path) -> None:
    path = write(kb, "_synonyms.yml", "pwd: &p [password, *p]\n")
    assert only_problem(kb).startswith(f"{path}:1: the alias '*p' refers to the block it is in")


def test_a_few_aliases_are_still_fine(kb: Path) -> None:
    write(kb, "_synonyms.yml", "pw: &pw [password]\npwd: *pw\npass: *pw\n")
    assert load_kb(kb).site.synonyms["pass"] == ("password",)


@pytest.mark.parametrize(
    ("rel", "text", "line", "first", "key"),
    [
        (
            "_contact.yml",
            "email: help@shop.example\nname: Shop\nemail: x@evil.example\n",
            3,
            1,
            "email",
        ),
        ("logging-in/dup.md", "---\ntitle: A\nsummary: B\ntitle: C\n---\nbody\n", 4, 2, "title"),
        ("logging-in/index.md", "---\ntitle: A\norder: 1\norder: 2\n---\n", 4, 3, "order"),
        (
            "_glossary.yml",
            "terms:\n  - term: cookie\n    explanation: a file\n    term: cake\n",
            4,
            2,
            "term",
        ),
        ("_synonyms.yml", "pwd: password\n'pwd': pass\n", 2, 1, "pwd"),
        ("_most-asked.yml", "questions: []\nquestions: [{question: x}]\n", 2, 1, "questions"),
    ],
)
def test_duplicate_keys_are_errors_naming_both_lines(
    kb: Path, rel: str, text: str, line: int, first: int, key: str
) -> None:
    path = write(kb, rel, text)
    assert only_problem(kb) == (
        f"{path}:{line}: duplicate key '{key}' (first on line {first}) — keep one: "
        "YAML would silently use only the last one"
    )


def test_duplicate_keys_in_search_tests_and_mkdocs_yml(tmp_path: Path) -> None:
    from kbgen.search.searchtests import load_cases
    from kbgen.site.build import BuildError, load_site_config

    tests = write(tmp_path, "_search-tests.yml", "cases:\n  - {query: a, expect: b, query: c}\n")
    _, found = load_cases(tests)
    assert [(p.line, p.message) for p in found] == [(2, "duplicate key 'query' (first on line 2)")]
    config = write(tmp_path, "mkdocs.yml", "site_name: x\ndocs_dir: content\ndocs_dir: /etc\n")
    with pytest.raises(BuildError, match=r"mkdocs.yml:3: duplicate key 'docs_dir' \(first on"):
        load_site_config(config)


# -- symbolic links out of the content folder ------------------------------------------------


def test_links_out_of_the_content_folder_are_refused(kb: Path, tmp_path_factory) -> None:
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    secret = write(elsewhere, "notes.md", GOOD.replace("My password", "Secret notes"))
    write(elsewhere, "private/key.txt", "-----BEGIN PRIVATE KEY-----")
    (kb / "logging-in" / "notes.md").symlink_to(secret)
    (kb / "logging-in" / "key.txt").symlink_to(elsewhere / "private" / "key.txt")
    (kb / "private").symlink_to(elsewhere / "private", target_is_directory=True)
    (kb / "logging-in" / "same-kb.md").symlink_to(kb / "logging-in" / "reset-password.md")
    loaded, problems = collect_kb(kb)
    assert [p.path.relative_to(kb).as_posix() for p in problems] == [
        "logging-in/key.txt",
        "logging-in/notes.md",
        "private",
    ]
    assert str(problems[1]).endswith(
        ":1: 'logging-in/notes.md' is a link to a file outside the content folder; kbgen does "
        "not publish files from elsewhere on this computer — copy the file into the content "
        "folder instead of linking to it"
    )
    assert "a link to a folder" in problems[2].message
    assert all(str(elsewhere) not in str(p) for p in problems)
    assert "Secret notes" not in [e.title for e in loaded.entries]
    assert "same-kb" in [e.slug for e in loaded.entries]  # a link inside content/ is fine


def test_problems_in_a_linked_file_show_the_link_not_its_target(
    kb: Path, tmp_path_factory, monkeypatch
) -> None:
    from kbgen.content.model import Problem

    elsewhere = tmp_path_factory.mktemp("elsewhere")
    write(elsewhere, "broken.md", "no front matter")
    (kb / "logging-in" / "broken.md").symlink_to(elsewhere / "broken.md")
    monkeypatch.chdir(kb.parent)
    shown = str(Problem(kb / "logging-in" / "broken.md", 1, "x"))
    assert shown == f"{kb.name}/logging-in/broken.md:1: x"
