"""Plain language for customers new to the internet: a low reading grade, short sentences,
no walls of text."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from kbgen.check.context import CheckContext
from kbgen.check.document import Document
from kbgen.check.readability import grade_formula
from kbgen.check.readability import reading_grade as fk_grade
from kbgen.check.registry import rule
from kbgen.content.model import Problem
from kbgen.content.text import Sentence


def _reading_text(doc: Document) -> tuple[str, list[Sentence]]:
    """The article's prose with each block ending a sentence (list items often have no full
    stop, and run together they would read as one endless sentence)."""
    pieces, sentences = [], []
    for block in doc.prose():
        text = block.text.strip()
        if not text:
            continue
        pieces.append(text if text[-1] in ".!?:" else text + ".")
        sentences += block.sentences()
    return "\n".join(pieces), sentences


def _hardest(sentences: list[Sentence], language: str) -> Sentence | None:
    scored = [
        (fk_grade(s.text if s.text[-1:] in ".!?" else s.text + ".", language), s)
        for s in sentences
        if s.words >= 5
    ]
    return max(scored, key=lambda pair: pair[0])[1] if scored else None


@rule(
    "reading-grade",
    family="plain-language",
    severity="warning",
    summary="the article reads at school grade 8 or below (Flesch-Kincaid; German: Wiener "
    "Sachtextformel; no formula for other languages)",
    max=8.0,
)
def reading_grade(ctx: CheckContext, options: dict[str, Any]) -> Iterable[Problem]:
    limit = float(options["max"])
    language = ctx.language
    formula = grade_formula(language)
    if formula is None:
        ctx.notes.append(
            f"reading-grade: no reading-grade formula for language '{language}', so articles "
            "in it are not graded (kbgen has Flesch-Kincaid for English and the Wiener "
            "Sachtextformel for German)"
        )
        return
    for doc in ctx.documents:
        text, sentences = _reading_text(doc)
        if len(sentences) < 3:
            continue  # too little text for a meaningful grade
        grade = fk_grade(text, language)
        if grade > limit:
            hardest = _hardest(sentences, language)
            where = f"; the hardest sentence is on line {hardest.line}" if hardest else ""
            yield Problem(
                doc.path,
                hardest.line if hardest else doc.body_line,
                f"the article reads at school grade {grade:.1f} by the {formula} "
                f"(aim for {limit:g} or lower)"
                f"{where}",
                'use shorter sentences and everyday words ("use", not "utilise")',
                rule="reading-grade",
            )


@rule(
    "long-sentence",
    family="plain-language",
    severity="warning",
    summary="sentences of more than 25 words",
    max_words=25,
)
def long_sentence(ctx: CheckContext, options: dict[str, Any]) -> Iterable[Problem]:
    limit = int(options["max_words"])
    for doc in ctx.documents:
        for block in doc.prose():
            for sentence in block.sentences():
                if sentence.words > limit:
                    start = " ".join(sentence.text.split()[:6])
                    yield Problem(
                        doc.path,
                        sentence.line,
                        f'a sentence of {sentence.words} words (at most {limit}): "{start} …"',
                        "split it into two or three sentences, one idea each",
                        rule="long-sentence",
                    )


@rule(
    "wall-of-text",
    family="plain-language",
    severity="warning",
    summary="paragraphs of more than 80 words",
    max_words=80,
)
def wall_of_text(ctx: CheckContext, options: dict[str, Any]) -> Iterable[Problem]:
    limit = int(options["max_words"])
    for doc in ctx.documents:
        for block in doc.prose():
            if block.words > limit:
                yield Problem(
                    doc.path,
                    block.line,
                    f"a paragraph of {block.words} words (at most {limit})",
                    "break it into short paragraphs, or make the actions a numbered list",
                    rule="wall-of-text",
                )
