"""py3langid's answer for many texts at once: the same language `classify` gives each text,
at a fraction of the cost.

`classify` walks each text's bytes through the model's automaton in a Python loop (most of
its ~70 µs per ticket) and scores the n-grams it met. Here the automaton takes one step for
every text at once (numpy, one step per byte position), and the scores of all texts come
from one sparse product in float64. `classify` sums in float32, so its scores may differ
from these by a rounding error: where the two best languages are closer than twice the
largest error that summing could make, that text is told by `classify` itself. So every
answer is the one `classify` gives, whatever rounding numpy or BLAS do.

A model this does not know how to read (another py3langid version, an option set that
changes the decision) is left to `classify`, text by text.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from py3langid.langid import LanguageIdentifier

_ULP32 = 2.0**-23  # float32's relative precision (one unit in the last place at 1.0)


def _tables(model: LanguageIdentifier) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """The automaton (next state, row base per state, feature per state) as arrays, or None
    where the model is not the kind this module reads."""
    try:
        if model._norm_probs or model.min_confidence is not None or model._alias_pairs:
            return None
        cache: dict[int, Any] = _TABLES
        key = id(model.tk_nextmove)
        if key not in cache:
            cache.clear()
            cache[key] = (
                np.frombuffer(model.tk_nextmove, dtype=np.int64)
                if getattr(model.tk_nextmove, "itemsize", 0) == 8
                else np.asarray(model.tk_nextmove, dtype=np.int64),
                np.asarray(model._rowbase, dtype=np.int64),
                np.asarray(model.tk_output, dtype=np.int64),
            )
        return cache[key]
    except AttributeError:
        return None


_TABLES: dict[int, Any] = {}


def classify_all(model: LanguageIdentifier, texts: Sequence[str]) -> list[str]:
    """model.classify(text)[0] for each text."""
    tables = _tables(model)
    if tables is None or not texts:
        return [model.classify(t)[0] for t in texts]
    nextmove, rowbase, output = tables
    encoded = [model._encode(t) for t in texts]
    n = len(encoded)
    lengths = np.fromiter(map(len, encoded), dtype=np.int64, count=n)
    # Longest first, so the texts still walking at each position are a prefix.
    order = np.argsort(-lengths, kind="stable")
    lengths = lengths[order]
    width = int(lengths[0])
    data = np.frombuffer(b"".join(encoded[i] for i in order), dtype=np.uint8)
    rows = np.repeat(np.arange(n), lengths)
    starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    cols = np.arange(len(data)) - np.repeat(starts, lengths)
    # Position by position (one row per byte position): each step reads a contiguous row.
    grid = np.zeros((max(width, 1), n), dtype=np.int64)
    grid[cols, rows] = data
    walking = np.searchsorted(-lengths, -np.arange(width), side="left")  # texts longer than p
    state = np.zeros(n, dtype=np.int64)
    hit_rows, hit_features = [], []
    for p in range(width):
        m = int(walking[p])
        s = nextmove[rowbase[state[:m]] + grid[p, :m]]
        state[:m] = s
        f = output[s]
        hit = np.flatnonzero(f >= 0)
        hit_rows.append(hit)
        hit_features.append(f[hit])
    from scipy.sparse import csr_matrix

    table = np.asarray(model.nb_ptc, dtype=np.float64)  # features x the candidate languages
    r = np.concatenate(hit_rows) if hit_rows else np.zeros(0, dtype=np.int64)
    c = np.concatenate(hit_features) if hit_features else np.zeros(0, dtype=np.int64)
    counts = csr_matrix((np.ones(len(r)), (r, c)), shape=(n, table.shape[0]))
    counts.sum_duplicates()
    features = np.diff(counts.indptr)  # distinct n-grams per text
    counts.data = np.log1p(counts.data)
    # The whole table times the counts (a few candidate languages: narrow, cheap), rather than
    # the columns of the n-grams met first, which costs more to pick out than it saves.
    scores = counts @ table + model.nb_pc.astype(np.float64)
    # The largest error float32 summing could make, per text: each of its terms and the
    # running sum rounded once per step, over at most as many steps as terms (plus log1p's).
    magnitude = counts @ np.abs(table).max(axis=1) + float(np.abs(model.nb_pc).max())
    bound = (features + 4) * _ULP32 * np.asarray(magnitude).ravel()
    best = scores.argmax(axis=1)
    if scores.shape[1] > 1:
        top2 = np.partition(scores, -2, axis=1)[:, -2:]
        close = top2[:, 1] - top2[:, 0] <= 2 * bound
    else:
        close = np.zeros(n, dtype=bool)
    labels = np.asarray(model.nb_classes, dtype=object)
    out: list[str] = [""] * n
    for k, label in zip(order.tolist(), labels[best].tolist(), strict=True):
        out[k] = label
    # Close calls and texts with no n-gram the model knows: `classify` itself tells them.
    for k in np.flatnonzero(close | (features == 0)).tolist():
        i = int(order[k])
        out[i] = model.classify(texts[i])[0]
    return out
