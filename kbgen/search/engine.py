"""The search customers get, in Python: `kbgen search`, the search tests and `kbgen mine`.

`plan()` turns a query into weighted lunr clauses; the browser's search-engine.js does the same
steps in the same order (tests compare both), then both score the matches the same way
(kbgen/search/scoring.py and search-index.js: lunr's score times coverage squared).

1. Split the query into search words (`analysis.words`); drop lunr's stop words.
2. A word the index does not know (neither the word nor its stem), nor any known phrase,
   is corrected to the nearest article word or lexicon word (`typos.correct`), or else
   split into two article words ("giftcard"), with a lower weight than exactly typed
   words; unless it is a common word of the language, spelt right (`typos.common_words`:
   "cold" is not "hold"). The last word while still being typed (no space after it yet)
   is left alone when some index term starts with it, and also searched as a prefix
   ("passw" finds "password").
3. Phrases: the longest phrase at each position that the owner's synonyms, the built-in
   synonyms or the help-desk lexicon (`lexicon.py`) know adds its meanings. A lexicon
   phrase of several words is an idiom ("money back"): its own words weigh less.
4. Each typed word, or phrase, is one *concept* of the query. An article's coverage is
   the share of the concepts it matches, fully in its title, symptoms, tags or summary,
   less in its body only or through a meaning. lunr's score is multiplied by the square
   of the coverage (an article that answers the whole question beats one that repeats
   one word, however often or prominently it repeats it). When no article reaches the
   coverage floor, nothing is shown: the site shows the "no good match" panel instead of
   articles that only share a word or two with the question.
5. Only the first few results are shown, so only they are scored in full: `scoring.rank`
   reads each term's articles heaviest first and stops taking in new ones once they could
   not reach the top k; the ranking is the same as scoring every match (tests compare).
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from lunr.query import Query
from lunr.token_set import TokenSet

from kbgen.content.model import KnowledgeBase
from kbgen.search import index as index_mod
from kbgen.search.analysis import stem, words
from kbgen.search.index import SearchData
from kbgen.search.lexicon import CHATTER, build_intents
from kbgen.search.meaning import DEPTH, blend
from kbgen.search.scoring import Query as ScoringQuery
from kbgen.search.scoring import Term, TermPostings, Work, rank
from kbgen.search.shards import term_rows
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
# body; the coverage an article needs to be shown at all. Tuned on the plants, bikes and
# cottages sets of bench/search_sets (bench/search_quality.py).
MEANING_MATCH = 0.6
# A related article word (kbgen.search.related) of a word no article uses: its clause's
# boost and what it counts for in coverage, both times the two words' similarity.
RELATED_BOOST = 0.5
RELATED_MATCH = 0.8
PREFIX_MATCH = 0.5
BODY_MATCH = 0.5
COVERAGE_FLOOR = 0.34
STRONG_FIELDS = ("title", "symptoms", "tags", "summary")


@dataclass(frozen=True)
class SearchOptions:
    """Switches for the parts of the query handling that benchmarks compare."""

    lexicon: bool = True  # expand everyday help-desk phrases (kbgen.search.lexicon)
    floor: bool = True  # rescore by coverage; no article up to the floor: "no good match"
    related: bool = True  # expand words no article uses by related terms (kbgen.search.related)
    meaning: bool = True  # reorder and answer by meaning too (kbgen.search.meaning)

    @classmethod
    def before(cls) -> SearchOptions:
        """The search as it was before the lexicon and the coverage floor."""
        return cls(lexicon=False, floor=False, related=False, meaning=False)


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
    BODY_MATCH times that when only in the body. The scorer (`scoring.rank`) works it
    out term by term as it reads the postings; tests/search/test_scoring.py checks both agree.
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
    """lunr's score times coverage squared: lunr's BM25 favours an article that has one of
    the words in its title (boosted tenfold) over one that has all of them in its symptoms
    and summary; squaring lets the share of the question answered decide between them
    (tune sets, hit@1 without the floor: 0.79 -> 0.83 against a 30% coverage weight)."""
    return score * cover * cover


class SearchEngine:
    def __init__(self, data: SearchData, options: SearchOptions | None = None):
        self.data = data
        self.options = options or SearchOptions()
        self._vocabulary_set = set(data.vocabulary)
        self.language = data.language
        # The help-desk lexicon is English; other languages have their own small one (language.py).
        english = self.language.english
        lexicon = build_intents() if english else self.language.intents()
        self.intents = lexicon if self.options.lexicon else {}
        self.chatter = CHATTER if english else self.language.chatter
        self.max_phrase_words = max(
            [MAX_SYNONYM_WORDS] + [len(k.split()) for k in self.intents], default=1
        )
        # Words of the phrases the synonyms and the lexicon know: never corrected, and
        # (those no article uses) what a typo is corrected to after the article words.
        self.phrase_words = {w for key in [*data.synonyms, *self.intents] for w in key.split()}
        self.targets = list(data.vocabulary)
        if self.options.lexicon:
            self.targets += phrase_targets(self.phrase_words, self.language.is_stop_word)
        self.common = data.common_words if self.options.lexicon else frozenset()
        self.related = data.related if self.options.related else {}
        self.meaning = data.meaning if self.options.meaning else None
        self._refs = {int(ref, 36): ref for ref in data.documents}
        self._rows: dict[str, list] | None = None  # term -> shards.term_rows row, when asked
        self._postings: dict[str, TermPostings] = {}

    @classmethod
    def from_kb(cls, kb: KnowledgeBase, language: str | None = None) -> SearchEngine:
        """The search of a knowledge base, in its articles' language (`kb.lang`) unless
        `language` says otherwise."""
        return cls(index_mod.build(kb, language))

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

    def needs_correction(self, word: str, being_typed: bool) -> bool:
        """A word no article or phrase knows: a typo, two words run together, or a word
        spelt right that the articles do not use (`plan` asks `common` last: the browser
        loads the common words only for a word it could correct)."""
        return not (
            self.language.is_stop_word(word)
            or has_digit(word)
            or self.knows(word)
            or word in self.phrase_words
            or (self.options.lexicon and word in self.chatter)
            or (being_typed and self.starts_a_term(word))
        )

    def plan(self, query: str) -> Plan:
        ws = self.language.words(query)
        is_stop_word = self.language.is_stop_word
        typing = bool(query) and not query[-1].isspace()
        synonyms, intents = self.data.synonyms, self.intents
        last = len(ws) - 1

        # Typos first, so that a corrected word can start or end a phrase ("apointment").
        corrections: dict[str, str] = {}
        fixed_at: dict[int, str] = {}
        split_at: dict[int, tuple[str, str]] = {}
        respelled_at: dict[int, str] = {}
        related_at: dict[int, list[tuple[str, float]]] = {}
        for i, word in enumerate(ws):
            if not self.needs_correction(word, typing and i == last):
                continue
            if (respelled := self.respelled(word)) is not None:
                respelled_at[i] = respelled  # the same word, written without its umlaut letter
                continue
            if word in self.related:  # spelt right, not the articles' word: search its kin
                related_at[i] = self.related[word]
                continue
            if word in self.common:
                continue  # spelt right: the articles just do not use it
            fixed = correct(word, self.targets)
            parts = self.split(word) if fixed is None and self.options.lexicon else None
            if fixed is None and parts is None:
                continue  # nothing near: the articles just do not use it
            if fixed is not None:
                fixed_at[i] = corrections[word] = fixed
            elif parts is not None:
                split_at[i] = parts
                corrections[word] = " ".join(parts)
        ws = [fixed_at.get(i, respelled_at.get(i, word)) for i, word in enumerate(ws)]

        # Known phrases, longest first at each position, not overlapping: start -> length.
        span_at: dict[int, int] = {}
        i = 0
        while i < len(ws):
            for n in range(min(self.max_phrase_words, len(ws) - i), 0, -1):
                key = " ".join(ws[i : i + n])
                if split_at.keys().isdisjoint(range(i, i + n)) and (
                    key in synonyms or key in intents
                ):
                    span_at[i] = n
                    i += n
                    break
            else:
                i += 1

        clauses: list[Clause] = []
        position: dict[str, int] = {}
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

        i = 0
        while i < len(ws):
            n = span_at.get(i, 0)
            if n:  # a phrase: its words, then its meanings, are one concept
                key = " ".join(ws[i : i + n])
                idiom = n > 1 and key in intents
                for j in range(i, i + n):
                    if is_stop_word(ws[j]):
                        continue
                    if j in fixed_at:
                        add(ws[j], FUZZY_BOOST, MEANING_MATCH)
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
            if i - 1 in fixed_at:
                add(word, FUZZY_BOOST, MEANING_MATCH)
            elif i - 1 in split_at:
                for part in split_at[i - 1]:
                    add(part, FUZZY_BOOST, MEANING_MATCH)
            elif self.options.lexicon and word in self.chatter:
                add(word, 1.0, 0.0)  # searched, but not a part of the question
                continue
            else:
                add(word, 1.0)
                for term, similarity in related_at.get(i - 1, ()):
                    add(term, RELATED_BOOST * similarity, RELATED_MATCH * similarity)
                being_typed = typing and i - 1 == last and i - 1 not in respelled_at
                if (
                    being_typed
                    and len(word) >= MIN_PREFIX_LENGTH
                    and (has_digit(word) or self.knows(word) or self.starts_a_term(word))
                ):
                    add(word, PREFIX_BOOST, PREFIX_MATCH, prefix=True)
            concepts += 1
        corrected = corrected_query(query, corrections, self.language.words)
        return Plan(tuple(clauses), corrections, corrected, concepts)

    # -- searching ------------------------------------------------------------------

    def ranked(self, plan: Plan, limit: int | None = None) -> list[tuple[str, float]]:
        """(ref, score) of the articles to show, best first: all of them, or the first
        `limit`, found without scoring every match (kbgen.search.scoring)."""
        return [(self._refs[n], score) for n, score in self.rank(plan, limit)[0]]

    def rank(self, plan: Plan, limit: int | None = None) -> tuple[list[tuple[int, float]], Work]:
        """`ranked` by ref number, with the work it took (tests check it stays bounded)."""
        query = self.scoring_query(plan)
        if query is None:
            return [], Work()
        return rank(query, limit)

    def postings(self, term: str) -> TermPostings:
        if self._rows is None:
            self._rows = term_rows(self.data)
        found = self._postings.get(term)
        if found is None:
            found = self._postings[term] = TermPostings.from_row(self._rows[term])
        return found

    def expand(self, clause: Clause) -> list[str]:
        """The index terms a clause reads, as lunr expands them, in lunr's order: the stemmed
        word, or every term starting with a prefix."""
        index = self.data.index
        if clause.prefix:
            query = index.create_query()
            query.term(clause.term, use_pipeline=False, wildcard=Query.WILDCARD_TRAILING)
            return index.token_set.intersect(TokenSet.from_clause(query.clauses[0])).to_list()
        found = index.pipeline.run_string(clause.term, {"fields": list(index.fields)})
        return [t for t in found if t in index.inverted_index]

    def scoring_query(self, plan: Plan) -> ScoringQuery | None:
        """The plan as the scorer reads it: each index term with its summed boost (lunr's
        query vector), the place lunr first meets it, and the coverage it gives."""
        if not plan.clauses:
            return None
        boosts: dict[str, float] = {}
        for clause in plan.clauses:
            for term in self.expand(clause):
                boosts[term] = boosts.get(term, 0.0) + clause.boost
        fields = tuple(self.data.index.fields)
        strong = tuple(f in STRONG_FIELDS for f in fields)
        terms = []
        stem_of = self.language.stem
        for first, (term, boost) in enumerate(boosts.items()):
            postings = self.postings(term)
            links = tuple(
                link
                for clause in plan.clauses
                if (term.startswith(clause.term) if clause.prefix else term == stem_of(clause.term))
                for link in clause.links
            )
            has_strong = any(strong[f] for fs in postings.fields for f in fs)
            terms.append(Term(term, postings, boost, first, links, has_strong))
        by_index = sorted(terms, key=lambda t: t.postings.index)
        magnitude = math.sqrt(sum(t.boost * t.boost for t in by_index))
        return ScoringQuery(
            terms=tuple(terms),
            concepts=plan.concepts,
            magnitude=magnitude,
            fields=fields,
            strong=strong,
            body_match=BODY_MATCH,
            coverage=self.options.floor,
            floor=COVERAGE_FLOOR,
        )

    def by_meaning(
        self, query: str, plan: Plan, ranked: list[tuple[str, float]], limit: int | None
    ) -> list[tuple[str, float]]:
        """The words' ranking blended with the query's meaning (kbgen.search.meaning), where
        the index has its tables and a word of the query has a row."""
        if self.meaning is None:
            return ranked
        language = self.language
        asked = [w for w in language.words(plan.corrected or query) if not language.is_stop_word(w)]
        scores = self.meaning.scores(asked)
        if scores is None:
            return ranked if limit is None else ranked[:limit]
        lexical = [(int(ref, 36), score) for ref, score in ranked]
        return [(self._refs[n], s) for n, s in blend(lexical, scores, limit)]

    def search(self, query: str, limit: int = 10) -> SearchResult:
        plan = self.plan(query)
        hits: list[Hit] = []
        depth = max(limit, DEPTH) if self.meaning is not None else limit  # see meaning.blend
        for ref, score in self.by_meaning(query, plan, self.ranked(plan, depth), limit):
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


def phrase_targets(phrase_words: Iterable[str], is_stop_word: Callable[[str], bool]) -> list[str]:
    """Words of known phrases, as typo targets after the article words (a word the articles
    use is found there first), in JavaScript's string order, as the browser sorts them."""
    kept = {w for w in phrase_words if len(w) > 1 and not is_stop_word(w)}
    return sorted(kept, key=lambda w: w.encode("utf-16-be"))


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
