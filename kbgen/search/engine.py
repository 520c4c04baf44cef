"""The search customers get, in Python: `kbgen search`, the search tests and `kbgen mine`.

`plan()` turns a query into weighted lunr clauses; the browser's search.js does the same
steps in the same order (tests compare both), then both ask lunr for the ranking and
rescore its results the same way (`rescore`).

1. Split the query into search words (`analysis.words`); drop lunr's stop words.
2. Phrases: the longest phrase at each position that the owner's synonyms, the built-in
   synonyms or the help-desk lexicon (`lexicon.py`) know adds its meanings. A lexicon
   phrase of several words is an idiom ("money back"): its own words weigh less.
3. A word the index does not know (neither the word nor its stem) is corrected to the
   nearest article word (`typos.correct`), or else split into two article words
   ("giftcard"), with a lower weight than exactly typed words. The last word while still
   being typed (no space after it yet) is left alone when some index term starts with it,
   and also searched as a prefix ("passw" finds "password").
4. Each typed word, or phrase, is one *concept* of the query. An article's coverage is
   the share of the concepts it matches, fully in its title, symptoms, tags or summary,
   less in its body only or through a meaning. lunr's score is scaled by coverage (an
   article that answers the whole question beats one that repeats one word). When no
   article reaches the coverage floor, nothing is shown: the site shows the "no good
   match" panel instead of articles that only share a word or two with the question.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from lunr.query import Query

from kbgen.model import KnowledgeBase
from kbgen.search import index as index_mod
from kbgen.search.analysis import stem, words
from kbgen.search.index import SearchData
from kbgen.search.lexicon import CHATTER, build_intents
from kbgen.search.typos import correct

# Clause weights relative to a word typed exactly as the articles spell it (1.0).
FUZZY_BOOST = 0.6
SYNONYM_BOOST = 0.3
INTENT_BOOST = 0.6  # the meanings of a help-desk lexicon phrase
IDIOM_WORD_BOOST = 0.4  # the own words of a lexicon phrase of two or more words
PREFIX_BOOST = 0.3
MIN_PREFIX_LENGTH = 3
MAX_SYNONYM_WORDS = 3
MIN_SPLIT_PART = 3  # "giftcard" -> "gift card": both parts article words of 3+ letters
# Coverage (see `coverage`): what a concept matched through a meaning (synonym, lexicon,
# corrected or split word) or a prefix counts for, and one matched only in an article's
# body; how much of the lunr score depends on coverage; the coverage an article needs to
# be shown at all. Tuned on bench/search_sets/plants only (bench/search_quality.py).
MEANING_MATCH = 0.6
PREFIX_MATCH = 0.5
BODY_MATCH = 0.5
COVERAGE_WEIGHT = 0.3
COVERAGE_FLOOR = 0.34
STRONG_FIELDS = ("title", "symptoms", "tags", "summary")


@dataclass(frozen=True)
class SearchOptions:
    """Switches for the parts of the query handling that benchmarks compare."""

    lexicon: bool = True  # expand everyday help-desk phrases (kbgen.search.lexicon)
    floor: bool = True  # rescore by coverage; no article up to the floor: "no good match"

    @classmethod
    def before(cls) -> SearchOptions:
        """The search as it was before the lexicon and the coverage floor."""
        return cls(lexicon=False, floor=False)


@dataclass(frozen=True)
class Clause:
    term: str
    boost: float
    prefix: bool = False  # a trailing-wildcard term, searched as typed (no stemming)
    # (concept, match): the parts of the query (a word or a phrase) this clause stands for,
    # and what matching it counts for in that concept's coverage
    links: tuple[tuple[int, float], ...] = ((0, 1.0),)


@dataclass(frozen=True)
class Plan:
    """What a query searches for: the clauses and the corrections made to the customer's words."""

    clauses: tuple[Clause, ...]
    corrections: dict[str, str] = field(default_factory=dict)
    corrected: str | None = None  # the query as shown after "Showing results for"
    concepts: int = 0  # how many parts (words or phrases) the query has, see `coverage`


@dataclass(frozen=True)
class Hit:
    slug: str
    title: str
    url: str  # site-relative, "category/slug/"
    score: float
    category: str  # the category's folder name
    category_title: str
    summary: str


@dataclass(frozen=True)
class SearchResult:
    query: str
    corrected: str | None
    hits: list[Hit]  # empty: nothing good enough, the site shows the "no good match" panel


def rank_key(url: str, score: float) -> tuple[int, str]:
    """Best first; ties by URL. Scores are compared at 1e-6 so float noise cannot reorder."""
    return (-math.floor(score * 1e6 + 0.5), url)


def has_digit(word: str) -> bool:
    return any("0" <= ch <= "9" for ch in word)


def coverage(
    plan: Plan, matched: dict[str, Iterable[str]], stem: Callable[[str], str] = stem
) -> float:
    """Share of the query's concepts an article matches (`matched`: index term -> fields).

    A concept counts fully when a word the customer typed is in a strong field (title,
    symptoms, tags, summary); less through a meaning or a prefix (the clause's link), and
    BODY_MATCH times that when only in the body.
    """
    if not plan.concepts:
        return 0.0
    best = [0.0] * plan.concepts
    for term, fields in matched.items():
        strength = 1.0 if any(f in STRONG_FIELDS for f in fields) else BODY_MATCH
        for clause in plan.clauses:
            if term.startswith(clause.term) if clause.prefix else term == stem(clause.term):
                for concept, match in clause.links:
                    best[concept] = max(best[concept], strength * match)
    return sum(best) / plan.concepts


def rescore(score: float, cover: float) -> float:
    return score * (1 - COVERAGE_WEIGHT + COVERAGE_WEIGHT * cover)


class SearchEngine:
    def __init__(self, data: SearchData, options: SearchOptions | None = None):
        self.data = data
        self.options = options or SearchOptions()
        self._vocabulary_set = set(data.vocabulary)
        self.language = data.language
        # The help-desk lexicon is English; other languages have their own chatter words only.
        english = self.language.english
        self.intents = build_intents() if self.options.lexicon and english else {}
        self.chatter = CHATTER if english else self.language.chatter
        self.max_phrase_words = max(
            [MAX_SYNONYM_WORDS] + [len(k.split()) for k in self.intents], default=1
        )

    @classmethod
    def from_kb(cls, kb: KnowledgeBase, language: str | None = None) -> SearchEngine:
        """The search of a knowledge base whose articles are in `language` (default English)."""
        return cls(index_mod.build(kb, language))

    @classmethod
    def from_content(cls, content_dir: Path, language: str | None = None) -> SearchEngine:
        from kbgen.loader import load_kb

        return cls.from_kb(load_kb(content_dir), language)

    # -- query planning -------------------------------------------------------------

    def knows(self, word: str) -> bool:
        return (
            word in self._vocabulary_set
            or self.language.stem(word) in self.data.index.inverted_index
        )

    def respelled(self, word: str) -> str | None:
        """The word as the articles spell it when the customer wrote it another way the
        language allows ("rueckerstattung" for "rückerstattung"), or None."""
        return next((w for w in self.language.respell(word) if self.knows(w)), None)

    def starts_a_term(self, prefix: str) -> bool:
        terms = self.data.terms
        i = bisect.bisect_left(terms, prefix)
        return i < len(terms) and terms[i].startswith(prefix)

    def split(self, word: str) -> tuple[str, str] | None:
        """A word run together from two article words ("giftcard"), or None."""
        known = self._vocabulary_set
        for k in range(MIN_SPLIT_PART, len(word) - MIN_SPLIT_PART + 1):
            if word[:k] in known and word[k:] in known:
                return word[:k], word[k:]
        return None

    def plan(self, query: str) -> Plan:
        ws = self.language.words(query)
        is_stop_word = self.language.is_stop_word
        typing = bool(query) and not query[-1].isspace()
        synonyms, intents = self.data.synonyms, self.intents

        # Known phrases, longest first at each position, not overlapping: start -> length.
        span_at: dict[int, int] = {}
        i = 0
        while i < len(ws):
            for n in range(min(self.max_phrase_words, len(ws) - i), 0, -1):
                key = " ".join(ws[i : i + n])
                if key in synonyms or key in intents:
                    span_at[i] = n
                    i += n
                    break
            else:
                i += 1

        clauses: list[Clause] = []
        position: dict[str, int] = {}
        corrections: dict[str, str] = {}
        concepts = 0

        def add(term: str, boost: float, match: float = 1.0, prefix: bool = False) -> None:
            """A clause for the concept being planned; a term asked twice keeps its best boost."""
            key = term + ("*" if prefix else "")
            links = ((concepts, match),) if match else ()
            if key not in position:
                position[key] = len(clauses)
                clauses.append(Clause(term, boost, prefix, links))
                return
            old = clauses[position[key]]
            clauses[position[key]] = Clause(term, max(old.boost, boost), prefix, old.links + links)

        last = len(ws) - 1
        i = 0
        while i < len(ws):
            n = span_at.get(i, 0)
            if n:  # a phrase: its words, then its meanings, are one concept
                key = " ".join(ws[i : i + n])
                idiom = n > 1 and key in intents
                for j in range(i, i + n):
                    if is_stop_word(ws[j]):
                        continue
                    add(ws[j], IDIOM_WORD_BOOST if idiom else 1.0)
                    if typing and j == last and len(ws[j]) >= MIN_PREFIX_LENGTH:
                        add(ws[j], PREFIX_BOOST, PREFIX_MATCH, prefix=True)
                for meaning, boost in (
                    (synonyms.get(key, ()), SYNONYM_BOOST),
                    (intents.get(key, ()), INTENT_BOOST),
                ):
                    for word in meaning:
                        if not is_stop_word(word):
                            add(word, boost, MEANING_MATCH)
                concepts += 1
                i += n
                continue
            word = ws[i]
            i += 1
            if is_stop_word(word):
                continue
            being_typed = typing and i - 1 == last
            if self.options.lexicon and word in self.chatter:
                add(word, 1.0, 0.0)  # searched, but not a part of the question
                continue
            if has_digit(word) or self.knows(word) or (being_typed and self.starts_a_term(word)):
                add(word, 1.0)
                if being_typed and len(word) >= MIN_PREFIX_LENGTH:
                    add(word, PREFIX_BOOST, PREFIX_MATCH, prefix=True)
            elif (respelled := self.respelled(word)) is not None:
                add(respelled, 1.0)  # the same word, written without its umlaut letter
            elif (fixed := correct(word, self.data.vocabulary)) is not None:
                corrections[word] = fixed
                add(fixed, FUZZY_BOOST, MEANING_MATCH)
            elif self.options.lexicon and (parts := self.split(word)) is not None:
                corrections[word] = " ".join(parts)
                for part in parts:
                    add(part, FUZZY_BOOST, MEANING_MATCH)
            else:
                add(word, 1.0)
            concepts += 1
        corrected = corrected_query(query, corrections, self.language.words)
        return Plan(tuple(clauses), corrections, corrected, concepts)

    # -- searching ------------------------------------------------------------------

    def ranked(self, plan: Plan) -> list[tuple[str, float]]:
        """(ref, score) of the articles to show, best first."""
        if not plan.clauses:
            return []
        query = self.data.index.create_query()
        for clause in plan.clauses:
            if clause.prefix:
                query.term(
                    clause.term,
                    boost=clause.boost,
                    use_pipeline=False,
                    wildcard=Query.WILDCARD_TRAILING,
                )
            else:
                query.term(clause.term, boost=clause.boost)
        docs = self.data.documents
        results: list[tuple[str, float]] = []
        best = 0.0
        for r in self.data.index.query(query):
            score = float(r["score"])
            if self.options.floor:
                cover = coverage(plan, r["match_data"].metadata, self.language.stem)
                best = max(best, cover)
                score = rescore(score, cover)
            results.append((r["ref"], score))
        if self.options.floor and best < COVERAGE_FLOOR:
            return []  # no article answers enough of the question: "no good match"
        return sorted(results, key=lambda r: rank_key(docs[r[0]].url, r[1]))

    def search(self, query: str, limit: int = 10) -> SearchResult:
        plan = self.plan(query)
        hits: list[Hit] = []
        for ref, score in self.ranked(plan)[:limit]:
            doc = self.data.documents[ref]
            hits.append(
                Hit(
                    slug=doc.slug,
                    title=doc.title,
                    url=doc.url,
                    score=round(score, 4),
                    category=doc.category,
                    category_title=doc.category_title,
                    summary=doc.summary,
                )
            )
        return SearchResult(query=query, corrected=plan.corrected, hits=hits)


def corrected_query(
    query: str, corrections: dict[str, str], words: Callable[[str], list[str]] = words
) -> str | None:
    """The customer's query with each corrected word replaced, or None if nothing changed."""
    if not corrections:
        return None
    out: list[str] = []
    for token in query.split():
        token_words = words(token)
        if len(token_words) == 1 and token_words[0] in corrections:
            out.append(corrections[token_words[0]])
        else:
            out.append(token)
    return " ".join(out)
