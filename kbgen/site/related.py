"""Related articles the owner did not list: the nearest articles by their search words.

Each article becomes a TF-IDF vector of the words the search index holds for it (the same
analysis: contractions, phrases, stems), with the fields the customer sees weighted as the
index weights them (title and symptoms above the body). The nearest articles by cosine
similarity are its related articles, when they are close enough to be worth a click.
Worked out once per build. Up to EXACT_UP_TO articles every pair is compared; above that,
comparing every pair over the whole vocabulary costs 8 s of CPU at 10,000 articles, so the
nearest articles in a reduced space (TruncatedSVD) are found first and only those are
compared over every word.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import sparse
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from kbgen.content.model import KnowledgeBase
from kbgen.search.analysis import is_stop_word, stem
from kbgen.search.index import Document, documents_of

# How often each field's words count (the search index boosts fields the same way round).
FIELD_WEIGHTS = {"title": 3, "symptoms": 2, "tags": 2, "summary": 2, "body": 1}
LIMIT = 3
# Below this cosine similarity two articles share only everyday words: no link is better.
MIN_SIMILARITY = 0.12
_BLOCK = 512  # rows of the similarity matrix worked out at a time
EXACT_UP_TO = 3000  # articles: above this, candidates first (see the module's docstring)
_DIMENSIONS = 64  # of the reduced space that picks candidates on large sites
_CANDIDATES = 20  # per article, ranked again with the full vectors


def _terms(doc: Document) -> list[str]:
    return [
        stem(word)
        for field, weight in FIELD_WEIGHTS.items()
        for word in doc.fields.get(field, [])
        if not is_stop_word(word)
        for _ in range(weight)
    ]


def nearest_articles(
    kb: KnowledgeBase,
    limit: int = LIMIT,
    min_similarity: float = MIN_SIMILARITY,
    exact_up_to: int = EXACT_UP_TO,
) -> dict[str, tuple[str, ...]]:
    """slug -> the slugs of its nearest articles, for every article that lists no `related`."""
    docs = documents_of(kb)
    wanted = [i for i, d in enumerate(docs) if not kb.entry(d.slug).related]  # type: ignore[union-attr]
    if len(docs) < 2 or not wanted:
        return {}
    # float32: the similarity products take half the time of float64, same nearest articles.
    vectors = TfidfVectorizer(analyzer=_terms, sublinear_tf=True, dtype=np.float32).fit_transform(
        docs
    )
    if len(docs) > exact_up_to:
        return _nearest_among_candidates(vectors, docs, wanted, limit, min_similarity)
    found: dict[str, tuple[str, ...]] = {}
    for start in range(0, len(wanted), _BLOCK):
        rows = wanted[start : start + _BLOCK]
        scores = (vectors[rows] @ vectors.T).toarray()
        scores[np.arange(len(rows)), rows] = -1.0  # never itself
        for row, doc_index in zip(scores, rows, strict=True):
            found[docs[doc_index].slug] = _best(row, docs, limit, min_similarity)
    return found


def _nearest_among_candidates(
    vectors: sparse.csr_matrix,
    docs: Sequence[Document],
    wanted: list[int],
    limit: int,
    min_similarity: float,
) -> dict[str, tuple[str, ...]]:
    """The nearest articles in a reduced space (dense products over a few dozen dimensions
    cost a fraction of sparse ones over the whole vocabulary) give each article a short
    list of candidates, ranked again by the same cosine over all words as for small sites."""
    reduced = TruncatedSVD(min(_DIMENSIONS, vectors.shape[1] - 1), random_state=0)
    dense = normalize(reduced.fit_transform(vectors)).astype(np.float32)
    count = min(_CANDIDATES, len(docs) - 1)
    found: dict[str, tuple[str, ...]] = {}
    for start in range(0, len(wanted), _BLOCK):
        rows = np.asarray(wanted[start : start + _BLOCK])
        close = dense[rows] @ dense.T
        close[np.arange(len(rows)), rows] = -np.inf  # never itself
        candidates = np.argpartition(-close, count - 1, axis=1)[:, :count]
        left = np.repeat(rows, count)
        right = candidates.ravel()
        # Cosine of each candidate pair: the vectors are unit length, so the dot product.
        pair_scores = np.asarray(vectors[left].multiply(vectors[right]).sum(axis=1)).ravel()
        scores = pair_scores.reshape(len(rows), count)
        for doc_index, own, score in zip(rows, candidates, scores, strict=True):
            order = np.lexsort((own, -score))[:limit]
            found[docs[doc_index].slug] = tuple(
                docs[j].slug
                for j, value in zip(own[order], score[order], strict=True)
                if value >= min_similarity
            )
    return found


def _best(
    row: np.ndarray, docs: Sequence[Document], limit: int, min_similarity: float
) -> tuple[str, ...]:
    if len(row) > limit:
        top = np.argpartition(-row, limit)[:limit]
    else:
        top = np.arange(len(row))
    top = top[np.argsort(-row[top], kind="stable")]
    return tuple(docs[i].slug for i in top if row[i] >= min_similarity)
