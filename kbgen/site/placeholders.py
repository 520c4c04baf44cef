"""Text that is not the owner's yet: untouched template text and "TODO:" markers.

`kbgen new` and `kbgen mine --drafts` start articles from templates whose sentences say what
to write ("Write the answer in one short sentence here.", "TODO: one action per step.").
Published, they read as a broken help centre. The sentences are read from the templates
themselves (rendered as the commands render them), so the check cannot drift from what the
commands write. `kbgen check` reports these as errors (rule `placeholder`); the build warns,
so `kbgen build --strict` refuses to publish them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from kbgen import templates
from kbgen.content import frontmatter
from kbgen.content.model import Entry, KnowledgeBase, Problem
from kbgen.content.site_data import CONTACT_FILE, GLOSSARY_FILE
from kbgen.content.text import mask_code_and_comments
from kbgen.site.scaffold import EXAMPLE_EMAIL

# Templates whose sentences are instructions to the owner, and who writes them.
TEMPLATES = {
    "scaffold/article.md.j2": "the article template (kbgen new)",
    "mine/draft.md.j2": "the draft template (kbgen mine --drafts)",
}
# Front matter keys whose template values are examples of the format, not placeholders.
_NOT_TEXT = {"title", "reviewed", "tags", "related"}
# Markers writers leave for themselves (in capitals, as a word).
MARKER_RE = re.compile(r"(?<![\w-])(TODO|FIXME|TBD)(?![\w-])|(lorem ipsum)", re.IGNORECASE)
_LIST_MARK_RE = re.compile(r"^\s*(?:[-*+]|\d{1,9}[.)])\s+")
_LEADING_MARKER_RE = re.compile(r"^\s*(?:TODO|FIXME|TBD)\b\s*:?\s*")
_MARKUP_RE = re.compile(r"[*_`]")
_MIN_WORDS = 3  # shorter template lines ("Next") could be anyone's words


@dataclass(frozen=True)
class Phrase:
    text: str  # as the template writes it
    source: str  # which template, for the message


def _normal(text: str) -> str:
    text = _LEADING_MARKER_RE.sub("", _LIST_MARK_RE.sub("", text))
    text = _MARKUP_RE.sub("", text).lower()
    return re.sub(r"\s+", " ", text).strip(" .:")


def _sentences(rendered: str) -> Iterator[str]:
    """The owner-facing sentences of a rendered template: front matter text values and body
    lines other than headings."""
    front = frontmatter.split(rendered)
    for key, value in front.data.items():
        if key in _NOT_TEXT:
            continue
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str):
                yield item
    for line in front.body.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            yield _LIST_MARK_RE.sub("", line).strip()


@cache
def template_phrases() -> dict[str, Phrase]:
    """Normalised sentence -> the template sentence it stands for."""
    env = templates.environment()
    values = {
        "title": "Title",
        "today": "2000-01-01",
        "symptoms": [],
        "tags": [],
        "customers": 1,
        "tickets": 1,
        "slug": "slug",
        "suggested_category": "category",
    }
    phrases: dict[str, Phrase] = {}
    for name, source in TEMPLATES.items():
        for sentence in _sentences(env.get_template(name).render(**values)):
            key = _normal(sentence)
            if len(key.split()) >= _MIN_WORDS:
                phrases.setdefault(key, Phrase(_LEADING_MARKER_RE.sub("", sentence), source))
    return phrases


@cache
def _phrase_re() -> re.Pattern[str]:
    keys = sorted(template_phrases(), key=len, reverse=True)
    return re.compile("|".join(re.escape(k) for k in keys))


def _phrase_problem(path: Path, line: int, text: str) -> Problem | None:
    match = _phrase_re().search(_normal(text))
    if match is None:
        return None
    phrase = template_phrases()[match.group(0)]
    return Problem(
        path,
        line,
        f"'{phrase.text}' is placeholder text from {phrase.source}",
        "replace it with your own words for the customer, or delete the line",
        rule="placeholder",
    )


def _marker_problem(path: Path, line: int, text: str) -> Problem | None:
    match = MARKER_RE.search(text)
    if match is None or (match.group(1) and not match.group(1).isupper()):
        return None
    marker = match.group(0)
    if match.group(2):
        return Problem(
            path,
            line,
            f"'{marker}' is filler text",
            "write the real text for the customer",
            rule="placeholder",
        )
    return Problem(
        path,
        line,
        f"'{marker}' marks something still to write",
        f"write it and remove the '{marker}' (a draft stays unpublished in _drafts/ "
        "until it is ready)",
        rule="placeholder",
    )


def _email_problem(path: Path, line: int, text: str, where: str) -> Problem | None:
    if EXAMPLE_EMAIL not in text.lower():
        return None
    return Problem(
        path,
        line,
        f"{EXAMPLE_EMAIL} is the example address kbgen init writes, not yours",
        f"write the address customers should use {where}",
        rule="placeholder",
    )


def _line_problems(path: Path, line: int, text: str, where: str) -> Iterator[Problem]:
    # One placeholder finding per line is enough; the example address is a separate mistake.
    unwritten = _marker_problem(path, line, text) or _phrase_problem(path, line, text)
    for problem in (unwritten, _email_problem(path, line, text, where)):
        if problem is not None:
            yield problem


def _article_lines(entry: Entry) -> Iterator[tuple[int, str]]:
    """(file line, text a customer reads) for the front matter values and the body, with
    code and HTML comments left out."""
    lines = entry.key_lines
    yield lines.get("title", 1), entry.title
    yield lines.get("summary", 1), entry.summary
    for i, symptom in enumerate(entry.symptoms):
        yield lines.get(f"symptoms[{i}]", lines.get("symptoms", 1)), symptom
    body = [""] * (entry.body_line - 1) + entry.body.splitlines()
    yield from sorted(mask_code_and_comments(body, entry.body_line).items())


def _yaml_lines(path: Path) -> Iterator[tuple[int, str]]:
    """Lines of a YAML file that are not comments."""
    try:
        text = path.read_text("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return  # the loader reports unreadable files
    for number, line in enumerate(text.splitlines(), 1):
        if not line.lstrip().startswith("#"):
            yield number, line


def _may_hold_one(entry: Entry) -> bool:
    """A quick look at the whole article, so the line by line search runs only where it can
    find something (nearly every article holds none)."""
    text = "\n".join((entry.title, entry.summary, *entry.symptoms, entry.body))
    if any(marker in text for marker in ("TODO", "FIXME", "TBD")):
        return True
    lowered = " ".join(text.lower().split())
    return any(start in lowered for start in _starts())


@cache
def _starts() -> tuple[str, ...]:
    """What the quick look searches for: the example address, filler text, and the first
    words of each template sentence (before any markup)."""
    return (EXAMPLE_EMAIL, "lorem ipsum", *{key[:16] for key in template_phrases()})


def find_placeholders(kb: KnowledgeBase) -> list[Problem]:
    """Every placeholder in the knowledge base, each with its file line."""
    problems: list[Problem] = []
    where = f"(and set it in {CONTACT_FILE})"
    for entry in kb.entries:
        if not _may_hold_one(entry):
            continue
        for line, text in _article_lines(entry):
            problems += _line_problems(entry.path, line, text, where)
    for cat in kb.categories:
        if cat.path is not None:
            for line, text in _yaml_lines(cat.path):
                problems += _line_problems(cat.path, line, text, where)
    for name in (CONTACT_FILE, GLOSSARY_FILE):
        path = kb.root / name
        if path.is_file():
            for line, text in _yaml_lines(path):
                problems += _line_problems(path, line, text, "here")
    return problems
