"""A kind tone: no words that make a stuck customer feel stupid, and no shouting."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from kbgen.check.context import CheckContext
from kbgen.check.document import Document
from kbgen.check.readability import base_language
from kbgen.check.registry import rule
from kbgen.content.model import Problem


@dataclass(frozen=True)
class Word:
    pattern: str  # a regular expression, matched case-insensitively on word boundaries
    why: str
    drop: bool  # the sentence reads fine without it, so the rewrite just leaves it out
    instead: str = ""  # advice when it cannot simply be dropped


MINIMISING = (
    Word(r"simply", "it suggests the task is trivial", True),
    Word(r"just", "it makes the task sound trivial", True),
    Word(r"basically", "it adds nothing and can sound dismissive", True),
    Word(r"obviously", "what is obvious to you is new to the customer", True),
    # "It is obvious that the file is a ZIP" reads right only without the whole lead-in.
    Word(
        r"(?:it(?:'s|’s| is) )?obvious(?: that)?",
        "what is obvious to you is new to the customer",
        True,
    ),
    Word(r"clearly", "what is clear to you is new to the customer", True),
    Word(r"of course", "it suggests the customer should have known", True),
    Word(
        r"as (?:stated|mentioned|explained)(?: (?:above|before|earlier))?",
        "it blames the customer for not reading",
        True,
    ),
    Word(
        r"everyone knows",
        "it shames customers who don't",
        False,
        "explain it in a few words instead",
    ),
    Word(
        r"easy|easily",
        "if it felt easy, they would not be reading help",
        False,
        "say how long it takes instead, such as 'it takes about two minutes'",
    ),
    Word(r"merely", "it makes the task sound trivial", True),
)
# German: the same kinds of words. Left out on purpose: "nur" and "eben" (mostly "only" and
# "flat"), "leicht" (mostly "light"); "einfach" only as the bare word, so "einfache Wörter"
# (an adjective describing the text) is not flagged.
MINIMISING_DE = (
    Word(r"(?:ganz )?einfach", "it makes the task sound trivial", True),
    Word(r"bloß|lediglich", "it makes the task sound trivial", True),
    Word(r"offensichtlich", "what is obvious to you is new to the customer", True),
    Word(r"natürlich|selbstverständlich", "it suggests the customer should have known", True),
    Word(
        r"wie (?:oben |bereits |schon )?(?:beschrieben|erwähnt|erklärt)",
        "it blames the customer for not reading",
        True,
    ),
    Word(r"jeder weiß", "it shames customers who don't", False, "explain it in a few words"),
    Word(
        r"kinderleicht|mühelos",
        "if it felt easy, they would not be reading help",
        False,
        "say how long it takes instead, such as 'das dauert etwa zwei Minuten'",
    ),
)
WORD_LISTS = {"en": MINIMISING, "de": MINIMISING_DE}


def _any_of(words: tuple[Word, ...]) -> str:
    return "|".join(f"(?:{w.pattern})" for w in words)


TONE_RES = {
    language: re.compile(rf"(?<![\w-])({_any_of(words)})(?![\w-])", re.IGNORECASE)
    for language, words in WORD_LISTS.items()
}

# Words in capitals that are names, not shouting. Extend with the rule's `acronyms` option.
ACRONYMS = frozenset(
    """
    AI AM API ATM BIC CD CPU CSS CSV CVC CVV DNS DOC DOCX DVD EPS EU EUR FAQ GB GBP GIF GMT
    GPS HD HTML HTTP HTTPS ID IBAN ICC IP ISP IT JPEG JPG KB LED MB MP3 MP4 NFC OK OS OTF PC
    PDF PIN PM PNG PSD QR RAM RGB RSS SD SMS SSD SSL SVG TB TIFF TTF TV TXT UK URL US USA USB
    USD UTC VAT VPN WOFF WOFF2 WWW XLS XLSX ZIP
""".split()
)
# Capitals, including shouted contractions such as DON'T.
CAPS_RE = re.compile(r"(?<![\w'’-])[A-Z][A-Z0-9'’]*[A-Z](?![\w'’-])")


# Every word the rewrite may leave out, with the commas around it.
DROP_RES = {
    language: re.compile(
        rf"(,\s*)?(?<![\w-])(?:{_any_of(tuple(w for w in words if w.drop))})(?![\w-])(\s*,)?\s*",
        re.IGNORECASE,
    )
    for language, words in WORD_LISTS.items()
}


def _rewrite(sentence: str, language: str = "en") -> str:
    """The sentence with every minimising word that can go left out, tidied: "Simply click
    the obvious button." -> "Click the button." (not just the first word found)."""
    text = DROP_RES[language].sub(lambda m: ", " if m.group(1) else " ", sentence)
    text = re.sub(r"\s+([,.!?;:])", r"\1", re.sub(r"\s{2,}", " ", text)).strip(" ,")
    return text[:1].upper() + text[1:]


def _sentence_around(text: str, start: int, end: int) -> str:
    left = max(text.rfind(". ", 0, start), text.rfind("! ", 0, start), text.rfind("? ", 0, start))
    right = min(
        (i for i in (text.find(". ", end), text.find("! ", end), text.find("? ", end)) if i >= 0),
        default=len(text) - 1,
    )
    return text[left + 2 if left >= 0 else 0 : right + 1].strip()


def reader_lines(doc: Document) -> Iterator[tuple[int, str]]:
    """(line, reader-visible text): the title and summary, then every body line."""
    assert doc.entry is not None
    for key in ("title", "summary"):
        value = getattr(doc.entry, key)
        if value:
            yield doc.entry.key_lines.get(key, 1), value
    for block in doc.blocks:
        yield from block.lines


@rule(
    "tone",
    family="tone",
    severity="warning",
    summary="words that belittle the customer (simply, just, easy, obviously, ...)",
)
def tone(ctx: CheckContext, options: dict[str, Any]) -> Iterable[Problem]:
    language = base_language(ctx.language)
    if language not in WORD_LISTS:
        ctx.notes.append(
            f"tone: kbgen has lists of condescending words for {', '.join(WORD_LISTS)} only, "
            f"so articles in '{ctx.language}' are not checked for tone"
        )
        return
    words, tone_re = WORD_LISTS[language], TONE_RES[language]
    for doc in ctx.documents:
        for line, text in reader_lines(doc):
            for match in tone_re.finditer(text):
                found = match.group(1)
                word = next(w for w in words if re.fullmatch(w.pattern, found, re.IGNORECASE))
                if word.drop:
                    sentence = _sentence_around(text, match.start(), match.end())
                    kinder = _rewrite(sentence, language)
                    hint = f'leave it out: "{kinder[:120]}"'
                else:
                    hint = word.instead
                yield Problem(
                    doc.path, line, f"'{found}' sounds condescending: {word.why}", hint, rule="tone"
                )


@rule(
    "shouting",
    family="tone",
    severity="warning",
    summary="words in capitals that are not acronyms (they read as shouting)",
    acronyms=[],
)
def shouting(ctx: CheckContext, options: dict[str, Any]) -> Iterable[Problem]:
    # TODO, FIXME and TBD are unwritten text, which the placeholder rule reports.
    known = set(ACRONYMS) | {a.upper() for a in options["acronyms"]} | {"TODO", "FIXME", "TBD"}
    for term in ctx.kb.site.glossary:
        known |= {w for w in (term.term, *term.aliases) for w in w.split() if w.isupper()}
    for doc in ctx.documents:
        defined = {m for line in doc.lines for m in re.findall(r"^\*\[([^\]]+)\]:", line)}
        for line, text in reader_lines(doc):
            for match in CAPS_RE.finditer(text):
                word = match.group(0)
                if word in known or word in defined or len(word) < 2:
                    continue
                yield Problem(
                    doc.path,
                    line,
                    f"'{word}' in capitals reads as shouting",
                    f"write '{word.lower()}' and use **bold** for the one word that matters; "
                    "if it is an acronym, add it to the glossary or the rule's 'acronyms'",
                    rule="shouting",
                )
                break  # one finding per line is enough
