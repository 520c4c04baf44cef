"""Search by meaning: what the shipped tables add, and what the model itself would.

    .venv/bin/python bench/search_meaning.py      (needs the `semantic` extra)

The site search runs in the customer's browser; the sentence model (all-MiniLM-L6-v2,
kbgen.embeddings) cannot, so kbgen/search/meaning.py ships word rows whose sum stands for a
query's meaning. On the English sets of bench/search_sets (hit@1 / hit@3 / out-of-scope ->
no-match), all in one run:

- `words`: kbgen without search by meaning (`SearchOptions(meaning=False)`);
- `kbgen`: kbgen as it ships, with the word rows;
- `model`: the same blend (kbgen.search.meaning.blend) with the query read by the model
  itself, its lines as shipped: the bound a browser that ran the model would reach
  (MODEL_CUT for questions the words find nothing for, picked on the tune sets).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _search_sets import load_sets  # noqa: E402

from kbgen import embeddings  # noqa: E402
from kbgen.content.loader import load_kb  # noqa: E402
from kbgen.search import meaning  # noqa: E402
from kbgen.search.engine import SearchEngine, SearchOptions  # noqa: E402

MODEL_CUT = 0.65


def model_scores(table: meaning.Meaning, vectors: np.ndarray) -> list[dict[int, float]]:
    """Per query (its model embedding), per article its closest shipped line's cosine."""
    _, directions = meaning._maps()  # type: ignore[misc]
    queries = vectors.astype(np.float64) @ directions
    queries /= np.maximum(np.linalg.norm(queries, axis=1, keepdims=True), 1e-12)
    sims = table._units @ queries.T
    out = []
    for column in sims.T:
        best: dict[int, float] = {}
        for owner, sim in zip(table.owners, column.tolist(), strict=True):
            best[owner] = max(best.get(owner, -2.0), sim)
        out.append(best)
    return out


def main() -> None:
    if not embeddings.available():
        sys.exit(f"needs the semantic extra: {embeddings.INSTALL_HINT}")
    started = time.perf_counter()
    systems = ("words", "kbgen", "model")
    print("hit@1 / hit@3 / no-match (out-of-scope queries) per system:", ", ".join(systems))
    for qs in load_sets():
        if qs.language != "en":
            continue
        data = SearchEngine.from_kb(load_kb(qs.content)).data
        assert data.meaning is not None
        words = SearchEngine(data, SearchOptions(meaning=False))
        shipped = SearchEngine(data)
        queries = [(c.query, c.expect) for c in qs.cases] + [(q, None) for q in qs.out_of_scope]
        read = model_scores(data.meaning, embeddings.encode([q for q, _ in queries]))
        slug = {int(ref, 36): d.slug for ref, d in data.documents.items()}
        tally = {s: [0, 0, 0] for s in systems}
        for (query, expect), by_model in zip(queries, read, strict=True):
            lexical = words.ranked(words.plan(query), meaning.DEPTH)
            by_words = [(int(ref, 36), score) for ref, score in lexical]
            original_cut, meaning.CUT = meaning.CUT, MODEL_CUT
            try:
                model = [slug[n] for n, _ in meaning.blend(by_words, by_model, 10)]
            finally:
                meaning.CUT = original_cut
            results = {
                "words": [h.slug for h in words.search(query).hits],
                "kbgen": [h.slug for h in shipped.search(query).hits],
                "model": model,
            }
            for system, found in results.items():
                if expect is None:
                    tally[system][2] += not found
                else:
                    tally[system][0] += found[:1] == [expect]
                    tally[system][1] += expect in found[:3]
        n, oos = len(qs.cases), len(qs.out_of_scope)
        cells = [
            f"{h1 / n:.2f}/{h3 / n:.2f}/" + (f"{nm / oos:.2f}" if oos else " - ")
            for h1, h3, nm in tally.values()
        ]
        name = qs.name + (" (tune)" if qs.tuned else "")
        print(f"{name:<16}" + "  ".join(f"{c:>14}" for c in cells))
    print(f"\n{time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
