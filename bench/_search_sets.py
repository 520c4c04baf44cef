"""The search quality sets: knowledge bases of different small shops, each with the queries
newcomers type (and the article each must find) and queries the shop does not answer.

`bench/search_sets/<name>/` holds `content/` (articles, no `_synonyms.yml`), `queries.yml`
(`cases:` in the `_search-tests.yml` format) and `out_of_scope.yml` (`queries:`). The
example knowledge base uses `content/_search-tests.yml`; the courses set is the ticket
questions of `bench/match_sets/courses` (its questions no article answers are gaps).
All queries were written before any search was run on their knowledge base.

Held out and written blind (articles first, then queries, all committed before any search
was run on them, and never looked at while ranking is tuned): `invoicing` (a subscription
invoicing app for freelancers), `phones` (a refurbished-phone shop that buys old phones in)
and `grooming` (a one-person dog grooming salon).

German sets (`de-*`, searched with the German index: `language: de`): `de-example` is a
German copy of eight example articles with a `_synonyms.yml` (tune set); `de-kaffee` a
coffee roaster's shop in the owner's plain words, no synonyms (held out).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import yaml

from kbgen.search.searchtests import SearchCase, load_cases

REPO = Path(__file__).resolve().parent.parent
SETS = REPO / "bench" / "search_sets"
# The sets ranking (and the German analysis) was tuned on; the others are reported.
TUNE = ("plants", "bikes", "cottages", "de-example")
LANGUAGES = {"de-example": "de", "de-kaffee": "de"}  # sets whose articles are not English
# One embedding cache (kbgen.search.related) for every set: the language's common words are
# embedded once, not once per set.
os.environ.setdefault("KBGEN_CACHE", str(REPO / ".kbgen"))


@dataclass(frozen=True)
class QuerySet:
    name: str
    content: Path
    cases: list[SearchCase]
    out_of_scope: list[str]
    gaps: list[str]  # in-domain questions no article answers (reported, not a target)
    language: str = "en"  # the language of its articles and queries

    @property
    def tuned(self) -> bool:
        return self.name in TUNE


def _strings(path: Path, key: str) -> list[str]:
    if not path.is_file():
        return []
    return [str(q) for q in yaml.safe_load(path.read_text(encoding="utf-8"))[key]]


def _cases(path: Path) -> list[SearchCase]:
    cases, problems = load_cases(path)
    if problems:
        raise SystemExit("\n".join(str(p) for p in problems))
    return cases


def _courses() -> QuerySet:
    root = REPO / "bench" / "match_sets" / "courses"
    cases: list[SearchCase] = []
    gaps: list[str] = []
    for topic in yaml.safe_load((root / "questions.yml").read_text(encoding="utf-8"))["topics"]:
        for question in topic["questions"]:
            if topic["article"]:
                cases.append(SearchCase(question, topic["article"], 3, 0))
            else:
                gaps.append(question)
    return QuerySet("courses", root / "content", cases, [], gaps)


def _set(name: str) -> QuerySet:
    return QuerySet(
        name,
        SETS / name / "content",
        _cases(SETS / name / "queries.yml"),
        _strings(SETS / name / "out_of_scope.yml", "queries"),
        [],
        LANGUAGES.get(name, "en"),
    )


def load_sets() -> list[QuerySet]:
    sets = [
        QuerySet(
            "example",
            REPO / "content",
            _cases(REPO / "content" / "_search-tests.yml"),
            _strings(SETS / "example" / "out_of_scope.yml", "queries"),
            [],
        )
    ]
    for name in (
        "plants",
        "bikes",
        "cottages",
        "yoga",
        "photos",
        "cleaning",
        "cakes",
        "invoicing",
        "phones",
        "grooming",
    ):
        sets.append(_set(name))
    sets.append(_courses())
    sets += [_set(name) for name in LANGUAGES]
    return sets
