"""Glossary words in running text: their forms, their tooltips, and the glossary page's data.

A term is matched in the forms text uses ("browser" finds "browsers", "cookies" finds
"cookie"), so owners never list plurals as aliases; and the glossary page shows as "Also
called" only the other names a term really has.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kbgen.content.model import GlossaryTerm

# Endings a glossary word takes in running text: "cookies", "unzipped", "caching".
_ENDINGS = r"(?:s|es|d|ed|ing|ped|ping)?"
_ABBR = re.compile(r'<abbr title="([^"]*)">(.*?)</abbr>', re.S)


def _base(word: str) -> str:
    """A plural term without its s ("cookies" -> "cookie"), so the singular matches too."""
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def forms_pattern(word: str) -> re.Pattern[str]:
    """The word with any common ending, as a whole word, any case; spaces and hyphens alike."""
    parts = [re.escape(p) for p in re.split(r"[-\s]+", _base(word.strip()))]
    # Within one line: an abbreviation cannot span a line break.
    return re.compile(r"(?<![\w-])" + r"[- \u00a0]+".join(parts) + _ENDINGS + r"(?![\w-])", re.I)


def _key(word: str) -> str:
    return _base(re.sub(r"[-\s]+", " ", word.strip().lower()))


def other_names(term: GlossaryTerm) -> list[str]:
    """The aliases that are other names, not the term itself in another case or number."""
    seen = {_key(term.term)}
    names = []
    for alias in term.aliases:
        key = _key(alias)
        if key not in seen and not forms_pattern(term.term).fullmatch(alias.strip()):
            seen.add(key)
            names.append(alias)
    return names


def abbreviations(markdown: str, glossary: tuple[GlossaryTerm, ...]) -> str:
    """Markdown abbreviation lines (`*[word]: explanation`) for every form of every glossary
    word the text uses; Material shows them as tooltips."""
    lines: dict[str, str] = {}
    for term in glossary:
        explanation = " ".join(term.explanation.split())
        for word in (term.term, *term.aliases):
            for match in forms_pattern(word).finditer(markdown):
                lines.setdefault(match.group(0), explanation)
    if not lines:
        return ""
    return "\n\n" + "\n".join(f"*[{form}]: {text}" for form, text in lines.items()) + "\n"


def first_mentions_only(html: str) -> str:
    """Underline a glossary word where the page first uses it; later mentions are plain text
    (a page with eleven underlines reads as a page of links)."""
    seen: set[str] = set()

    def keep_first(match: re.Match[str]) -> str:
        title = match.group(1)
        if title in seen:
            return match.group(2)
        seen.add(title)
        return match.group(0)

    return _ABBR.sub(keep_first, html)


@dataclass(frozen=True)
class GlossaryLetter:
    """One letter of the glossary page's A–Z list, with its terms."""

    letter: str
    anchor: str
    terms: tuple[tuple[GlossaryTerm, tuple[str, ...]], ...]  # (term, its other names)


def by_letter(glossary: tuple[GlossaryTerm, ...]) -> list[GlossaryLetter]:
    """Terms sorted without regard to case, grouped under their first letter ("#" for digits
    and signs)."""
    groups: dict[str, list[tuple[GlossaryTerm, tuple[str, ...]]]] = {}
    for term in sorted(glossary, key=lambda t: t.term.casefold()):
        first = term.term[:1].upper()
        letter = first if first.isalpha() else "#"
        groups.setdefault(letter, []).append((term, tuple(other_names(term))))
    return [
        GlossaryLetter(letter, "letter-" + ("0" if letter == "#" else letter.lower()), tuple(t))
        for letter, t in groups.items()
    ]
