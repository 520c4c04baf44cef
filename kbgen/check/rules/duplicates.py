"""Articles about the same problem: search shows both, and the customer must guess which one
is right. Compared with TF-IDF cosine similarity on titles and on symptoms."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from kbgen.check.context import CheckContext
from kbgen.check.registry import rule
from kbgen.content.model import Entry, Problem


def _normal(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower().replace("’", "'").replace("'", "")))


def _similarities(texts: list[str], analyzer: str, ngrams: tuple[int, int]) -> Any:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_similarity

    if sum(1 for t in texts if t.strip()) < 2:
        return None
    vectors = TfidfVectorizer(
        analyzer=analyzer, ngram_range=ngrams, sublinear_tf=True, preprocessor=_normal
    ).fit_transform(texts)
    return cosine_similarity(vectors)


@rule(
    "near-duplicate",
    family="duplicates",
    severity="warning",
    summary="articles with very similar titles or symptoms (they confuse search)",
    title_similarity=0.8,
    symptom_similarity=0.6,
)
def near_duplicate(ctx: CheckContext, options: dict[str, Any]) -> Iterable[Problem]:
    entries: list[Entry] = sorted(ctx.kb.entries, key=lambda e: e.src_uri)
    if len(entries) < 2:
        return
    titles = _similarities([e.title for e in entries], "char_wb", (3, 5))
    symptoms = _similarities([" ".join(e.symptoms) for e in entries], "word", (1, 2))
    owner: dict[str, Entry] = {}  # each exact symptom, and the first article that lists it
    for j, later in enumerate(entries):
        reported = False
        for i in range(j):
            earlier = entries[i]
            if titles is not None and titles[i, j] >= options["title_similarity"]:
                yield Problem(
                    later.path,
                    later.key_lines.get("title", 1),
                    f"the title is almost the same as '{earlier.title}' ({earlier.src_uri})",
                    "merge the two articles, or make each title name its own problem",
                    rule="near-duplicate",
                )
                reported = True
            elif symptoms is not None and symptoms[i, j] >= options["symptom_similarity"]:
                yield Problem(
                    later.path,
                    later.key_lines.get("symptoms", 1),
                    f"the symptoms are much like those of '{earlier.title}' ({earlier.src_uri})",
                    "merge the two articles, or keep each symptom in the one article it belongs to",
                    rule="near-duplicate",
                )
                reported = True
        for k, symptom in enumerate(later.symptoms):
            first = owner.setdefault(_normal(symptom), later)
            if first is not later and not reported:
                yield Problem(
                    later.path,
                    later.key_lines.get(f"symptoms[{k}]", 1),
                    f"the symptom '{symptom}' is also in '{first.title}' ({first.src_uri})",
                    "keep it in the one article that answers it, so search shows one answer",
                    rule="near-duplicate",
                )
