"""The help-desk lexicon, chatter, split words, coverage and the no-match floor (Python side),
and the quality of the search on the knowledge bases of bench/search_sets."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from kbgen.content.loader import load_kb
from kbgen.search import engine as engine_mod
from kbgen.search.engine import Plan, SearchEngine, SearchOptions, coverage
from kbgen.search.lexicon import CHATTER, INTENTS, build_intents
from tests.support import cli
from tests.support.paths import REPO

sys.path.insert(0, str(REPO / "bench"))

from _search_sets import QuerySet, load_sets
from search_quality import Score, kbgen, score

SETS = {qs.name: qs for qs in load_sets()}


@pytest.fixture(scope="module")
def example() -> SearchEngine:
    return SearchEngine.from_kb(load_kb(REPO / "content"))


@pytest.fixture(scope="module")
def photos() -> SearchEngine:
    return SearchEngine.from_kb(load_kb(SETS["photos"].content))


def boosts(plan: Plan) -> dict[str, float]:
    return {c.term: c.boost for c in plan.clauses if not c.prefix}


def test_intents_table_is_normalised_search_words() -> None:
    table = build_intents()
    assert table["money back"] == ["refund"]
    assert "cancel" in table["stop charging"] and "subscription" in table["stop charging"]
    assert table["spanish"] == ["language"]
    # Keys are what analysis.words gives: contractions expanded, lower case.
    assert "reset" in table["do not remember"]
    assert "refund" in table["do not want it"]
    assert all(key == key.lower() and "'" not in key for key in table)
    # Every intent's meanings reach its phrases; no phrase means itself.
    for key, meanings in table.items():
        assert meanings and not set(meanings) & set(key.split()), key
    assert len(INTENTS) >= 40


def test_idiom_searches_its_meaning_above_its_own_words(example: SearchEngine) -> None:
    plan = example.plan("money back ")
    weights = boosts(plan)
    assert weights["refund"] == engine_mod.INTENT_BOOST
    assert weights["money"] == weights["back"] == engine_mod.IDIOM_WORD_BOOST
    assert weights["refund"] > weights["money"]
    assert plan.concepts == 1  # one question: "money back"
    assert example.search("i want my money back").hits[0].slug == "refund-request"


def test_single_word_entry_keeps_the_typed_word_first(example: SearchEngine) -> None:
    weights = boosts(example.plan("scammers "))
    assert weights["scammers"] == 1.0 and weights["scam"] == engine_mod.INTENT_BOOST
    assert example.search("you are scammers").hits[0].slug == "is-this-a-scam"
    assert example.search("ripped off").hits[0].slug == "is-this-a-scam"


def test_everyday_phrases_find_their_article(photos: SearchEngine) -> None:
    # Brief examples: none of these words is in the article it must find.
    assert photos.search("how do i switch to espanol").hits[0].slug == "site-language"
    assert photos.search("delete my account").hits[0].slug == "delete-account"
    assert photos.search("is this legit").hits[0].slug == "is-it-safe"


def test_bookings_hire_and_stays_in_everyday_words() -> None:
    bikes = SearchEngine.from_kb(load_kb(SETS["bikes"].content))
    cottages = SearchEngine.from_kb(load_kb(SETS["cottages"].content))
    # "reschedule", "reserve", "rent", "pick up", "left my": none is in the article found.
    assert bikes.search("reschedule").hits[0].slug == "move-booking"
    assert bikes.search("can i rent a bike").hits[0].slug == "hire-a-bike"
    assert bikes.search("when can i pick up my bike").hits[0].slug == "repair-ready"
    assert cottages.search("how do i reserve").hits[0].slug == "how-to-book"
    assert cottages.search("postpone our stay").hits[0].slug == "change-dates"
    assert cottages.search("left my coat in the cottage").hits[0].slug == "left-behind"
    # "whats" is "what is": stop words, not a third part of the question left unmatched.
    assert cottages.plan("whats the wifi code").concepts == 2
    assert cottages.search("whats the wifi code").hits[0].slug == "wifi"


def test_words_spelt_right_are_not_corrected_into_article_words() -> None:
    cottages = SearchEngine.from_kb(load_kb(SETS["cottages"].content))
    # "cold" is one letter from "hold" and "passport" two from "password", but both are
    # English words: searched as typed, they leave that part of the question unanswered.
    assert cottages.plan("shower is cold ").corrections == {}
    assert "cold" in cottages.data.common_words and not cottages.knows("cold")
    assert cottages.search("how do i renew my passport").hits == []
    # A misspelling is still corrected.
    assert cottages.plan("cancle my stay ").corrections == {"cancle": "cancel"}
    # The old search, without the lexicon, corrected both.
    before = SearchEngine(cottages.data, SearchOptions.before())
    assert before.plan("shower is cold ").corrections == {"cold": "hold"}


def test_common_words_come_from_the_language_list() -> None:
    from kbgen.search.typos import common_words

    english = common_words("en")
    assert 15_000 < len(english) <= 20_000 and "passport" in english
    assert min(len(w) for w in english) == 4  # shorter words are never corrected anyway
    assert "pasword" not in english and "recieve" not in english
    # No list for the language (or a code that is no language): every typo is corrected.
    assert common_words("xx") == common_words("../en") == frozenset()


def test_typos_are_corrected_to_lexicon_words_too() -> None:
    bikes = SearchEngine.from_kb(load_kb(SETS["bikes"].content))
    # No bike article says "appointment"; the lexicon reads it as a booking.
    assert not bikes.knows("appointment")
    plan = bikes.plan("make an apointment ")
    assert plan.corrections == {"apointment": "appointment"}
    assert "book" in boosts(plan)
    assert "book-a-service" in [h.slug for h in bikes.search("make an apointment").hits[:3]]
    # Corrected before phrases are read: "stop chargin me" is "stop charging".
    plan = bikes.plan("stop chargin me ")
    assert plan.corrections == {"chargin": "charging"} and plan.concepts == 1


def test_chatter_is_searched_but_not_a_part_of_the_question(example: SearchEngine) -> None:
    assert "please" in CHATTER and "help" in CHATTER
    plan = example.plan("refnd please ")
    assert plan.concepts == 1 and "please" in boosts(plan)
    assert example.search("refnd please").hits[0].slug == "refund-request"
    # Only chatter: no question at all, so the no-match panel (topics, contact) answers.
    assert example.search("hello").hits == []
    assert example.search("thanks please").hits == []


def test_words_run_together_are_split(photos: SearchEngine) -> None:
    plan = photos.plan("uploadfailed ")
    assert plan.corrections == {"uploadfailed": "upload failed"}
    assert plan.corrected == "upload failed"
    assert photos.search("uploadfailed").hits[0].slug == "upload-fails"
    # A split is a lexicon feature: the previous search left the word alone.
    before = SearchEngine(photos.data, SearchOptions.before())
    assert before.plan("uploadfailed ").corrections == {}


def test_coverage_counts_fields_and_kinds_of_match() -> None:
    plan = Plan(
        clauses=(
            engine_mod.Clause("password", 1.0, links=((0, 1.0),)),
            engine_mod.Clause("reset", 0.6, links=((1, engine_mod.MEANING_MATCH),)),
            engine_mod.Clause("pleas", 1.0, links=()),
        ),
        concepts=2,
    )
    assert coverage(plan, {"password": {"title": {}}, "reset": {"symptoms": {}}}) == (
        (1.0 + engine_mod.MEANING_MATCH) / 2
    )
    assert coverage(plan, {"password": {"body": {}}}) == engine_mod.BODY_MATCH / 2
    assert coverage(plan, {"pleas": {"title": {}}}) == 0.0
    assert coverage(Plan(clauses=(), concepts=0), {}) == 0.0


def test_below_the_floor_nothing_is_shown(example: SearchEngine) -> None:
    assert example.search("car wont start").hits == []
    # The same query without the floor shows unrelated articles.
    before = SearchEngine(example.data, SearchOptions.before())
    assert before.search("car wont start").hits
    # The floor never hides a good answer.
    assert example.search("download wont open").hits[0].slug == "download-wont-open"


def test_cli_says_when_nothing_fits(tmp_path: Path) -> None:
    out = cli.kbgen("search", "--kb", REPO / "content", "football scores", check=True)
    assert "No good match for football scores" in " ".join(out.stdout.split())
    out = cli.kbgen("search", "--kb", REPO / "content", "--json", "hello", check=True)
    assert '"no_match": true' in out.stdout and '"results": []' in out.stdout


def test_search_tests_check_questions_that_must_get_no_match(kb_copy: Path) -> None:
    from kbgen.search.searchtests import run_search_tests

    tests = kb_copy / "content" / "_search-tests.yml"
    assert "no_match:" in tests.read_text(encoding="utf-8")
    assert run_search_tests(load_kb(kb_copy / "content")) == []
    text = tests.read_text(encoding="utf-8") + "  - my download wont open\n  - ''\n"
    tests.write_text(text, encoding="utf-8")
    lines = text.splitlines()
    problems = run_search_tests(load_kb(kb_copy / "content"))
    assert [(p.line, p.rule) for p in problems] == [
        (len(lines), "search-tests"),
        (len(lines) - 1, "search-tests"),
    ]
    assert "must be a query" in problems[0].message
    assert "'my download wont open' should show the no-match panel" in problems[1].message
    assert "'download-wont-open'" in problems[1].message


# Regression floors a little under what bench/search_quality.py measured with the related
# terms of kbgen.search.related (and above the figures without them, a plain install's);
# they fail when search gets worse.
MINIMUM: dict[str, tuple[float, float, float]] = {  # set: hit@1, hit@3, out of scope
    "example": (0.94, 0.97, 0.72),
    "plants": (0.83, 0.92, 0.92),
    "bikes": (0.74, 0.85, 0.84),
    "cottages": (0.71, 0.79, 0.80),
    "yoga": (0.58, 0.77, 0.80),
    "photos": (0.78, 0.82, 0.64),
    "courses": (0.86, 0.93, 0.0),
    "cleaning": (0.66, 0.72, 0.72),  # held out: measured once ranking work was done
    "cakes": (0.59, 0.71, 0.72),  # held out, never tuned on
    # Written blind (no search run before their queries were committed), never tuned on.
    "invoicing": (0.56, 0.70, 0.72),
    "phones": (0.57, 0.71, 0.60),
    "grooming": (0.53, 0.71, 0.40),
}


@pytest.mark.parametrize("name", sorted(MINIMUM))
def test_quality_on_each_knowledge_base(name: str) -> None:
    qs: QuerySet = SETS[name]
    now: Score = score(qs, kbgen(qs.content, SearchOptions()))
    hit1, hit3, oos = MINIMUM[name]
    assert now.hit1 >= hit1 and now.hit3 >= hit3, now.misses
    if qs.out_of_scope:
        assert now.no_match is not None and now.no_match >= oos, now.misses


def test_a_number_in_digits_finds_it_spelt_out() -> None:
    from kbgen.search.synonyms import build_table

    table = build_table()
    assert (table["3"], table["three"], table["12"]) == (["three"], ["3"], ["twelve"])
    cleaning = SearchEngine.from_kb(load_kb(SETS["cleaning"].content))
    # The article says "a three-bedroom house" (its numbered steps' "3." is not a word).
    assert cleaning.search("how much for a 3 bed house").hits[0].slug == "prices"
