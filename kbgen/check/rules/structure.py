"""The shape of a good answer: a one-line summary, the customer's symptoms, the quick fix
first, and steps as a numbered list an irritated customer can follow."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from kbgen.check.context import CheckContext
from kbgen.check.document import Document
from kbgen.check.registry import rule
from kbgen.content.model import Problem
from kbgen.content.text import Block, count_words


def _matches(heading: Block, names: list[str]) -> bool:
    text = heading.text.strip().rstrip(":").lower()
    return any(text == n.lower() or text.startswith(n.lower() + " ") for n in names)


def _sections(doc: Document) -> list[tuple[Block, list[Block]]]:
    """Each second-level heading with the blocks under it (deeper headings included)."""
    sections: list[tuple[Block, list[Block]]] = []
    for block in doc.blocks:
        if block.kind == "heading" and block.level <= 2:
            sections.append((block, []))
        elif sections:
            sections[-1][1].append(block)
    return sections


@rule(
    "summary",
    family="structure",
    severity="warning",
    summary="the summary is one short line (at most 35 words)",
    max_words=35,
)
def summary(ctx: CheckContext, options: dict[str, Any]) -> Iterable[Problem]:
    limit = int(options["max_words"])
    for doc in ctx.documents:
        entry = doc.entry
        assert entry is not None
        if not entry.summary:
            continue  # a missing summary is already a content error
        line = entry.key_lines.get("summary", 1)
        words = count_words(entry.summary)
        if "\n" in entry.summary.strip():
            yield Problem(
                doc.path,
                line,
                "the summary is more than one line",
                "write the answer as one line: it is shown in search results",
                rule="summary",
            )
        elif words > limit:
            yield Problem(
                doc.path,
                line,
                f"the summary has {words} words (at most {limit})",
                "keep only the answer; move the details into the article",
                rule="summary",
            )


@rule(
    "symptoms",
    family="structure",
    severity="warning",
    summary="an article lists at least two symptoms in the customer's words",
    min=2,
)
def symptoms(ctx: CheckContext, options: dict[str, Any]) -> Iterable[Problem]:
    least = int(options["min"])
    for entry in ctx.kb.entries:
        if len(entry.symptoms) < least:
            line = entry.key_lines.get("symptoms", entry.key_lines.get("title", 1))
            have = f"only {len(entry.symptoms)}" if entry.symptoms else "no"
            yield Problem(
                entry.path,
                line,
                f"the article has {have} symptoms (at least {least})",
                "add what customers say or see, in their words: 'symptoms: [file won't open, "
                "it says the file is damaged]'",
                rule="symptoms",
            )


@rule(
    "quick-fix",
    family="structure",
    severity="warning",
    summary="the article starts with a 'Quick fix' section, before any long explanation",
    headings=["Quick fix"],
    max_words_before=30,
)
def quick_fix(ctx: CheckContext, options: dict[str, Any]) -> Iterable[Problem]:
    names = list(options["headings"])
    if ctx.strings is not None and ctx.language != "en":
        names.insert(0, ctx.strings.t("article.quick_fix"))  # "Schnelle Lösung" in German
    for doc in ctx.documents:
        sections = _sections(doc)
        first_heading = next((i for i, b in enumerate(doc.blocks) if b.kind == "heading"), None)
        intro = doc.blocks[:first_heading] if first_heading is not None else doc.blocks
        quick = next((i for i, (h, _) in enumerate(sections) if _matches(h, names)), None)
        if quick is None:
            yield Problem(
                doc.path,
                doc.body_line,
                f"the article has no '{names[0]}' section",
                f"start the body with '## {names[0]}' and the one thing that most often fixes it",
                rule="quick-fix",
            )
            continue
        before = sum(b.words for b in intro) + sum(
            b.words + sum(x.words for x in blocks) for b, blocks in sections[:quick]
        )
        if before > int(options["max_words_before"]):
            first = sections[0][0] if quick > 0 else intro[0]
            yield Problem(
                doc.path,
                first.line,
                f"{before} words come before the '{sections[quick][0].text}' section",
                f"move '## {sections[quick][0].text}' to the top: customers want the fix first",
                rule="quick-fix",
            )


@rule(
    "numbered-steps",
    family="structure",
    severity="warning",
    summary="steps (under a 'Step by step' heading) are a numbered list",
    headings=["Step by step", "Steps"],
)
def numbered_steps(ctx: CheckContext, options: dict[str, Any]) -> Iterable[Problem]:
    names = list(options["headings"])
    for doc in ctx.documents:
        for heading, blocks in _sections(doc):
            if not _matches(heading, names):
                continue
            top = [b for b in blocks if b.kind in ("bullet", "ordered") and b.level < 4]
            bullet = next((b for b in top if b.kind == "bullet"), None)
            if bullet is not None:
                yield Problem(
                    doc.path,
                    bullet.line,
                    "a step is a bullet point, not a numbered step",
                    "number the steps ('1.', '2.', ...) so customers can keep their place",
                    rule="numbered-steps",
                )
            elif not top:
                yield Problem(
                    doc.path,
                    heading.line,
                    f"the '{heading.text}' section has no numbered steps",
                    "write each action as '1. ...', '2. ...', one per line",
                    rule="numbered-steps",
                )
