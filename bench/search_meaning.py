"""What sentence meaning could add to the site search: a measured bound, not what ships.

    .venv/bin/python bench/search_meaning.py      (needs the `semantic` extra)

The site search runs in the customer's browser on a prebuilt lunr index; the sentence model
(all-MiniLM-L6-v2, kbgen.embeddings) runs only at build time. This asks how much search
would gain if the browser could read a query's meaning too, on the English sets of
bench/search_sets (hit@1 / hit@3 / out-of-scope -> no-match), all in one run:

- `kbgen`: the search as it ships;
- `meaning`: articles by the query's sentence similarity to their closest title, summary,
  symptom or line of text; no match below CUT;
- `both`: kbgen's results reordered by kbgen's score (scaled to its best) and the meaning,
  ALPHA each; where kbgen finds nothing, `meaning`'s results (CUT applies);
- `static`: `both` with the query's meaning worked out as a browser could without running
  the model: the mean of its words' vectors, each embedded alone at build time and
  weighted by rarity (a/(a + p(word)), p from the language's word frequencies); the
  articles' lines the same way.

ALPHA and CUT were picked on the tune sets (plants, bikes, cottages); the rest are reported.
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _search_sets import load_sets  # noqa: E402

from kbgen import embeddings  # noqa: E402
from kbgen.content.loader import load_kb  # noqa: E402
from kbgen.mine.match import _body_lines  # noqa: E402
from kbgen.search.engine import SearchEngine  # noqa: E402

ALPHA = 0.5
CUT = 0.45
STATIC_CUT = 0.6
RARITY = 1e-4
_WORD = re.compile(r"[a-z0-9']+")


class Vectors:
    """Sentence vectors, each text embedded once per run."""

    def __init__(self) -> None:
        self.known: dict[str, np.ndarray] = {}

    def __call__(self, texts: list[str]) -> np.ndarray:
        todo = [t for t in dict.fromkeys(texts) if t not in self.known]
        if todo:
            for text, vector in zip(todo, embeddings.encode(todo), strict=True):
                self.known[text] = np.asarray(vector, dtype=np.float32)
        return np.stack([self.known[t] for t in texts])


def word_frequency():
    from spellchecker import SpellChecker

    frequency = SpellChecker().word_frequency
    total = frequency.total_words
    return lambda w: frequency[w] / total if w in frequency else 0.0


def static(text: str, vectors: Vectors, p) -> np.ndarray:
    words = _WORD.findall(text.lower())
    if not words:
        return np.zeros(384, dtype=np.float32)
    weights = np.array([RARITY / (RARITY + p(w)) for w in words])[:, None]
    v = (vectors(words) * weights).sum(axis=0)
    return v / (np.linalg.norm(v) or 1.0)


def by_article(sims: np.ndarray, owner: np.ndarray, n: int) -> np.ndarray:
    best = np.full(n, -1.0)
    np.maximum.at(best, owner, sims)
    return best


def ranked(scores: np.ndarray, slugs: list[str], cut: float) -> list[str]:
    return [slugs[i] for i in np.argsort(-scores, kind="stable") if scores[i] >= cut][:10]


def blended(lexical: list[tuple[str, float]], meaning: np.ndarray, slugs, cut) -> list[str]:
    if not lexical:
        return ranked(meaning, slugs, cut)
    top = max(s for _, s in lexical) or 1.0
    found = dict(lexical)
    mixed = {
        s: ALPHA * meaning[i] + (1 - ALPHA) * found.get(s, 0.0) / top for i, s in enumerate(slugs)
    }
    return sorted(mixed, key=lambda s: -mixed[s])[:10]


def main() -> None:
    if not embeddings.available():
        sys.exit(f"needs the semantic extra: {embeddings.INSTALL_HINT}")
    started = time.perf_counter()
    vectors = Vectors()
    p = word_frequency()
    systems = ("kbgen", "meaning", "both", "static")
    print("hit@1 / hit@3 / no-match (out-of-scope queries) per system:", ", ".join(systems))
    for qs in load_sets():
        if qs.language != "en":
            continue
        kb = load_kb(qs.content)
        engine = SearchEngine.from_kb(kb)
        slugs = [e.slug for e in kb.entries]
        units, owner = [], []
        for i, e in enumerate(kb.entries):
            for unit in (e.title, e.summary, f"{e.title}. {e.summary}", *e.symptoms):
                units.append(unit)
                owner.append(i)
            for line in _body_lines(e.body):
                units.append(line)
                owner.append(i)
        owners = np.asarray(owner)
        full_units = vectors(units)
        static_units = np.stack([static(u, vectors, p) for u in units])
        queries = [(c.query, c.expect) for c in qs.cases] + [(q, None) for q in qs.out_of_scope]
        full_queries = vectors([q for q, _ in queries])
        tally = {s: [0, 0, 0] for s in systems}
        for (query, expect), qv in zip(queries, full_queries, strict=True):
            lexical = [(h.slug, h.score) for h in engine.search(query, limit=20).hits]
            meaning = by_article(full_units @ qv, owners, len(slugs))
            meaning_static = by_article(
                static_units @ static(query, vectors, p), owners, len(slugs)
            )
            results = {
                "kbgen": [s for s, _ in lexical],
                "meaning": ranked(meaning, slugs, CUT),
                "both": blended(lexical, meaning, slugs, CUT),
                "static": blended(lexical, meaning_static, slugs, STATIC_CUT),
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
