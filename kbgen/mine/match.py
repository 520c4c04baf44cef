"""Match each recurring question to the best article and say whether customers can find it.

- The best article is the one most similar (TF-IDF cosine, words + character n-grams) to
  the group's own phrasings, against the article's title, summary, symptoms and body; the
  site search's top answers for those phrasings get a vote too, so its synonyms count.
- Below `threshold` there is no article: a `gap`.
- With an article, the phrasings are searched as customers would on the site (the same
  engine): if the article is not in the top 3 for most of them it is `unfindable`, and
  the phrasings that failed are kept for the report. Otherwise it is `covered`.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.sparse import hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from kbgen.mine.featurize import normalise
from kbgen.mine.rank import Finding
from kbgen.model import Entry, KnowledgeBase

COVERED, UNFINDABLE, GAP = "covered", "unfindable", "gap"
SEARCH_TOP = 3
PHRASINGS = 5  # central customer phrasings tried per group


@dataclass
class MatchSettings:
    threshold: float = 0.3  # score below which no article answers the group
    line_weight: float = 0.6  # phrasing-vs-closest-line similarity, against whole-article
    # Added per share of phrasings whose top search hit is the article. Small: the site search
    # is built to answer something for nearly any query, so its votes only break near-ties.
    vote_weight: float = 0.1


def article_text(entry: Entry) -> str:
    # Title, summary and symptoms are what the article is about; the body adds words but
    # also noise, so the first three count twice.
    head = " ".join([entry.title, entry.summary, *entry.symptoms])
    return f"{head} {head} {entry.body}"


class Matcher:
    def __init__(self, kb: KnowledgeBase, settings: MatchSettings | None = None):
        self.settings = settings or MatchSettings()
        self.entries = list(kb.entries)
        self.engine = None
        if self.entries:
            from kbgen.search.engine import SearchEngine

            self.engine = SearchEngine.from_kb(kb)

    def _similarities(self, groups: Sequence[Sequence[str]]) -> np.ndarray:
        """Per group and article, how alike they are (0..1).

        Two views, blended: each phrasing against the article's closest single line (title,
        summary or one symptom: customers' words meet the owner's best there), averaged
        over the phrasings; and all phrasings together against the whole article.
        """
        units: list[str] = []
        owner: list[int] = []
        for i, e in enumerate(self.entries):
            for line in (e.title, e.summary, *e.symptoms):
                units.append(normalise(line))
                owner.append(i)
        docs = [normalise(article_text(e)) for e in self.entries]
        phrasings = [normalise(p) for g in groups for p in g]
        words = TfidfVectorizer(sublinear_tf=True, ngram_range=(1, 2))
        chars = TfidfVectorizer(sublinear_tf=True, analyzer="char_wb", ngram_range=(3, 5))
        # Fitted on articles and tickets together so both sides share one vocabulary and idf.
        words.fit(docs + units + phrasings)
        chars.fit(docs + units + phrasings)

        def embed(texts: list[str]):
            return normalize(hstack([words.transform(texts), chars.transform(texts)]).tocsr())

        line_sims = (embed(phrasings) @ embed(units).T).toarray()
        per_article = np.full((len(phrasings), len(self.entries)), 0.0)
        owners = np.asarray(owner)
        for j in range(len(self.entries)):
            per_article[:, j] = line_sims[:, owners == j].max(axis=1)
        doc_sims = embed([" ".join(normalise(p) for p in g) for g in groups]) @ embed(docs).T
        doc_sims = doc_sims.toarray()
        out = np.zeros((len(groups), len(self.entries)))
        start = 0
        for n, g in enumerate(groups):
            rows = per_article[start : start + len(g)]
            start += len(g)
            out[n] = (
                self.settings.line_weight * rows.mean(axis=0)
                + (1 - self.settings.line_weight) * doc_sims[n]
            )
        return out

    def match(self, findings: list[Finding]) -> list[Finding]:
        """The findings with article, match_score and status filled in."""
        if not self.entries or not findings:
            return [_with(f, None, 0.0, GAP) for f in findings]
        groups = [list(f.phrasings[:PHRASINGS]) or [f.cluster.label] for f in findings]
        similarity = self._similarities(groups)
        slugs = [e.slug for e in self.entries]
        out = []
        for f, tries, sims in zip(findings, groups, similarity, strict=True):
            results = [self._top(q) for q in tries]
            votes = Counter(r[0] for r in results if r)
            score = sims.copy()
            for slug, n in votes.items():
                score[slugs.index(slug)] += self.settings.vote_weight * n / len(tries)
            best = int(np.argmax(score))
            if score[best] < self.settings.threshold:
                out.append(_with(f, None, float(score[best]), GAP))
                continue
            slug = slugs[best]
            failed = tuple(q for q, r in zip(tries, results, strict=True) if slug not in r)
            status = UNFINDABLE if len(failed) * 2 > len(tries) else COVERED
            out.append(_with(f, slug, float(score[best]), status, failed))
        return out

    def _top(self, query: str) -> list[str]:
        assert self.engine is not None
        return [h.slug for h in self.engine.search(query, limit=SEARCH_TOP).hits]


def _with(
    f: Finding, slug: str | None, score: float, status: str, failed: tuple[str, ...] = ()
) -> Finding:
    cluster = dataclasses.replace(
        f.cluster, article=slug, match_score=round(score, 3), status=status
    )
    return dataclasses.replace(f, cluster=cluster, failed_phrasings=failed)


def coverage(findings: Sequence[Finding], total_tickets: int) -> dict[str, float | int]:
    """Share of tickets whose question has a findable article (and the other two shares)."""
    by = Counter()
    for f in findings:
        by[f.cluster.status] += f.cluster.tickets
    grouped = sum(by.values())
    denominator = max(total_tickets, 1)
    return {
        "tickets": total_tickets,
        "grouped_tickets": grouped,
        "covered_tickets": by[COVERED],
        "unfindable_tickets": by[UNFINDABLE],
        "gap_tickets": by[GAP],
        "coverage": round(by[COVERED] / max(grouped, 1), 4),
        "coverage_of_all": round(by[COVERED] / denominator, 4),
    }
