"""Learn the map kbgen/search/meaning.py reads a query's meaning with, and write it.

    .venv/bin/python bench/meaning_map.py      (needs the `semantic` extra and ../shared)

From BANKING77's 10,000 training questions (bank customers' own words; no knowledge base
search is measured on): each question's words are embedded alone, weighted by rarity and
added up (as the search adds their rows), and a ridge regression learns the linear map that
gives the question's sentence embedding from that sum. The sentence space is cut to its
DIMS main directions (of the same questions' embeddings). Written to
kbgen/search/data/meaning-en.npz: `words` (384 x DIMS: the map, then the cut) and
`directions` (384 x DIMS: the cut, for the articles' lines).
"""

from __future__ import annotations

import csv
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parent.parent))

from shared_data import BANKING77  # noqa: E402

from kbgen import embeddings  # noqa: E402
from kbgen.search import meaning  # noqa: E402
from kbgen.search.language import language  # noqa: E402

RIDGE = 1.0


def main() -> None:
    if not embeddings.available():
        sys.exit(f"needs the semantic extra: {embeddings.INSTALL_HINT}")
    started = time.perf_counter()
    english = language("en")
    with (BANKING77 / "train.csv").open(encoding="utf-8", newline="") as handle:
        texts = [row["text"] for row in csv.DictReader(handle)]
    per_text = [[w for w in english.words(t) if not english.is_stop_word(w)] for t in texts]
    vocabulary = sorted({w for ws in per_text for w in ws})
    word_vectors = dict(zip(vocabulary, embeddings.encode(vocabulary, batch_size=512), strict=True))
    weight = dict(zip(vocabulary, meaning.rarity(vocabulary), strict=True))
    x = np.zeros((len(texts), 384))
    for i, ws in enumerate(per_text):
        for w in ws:
            x[i] += weight[w] * word_vectors[w]
    x /= np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-12)
    y = np.asarray(embeddings.encode(texts, batch_size=256), dtype=np.float64)
    word_map = np.linalg.solve(x.T @ x + RIDGE * np.eye(384), x.T @ y)
    _, _, rows = np.linalg.svd(y, full_matrices=False)
    directions = rows[: meaning.DIMS].T
    meaning.MAP_FILE.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        meaning.MAP_FILE,
        words=(word_map @ directions).astype(np.float32),
        directions=directions.astype(np.float32),
    )
    fitted = x @ word_map
    fitted /= np.maximum(np.linalg.norm(fitted, axis=1, keepdims=True), 1e-12)
    print(
        f"{len(texts)} questions, {len(vocabulary)} words; mean cosine of the mapped sum with "
        f"the sentence embedding {float(np.mean(np.sum(fitted * y, axis=1))):.3f}; "
        f"wrote {meaning.MAP_FILE} in {time.perf_counter() - started:.1f} s"
    )


if __name__ == "__main__":
    main()
