"""Typo tolerance: correct a query word the index does not know to the nearest word it does.

Words of 4-7 letters may be one edit off, words of 8 or more two (an edit is one letter
added, removed, changed, or two neighbours swapped). Among words equally near, the one
the articles use most wins; the vocabulary is stored most frequent first, so the first
nearest word found is the answer. The browser implements the same (`correct()` in search.js).
"""

from __future__ import annotations

from collections.abc import Sequence

MIN_LENGTH_ONE_EDIT = 4
MIN_LENGTH_TWO_EDITS = 8


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
