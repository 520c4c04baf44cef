"""Search quality on knowledge bases of different shops: hit@1, hit@3 and no-match.

    PYTHONPATH=. .venv/bin/python bench/search_quality.py [--misses SET]

For every set in bench/search_sets (see bench/_search_sets.py; the tune set is marked) it
prints, for three searches run in this process on the same articles:

- `lunr`: plain lunr.py over title + summary + symptoms + tags + body, no query handling;
- `material`: plain lunr.py over title + body only (what Material's own search indexes);
- `before`: kbgen with its query handling only (no help-desk lexicon, no score floor),
  as it ranked before the lexicon and the floor were added;
- `kbgen`: kbgen as it ships.

A set in another language (German `de-*`) is searched in its language (stemmer, stop words,
respelling, see kbgen/search/language.py), and a second row `as English` shows kbgen's
English search on the same German text, as every site was searched before.

hit@k: share of queries whose article is among the first k results. no-match: share of
out-of-scope queries that get the "no good match" panel (no result list) instead of an
article. `--misses SET` lists the queries kbgen gets wrong on one set; `--ablation` adds
kbgen with only the lexicon (`lexicon`) and with only the coverage floor (`floor`).
"""

from __future__ import annotations

import argparse
import re
import resource
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _search_sets import QuerySet, load_sets  # noqa: E402

from kbgen.content.loader import load_kb  # noqa: E402
from kbgen.content.text import plain_text  # noqa: E402
from kbgen.search.engine import SearchEngine, SearchOptions  # noqa: E402

FIELDS = ("title", "summary", "symptoms", "tags", "body")
Search = Callable[[str], list[str]]  # query -> slugs, best first ([] = the no-match panel)

_LUNR_SYNTAX = re.compile(r"[:*^~+\-]")


def plain_lunr(content: Path, fields: tuple[str, ...] = FIELDS) -> Search:
    from lunr import lunr

    kb = load_kb(content)
    docs = [
        {
            "slug": e.slug,
            "title": e.title,
            "summary": e.summary,
            "symptoms": " ".join(e.symptoms),
            "tags": " ".join(e.tags),
            "body": plain_text(e.body, code=True),
        }
        for e in kb.entries
    ]
    index = lunr(ref="slug", fields=list(fields), documents=docs)

    def search(query: str) -> list[str]:
        text = _LUNR_SYNTAX.sub(" ", query).strip()
        return [r["ref"] for r in index.search(text)] if text else []

    return search


def kbgen(content: Path, options: SearchOptions, language: str | None = None) -> Search:
    engine = SearchEngine(SearchEngine.from_kb(load_kb(content), language).data, options)

    def search(query: str) -> list[str]:
        return [h.slug for h in engine.search(query, limit=10).hits]

    return search


@dataclass
class Score:
    hit1: float
    hit3: float
    no_match: float | None
    gaps_no_match: float | None
    misses: list[str]


def score(qs: QuerySet, search: Search) -> Score:
    h1 = h3 = 0
    misses: list[str] = []
    for case in qs.cases:
        slugs = search(case.query)
        h1 += slugs[:1] == [case.expect]
        h3 += case.expect in slugs[:3]
        if slugs[:1] != [case.expect]:
            misses.append(f"  '{case.query}' -> {slugs[:3]} want {case.expect}")
    oos = [q for q in qs.out_of_scope if search(q)]
    misses += [f"  out of scope '{q}' -> {search(q)[:3]}" for q in oos]
    n = len(qs.cases)
    return Score(
        h1 / n,
        h3 / n,
        1 - len(oos) / len(qs.out_of_scope) if qs.out_of_scope else None,
        sum(not search(q) for q in qs.gaps) / len(qs.gaps) if qs.gaps else None,
        misses,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--misses", metavar="SET", help="list kbgen's misses on this set")
    parser.add_argument("--ablation", action="store_true", help="also lexicon only, floor only")
    parser.add_argument(
        "--sets", metavar="NAMES", help="only these sets, comma-separated (default: all)"
    )
    args = parser.parse_args()

    systems: dict[str, Callable[[QuerySet], Search]] = {
        "lunr": lambda qs: plain_lunr(qs.content),
        "material": lambda qs: plain_lunr(qs.content, ("title", "body")),
        "before": lambda qs: kbgen(qs.content, SearchOptions.before(), qs.language),
        "kbgen": lambda qs: kbgen(qs.content, SearchOptions(), qs.language),
    }
    if args.ablation:
        systems["lexicon"] = lambda qs: kbgen(
            qs.content, SearchOptions(lexicon=True, floor=False), qs.language
        )
        systems["floor"] = lambda qs: kbgen(
            qs.content, SearchOptions(lexicon=False, floor=True), qs.language
        )
    letters = "/".join(name[0] for name in systems).replace("l", "L", 1)
    print(
        "columns: "
        + ", ".join(f"{n[0].upper() if i == 0 else n[0]}={n}" for i, n in enumerate(systems))
    )
    width = 5 * len(systems) + 6
    fmt = "{:<16} {:>3} {:>4} {:>4}  " + "  ".join(["{:>" + str(width) + "}"] * 3)
    heads = [f"{what} {letters}" for what in ("hit@1", "hit@3", "no-match")]
    print(fmt.format("set", "art", "qry", "oos", *heads))
    started = time.perf_counter()
    chosen = set(args.sets.split(",")) if args.sets else None
    for qs in load_sets():
        if chosen is not None and qs.name not in chosen:
            continue
        scores = {name: score(qs, make(qs)) for name, make in systems.items()}

        def row(attr: str, scores: dict[str, Score] = scores) -> str:
            values = [getattr(s, attr) for s in scores.values()]
            return "/".join("  - " if v is None else f"{v:.2f}" for v in values)

        articles = len(load_kb(qs.content).entries)
        name = qs.name + (" (tune)" if qs.tuned else "")
        print(
            fmt.format(
                name, articles, len(qs.cases), len(qs.out_of_scope),
                row("hit1"), row("hit3"), row("no_match"),
            )
        )  # fmt: skip
        if qs.gaps:
            gaps = row("gaps_no_match")
            print(f"{'':<16} gap questions (no article answers them) -> no-match: {gaps}")
        if qs.language != "en":
            english = score(qs, kbgen(qs.content, SearchOptions(), "en"))
            print(
                f"{'':<16} as English (kbgen's English search on this text): hit@1 "
                f"{english.hit1:.2f}, hit@3 {english.hit3:.2f}, no-match {english.no_match:.2f}"
            )
        if args.misses == qs.name:
            print("\n".join(scores["kbgen"].misses))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\n{time.perf_counter() - started:.1f} s, peak memory {peak:.0f} MiB (max RSS)")


if __name__ == "__main__":
    main()
