"""Matching recurring questions to the example knowledge base with the site's own search."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from kbgen.content.loader import collect_kb
from kbgen.embeddings import available
from kbgen.mine import match
from kbgen.mine.match import COVERED, GAP, UNFINDABLE, Matcher, MatchSettings, coverage
from kbgen.mine.model import Cluster
from kbgen.mine.rank import Finding
from tests.support.paths import REPO

CONTENT = REPO / "content"


def finding(n: int, *phrasings: str, tickets: int = 10) -> Finding:
    cluster = Cluster(n, phrasings[0], (), tickets, tickets, None, None)
    return Finding(cluster, phrasings=phrasings)


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    kb, _ = collect_kb(CONTENT)
    return Matcher(kb)


def test_forgotten_password_matches_reset_password(matcher: Matcher) -> None:
    [f] = matcher.match([finding(
        1, "I forgot my password", "can't remember my password", "how do i reset my pasword",
        "lost my password, how do I get a new one", "need a new password",
    )])  # fmt: skip
    assert f.cluster.article == "reset-password"
    assert f.cluster.status == COVERED
    assert f.cluster.match_score >= matcher.settings.threshold
    assert f.failed_phrasings == ()


def test_gift_cards_are_a_gap(matcher: Matcher) -> None:
    [f] = matcher.match([finding(
        1, "do you sell gift cards", "can I buy a gift voucher for my friend",
        "gift card for a birthday present", "how do I redeem a gift card",
    )])  # fmt: skip
    assert f.cluster.status == GAP
    assert f.cluster.article is None
    assert f.cluster.match_score < matcher.settings.threshold


def test_each_group_gets_its_own_article(matcher: Matcher) -> None:
    found = matcher.match([
        finding(1, "I was charged twice", "two payments taken for one order", "double charge"),
        finding(2, "the download won't open", "file won't open after downloading"),
        finding(3, "I want my money back", "can I get a refund please"),
    ])  # fmt: skip
    assert [f.cluster.article for f in found] == [
        "charged-twice", "download-wont-open", "refund-request",
    ]  # fmt: skip


class _MatchesVouchers(Matcher):
    """The content side decides on the vouchers article; the site search stays the real one."""

    def _similarities(self, phrasings):
        slugs = [e.slug for e in self.entries]
        return np.array([[0.9 if s == "vouchers" else 0.0 for s in slugs] for _ in phrasings])


def test_article_customers_cannot_find_is_unfindable(tmp_path: Path) -> None:
    """An article answers the group, but the site search ranks three others above it for the
    customers' phrasings: the report must say it is not findable, and which phrasings."""
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content, ignore=shutil.ignore_patterns("_*"))
    folder = content / "orders-and-billing"
    (folder / "vouchers.md").write_text(
        "---\ntitle: Vouchers\nsummary: Vouchers are sold at the checkout page.\n"
        "symptoms:\n  - voucher\n---\n## Quick fix\nA voucher makes a nice present.\n",
        encoding="utf-8",
    )
    for n in range(4):  # four articles the search prefers for "gift card" questions
        (folder / f"gift-card-{n}.md").write_text(
            f"---\ntitle: Gift card problem {n}\nsummary: Gift card help.\n"
            f"symptoms:\n  - gift card {n}\n---\n## Quick fix\nWait.\n",
            encoding="utf-8",
        )
    kb, _ = collect_kb(content)
    m = _MatchesVouchers(kb)
    found = ("voucher for a present",)
    lost = ("gift card for a birthday", "do you sell gift cards")
    [f] = m.match([finding(1, *lost, *found)])
    assert f.cluster.article == "vouchers"
    assert f.cluster.status == UNFINDABLE
    assert f.failed_phrasings == lost
    [g] = m.match([finding(2, *found, *found, *lost[:1])])  # most phrasings find it
    # Covered means found: a covered group never also says "search can't find it".
    assert g.cluster.status == COVERED and g.failed_phrasings == ()


def test_misspelt_question_is_covered_by_its_article(matcher: Matcher) -> None:
    """The site search reads "pasword" as "password"; so does the matcher."""
    [f] = matcher.match([finding(1, "Pasword wont work even though I typed it right.")])
    assert (f.cluster.article, f.cluster.status) == ("password-not-working", COVERED)


@pytest.mark.parametrize(
    "question",
    [
        "I did not get my card yet, is it lost?",
        "Can you explain your exchange rate policy to me?",
        "How come I was charged extra when I withdrew cash?",
        "How old do we have to be?",
    ],
)
def test_questions_no_article_answers_stay_gaps(matcher: Matcher, question: str) -> None:
    """Bank customers' questions: the site search returns something for each, and text
    similarity is not nothing, but no shop article answers them."""
    [f] = matcher.match([finding(1, question)])
    assert (f.cluster.status, f.cluster.article) == (GAP, None), f.cluster


def test_the_label_phrasing_decides_a_mixed_group(matcher: Matcher) -> None:
    """Phrasings come best first: a group labelled with the unzip question is not matched
    to the phone article because one of its phrasings is about phones."""
    [f] = matcher.match(
        [finding(1, "How do I unzip the download on my Mac?", "How do I download on my iPhone?")]
    )
    assert f.cluster.article == "open-zip-file"


def test_character_references_are_read_as_the_customer_wrote(matcher: Matcher) -> None:
    """A plain-text export's "can&#39;t" is "can't" to the matcher and the site search."""
    plain, coded = matcher.match(
        [finding(1, "I can't open the ZIP file"), finding(2, "I can&#39;t open the ZIP file")]
    )
    assert plain.cluster.article == coded.cluster.article is not None
    assert plain.cluster.match_score == coded.cluster.match_score


def test_no_articles_means_every_group_is_a_gap(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    kb, _ = collect_kb(tmp_path / "content")
    [f] = Matcher(kb).match([finding(1, "I forgot my password")])
    assert f.cluster.status == GAP and f.cluster.article is None


def test_coverage_counts_tickets_by_status(matcher: Matcher) -> None:
    found = matcher.match([
        finding(1, "I forgot my password", "reset my password", tickets=30),
        finding(2, "do you sell gift cards", "gift voucher", tickets=10),
    ])  # fmt: skip
    summary = coverage(found, total_tickets=50)
    assert summary["grouped_tickets"] == 40
    assert summary["covered_tickets"] == 30 and summary["gap_tickets"] == 10
    assert summary["coverage"] == 0.75 and summary["coverage_of_all"] == 0.6


def test_evidence_comes_from_the_customers_words_not_the_lexicons_meanings(tmp_path: Path) -> None:
    """The site search adds the help-desk lexicon's meanings ("did my order go through"
    searches "confirmation" too), but evidence that an article answers a group comes from
    the customer's own words and the owner's synonyms: the lexicon's meanings lean every
    question about money towards any article about money."""
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content, ignore=shutil.ignore_patterns("_*"))  # no owner synonyms
    kb, _ = collect_kb(content)
    matcher = Matcher(kb)
    assert matcher.engine is not None
    site_terms = {c.term for c in matcher.engine.plan("did my order go through ").clauses}
    _, evidence = matcher._query("did my order go through")
    assert "confirmation" in site_terms
    assert "confirmation" not in evidence.split() and "order" in evidence.split()


@pytest.mark.skipif(not available(), reason="the 'semantic' extra is not installed")
def test_short_phrasings_are_matched_by_meaning_when_words_miss() -> None:
    """Customers' few words ("can we bring our puppy") share none with the article that
    answers them ("Bringing your dog"): the second look by meaning finds it, and leaves the
    questions of another trade gaps."""
    kb, _ = collect_kb(REPO / "bench" / "search_sets" / "cottages" / "content")
    answered = [
        finding(1, "can we bring our puppy", "are dogs allowed"),
        finding(2, "We broke a glass"),
    ]
    foreign = [
        finding(3, "my card got stuck in the atm"),
        finding(4, "jump start my car"),
        finding(5, "can i charge my tesla overnight"),
        finding(6, "do you host weddings"),
    ]
    by_words = Matcher(kb, MatchSettings(meaning=False)).match(answered + foreign)
    assert [f.cluster.status for f in by_words] == [GAP] * 6
    found = Matcher(kb).match(answered + foreign)
    assert [f.cluster.article for f in found] == [
        "dogs",
        "something-broken",
        None,
        None,
        None,
        None,
    ]
    assert [f.cluster.status for f in found[:2]] == [COVERED, COVERED]
    assert all(f.cluster.maybe_answered_by is None for f in found[:5])


@pytest.mark.skipif(not available(), reason="the 'semantic' extra is not installed")
def test_a_likely_but_unsure_article_is_named_on_the_gap() -> None:
    """Evidence at even odds is no answer: the group stays a gap that names the article that
    may answer it, for the owner to check before writing a new one."""
    kb, _ = collect_kb(REPO / "bench" / "search_sets" / "cottages" / "content")
    [f] = Matcher(kb).match([finding(1, "what time can we get in")])
    assert f.cluster.status == GAP and f.cluster.article is None
    assert f.cluster.maybe_answered_by == "arrival-times"
    [f] = Matcher(kb, MatchSettings(meaning=False)).match([finding(1, "what time can we get in")])
    assert f.cluster.maybe_answered_by is None


@pytest.mark.skipif(not available(), reason="the 'semantic' extra is not installed")
def test_the_second_look_reads_only_each_groups_closest_articles(monkeypatch) -> None:
    """On a large knowledge base a group is compared by meaning with its few closest articles
    by words, not with every line of every article (2,000 articles: 20,030 texts embedded
    before, 1,800 after; bench/mine_match.py's figures are the same)."""
    monkeypatch.setattr(match, "MEANING_CANDIDATES", 3)
    kb, _ = collect_kb(REPO / "bench" / "search_sets" / "cottages" / "content")
    matcher = Matcher(kb)
    [f] = matcher.match([finding(1, "can we bring our puppy", "are dogs allowed")])
    assert f.cluster.article == "dogs"
    assert 1 <= len(matcher._lines) <= 3 < len(kb.entries)


@pytest.mark.skipif(not available(), reason="the 'semantic' extra is not installed")
def test_an_article_the_words_pick_stands_only_when_meaning_backs_it() -> None:
    """Words alone call a bank customer's exchange rate question a cake shop's
    change-an-order ("change") and "how much is a cake" how-far-ahead ("how"): an article
    stands when words and meaning together pick it too, else the group is a gap (naming the
    likelier article when there is one)."""
    cakes, _ = collect_kb(REPO / "bench" / "search_sets" / "cakes" / "content")
    questions = [finding(1, "Where do I find the exchange rate?"), finding(2, "how much is a cake")]
    by_words = Matcher(cakes, MatchSettings(meaning=False)).match(questions)
    assert [f.cluster.article for f in by_words] == ["change-an-order", "how-far-ahead"]
    found = Matcher(cakes).match(questions)
    assert [(f.cluster.status, f.cluster.article) for f in found] == [(GAP, None)] * 2
    assert [f.cluster.maybe_answered_by for f in found] == [None, "prices"]
