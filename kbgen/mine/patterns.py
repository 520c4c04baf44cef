"""Redaction patterns that carry their own guard.

Most tickets hold no password, no IBAN and no street address, and most redaction patterns
cost far more to run than a substring test, so each pattern runs only when a cheap test (its
guard) says it could change the text. A guard that misses one of its pattern's words means
that word is never redacted, silently; so a guard is never a second word list:

- `Words` builds both the regex alternation a pattern uses ("password", "pwd", "kennwort")
  and the guard's substrings, derived from each word's own regex (`required_literals`): add
  a word and its guard comes with it.
- `Rule` holds one pattern, what a match becomes, its guard (declared next to it where the
  guard is not a word list) and examples: texts the rule changes. Tests check that every
  rule's guard admits its examples and any text made from them
  (tests/mine/test_redact_guards.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

Guard = Callable[[str, str], bool]  # (text, text.lower()) -> could the pattern change it?
Replace = str | Callable[[re.Match[str]], str]
More = tuple[tuple[re.Pattern[str], Replace], ...]

_QUANTIFIER = re.compile(r"\?|\*|\+|\{(\d*)(?:,\d*)?\}")
_PLAIN = re.compile(r"[^\\\[\](){}|.?*+^$]+")  # characters that only ever match themselves
_MAX_VARIANTS = 16


def required_literals(regex: str) -> list[tuple[str, ...]]:
    """Sets of lower-case strings such that every match of `regex` (case-insensitively)
    holds at least one string of each set: "pass\\s?words?" gives ("pass",), ("word",);
    "gr[üu](?:ß|ss)e" gives ("gr",), ("ße", "sse"); an optional part gives nothing.

    Runs of plain characters count, and so do character classes and groups of plain
    alternatives ("[ée]", "(?:key|token)"), expanded. Anything else (\\s, ranges, nested
    groups, look-arounds) ends a run. A regex with "|" outside any group has no sets."""
    sets: list[tuple[str, ...]] = []
    current = [""]

    def close() -> None:
        nonlocal current
        if all(current):
            sets.append(tuple(dict.fromkeys(current)))
        current = [""]

    i, n = 0, len(regex)
    while i < n:
        c = regex[i]
        variants: list[str] | None = None  # the plain strings this item matches, if any
        if c == "\\":
            nxt = regex[i + 1]
            variants = None if nxt.isalnum() else [nxt]
            i += 2
        elif c == "[":
            end = regex.index("]", i + 2)
            body = regex[i + 1 : end]
            if _PLAIN.fullmatch(body) and "-" not in body and not body.startswith("^"):
                variants = list(body)
            i = end + 1
        elif c == "(":
            end, depth = i, 0
            while True:
                if regex[end] == "\\":
                    end += 2
                    continue
                depth += {"(": 1, ")": -1}.get(regex[end], 0)
                if depth == 0:
                    break
                end += 1
            body = regex[i + 1 : end]
            if body.startswith("?:"):
                body = body[2:]
            elif re.match(r"\?[a-zA-Z]+:", body):  # (?i:...)
                body = body[body.index(":") + 1 :]
            elif body.startswith("?"):  # a look-around or a flag: matches no characters
                body = None
            if body is not None:
                alternatives = body.split("|")
                if all(_PLAIN.fullmatch(a) for a in alternatives):
                    variants = alternatives
            i = end + 1
        elif c == "|":
            return []  # a choice at the top: no string is in every match
        elif c in ".^$":
            i += 1
        else:
            variants = [c]
            i += 1
        quantifier = _QUANTIFIER.match(regex, i)
        optional = False
        repeated = False
        if quantifier is not None:
            i = quantifier.end()
            if i < n and regex[i] in "?+":  # lazy or possessive
                i += 1
            token = quantifier.group(0)
            optional = token in ("?", "*") or (
                token.startswith("{") and not int(quantifier.group(1) or 0)
            )
            repeated = not optional
        if variants is None or optional or len(current) * len(variants) > _MAX_VARIANTS:
            close()
            continue
        current = [p + v.lower() for p in current for v in variants]
        if repeated:  # "x+" holds one x for sure, and perhaps more before what follows
            close()
    close()
    return sets


def _best(sets: list[tuple[str, ...]], regex: str) -> tuple[str, ...]:
    """The set with the longest shortest string: the rarest in text, most likely."""
    if not sets:
        raise ValueError(f"{regex!r} holds no plain text a guard could look for")
    return max(sets, key=lambda s: min(map(len, s)))


def hints_for(entry: str | tuple[str, ...]) -> tuple[str, ...]:
    """The guard's substrings for one word: its rarest required set, or the substrings given
    with it ((regex, "nom")), which must be in every text the regex matches."""
    if isinstance(entry, str):
        return _best(required_literals(entry), entry)
    regex, *given = entry
    # Each string of some required set must hold one of the given substrings.
    for required in required_literals(regex):
        if all(any(g in s for g in given) for s in required):
            return tuple(given)
    raise ValueError(f"{given} is not in every text {regex!r} matches")


def _fewest(hints: Iterable[str]) -> tuple[str, ...]:
    """Hints without those that hold a shorter one ("passwort" goes where "pass" is)."""
    unique = sorted(set(hints), key=len)
    kept: list[str] = []
    for h in unique:
        if not any(k in h for k in kept):
            kept.append(h)
    return tuple(kept)


@dataclass(frozen=True)
class Words:
    """Words that introduce personal data ("password is", "my husband"): the alternation a
    pattern puts them in, and the guard's substrings, one of which is in any text the
    alternation matches (`required_literals`)."""

    regex: str
    hints: tuple[str, ...]
    entries: tuple[str, ...] = ()  # each word's own regex, lower case

    def __call__(self, text: str, lower: str) -> bool:
        for hint in self.hints:
            if hint in lower:
                return True
        return False

    def __str__(self) -> str:
        return self.regex

    def loose(self, tail: str = "", head: str = "") -> re.Pattern[str]:
        """The words between `head` and `tail`, for a stricter guard to search the lower-cased
        text with: it matches wherever the words do, and at word middles too (a guard may
        say yes too often, never no)."""
        return re.compile(f"{head}(?:{'|'.join(self.entries)}){tail}")


def words(*entries: str | tuple[str, ...]) -> Words:
    """Case-insensitive alternation of words (regexes) at a word start, written to begin with
    one character class: "[oOiI](?<!\\w.)(?:(?<=[oO])(?i:rder)|(?<=[iI])(?i:nvoice))" rather
    than "\\b(?:order|invoice)".
    An entry may be (regex, substrings...) to give its guard rarer substrings than the
    derived ones ("mon\\s+nom\\s+est" is "nom" rather than "mon", which "month" holds)."""
    regexes = [e if isinstance(e, str) else e[0] for e in entries]
    by_first: dict[str, list[str]] = {}
    for word in regexes:
        by_first.setdefault(word[0].lower(), []).append(word[1:])
    # One character class first, then the branch for the letter it took: the regex engine
    # skips ahead to the next of those letters in C (a choice of several classes first
    # makes it try each at every position).
    first = "".join(dict.fromkeys(c + c.upper() for c in by_first))
    branches = "|".join(
        f"(?<=[{c}{c.upper()}])(?i:{'|'.join(rest)})" for c, rest in by_first.items()
    )
    regex = f"(?:[{first}](?<!\\w.)(?:{branches}))"
    return Words(regex, _fewest(h for e in entries for h in hints_for(e)), tuple(regexes))


def phrases(*entries: str | tuple[str, ...]) -> Words:
    """Case-insensitive alternation of phrases (regexes) that need not start with a letter
    ("(?:mit\\s+)?viele\\s+grüße"): for patterns that say where a phrase starts themselves."""
    regexes = [e if isinstance(e, str) else e[0] for e in entries]
    hints = _fewest(h for e in entries for h in hints_for(e))
    return Words(f"(?i:{'|'.join(regexes)})", hints, tuple(regexes))


def searched(pattern: re.Pattern[str], in_lower: bool = False) -> Guard:
    """A guard that searches the text (or its lower-cased copy) with a cheaper pattern."""
    if in_lower:
        return lambda text, lower: pattern.search(lower) is not None
    return lambda text, lower: pattern.search(text) is not None


def in_text(first: str, second: str | None = None) -> Guard:
    """A guard for a case-sensitive pattern: one of its required substrings is in the text."""
    if second is None:
        return lambda text, lower: first in text
    return lambda text, lower: first in text or second in text


@dataclass(frozen=True)
class Rule:
    """One kind of personal data: the pattern that finds it, what a match becomes, the guard
    that says whether the pattern could change a text at all (None: run it on every text),
    and examples of texts the rule changes (the tests hold the guard to them)."""

    name: str
    pattern: re.Pattern[str]
    replace: Replace
    guard: Guard | None
    examples: tuple[str, ...]
    # Patterns run after the first one under the same guard (its answer asked once).
    more: More = ()

    def apply(self, text: str) -> str:
        """The rule's patterns run on `text`, guard or no guard."""
        text = self.pattern.sub(self.replace, text)
        for pattern, replace in self.more:
            text = pattern.sub(replace, text)
        return text

    def admits(self, text: str) -> bool:
        return self.guard is None or self.guard(text, text.lower())


# A rule as the loop over every ticket wants it: guard, bound `sub`, replacement, more.
Compiled = tuple[
    Guard | None,
    Callable[[Replace, str], str],
    Replace,
    tuple[tuple[re.Pattern[str], Replace], ...],
]


def compiled(rules: Iterable[Rule]) -> tuple[Compiled, ...]:
    return tuple((r.guard, r.pattern.sub, r.replace, r.more) for r in rules)


def run(rules: tuple[Compiled, ...], text: str, lower: str) -> str:
    """The rules in order, each where its guard lets it (`run` is called for every ticket:
    the rules come compiled, as attribute look-ups add up)."""
    for guard, sub, replacement, more in rules:
        if guard is None or guard(text, lower):
            text = sub(replacement, text)
            for pattern, also in more:
                text = pattern.sub(also, text)
    return text
