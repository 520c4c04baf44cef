"""kbgen's interface strings in the site's language (`theme.language`, as Material uses it).

Strings live in flat YAML catalogs, one per language: the package ships `strings/<lang>.yml`
(English is the reference and the fallback), and an owner adds or overrides a language with
`content/_strings.<lang>.yml` in the project. A string a language lacks is shown in English;
`missing` names those strings so `kbgen check` can list them.

YAML rather than gettext catalogs: owners edit these files by hand next to `_contact.yml`,
and kbgen's YAML loader already reports every mistake at its line.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

from kbgen.content import frontmatter
from kbgen.content.model import Problem

STRINGS_DIR = Path(__file__).parent / "strings"
REFERENCE = "en"
# Strings the page's scripts read (search widget, feedback box), written into every page.
SCRIPT_PREFIXES = ("search.", "feedback.", "contact.", "email_copy.")
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def shipped_languages() -> list[str]:
    return sorted(p.stem for p in STRINGS_DIR.glob("*.yml"))


def owner_file(docs_dir: Path, language: str) -> Path:
    return docs_dir / f"_strings.{language}.yml"


def fill(template: str, values: Mapping[str, Any]) -> str:
    """`{name}` replaced by its value; unknown names stay as written (never an error)."""
    return _PLACEHOLDER.sub(lambda m: str(values.get(m[1], m[0])), template)


@dataclass(frozen=True)
class Catalog:
    language: str  # as the site asked for it (theme.language)
    strings: dict[str, str]  # every key of the English reference, in this language or English
    missing: tuple[str, ...] = ()  # keys shown in English because this language lacks them
    owner_path: Path | None = None  # content/_strings.<lang>.yml when the owner has one
    sources: tuple[str, ...] = field(default=())  # where the strings came from, for messages

    def t(self, key: str, /, **values: Any) -> str:
        """The string `key` with its `{placeholders}` filled in. An unknown key is a bug in a
        template: shown as the key itself so it is seen, not as an empty gap."""
        return fill(self.strings.get(key, key), values)

    def t_html(self, key: str, /, **values: Any) -> Markup:
        """The string as HTML for a template: the text escaped, each value escaped unless it
        is already Markup (a link the template made), so a link sits inside the sentence
        where the language puts it."""
        text = self.strings.get(key, key)
        parts = _PLACEHOLDER.split(text)  # text, name, text, name, ...
        html = [
            escape(part) if i % 2 == 0 else escape(values.get(part, "{" + part + "}"))
            for i, part in enumerate(parts)
        ]
        return Markup("").join(html)

    def plural(self, key: str, count: int, /, **values: Any) -> str:
        """`key.one` or `key.other` (the five shipped languages use these two forms)."""
        form = "one" if count == 1 or (self.language.startswith("fr") and count == 0) else "other"
        return self.t(f"{key}.{form}", count=count, **values)

    def for_script(self) -> dict[str, str]:
        return {k: v for k, v in self.strings.items() if k.startswith(SCRIPT_PREFIXES)}


@cache
def _shipped(language: str) -> dict[str, str]:
    path = STRINGS_DIR / f"{language}.yml"
    if not path.is_file():
        return {}
    data, _, errors = frontmatter.parse_yaml(path.read_text("utf-8"), offset=0)
    if errors or not isinstance(data, dict):
        raise RuntimeError(f"{path}: kbgen's own string catalog does not load: {errors}")
    return {str(k): str(v) for k, v in data.items()}


def _candidates(language: str) -> list[str]:
    """'pt-BR' -> ['pt-BR', 'pt']: Material's codes, then the bare language."""
    base = re.split(r"[-_]", language)[0]
    return list(dict.fromkeys([language, base]))


def _read_owner(path: Path, reference: dict[str, str]) -> tuple[dict[str, str], list[Problem]]:
    problems: list[Problem] = []
    try:
        text = path.read_text("utf-8")
    except UnicodeDecodeError:
        return {}, [Problem(path, 1, "the file is not UTF-8 text", "save it as UTF-8")]
    data, lines, errors = frontmatter.parse_yaml(text, offset=0)
    for line, message, hint in errors:
        problems.append(Problem(path, line, message, hint))
    if errors or data is None:
        return {}, problems
    if not isinstance(data, dict):
        hint = "write one 'key: text' per line, as in kbgen's own en.yml"
        return {}, [Problem(path, 1, "the strings must be a mapping of key: text", hint)]
    strings: dict[str, str] = {}
    for key, value in data.items():
        key = str(key)
        line = lines.get(key, 1)
        if key not in reference:
            close = difflib.get_close_matches(key, list(reference), n=1, cutoff=0.6)
            hint = f"did you mean '{close[0]}'?" if close else "see the keys in kbgen's en.yml"
            problems.append(Problem(path, line, f"kbgen has no interface string '{key}'", hint))
            continue
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            problems.append(
                Problem(path, line, f"'{key}' must be text", 'quote it: key: "your text"')
            )
            continue
        value = str(value)
        unknown = set(_PLACEHOLDER.findall(value)) - set(_PLACEHOLDER.findall(reference[key]))
        if unknown:
            wanted = ", ".join(f"{{{n}}}" for n in _PLACEHOLDER.findall(reference[key]))
            problems.append(
                Problem(
                    path,
                    line,
                    f"'{key}' uses {', '.join(f'{{{n}}}' for n in sorted(unknown))}, "
                    "which kbgen does not fill in",
                    f"this string can use {wanted}" if wanted else "this string takes no {names}",
                )
            )
            continue
        strings[key] = value
    return strings, problems


def load_catalog(language: str | None, docs_dir: Path | None) -> tuple[Catalog, list[Problem]]:
    """The interface strings for `language`: English, overlaid with kbgen's catalog for the
    language, overlaid with the owner's `content/_strings.<lang>.yml`."""
    language = (language or REFERENCE).strip() or REFERENCE
    reference = _shipped(REFERENCE)
    strings = dict(reference)
    found: set[str] = set(reference) if language == REFERENCE else set()
    sources = []
    candidates = _candidates(language)
    for code in reversed(candidates):  # the bare language first, the precise code wins
        shipped = {k: v for k, v in _shipped(code).items() if k in reference}
        if shipped and code != REFERENCE:
            strings.update(shipped)
            found |= set(shipped)
            sources.append(f"kbgen's {code}.yml")
    problems: list[Problem] = []
    owner_path = None
    if docs_dir is not None:
        for code in reversed(candidates):
            path = owner_file(docs_dir, code)
            if path.is_file():
                owned, owner_problems = _read_owner(path, reference)
                problems += owner_problems
                strings.update(owned)
                found |= set(owned)
                owner_path = path
                sources.append(path.name)
    missing = tuple(k for k in reference if k not in found)
    return Catalog(language, strings, missing, owner_path, tuple(sources)), problems
