"""Score a query's matches and keep the best k, without scoring every match.

lunr scores every (article, field) a query's terms occur in: on a large site a common word
("card", "account") occurs in thousands of articles, and each match costs a dot product over
the field's whole vector. kbgen only shows the first few results, so this scores term by
term from the postings (each term's articles and weights, `shards.term_rows`) and stops
taking in new articles once the terms left could not lift an article that has none of the
terms seen so far into the top k (MaxScore: each term's highest possible contribution,
times the best coverage those terms could give). Articles already taken in still get every
term. The k best are then scored again the way lunr scores them (`Scorer.exact`), to the
last bit, so the ranking is lunr's score times coverage squared exactly as before.

search-index.js does the same steps on the parts of the index the browser loaded; tests
compare both with each other and with lunr's own query.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

# An article is left out only if its best possible score is below the k-th best known
# score by more than this: far above float rounding, far below the 1e-6 ranks compare at.
MARGIN = 1e-9


@dataclass(frozen=True)
class TermPostings:
    """One index term: lunr's term index and the articles holding it (ref numbers, ascending),
    each with the fields it is in (field numbers, index order) and its BM25 weight there;
    `by_impact`: places in `docs`, the article whose fields weigh most together first."""

    index: int
    docs: tuple[int, ...]
    fields: tuple[tuple[int, ...], ...]
    weights: tuple[tuple[float, ...], ...]
    impacts: tuple[float, ...]  # per article: its weights added up
    by_impact: tuple[int, ...]

    @property
    def top(self) -> float:
        """The most one article's fields weigh together."""
        return self.impacts[self.by_impact[0]] if self.docs else 0.0

    @classmethod
    def from_row(cls, row: Sequence) -> TermPostings:
        """From a `shards.term_rows` row: [term index, per field [gap, weight, ...]]."""
        found: dict[int, tuple[list[int], list[float]]] = {}
        for f, cell in enumerate(row[1:]):
            number = 0
            for i in range(0, len(cell), 2):
                number += cell[i]
                fs, ws = found.setdefault(number, ([], []))
                fs.append(f)
                ws.append(cell[i + 1])
        docs = tuple(sorted(found))
        fields = tuple(tuple(found[n][0]) for n in docs)
        weights = tuple(tuple(found[n][1]) for n in docs)
        impacts = tuple(sum(ws) for ws in weights)
        order = sorted(range(len(docs)), key=lambda i: (-impacts[i], docs[i]))
        return cls(row[0], docs, fields, weights, impacts, tuple(order))


@dataclass(frozen=True)
class Term:
    """A term the query reads: its postings, its summed boost, the place it was first met in
    (lunr adds an article's field scores in that order), and the coverage it gives:
    (concept, match) pairs."""

    term: str
    postings: TermPostings
    boost: float
    first: int
    links: tuple[tuple[int, float], ...]
    strong: bool  # it occurs in a strong field of some article


@dataclass
class Work:
    """What one ranking did: postings read, articles taken in and articles scored as lunr
    does. Tests check the work stays bounded; `kbgen search --profile`-style reading."""

    postings: int = 0  # (article, field) entries read from posting lists
    taken: int = 0  # articles given an accumulator
    scored: int = 0  # articles scored exactly (the candidates for the top k)
    matched: int = 0  # articles holding any of the query's terms, when every one was taken
    exhaustive: bool = False  # every posting was taken in (no cut, or a rerun for the floor)
    terms: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Query:
    """A planned query as the scorer reads it."""

    terms: tuple[Term, ...]
    concepts: int
    magnitude: float  # of lunr's query vector
    fields: tuple[str, ...]
    strong: tuple[bool, ...]  # per field: a strong field (engine.STRONG_FIELDS)
    body_match: float  # what a term only in an article's body counts for (engine.BODY_MATCH)
    coverage: bool  # rescore by coverage and drop articles that share only chatter
    floor: float  # no article reaches this coverage: no results


def best_coverage(query: Query, terms: Sequence[Term]) -> float:
    """The most coverage an article holding only these terms could have."""
    if not query.coverage:
        return 1.0
    if not query.concepts:
        return 0.0
    best = [0.0] * query.concepts
    for t in terms:
        strength = 1.0 if t.strong else query.body_match
        for concept, match in t.links:
            best[concept] = max(best[concept], strength * match)
    return sum(best) / query.concepts


def lower_bound(docs: tuple[int, ...], number: int) -> int:
    lo, hi = 0, len(docs)
    while lo < hi:
        mid = (lo + hi) >> 1
        if docs[mid] < number:
            lo = mid + 1
        else:
            hi = mid
    return lo


class _Acc:
    __slots__ = ("dot", "best")

    def __init__(self, concepts: int) -> None:
        self.dot = 0.0
        self.best = [0.0] * concepts


def rank(
    query: Query, k: int | None, order: Callable[[int], object] | None = None
) -> tuple[list[tuple[int, float]], Work]:
    """The articles to show, best first, as (ref number, score): all of them when k is None,
    else the first k of that same list. `order` breaks ties between equal scores (at 1e-6):
    a sort key for a ref number (default: the number, which follows URL order)."""
    work = Work(terms=[t.term for t in query.terms])
    out = _rank(query, k, work, order or (lambda n: n))
    if out is None:  # the floor needs every article: take them all in
        work.exhaustive = True
        out = _rank(query, None, work, order or (lambda n: n))
    assert out is not None
    return out, work


def _partial(query: Query, acc: _Acc) -> float:
    cover = sum(acc.best) / query.concepts if query.coverage and query.concepts else 1.0
    return acc.dot / query.magnitude * cover * cover


def _rank(
    query: Query, k: int | None, work: Work, order: Callable[[int], object]
) -> list[tuple[int, float]] | None:
    # Highest possible contribution first, so the terms left are the weak ones.
    terms = sorted(query.terms, key=lambda t: (-t.boost * t.postings.top, t.postings.index, t.term))
    tops = [t.boost * t.postings.top / query.magnitude for t in terms]
    accs: dict[int, _Acc] = {}
    # Once an article holding none of the terms read so far could not reach the k-th best
    # score, no new article is taken in: the rest only add to those already in.
    closed = False
    closed_at = len(terms)
    for i, term in enumerate(terms):
        rest = sum(tops[i + 1 :])
        cover = best_coverage(query, terms[i:])
        heap: list[float] = []  # the k best known scores (each a lower bound), smallest first
        if k is not None and not closed and accs:
            heap = heapq.nlargest(k, (_partial(query, a) for a in accs.values()))
            heap.reverse()
            heapq.heapify(heap)
        postings = term.postings
        boost = term.boost
        for p in postings.by_impact:
            n = postings.docs[p]
            acc = accs.get(n)
            work.postings += 1
            if acc is None:
                if closed:
                    continue
                if k is not None and len(heap) >= k:
                    ceiling = (boost * postings.impacts[p] / query.magnitude + rest) * cover * cover
                    if ceiling + MARGIN < heap[0]:
                        closed = True  # and so for every article after it (less weight)
                        closed_at = i
                        continue
                acc = accs[n] = _Acc(query.concepts)
                taken = True
            else:
                taken = False
            fs = postings.fields[p]
            for w in postings.weights[p]:
                acc.dot += boost * w
            strength = query.body_match
            for f in fs:
                if query.strong[f]:
                    strength = 1.0
                    break
            best = acc.best
            for concept, match in term.links:
                if strength * match > best[concept]:
                    best[concept] = strength * match
            if taken and k is not None:
                value = _partial(query, acc)
                if len(heap) < k:
                    heapq.heappush(heap, value)
                elif value > heap[0]:
                    heapq.heapreplace(heap, value)
    work.taken = len(accs)
    if not closed:
        work.matched = len(accs)

    covers = {n: (sum(a.best) / query.concepts if query.concepts else 0.0) for n, a in accs.items()}
    if query.coverage:
        best_cover = max(covers.values(), default=0.0)
        if best_cover < query.floor:
            if closed and best_coverage(query, terms[closed_at:]) >= query.floor:
                return None  # an article never taken in might reach the floor
            return []
        kept = [n for n, c in covers.items() if c]  # sharing only chatter: not shown
    else:
        kept = list(accs)
    if k is not None and len(kept) > k:
        kth = heapq.nlargest(k, (_partial(query, accs[n]) for n in kept))[-1]
        kept = [n for n in kept if _partial(query, accs[n]) + MARGIN >= kth]
    work.scored = len(kept)
    scored = []
    for n in kept:
        score = exact(query, n)
        if query.coverage:
            score = score * covers[n] * covers[n]
        scored.append((n, score))
    scored.sort(key=lambda r: (-math.floor(r[1] * 1e6 + 0.5), order(r[0])))
    return scored if k is None else scored[:k]


def exact(query: Query, number: int) -> float:
    """lunr's score of one article, with lunr's arithmetic in lunr's order: per field the dot
    product of the query vector with the field's vector (terms in term-index order) over the
    query vector's magnitude, the fields added in the order lunr first met them."""
    by_index = sorted(query.terms, key=lambda t: t.postings.index)
    dots: dict[int, float] = {}
    first: dict[int, int] = {}
    for t in by_index:
        docs = t.postings.docs
        j = lower_bound(docs, number)
        if j < len(docs) and docs[j] == number:
            for f, w in zip(t.postings.fields[j], t.postings.weights[j], strict=True):
                dots[f] = dots.get(f, 0.0) + t.boost * w
                first[f] = min(first.get(f, t.first), t.first)
    total = 0.0
    for f in sorted(dots, key=lambda f: (first[f], f)):
        total += dots[f] / query.magnitude
    return total
