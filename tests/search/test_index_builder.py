"""The cached index builder makes exactly the index lunr.py's own Builder makes."""

from __future__ import annotations

import json
from pathlib import Path

from lunr.builder import Builder
from lunr.stop_word_filter import stop_word_filter
from lunr.trimmer import trimmer

from kbgen.content.loader import load_kb
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


def bare_document(n: int, fields: dict[str, list[str]]) -> idx.Document:
    """A document that is only its search words (the index sees nothing else)."""
    return idx.Document(
        ref=idx.short_ref(n),
        slug=f"a{n}",
        title="",
        summary="",
        url="",
        category="",
        category_title="",
        fields=fields,
    )


def test_cached_builder_matches_lunr_builder(repo: Path) -> None:
    docs = idx.documents_of(load_kb(repo / "content"))
    ours = idx.build_index(docs).serialize()
    assert json.dumps(ours, sort_keys=True) == json.dumps(reference_index(docs), sort_keys=True)
    assert len(ours["invertedIndex"]) > 300


def test_cached_builder_matches_lunr_builder_on_repetitive_documents(repo: Path) -> None:
    """Many documents whose fields repeat words, stop words and words that stem alike."""
    import random

    pool = idx.vocabulary_of(idx.documents_of(load_kb(repo / "content")))[:400]
    pool += ["the", "not", "and", "downloads", "downloading", "downloaded", "it's"]
    rng = random.Random(7)
    docs = [
        bare_document(
            n, {name: rng.choices(pool, k=rng.randint(0, 60)) for name in idx.FIELD_BOOSTS}
        )
        for n in range(300)
    ]
    ours = idx.build_index(docs).serialize()
    assert json.dumps(ours) == json.dumps(reference_index(docs))


def test_a_field_empty_in_every_document_is_indexed_like_lunr_does() -> None:
    """Tags and symptoms are optional: a site may have none at all."""
    fields = {"title": ["refund"], "symptoms": [], "tags": [], "summary": ["money"], "body": []}
    docs = [bare_document(n, fields) for n in range(3)]
    ours = idx.build_index(docs).serialize()
    assert json.dumps(ours) == json.dumps(reference_index(docs))
