"""Redaction patterns carry their own guard, and no guard skips what its pattern would redact.

Each rule in kbgen/mine/redact.py runs its pattern only where its guard lets it; a guard that
says no where the pattern would have found something leaves personal data in place, with no
error anywhere. These tests hold every guard to its rule: the rule's examples, every spelling
of every word its pattern looks for (generated from the word's own regex), and texts mixed
from all of them.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kbgen.mine import redact as r
from kbgen.mine.patterns import Rule, Words, hints_for, required_literals, words

RULES = {rule.name: rule for rule in r.RULES}
NUMBER_RULES = {rule.name for rule in r._NUMBERS}  # run only on texts with a digit
WORDS = {
    "password": r._PASSWORD_WORDS,
    "other password": r._OTHER_PASSWORD_WORDS,
    "secret": r._SECRET_WORDS,
    "user": r._USER_WORDS,
    "name": r._NAME_WORDS,
    "self": r._SELF_WORDS,
    "greeting": r._GREETING_WORDS,
    "other greeting": r._OTHER_GREETINGS,
    "relation": r._RELATION_WORDS,
    "order": r._ORDER_WORDS,
    "postcode": r._POSTCODE_WORDS,
}


def spellings(w: Words) -> st.SearchStrategy[str]:
    """Texts each of the words' regexes matches, in any case."""
    return st.one_of(*(st.from_regex(re.compile(e, re.I), fullmatch=True) for e in w.entries))


@pytest.mark.parametrize("rule", r.RULES, ids=lambda rule: rule.name)
def test_every_rule_changes_its_examples_and_its_guard_admits_them(rule: Rule) -> None:
    assert rule.examples, f"{rule.name}: give examples of texts the rule changes"
    for example in rule.examples:
        assert rule.admits(example), f"{rule.name}: the guard skips {example!r}"
        assert rule.apply(example) != example, f"{rule.name}: {example!r} is not redacted"


def test_redact_redacts_every_rules_examples() -> None:
    """In the whole chain too: no earlier rule or stage hides an example from its rule."""
    for rule in r.RULES:
        for example in rule.examples:
            assert redact_changes(example), f"{rule.name}: redact() leaves {example!r}"


def redact_changes(text: str) -> bool:
    return r.redact(text) != text


@pytest.mark.parametrize("name", WORDS)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_word_guards_admit_every_spelling_of_their_words(name: str, data: st.DataObject) -> None:
    w = WORDS[name]
    text = data.draw(spellings(w))
    assert w(text, text.lower()), f"{name}: no hint of {w.hints} in {text!r}"
    # The stricter guards search the lower-cased text with the words' own regexes.
    assert w.loose().search(text.lower()), f"{name}: {text!r}"


FILLER = ["it fails", "Anna", "Smith", "my", "is", "please help", "42", "Street", "x7Q9z2"]
SEPARATORS = [" ", ", ", ". ", "\n", "\t", ": ", " = ", "", "  "]
pieces = st.one_of(
    st.sampled_from([e for rule in r.RULES for e in rule.examples]),
    st.sampled_from(FILLER),
    *(spellings(w) for w in WORDS.values()),
)
texts = st.lists(st.tuples(pieces, st.sampled_from(SEPARATORS)), min_size=1, max_size=6).map(
    lambda parts: "".join(piece + sep for piece, sep in parts)
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_no_guard_skips_a_text_its_rule_would_change(text: str) -> None:
    for rule in r.RULES:
        if rule.name in NUMBER_RULES and not re.search(r"\d", text):
            continue  # redact() stops before these when there is no digit
        if not rule.admits(text):
            assert rule.apply(text) == text, f"{rule.name}: the guard skips {text!r}"


def test_stale_word_lists_cannot_happen() -> None:
    """The words a pattern looks for and its guard's hints come from one list: a word added
    to the list is looked for by the guard too, however it is spelt."""
    w = words("kennwort", r"mot\s+de\s+passe")
    assert w("", "mot\tde  passe: geheim")
    assert re.search(w.regex, "Mot de passe") and w.hints == ("passe", "kennwort")
    assert words("kennwort", r"mot\s+de\s+passe", "senha")("", "a senha é x")


def test_required_literals() -> None:
    assert required_literals(r"pass\s?words?") == [("pass",), ("word",)]
    assert required_literals(r"gr[üu](?:ß|ss)e") == [("grüße", "grüsse", "gruße", "grusse")]
    assert required_literals(r"pin(?:\s?code)?") == [("pin",)]
    assert required_literals(r"a{0,2}bc+d") == [("bc",), ("d",)]
    assert required_literals("a|b") == []  # no string is in every match


def test_a_given_hint_must_be_in_every_match() -> None:
    assert hints_for((r"mon\s+nom\s+est", "nom")) == ("nom",)
    with pytest.raises(ValueError, match="not in every text"):
        hints_for((r"mon\s+nom\s+est", "name"))
    with pytest.raises(ValueError, match="no plain text"):
        hints_for(r"\d+\s+\w+")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Each of these was skipped by a separate pre-check whose word list missed it.
        ("john [ at ] gmail.com", "[email]"),
        ("john\tat\tgmail.com", "[email]"),
        ("Mon nom est Pierre Dupont", "Mon nom est [name]"),
        ("I  am Anna", "I  am [name]"),
        ("I spoke to monsieur Dupont", "I spoke to monsieur [name]"),
        ("see Www.example.com/reset?token=abc123", "see [url]"),
        ("send it to GIR 0AA", "send it to [postcode]"),
        ("nothing works, Sean O'Brien", "nothing works, [name]"),
    ],
)
def test_what_stale_pre_checks_let_through(text: str, expected: str) -> None:
    assert r.redact(text) == expected
