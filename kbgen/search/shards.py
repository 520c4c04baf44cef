"""Cut the search index into parts a query can load one by one (the way Pagefind shards).

A query needs only the postings of its own terms, the vocabulary near the length of a
misspelt word, and the articles it shows. So the index is written as parts:

- ``t<n>``: term shards. The index's terms in sorted order, cut into runs of about
  ``shard_bytes``; each term carries its lunr posting and its BM25 weight in every field
  vector, so the browser rebuilds exactly the lunr index rows it needs (same scores).
  A prefix ("passw*") reads the run of shards its terms fall in.
- ``w<length>``: the vocabulary (article words, for typo correction) by word length. A
  word of length L is corrected within two edits, so only lengths L-2..L+2 are read.
- ``d<n>``: the articles (title, summary, category, URL), in blocks, by ref number.
- ``c<length>``: the language's common words (spelt right, never corrected) by word
  length, and the related terms of those the articles do not use (kbgen.search.related),
  read only for a word no article uses; always parts, even beside a one-file index, since
  most queries never read them.

A knowledge base whose whole index is at most ``single_file_limit`` bytes is written as
one file: fewer requests beat fewer bytes while the whole is small.
"""

from __future__ import annotations

import base64
import json
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from kbgen.search.analysis import fnv1a
from kbgen.search.index import SearchData

# A query reads about one term shard per word: 24 KB raw is about 8 KB gzipped.
SHARD_BYTES = 24_000
DOC_BLOCK_BYTES = 3_000
# Up to this size (raw bytes) the whole index is one file: about 100 articles like the
# starter content's. A sharded query fetches about as much (bench/search.py at 400
# articles: 108 KB raw in 11 files), so up to here one request is faster.
SINGLE_FILE_LIMIT = 150_000


@dataclass
class IndexParts:
    """The index cut into parts: where each kind of part starts, and the parts' contents."""

    terms: list[str] = field(default_factory=list)  # first term of each term shard t<n>
    lengths: list[int] = field(default_factory=list)  # word lengths with a w<length> part
    docs: list[int] = field(default_factory=list)  # first ref number of each block d<n>
    parts: dict[str, Any] = field(default_factory=dict)  # part id -> content

    def layout(self) -> dict[str, Any]:
        return {"terms": self.terms, "words": self.lengths, "docs": self.docs}


def common_parts(data: SearchData) -> dict[str, dict[str, Any]]:
    """The parts c<length>: {"words": the language's common words of that length, sorted,
    "related": {word: [article word, similarity, ...]}} ("related" only when it has any)."""
    by_length: dict[int, dict[str, Any]] = {}
    for word in data.common_words:
        by_length.setdefault(len(word), {"words": []})["words"].append(word)
    for word, near in data.related.items():
        part = by_length.setdefault(len(word), {"words": []})
        part.setdefault("related", {})[word] = [x for pair in near for x in pair]
    for part in by_length.values():
        part["words"].sort(key=js_order)
        if "related" in part:
            part["related"] = dict(sorted(part["related"].items(), key=lambda kv: js_order(kv[0])))
    return {f"c{n}": part for n, part in sorted(by_length.items())}


# One word in a hundred that no article uses passes the filter anyway (and then waits a
# round for its word lists, as without the filter): about 9.6 bits per word.
KNOWN_FALSE_POSITIVES = 0.01


def _bloom_hashes(word: str) -> tuple[int, int]:
    """Two 32-bit FNV-1a hashes of the word (the second from another seed, and odd);
    search-index.js computes the same."""
    return fnv1a(word), fnv1a(word, 0x01000193) | 1


def _bloom_positions(word: str, bits: int, hashes: int) -> list[int]:
    h1, h2 = _bloom_hashes(word)
    return [((h1 + i * h2) & 0xFFFFFFFF) % bits for i in range(hashes)]


def known_filter(words: Iterable[str]) -> dict[str, Any]:
    """A Bloom filter of these words: {"bits", "hashes", "data": the bits, base64}."""
    items = sorted(set(words))
    n = max(len(items), 1)
    bits = max(64, math.ceil(-n * math.log(KNOWN_FALSE_POSITIVES) / math.log(2) ** 2 / 8) * 8)
    hashes = max(1, round(bits / n * math.log(2)))
    data = bytearray(bits // 8)
    for word in items:
        for position in _bloom_positions(word, bits, hashes):
            data[position >> 3] |= 1 << (position & 7)
    return {"bits": bits, "hashes": hashes, "data": base64.b64encode(bytes(data)).decode()}


def may_know(known: dict[str, Any], word: str) -> bool:
    """False: the word is surely not in the filter; True: it probably is."""
    data = base64.b64decode(known["data"])
    return all(
        data[p >> 3] >> (p & 7) & 1 for p in _bloom_positions(word, known["bits"], known["hashes"])
    )


def js_order(text: str) -> bytes:
    """Sort key giving JavaScript's string order (UTF-16 code units), which lunr.js's
    TokenSet and the browser's binary searches rely on."""
    return text.encode("utf-16-be")


def compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def term_rows(data: SearchData) -> dict[str, list[Any]]:
    """Each term's lunr data: [term index, then per field (in the index's field order) the
    documents that hold it as [ref number gap, weight, ref number gap, weight, ...]]."""
    index = data.index
    fields = list(index.fields)
    column = {name: i + 1 for i, name in enumerate(fields)}
    by_index: dict[int, list[Any]] = {}
    rows: dict[str, list[Any]] = {}
    for term, posting in index.inverted_index.items():
        row: list[Any] = [posting["_index"]] + [[] for _ in fields]
        rows[term] = row
        by_index[posting["_index"]] = row
    pairs: dict[int, list[list[tuple[int, float]]]] = {}
    for field_ref, vector in index.field_vectors.items():
        name, ref = field_ref.split("/", 1)
        number, k = int(ref, 36), column[name]
        elements = vector.elements
        for i in range(0, len(elements), 2):
            cells = pairs.setdefault(elements[i], [[] for _ in fields])
            cells[k - 1].append((number, elements[i + 1]))
    for term_index, cells in pairs.items():
        row = by_index[term_index]
        for k, cell in enumerate(cells, start=1):
            cell.sort()
            flat: list[Any] = []
            previous = 0
            for number, weight in cell:
                flat += (number - previous, weight)
                previous = number
            row[k] = flat
    return rows


def cut(items: Iterable[tuple[Any, int]], limit: int) -> list[list[Any]]:
    """Group items, in order, into runs of at most `limit` bytes (an item bigger than the
    limit gets a run of its own)."""
    runs: list[list[Any]] = []
    size = limit + 1
    for item, item_size in items:
        if size + item_size > limit and (not runs or runs[-1]):
            runs.append([])
            size = 0
        runs[-1].append(item)
        size += item_size
    return runs


def split(
    data: SearchData,
    *,
    shard_bytes: int = SHARD_BYTES,
    doc_block_bytes: int = DOC_BLOCK_BYTES,
) -> IndexParts:
    out = IndexParts()
    rows = term_rows(data)
    terms = sorted(rows, key=js_order)
    encoded = [(term, compact([term, *rows[term]])) for term in terms]
    for n, run in enumerate(cut(((t, len(e) + 1) for t, e in encoded), shard_bytes)):
        out.terms.append(run[0])
        out.parts[f"t{n}"] = [[t, *rows[t]] for t in run]

    buckets: dict[int, tuple[list[str], list[int]]] = {}
    for rank, word in enumerate(data.vocabulary):
        words, ranks = buckets.setdefault(len(word), ([], []))
        words.append(word)
        ranks.append(rank)
    for length in sorted(buckets):
        words, ranks = buckets[length]
        out.lengths.append(length)
        # Ranks (places in the vocabulary, most used first), as gaps: among equally near
        # words the most used wins, across lengths.
        gaps = [b - a for a, b in zip([0, *ranks], ranks, strict=False)]
        out.parts[f"w{length}"] = {"words": words, "ranks": gaps}

    docs = sorted(data.documents.values(), key=lambda d: int(d.ref, 36))
    doc_rows = [(int(d.ref, 36), [d.title, d.summary, d.category_title, d.url]) for d in docs]
    blocks = cut(((row, len(compact(row[1])) + 1) for row in doc_rows), doc_block_bytes)
    for n, block in enumerate(blocks):
        out.docs.append(block[0][0])
        out.parts[f"d{n}"] = [row for _, row in block]
    return out
