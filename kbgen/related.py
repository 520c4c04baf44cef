"""Related articles the owner did not list: the nearest articles by their search words.

Each article becomes a TF-IDF vector of the words the search index holds for it (the same
analysis: contractions, phrases, stems), with the fields the customer sees weighted as the
index weights them (title and symptoms above the body). The nearest articles by cosine
similarity are its related articles, when they are close enough to be worth a click.
Worked out once per build, in blocks of rows, so memory stays flat for large sites.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from kbgen.model import KnowledgeBase
from kbgen.search.analysis import is_stop_word, stem
from kbgen.search.index import Document, documents_of

# How often each field's words count (the search index boosts fields the same way round).
FIELD_WEIGHTS = {"title": 3, "symptoms": 2, "tags": 2, "summary": 2, "body": 1}
LIMIT = 3
# Below this cosine similarity two articles share only everyday words: no link is better.
MIN_SIMILARITY = 0.12
_BLOCK = 512  # rows of the similarity matrix worked out at a time


def _terms(doc: Document) -> list[str]:
    return [
        stem(word)
        for field, weight in FIELD_WEIGHTS.items()
        for word in doc.fields.get(field, [])
        if not is_stop_word(word)
        for _ in range(weight)
    ]


def nearest_articles(
    kb: KnowledgeBase, limit: int = LIMIT, min_similarity: float = MIN_SIMILARITY
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
    found: dict[str, tuple[str, ...]] = {}
    for start in range(0, len(wanted), _BLOCK):
        rows = wanted[start : start + _BLOCK]
        scores = (vectors[rows] @ vectors.T).toarray()
        scores[np.arange(len(rows)), rows] = -1.0  # never itself
        for row, doc_index in zip(scores, rows, strict=True):
            found[docs[doc_index].slug] = _best(row, docs, limit, min_similarity)
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
