"""The search customers get, in Python: `kbgen search`, the search tests and `kbgen mine`.

`plan()` turns a query into weighted lunr clauses; the browser's search.js does the same
steps in the same order (tests compare both), then both ask lunr for the ranking.

1. Split the query into search words (`analysis.words`); drop lunr's stop words.
2. Synonyms: the longest known phrase at each position adds its meanings (lower weight).
3. A word the index does not know (neither the word nor its stem) is corrected to the
   nearest article word (`typos.correct`), with a lower weight than exactly typed words.
   The last word while still being typed (no space after it yet) is left alone when some
   index term starts with it, and also searched as a prefix ("passw" finds "password").
"""

from __future__ import annotations

import bisect
import math
from dataclasses import dataclass, field
from pathlib import Path

from lunr.query import Query

from kbgen.model import KnowledgeBase
from kbgen.search import index as index_mod
from kbgen.search.analysis import is_stop_word, stem, words
from kbgen.search.index import SearchData
from kbgen.search.typos import correct

# Clause weights relative to a word typed exactly as the articles spell it (1.0).
FUZZY_BOOST = 0.6
SYNONYM_BOOST = 0.3
PREFIX_BOOST = 0.3
MIN_PREFIX_LENGTH = 3
MAX_SYNONYM_WORDS = 3


@dataclass(frozen=True)
class Clause:
    term: str
    boost: float
    prefix: bool = False  # a trailing-wildcard term, searched as typed (no stemming)


@dataclass(frozen=True)
class Plan:
    """What a query searches for: the clauses and the corrections made to the customer's words."""

    clauses: tuple[Clause, ...]
    corrections: dict[str, str] = field(default_factory=dict)
    corrected: str | None = None  # the query as shown after "Showing results for"


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
    hits: list[Hit]


def rank_key(url: str, score: float) -> tuple[int, str]:
    """Best first; ties by URL. Scores are compared at 1e-6 so float noise cannot reorder."""
    return (-math.floor(score * 1e6 + 0.5), url)


def has_digit(word: str) -> bool:
    return any("0" <= ch <= "9" for ch in word)


class SearchEngine:
    def __init__(self, data: SearchData):
        self.data = data
        self._vocabulary_set = set(data.vocabulary)

    @classmethod
    def from_kb(cls, kb: KnowledgeBase) -> SearchEngine:
        return cls(index_mod.build(kb))

    @classmethod
    def from_content(cls, content_dir: Path) -> SearchEngine:
        from kbgen.loader import load_kb

        return cls.from_kb(load_kb(content_dir))

    # -- query planning -------------------------------------------------------------

    def knows(self, word: str) -> bool:
        return word in self._vocabulary_set or stem(word) in self.data.index.inverted_index

    def starts_a_term(self, prefix: str) -> bool:
        terms = self.data.terms
        i = bisect.bisect_left(terms, prefix)
        return i < len(terms) and terms[i].startswith(prefix)

    def plan(self, query: str) -> Plan:
        ws = words(query)
        typing = bool(query) and not query[-1].isspace()
        synonyms = self.data.synonyms

        # Synonym phrases, longest first at each position, not overlapping.
        covered = [False] * len(ws)
        meanings: list[str] = []
        i = 0
        while i < len(ws):
            for n in range(min(MAX_SYNONYM_WORDS, len(ws) - i), 0, -1):
                key = " ".join(ws[i : i + n])
                if key in synonyms:
                    meanings.extend(synonyms[key])
                    for j in range(i, i + n):
                        covered[j] = True
                    i += n
                    break
            else:
                i += 1

        clauses: list[Clause] = []
        seen: set[str] = set()
        corrections: dict[str, str] = {}

        def add(term: str, boost: float, prefix: bool = False) -> None:
            key = term + ("*" if prefix else "")
            if key not in seen:
                seen.add(key)
                clauses.append(Clause(term, boost, prefix))

        last = len(ws) - 1
        for i, word in enumerate(ws):
            if is_stop_word(word):
                continue
            being_typed = typing and i == last
            if (
                has_digit(word)
                or covered[i]
                or self.knows(word)
                or (being_typed and self.starts_a_term(word))
            ):
                add(word, 1.0)
                if being_typed and len(word) >= MIN_PREFIX_LENGTH:
                    add(word, PREFIX_BOOST, prefix=True)
                continue
            fixed = correct(word, self.data.vocabulary)
            if fixed is None:
                add(word, 1.0)
            else:
                corrections[word] = fixed
                add(fixed, FUZZY_BOOST)
        for word in meanings:
            if not is_stop_word(word):
                add(word, SYNONYM_BOOST)
        return Plan(tuple(clauses), corrections, corrected_query(query, corrections))

    # -- searching ------------------------------------------------------------------

    def ranked(self, plan: Plan) -> list[tuple[str, float]]:
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
        results = [(r["ref"], float(r["score"])) for r in self.data.index.query(query)]
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


def corrected_query(query: str, corrections: dict[str, str]) -> str | None:
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
