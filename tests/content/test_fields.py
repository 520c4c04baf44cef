"""The front matter's fields are declared once (kbgen/content/fields.py): the model, the
loader's checks and the JSON Schema all follow the declaration, so none can drift."""

from __future__ import annotations

import dataclasses
import typing
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from kbgen.content.fields import ARTICLE_FIELDS, CATEGORY_FIELDS, Field, article_schema
from kbgen.content.loader import collect_kb
from kbgen.content.model import Category, Entry

# What the loader fills from the file itself rather than from its front matter.
ENTRY_FROM_FILE = {"slug", "category", "body", "path", "src_uri", "body_line", "key_lines", "lang"}
CATEGORY_FROM_FOLDER = {"slug", "entries", "path"}

SCHEMA = article_schema()
VALIDATOR = jsonschema.Draft202012Validator(
    SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
)


@pytest.mark.parametrize(
    ("model", "declared", "from_file"),
    [(Entry, ARTICLE_FIELDS, ENTRY_FROM_FILE), (Category, CATEGORY_FIELDS, CATEGORY_FROM_FOLDER)],
)
def test_the_model_holds_exactly_the_declared_fields(
    model: type, declared: Any, from_file: set[str]
) -> None:
    fields = {f.name: f for f in dataclasses.fields(model) if f.init}
    hints = typing.get_type_hints(model)
    assert set(fields) - from_file == {f.name for f in declared.model_fields}
    for field in declared.model_fields:
        assert hints[field.name] == field.annotation, field.name
        default = fields[field.name].default
        if default is not dataclasses.MISSING:
            assert default == field.default, field.name


def test_the_schema_is_valid_and_lists_every_declared_key() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    declared = [f.name for f in (*ARTICLE_FIELDS.fields, *ARTICLE_FIELDS.passthrough)]
    assert list(SCHEMA["properties"]) == declared
    assert SCHEMA["required"] == ["title", "summary"]
    assert all(SCHEMA["properties"][name].get("description") for name in declared)


def sample(schema: dict[str, Any]) -> Any:
    """A valid value for a property schema ('reset-password' also names an existing article)."""
    kind = schema.get("type")
    if kind == "array":
        return [sample(schema["items"])]
    if kind == "object":
        return {}
    if schema.get("format") == "date":
        return "2026-01-01"
    return {"integer": 3, "boolean": True}.get(kind, "reset-password")


def article(front: dict[str, Any]) -> str:
    return f"---\n{yaml.safe_dump(front, sort_keys=False)}---\n## Quick fix\nDo it.\n"


def write(root: Path, rel: str, text: str) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def content(tmp_path: Path) -> Path:
    write(tmp_path, "logging-in/reset-password.md", article({"title": "Reset", "summary": "Do."}))
    return tmp_path


@pytest.mark.parametrize(
    "field", [*ARTICLE_FIELDS.fields, *ARTICLE_FIELDS.passthrough], ids=lambda f: f.name
)
def test_each_declared_key_is_in_the_schema_and_loaded(content: Path, field: Field[Any]) -> None:
    value = sample(SCHEMA["properties"][field.name])
    front = {"title": "My password doesn't work", "summary": "Check Caps Lock.", field.name: value}
    assert not list(VALIDATOR.iter_errors(front))
    path = write(content, "logging-in/password.md", article(front))
    kb, problems = collect_kb(content)
    assert [str(p) for p in problems] == []
    if field.in_model:
        loaded = getattr(kb.entry(path.stem), field.name)
        assert loaded not in (field.default, None), (field.name, loaded)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("title: [one, two]", "'title' must be a line of text"),
        ("symptoms: {a: 1}", "'symptoms' must be a list"),
        ("tags: [[nested]]", "item 1 of 'tags' is not text"),
        ("reviewed: soon", "'reviewed' is not a valid date: 'soon'"),
        ("order: first", "'order' must be a whole number"),
        ("featured: yes please", "'featured' must be true or false"),
        ("sumary: Check Caps Lock.", "unknown key 'sumary'"),
    ],
)
def test_a_wrong_value_is_refused_by_the_loader_and_the_schema(
    content: Path, line: str, message: str
) -> None:
    base = ["title: My password doesn't work", "summary: Check Caps Lock."]
    front_lines = [b for b in base if b.split(":")[0] != line.split(":")[0]] + [line]
    text = "---\n" + "\n".join(front_lines) + "\n---\nDo.\n"
    path = write(content, "logging-in/password.md", text)
    _, problems = collect_kb(content)
    key_line = text.splitlines().index(line) + 1
    assert any(str(p).startswith(f"{path}:{key_line}: {message}") for p in problems), problems
    front = yaml.safe_load(text.split("---\n")[1])
    assert list(VALIDATOR.iter_errors(front)), front


def test_an_unknown_key_names_its_line_and_the_closest_declared_key(content: Path) -> None:
    path = write(
        content,
        "logging-in/password.md",
        "---\ntitle: My password doesn't work\nsumary: Check Caps Lock.\nfeatureed: true\n"
        "colour: red\n---\nDo.\n",
    )
    index = write(content, "logging-in/index.md", "---\ntitel: Logging in\n---\n")
    found = [str(p) for p in collect_kb(content)[1]]
    keys = ", ".join(ARTICLE_FIELDS.keys)
    assert found == [
        f"{path}:3: unknown key 'sumary' — did you mean 'summary'?",
        f"{path}:4: unknown key 'featureed' — did you mean 'featured'?",
        f"{path}:5: unknown key 'colour' — use one of: {keys}",
        f"{path}:1: 'summary' is missing — add a line 'summary: Passwords are "
        "case-sensitive. Check Caps Lock.' to the front matter",
        f"{index}:2: unknown key 'titel' — did you mean 'title'?",
    ]
