"""The front matter's fields, each declared once: its type, whether it is required, its
default, its check and its help text.

From these declarations come the keys the loader knows (anything else is reported with a
did-you-mean hint), the check of each value with its `path:line` message, the values the
loader puts into `Entry` and `Category` (tests/content/test_fields.py ties their fields to
the declarations), and the JSON Schema that `kbgen schema` prints for editors. As MkDocs
declares its config options (mkdocs/config/config_options.py): one class per kind of value,
one instance per key.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, ClassVar, Generic, TypeVar, cast

from kbgen.content.frontmatter import FrontMatter
from kbgen.content.layout import SLUG_RE
from kbgen.content.source_files import Report
from kbgen.content.urls import icon_ok

T = TypeVar("T")

Schema = dict[str, Any]


@dataclass(frozen=True)
class Field(Generic[T]):
    """One front-matter key. Subclasses say how a value of their kind is checked and read."""

    name: str
    help: str = ""  # one line for the owner, shown by editors through the JSON Schema
    required: bool = False
    example: str = "..."  # shown in the hint when a required key is missing

    default: ClassVar[Any] = None  # the value when the key is left out (or is wrong)
    annotation: ClassVar[Any] = object  # the type the model holds it as
    in_model: ClassVar[bool] = True  # False: accepted here, read by another part (kbgen check)

    def given(self, data: Mapping[str, Any]) -> bool:
        """Whether the front matter sets this key (a blank text counts as not set)."""
        return self.name in data

    def read(self, fm: FrontMatter, report: Report) -> T:
        """The key's value, checked; its default, after reporting why, when it is wrong."""
        line = fm.key_lines.get(self.name, fm.start_line)
        if not self.given(fm.data):
            if self.required:
                report(line, *self.missing())
            return cast(T, self.default)
        return self.convert(fm.data[self.name], line, fm.key_lines, report)

    def missing(self) -> tuple[str, str]:
        return (
            f"'{self.name}' is missing",
            f"add a line '{self.name}: {self.example}' to the front matter",
        )

    def convert(self, value: Any, line: int, lines: Mapping[str, int], report: Report) -> T:
        raise NotImplementedError

    def value_schema(self) -> Schema:
        raise NotImplementedError

    def json_schema(self) -> Schema:
        schema = self.value_schema()
        if self.help:
            schema["description"] = self.help
        return schema


@dataclass(frozen=True)
class Text(Field[str]):
    """A line of text (a number is taken as its text)."""

    default: ClassVar[Any] = ""
    annotation: ClassVar[Any] = str

    def given(self, data: Mapping[str, Any]) -> bool:
        value = data.get(self.name)
        return value is not None and not (isinstance(value, str) and not value.strip())

    def convert(self, value: Any, line: int, lines: Mapping[str, int], report: Report) -> str:
        if not isinstance(value, str | int | float):
            report(
                line,
                f"'{self.name}' must be a line of text",
                f"write it as '{self.name}: some text'",
            )
            return ""
        return str(value).strip()

    def value_schema(self) -> Schema:
        return {"type": "string", "minLength": 1} if self.required else {"type": "string"}


@dataclass(frozen=True)
class Icon(Text):
    """A Material icon name such as 'material/key-variant', or an emoji."""

    def convert(self, value: Any, line: int, lines: Mapping[str, int], report: Report) -> str:
        icon = super().convert(value, line, lines, report)
        if icon and not icon_ok(icon):
            report(
                line,
                f"'{icon}' is not an icon name",
                "write a Material icon such as 'icon: material/key-variant', or a single emoji",
            )
            return ""
        return icon


@dataclass(frozen=True)
class TextList(Field[tuple[str, ...]]):
    """A list of short texts; 'tags: login, password' (a common slip) is taken as a list."""

    item_schema: Schema = field(default_factory=lambda: {"type": "string", "minLength": 1})

    default: ClassVar[Any] = ()
    annotation: ClassVar[Any] = tuple[str, ...]

    def convert(
        self, value: Any, line: int, lines: Mapping[str, int], report: Report
    ) -> tuple[str, ...]:
        if value is None:
            return ()
        if isinstance(value, str):
            return tuple(v.strip() for v in value.split(",") if v.strip())
        if not isinstance(value, list):
            report(
                line,
                f"'{self.name}' must be a list",
                f"write it as '{self.name}: [first, second]' or one '- item' per line",
            )
            return ()
        items = []
        for i, item in enumerate(value):
            if isinstance(item, str | int | float) and str(item).strip():
                items.append(str(item).strip())
            else:
                report(
                    lines.get(f"{self.name}[{i}]", line),
                    f"item {i + 1} of '{self.name}' is not text",
                    "write each item as plain text after '- '",
                )
        return tuple(items)

    def value_schema(self) -> Schema:
        return {"type": "array", "items": dict(self.item_schema)}


@dataclass(frozen=True)
class PastDate(Field[date | None]):
    """A day written YYYY-MM-DD, not in the future."""

    annotation: ClassVar[Any] = date | None

    def convert(
        self, value: Any, line: int, lines: Mapping[str, int], report: Report
    ) -> date | None:
        if value is None:
            return None
        if isinstance(value, str):
            try:
                value = date.fromisoformat(value.strip())
            except ValueError:
                pass
        if isinstance(value, datetime):
            value = value.date()
        if isinstance(value, date):
            if value > date.today():
                report(
                    line,
                    f"'{self.name}' is in the future ({value.isoformat()})",
                    "use the date you last checked the article, such as 2026-10-01",
                )
            return value
        report(
            line,
            f"'{self.name}' is not a valid date: {value!r}",
            f"write it as YYYY-MM-DD, such as '{self.name}: 2026-10-01'",
        )
        return None

    def value_schema(self) -> Schema:
        return {"type": "string", "format": "date"}


@dataclass(frozen=True)
class WholeNumber(Field[int | None]):
    annotation: ClassVar[Any] = int | None

    def convert(
        self, value: Any, line: int, lines: Mapping[str, int], report: Report
    ) -> int | None:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            report(line, f"'{self.name}' must be a whole number", f"write it as '{self.name}: 1'")
            return None
        return value

    def value_schema(self) -> Schema:
        return {"type": "integer"}


@dataclass(frozen=True)
class Flag(Field[bool]):
    default: ClassVar[Any] = False
    annotation: ClassVar[Any] = bool

    def convert(self, value: Any, line: int, lines: Mapping[str, int], report: Report) -> bool:
        if not isinstance(value, bool):
            report(
                line,
                f"'{self.name}' must be true or false",
                f"write '{self.name}: true' or remove the line",
            )
            return False
        return value

    def value_schema(self) -> Schema:
        return {"type": "boolean"}


@dataclass(frozen=True)
class ReadElsewhere(Field[None]):
    """A key the loader accepts but another part reads and checks: `check:` is `kbgen
    check`'s (kbgen/check/runner.py), `template:` or `hide:` MkDocs' and Material's."""

    schema: Schema = field(default_factory=dict)

    in_model: ClassVar[bool] = False

    def convert(self, value: Any, line: int, lines: Mapping[str, int], report: Report) -> None:
        return None

    def value_schema(self) -> Schema:
        return dict(self.schema)


# MkDocs and Material read these from any page's front matter too; kbgen lets owners use them.
MATERIAL_FIELDS: tuple[Field[Any], ...] = (
    ReadElsewhere(
        "template", "A Material/MkDocs page template (advanced).", schema={"type": "string"}
    ),
    ReadElsewhere(
        "hide",
        "Material: parts of the page to hide (advanced).",
        schema={"type": "array", "items": {"type": "string"}},
    ),
    ReadElsewhere("search", "Material search settings (advanced).", schema={"type": "object"}),
    ReadElsewhere(
        "description", "Meta description; defaults to the summary.", schema={"type": "string"}
    ),
    ReadElsewhere(
        "status",
        "Material: the page's status in the navigation, such as new or deprecated (advanced).",
        schema={"type": "string"},
    ),
    ReadElsewhere(
        "icon",
        "Material: an icon beside the page in the navigation, such as material/key (advanced).",
        schema={"type": "string"},
    ),
)


@dataclass(frozen=True)
class FrontMatterFields:
    """The fields of one kind of file: kbgen's own (`fields`, whose names an unknown key's
    hint lists) and the MkDocs/Material keys it lets through."""

    fields: tuple[Field[Any], ...]
    passthrough: tuple[Field[Any], ...] = MATERIAL_FIELDS

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    @property
    def model_fields(self) -> tuple[Field[Any], ...]:
        """The fields the model (Entry, Category) holds, in declaration order."""
        return tuple(f for f in self.fields if f.in_model)

    def unknown_keys(self, fm: FrontMatter, report: Report) -> None:
        """Report each key neither declared nor let through, with the closest declared one."""
        allowed = self.keys
        passed = {f.name for f in self.passthrough}
        for key in fm.data:
            if key in allowed or key in passed:
                continue
            close = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.6)
            hint = f"did you mean '{close[0]}'?" if close else f"use one of: {', '.join(allowed)}"
            report(fm.key_lines.get(str(key), fm.start_line), f"unknown key '{key}'", hint)

    def read(self, fm: FrontMatter, report: Report) -> dict[str, Any]:
        """Every model field's value (its default when left out or wrong), by name."""
        return {f.name: f.read(fm, report) for f in self.model_fields}

    def read_given(self, fm: FrontMatter, report: Report) -> dict[str, Any]:
        """The values of the model fields the front matter sets, for files whose left-out
        keys fall back to something else (a topic's index.md)."""
        return {f.name: f.read(fm, report) for f in self.model_fields if f.given(fm.data)}

    def json_schema(self) -> Schema:
        """The object schema of this front matter (JSON Schema draft 2020-12)."""
        properties: Schema = {}
        for f in (*self.fields, *self.passthrough):
            properties.setdefault(f.name, f.json_schema())
        return {
            "type": "object",
            "required": [f.name for f in self.fields if f.required],
            "additionalProperties": False,
            "properties": properties,
        }


ARTICLE_FIELDS = FrontMatterFields(
    (
        Text(
            "title",
            "The problem in the customer's words, e.g. \"My password doesn't work\".",
            required=True,
            example="My password doesn't work",
        ),
        Text(
            "summary",
            "The answer in one line. Shown first on the page, in search results and in "
            "search engines.",
            required=True,
            example="Passwords are case-sensitive. Check Caps Lock.",
        ),
        TextList(
            "symptoms",
            "What customers say or see, in their own words. Shown on the page and searched.",
        ),
        TextList("tags", "Extra search words."),
        TextList(
            "related",
            "File names (without .md) of related articles.",
            item_schema={"type": "string", "pattern": SLUG_RE.pattern},
        ),
        PastDate("reviewed", "The date you last checked the article is right (YYYY-MM-DD)."),
        WholeNumber("order", "Position in its category (smaller first)."),
        Flag(
            "featured",
            'Show in "Most asked" on the home page when no mined ticket data is published.',
        ),
        ReadElsewhere(
            "check",
            "Settings for `kbgen check` on this article.",
            schema={
                "type": "object",
                "additionalProperties": False,
                "properties": {
                    "ignore": {
                        "type": "array",
                        "items": {"type": "string"},
                        "description": "Rules of `kbgen check` to skip for this article, "
                        "e.g. [reading-grade].",
                    }
                },
            },
        ),
    )
)

# A topic folder's index.md: each key it leaves out comes from the folder's name (title), or
# for a translation from the default language's topic.
CATEGORY_FIELDS = FrontMatterFields(
    (
        Text("title", "The topic's name, as the home page and navigation show it."),
        Text("description", "One line under the topic's name on the home page."),
        Icon("icon", "A Material icon such as 'material/key-variant', or a single emoji."),
        WholeNumber("order", "Position of the topic on the home page (smaller first)."),
    )
)


def article_schema() -> Schema:
    """The JSON Schema of an article's front matter, as `kbgen schema` prints it."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://kbgen.example/schema/article.schema.json",
        "title": "kbgen article front matter",
        "description": "The settings at the top of a help article "
        "(content/<category>/<slug>.md), between the two '---' lines.",
        **ARTICLE_FIELDS.json_schema(),
    }
