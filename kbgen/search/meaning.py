"""Search by meaning that the browser can run: worked out at build time, read as sums.

Customers' words are often not the articles' ("can we bring our puppy" for "Dogs"). The
sentence model (all-MiniLM-L6-v2, the optional `semantic` extra) reads such a question
well, but it cannot run in the customer's browser. What can: a table of the language's
words, each with a row of numbers, so that a query's meaning is the sum of its words' rows,
compared with each article's title, summary, symptoms and lines as the model read them.

- A word's row is its own embedding (the model reading the word alone), weighted by how
  rare the word is (`RARITY / (RARITY + frequency)`: "the" counts for little, "puppy" for
  much), times a fixed linear map into the model's sentence space. The map (`MAP_FILE`)
  was learned once by ridge regression from 10,000 bank customers' questions (BANKING77's
  training set: no knowledge base search is measured on), to give each question's sentence
  embedding from its words' (bench/meaning_map.py writes it). It keeps the 128 main
  directions of the sentence space (`DIMS`), so a word costs 132 bytes.
- Articles' lines: the model's embeddings, cut to the same directions.
- Both are stored as 8-bit integers with one scale per row, and the query's vector and the
  similarities are worked out in the same order here and in search-index.js
  (`meaningScores`), so both give the same scores to the last bit.

How it ranks (`blend`): the words' first DEPTH results are reordered by the mean of their
word score (scaled to the best) and their meaning (ALPHA); an article the words did not
find joins only when its meaning reaches CUT, so where the words find nothing, those are
the answer, and an unrelated question still gets "no good match". bench/search_quality.py
and bench/search_meaning.py measure it. Only for English articles (the model's language),
up to MAX_UNITS lines.
"""

from __future__ import annotations

import base64
import functools
import math
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kbgen import embeddings
from kbgen.search.analysis import fnv1a

if TYPE_CHECKING:
    from kbgen.content.model import KnowledgeBase
    from kbgen.search.language import Language

MAP_FILE = Path(__file__).resolve().parent / "data" / "meaning-en.npz"
DIMS = 128
RARITY = 1e-4
# Tuned on the plants, bikes and cottages sets (bench/search_quality.py): the mean of the
# two scores, and the meaning an article needs when the words find nothing (no-match on
# those sets' out-of-scope questions unchanged).
ALPHA = 0.5
CUT = 0.6
# The words' results blended: this many (or the results asked for, if more), whatever the
# number asked for, so the first three are the same whether 3 or 10 are shown.
DEPTH = 20
# Lines (title, summary, symptoms, lines of text) compared with a query: they travel in the
# index file, read before the first results (some 150 bytes each). Past this many, only
# titles, summaries and symptoms; past it again, no search by meaning.
MAX_UNITS = 800
MIN_LINE = 15  # characters: shorter lines of an article's text are not compared
WORDS_PER_PART = 64  # the word table is cut into parts of about this many words


@dataclass(frozen=True)
class Meaning:
    """The tables a query's meaning is worked out from (see the module's docstring)."""

    dims: int
    units: bytes  # per line, `dims` signed bytes, line after line
    scales: tuple[float, ...]  # per line: its bytes times this are a unit-length vector
    owners: tuple[int, ...]  # per line: the ref number of its article
    words: dict[str, tuple[float, bytes]]  # word -> (scale, `dims` signed bytes)
    parts: int  # the word table's parts: word -> part `word_part`

    @functools.cached_property
    def _units(self) -> Any:
        import numpy as np

        rows = np.frombuffer(self.units, dtype=np.int8).reshape(-1, self.dims)
        return rows.astype(np.float64) * np.asarray(self.scales)[:, None]

    def scores(self, words: Iterable[str]) -> dict[int, float] | None:
        """Per article (ref number), the meaning of these query words (stop words left out:
        they have no row): its closest line's cosine with their summed rows. None when no
        word has a row."""
        import numpy as np

        total = np.zeros(self.dims)
        found = False
        for word in dict.fromkeys(words):
            row = self.words.get(word)
            if row is None:
                continue
            found = True
            total += np.frombuffer(row[1], dtype=np.int8).astype(np.float64) * row[0]
        # Added up one term at a time, in order, as search-engine.js does (numpy's dot
        # products add in blocks: a last-bit difference could reorder a near-tie).
        squares = 0.0
        for value in total.tolist():
            squares += value * value
        norm = math.sqrt(squares)
        if not found or norm == 0:
            return None
        dots = np.zeros(len(self.owners))
        for k, value in enumerate(total.tolist()):
            dots = dots + self._units[:, k] * value
        best: dict[int, float] = {}
        for owner, dot in zip(self.owners, dots.tolist(), strict=True):
            sim = dot / norm
            if sim > best.get(owner, -2.0):
                best[owner] = sim
        return best

    def part_of(self, word: str) -> int:
        return word_part(word, self.parts)

    def meta(self) -> dict[str, Any]:
        """For the index's main file: the lines' table (read before the first results)."""
        return {
            "dims": self.dims,
            "parts": self.parts,
            "alpha": ALPHA,
            "cut": CUT,
            "depth": DEPTH,
            "units": base64.b64encode(self.units).decode(),
            "scales": list(self.scales),
            "owners": list(self.owners),
        }

    def word_parts(self) -> dict[str, dict[str, list[Any]]]:
        """The parts m<n>: {word: [scale, signed bytes in base64]}, words sorted."""
        out: dict[str, dict[str, list[Any]]] = {f"m{n}": {} for n in range(self.parts)}
        for word in sorted(self.words):
            scale, row = self.words[word]
            out.setdefault(f"m{self.part_of(word)}", {})[word] = [
                scale,
                base64.b64encode(row).decode(),
            ]
        return out


def word_part(word: str, parts: int) -> int:
    """Which part of the word table holds a word: its FNV-1a hash (as search-index.js
    hashes it), modulo the number of parts."""
    return fnv1a(word) % parts


def blend(
    lexical: Sequence[tuple[int, float]], meaning: dict[int, float], limit: int | None
) -> list[tuple[int, float]]:
    """The articles to show, (ref number, score) best first: the words' first DEPTH results
    reordered by the mean of their score (scaled to the best) and their meaning, and any
    other article whose meaning reaches CUT (so where the words found nothing, those)."""
    by_words = dict(lexical[:DEPTH])
    top = max(by_words.values(), default=0.0) or 1.0
    scored = [
        (n, ALPHA * sim + (1 - ALPHA) * by_words.get(n, 0.0) / top)
        for n, sim in meaning.items()
        if n in by_words or sim >= CUT
    ]
    scored.sort(key=lambda r: (-math.floor(r[1] * 1e6 + 0.5), r[0]))
    return scored if limit is None else scored[:limit]


@functools.lru_cache(maxsize=1)
def _notice_too_large(articles: int) -> None:
    """One line, once per process: the site searches by words only."""
    print(
        f"kbgen: search by meaning is off: the titles, summaries and symptoms of {articles} "
        f"articles make more than {MAX_UNITS} lines for the browser to compare",
        file=sys.stderr,
    )


@functools.lru_cache(maxsize=1)
def _maps() -> tuple[Any, Any] | None:
    """(word map, sentence directions): 384 x DIMS each, or None if the file is missing."""
    import numpy as np

    if not MAP_FILE.is_file():
        return None
    with np.load(MAP_FILE) as saved:
        return saved["words"].astype(np.float64), saved["directions"].astype(np.float64)


@functools.lru_cache(maxsize=2)
def _frequencies(code: str) -> tuple[dict[str, int], int]:
    import gzip
    import json
    from importlib import resources

    source = resources.files("spellchecker") / "resources" / f"{code}.json.gz"
    with source.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as text:
        counts: dict[str, int] = json.load(text)
    return counts, sum(counts.values())


def rarity(words: Sequence[str], code: str = "en") -> list[float]:
    counts, total = _frequencies(code)
    return [RARITY / (RARITY + counts.get(w, 0) / total) for w in words]


def _int8(rows: Any) -> tuple[Any, Any]:
    """Rows as signed bytes, and each row's scale (bytes times scale give the row back)."""
    import numpy as np

    scale = np.abs(rows).max(axis=1) / 127
    scale[scale == 0] = 1.0
    return np.round(rows / scale[:, None]).astype(np.int8), scale


def article_lines(kb: KnowledgeBase, refs: dict[str, int], body: bool) -> list[tuple[int, str]]:
    """(ref number, line) for each article: title, summary, the two together, symptoms and,
    with `body`, each line of its text of MIN_LINE characters or more."""
    out: list[tuple[int, str]] = []
    for entry in kb.entries:
        number = refs[entry.slug]
        lines = [entry.title, entry.summary, f"{entry.title}. {entry.summary}", *entry.symptoms]
        if body:
            lines += body_lines(entry.body)
        out.extend((number, line) for line in lines if line.strip())
    return out


def body_lines(body: str) -> list[str]:
    """An article's text as lines worth comparing with a question: headings and list
    markers out, lines under MIN_LINE characters left out (kbgen mine's matcher reads the
    same lines)."""
    from kbgen.content.text import plain_text

    out = []
    for raw in body.splitlines():
        if raw.lstrip().startswith("#"):
            continue
        line = plain_text(raw).strip(" -*+0123456789.)")
        if len(line) >= MIN_LINE:
            out.append(line)
    return out


def build(
    kb: KnowledgeBase,
    lang: Language,
    refs: dict[str, int],
    words: Iterable[str],
    cache: Path | None,
    common_cache: Path | None,
    common: Iterable[str] = (),
) -> Meaning | None:
    """The meaning tables of a knowledge base (`refs`: slug -> ref number), for `words` (the
    articles' own) and `common` (the language's common words), or None where search by
    meaning is not to be had: not English, no `semantic` extra, no map, too many lines."""
    import numpy as np

    from kbgen.search.related import EmbeddingCache

    maps = _maps()
    if not lang.english or not embeddings.available() or maps is None or not kb.entries:
        return None
    word_map, directions = maps
    lines = article_lines(kb, refs, body=False)
    if len(lines) > MAX_UNITS:
        _notice_too_large(len(kb.entries))  # (a large site: its text is not even read)
        return None
    with_text = article_lines(kb, refs, body=True)
    if len(with_text) <= MAX_UNITS:
        lines = with_text
    own_cache = EmbeddingCache(cache)
    vectors = own_cache.embed([line for _, line in lines]).astype(np.float64)
    units = vectors @ directions
    units /= np.maximum(np.linalg.norm(units, axis=1, keepdims=True), 1e-12)
    unit_bytes, _ = _int8(units)
    # Scales that make each stored line unit length, as it will be read back.
    lengths = np.linalg.norm(unit_bytes.astype(np.float64), axis=1)
    scales = [float(f"{1 / n:.7g}") if n else 0.0 for n in lengths]

    own = sorted({w for w in words if len(w) >= 2 and w.isalpha()})
    shared = sorted({w for w in common if w.isalpha()} - set(own))
    rows = np.vstack([own_cache.embed(own), EmbeddingCache(common_cache).embed(shared)]).astype(
        np.float64
    )
    every = own + shared
    rows = (rows * np.asarray(rarity(every))[:, None]) @ word_map
    word_bytes, word_scales = _int8(rows)
    table = {
        # Scales to 7 digits (the index file is smaller; the browser reads the same number).
        w: (float(f"{s:.7g}"), word_bytes[i].tobytes())
        for i, (w, s) in enumerate(zip(every, word_scales.tolist(), strict=True))
    }
    return Meaning(
        dims=units.shape[1],
        units=unit_bytes.tobytes(),
        scales=tuple(scales),
        owners=tuple(number for number, _ in lines),
        words=table,
        parts=max(1, math.ceil(len(table) / WORDS_PER_PART)),
    )
