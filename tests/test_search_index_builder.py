"""The cached index builder makes exactly the index lunr.py's own Builder makes."""

from __future__ import annotations

import json
from pathlib import Path

from lunr.builder import Builder
from lunr.stop_word_filter import stop_word_filter
from lunr.trimmer import trimmer

from kbgen.loader import load_kb
from kbgen.search import index as idx
from kbgen.search.analysis import lunr_stemmer


def reference_index(docs: list[idx.Document]) -> dict:
    builder = Builder()
    builder.pipeline.add(trimmer, stop_word_filter, lunr_stemmer)
    builder.search_pipeline.add(lunr_stemmer)
    builder.ref("ref")
    for name, boost in idx.FIELD_BOOSTS.items():
        builder.field(name, boost=boost)
    for doc in docs:
        builder.add({"ref": doc.ref, **doc.fields})
    return builder.build().serialize()


def test_cached_builder_matches_lunr_builder(repo: Path) -> None:
    docs = idx.documents_of(load_kb(repo / "content"))
    ours = idx.build_index(docs).serialize()
    assert json.dumps(ours, sort_keys=True) == json.dumps(reference_index(docs), sort_keys=True)
    assert len(ours["invertedIndex"]) > 300
