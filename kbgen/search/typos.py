"""Typo tolerance: correct a query word the index does not know to the nearest word it does.

Words of 4-7 letters may be one edit off, words of 8 or more two (an edit is one letter
added, removed, changed, or two neighbours swapped). Among words equally near, the one
the articles use most wins; the vocabulary is stored most frequent first, so the first
nearest word found is the answer. Words of the help-desk lexicon and the synonyms that no
article uses come after the article words ("apointment" -> "appointment", which the
lexicon reads as a booking). The browser implements the same (`correct()` in
search-engine.js).

A word the customer spelt right is not a typo, even when the articles do not use it:
"cold" is not "hold", "passport" not "password", "bake" not "bike". The language's common
words (`common_words`, from pyspellchecker's frequency list; the site ships them by word
length for the browser) are searched as typed, and since no article has them, they leave
that part of the question unanswered, which is what the no-match floor needs to see in
"how do i renew my passport".
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

MIN_LENGTH_ONE_EDIT = 4
MIN_LENGTH_TWO_EDITS = 8
# How many of a language's most frequent words count as spelt right: enough for the words
# customers use, few enough to leave out the rare words that are also common typos.
COMMON_WORDS = 20_000


def max_edits(word: str) -> int:
    if len(word) >= MIN_LENGTH_TWO_EDITS:
        return 2
    if len(word) >= MIN_LENGTH_ONE_EDIT:
        return 1
    return 0


def distance(a: str, b: str, limit: int) -> int:
    """Edit distance with adjacent swaps (optimal string alignment); limit+1 once above limit."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        row_min = i
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                value = min(value, previous2[j - 2] + 1)
            current[j] = value
            row_min = min(row_min, value)
        if row_min > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[len(b)]


def correct(word: str, vocabulary: Sequence[str]) -> str | None:
    """The nearest vocabulary word within the allowed edits, or None."""
    limit = max_edits(word)
    if limit == 0:
        return None
    best: str | None = None
    best_distance = limit + 1
    for candidate in vocabulary:
        if abs(len(candidate) - len(word)) >= best_distance:
            continue
        d = distance(word, candidate, best_distance - 1)
        if d < best_distance:
            best, best_distance = candidate, d
            if d == 1:
                break  # nothing nearer exists for a word the index does not know
    return best


@functools.lru_cache(maxsize=4)
def common_words(lang: str = "en", limit: int = COMMON_WORDS) -> frozenset[str]:
    """The `limit` most frequent words of a language that typo correction would touch
    (4 letters or more), as search words; empty for a language pyspellchecker has no list
    for (then every unknown word may be corrected)."""
    return frozenset(w for w in frequent_words(lang, limit) if max_edits(w))


@functools.lru_cache(maxsize=4)
def frequent_words(lang: str = "en", limit: int = COMMON_WORDS) -> tuple[str, ...]:
    """The `limit` most frequent words of a language (pyspellchecker's list), most frequent
    first, as search words (folded as the language's queries are); () without a list."""
    import gzip
    import heapq
    import json
    from importlib import resources

    from kbgen.search.language import language

    words = language(lang).words
    source = resources.files("spellchecker") / "resources" / f"{lang}.json.gz"
    if not lang.isalpha() or not source.is_file():
        return ()
    with source.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as text:
        frequency: dict[str, int] = json.load(text)
    out: dict[str, None] = {}
    for word in heapq.nlargest(limit, frequency, key=frequency.__getitem__):
        folded = words(word)
        if len(folded) == 1:
            out[folded[0]] = None
    return tuple(out)
