"""Unwritten text never reaches the site: template sentences left as `kbgen new` and
`kbgen mine --drafts` wrote them, "TODO:" markers, and kbgen init's example address fail
`kbgen check` and `kbgen build --strict`, each at its file line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kbgen.site.placeholders import template_phrases
from tests.support.cli import kbgen


def findings(project: Path) -> list[dict]:
    result = kbgen("check", "--format", "json", cwd=project)
    return [f for f in json.loads(result.stdout) if f["rule"] == "placeholder"]


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A knowledge base from `kbgen init` with a real address, and one untouched new article."""
    project = tmp_path_factory.mktemp("placeholder")
    init = kbgen("init", str(project), "--email", "help@shop.example", cwd=project)
    assert init.returncode == 0, init.stderr
    assert kbgen("build", "--strict", cwd=project).returncode == 0, "init alone is clean"
    assert findings(project) == []
    new = kbgen("new", "My download doesn't open", "--category", "downloads", cwd=project)
    assert new.returncode == 0, new.stderr
    return project


def test_untouched_template_text_is_an_error_at_each_line(fresh: Path) -> None:
    article = fresh / "content/downloads/my-download-doesnt-open.md"
    lines = article.read_text("utf-8").splitlines()
    found = findings(fresh)
    assert {f["severity"] for f in found} == {"error"}
    assert {Path(f["path"]).name for f in found} == {article.name}
    # Every sentence of the template that tells the owner what to write is caught, read from
    # the template itself: each finding names a line that holds the template's sentence.
    from_template = {p.text for p in template_phrases().values() if "kbgen new" in p.source}
    assert len(from_template) >= 5
    reported = {f["message"].split("'")[1] for f in found}
    assert reported == from_template
    for f in found:
        quoted = f["message"].split("'")[1].strip(".").replace("**", "")
        assert quoted.lower() in lines[f["line"] - 1].replace("**", "").lower()
        assert "replace it with your own words" in f["hint"]


def test_check_and_strict_build_refuse_it_and_a_preview_build_warns(fresh: Path) -> None:
    check = kbgen("check", cwd=fresh)
    assert check.returncode == 1
    assert "my-download-doesnt-open.md:3: placeholder: 'Write the answer" in check.stdout
    site = fresh / "site" / "index.html"
    before = site.read_bytes()
    strict = kbgen("build", "--strict", cwd=fresh)
    assert strict.returncode == 1
    assert "placeholder text from the article template" in strict.stderr
    assert site.read_bytes() == before, "a refused build leaves the published site alone"
    preview = kbgen("build", cwd=fresh)
    assert preview.returncode == 0, preview.stderr
    assert "placeholder text" in preview.stderr


def test_written_articles_pass_and_todo_markers_fail(kb_copy: Path) -> None:
    rel = "content/logging-in/no-login-email.md"
    path = kb_copy / rel
    text = path.read_text("utf-8")
    assert findings(kb_copy) == []
    path.write_text(
        text
        + "\nTODO: say how long the email takes.\n\n"
        + "<!-- TODO: a screenshot, later -->\n\n"
        + "```\nTODO in a code example is not prose\n```\n\n"
        + "1. TODO: one action per step.\n\n"
        + "Our to-do list app is called Todo.\n",
        "utf-8",
    )
    lines = path.read_text("utf-8").splitlines()
    found = findings(kb_copy)
    assert [(f["line"], f["message"]) for f in found] == [
        (
            lines.index("TODO: say how long the email takes.") + 1,
            "'TODO' marks something still to write",
        ),
        (lines.index("1. TODO: one action per step.") + 1, "'TODO' marks something still to write"),
    ]
    result = kbgen("check", "--format", "json", cwd=kb_copy)
    rules = {f["rule"] for f in json.loads(result.stdout)}
    assert "shouting" not in rules, "TODO is unwritten text, not shouting"


def test_init_example_address_is_reported_until_replaced(tmp_path: Path) -> None:
    init = kbgen("init", str(tmp_path), cwd=tmp_path)
    assert init.returncode == 0
    assert "_contact.yml" in init.stderr and "--email" in init.stderr
    found = {(Path(f["path"]).name, f["line"]) for f in findings(tmp_path)}
    assert ("_contact.yml", 3) in found
    assert "contact-support.md" in {name for name, _ in found}
