"""How well site searches join the ticket group asking the same thing (kbgen mine's
"searched and found nothing" merged with tickets).

    .venv/bin/python bench/site_join.py [--tickets-per-intent 40]

Data: BANKING77 (shared/data/banking77). Two disjoint sets of 20 intents each: one to tune
`SiteLoopSettings.join_similarity` on, one to report on. For each set, tickets are train
texts of its intents, grouped as `kbgen mine` groups them; searches are test texts cut to
a few content words, as customers type into a search box: in-scope ones (intents the
tickets have) and out-of-scope ones (intents they do not: these must join no group).

Printed per threshold: join precision (a joined search's intent is its group's majority
intent), in-scope recall (share of in-scope searches joined to the right intent's group),
and false joins (share of out-of-scope searches joined to any group); plus the time.
"""

from __future__ import annotations

import argparse
import csv
import random
import time
from collections import Counter, defaultdict

import numpy as np
from shared_data import shared_data

from kbgen.mine.cluster import ClusterSettings, group_texts
from kbgen.mine.site_loop import SiteLoopSettings, _assign

DATA = shared_data("banking77")
STOP = set(
    "i me my we our you your it its is are was were be been am do does did have has had a an "
    "the and or but if of to in on for with at by from up about into over after can could "
    "would should will just so this that there what why how when where which who please "
    "still not no any some get got".split()
)
THRESHOLDS = (0.1, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5)


def rows(name: str) -> dict[str, list[str]]:
    by: dict[str, list[str]] = defaultdict(list)
    with (DATA / name).open(encoding="utf-8") as handle:
        for r in csv.DictReader(handle):
            by[r["category"]].append(r["text"])
    return by


def as_search(text: str, rng: random.Random) -> str:
    words = [w.strip("?.,!'\"").lower() for w in text.split()]
    words = [w for w in words if w and w not in STOP]
    n = rng.randint(2, 4)
    return " ".join(words[:n]) or text.lower()


def run_set(intents, others, train, test, per_intent: int, rng) -> dict[float, tuple]:  # noqa: ANN001
    tickets, truth = [], []
    for intent in intents:
        texts = train[intent][:per_intent]
        tickets += texts
        truth += [intent] * len(texts)
    grouping = group_texts(tickets, ClusterSettings())
    before = grouping.labels.copy()
    majority: dict[int, str] = {}
    for label in set(before.tolist()) - {-1}:
        members = [truth[i] for i in np.flatnonzero(before == label)]
        majority[label] = Counter(members).most_common(1)[0][0]
    ids = np.arange(len(grouping.centres))  # centre c is group c here
    inscope = [(as_search(t, rng), i) for i in intents for t in test[i][:10]]
    outscope = [(as_search(t, rng), i) for i in others for t in test[i][:10]]
    out = {}
    for threshold in THRESHOLDS:
        settings = SiteLoopSettings(join_similarity=threshold)
        labels_in, _ = _assign([q for q, _ in inscope], grouping, ids, settings)
        labels_out, _ = _assign([q for q, _ in outscope], grouping, ids, settings)
        pairs = zip(labels_in, inscope, strict=True)
        joined = [(majority.get(int(lab)), i) for lab, (_, i) in pairs if lab >= 0]
        right = sum(1 for m, i in joined if m == i)
        precision = right / len(joined) if joined else float("nan")
        recall = right / len(inscope)
        false = float(np.mean(labels_out >= 0))
        out[threshold] = (precision, recall, false)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--tickets-per-intent", type=int, default=40)
    args = ap.parse_args()
    train, test = rows("train.csv"), rows("test.csv")
    intents = sorted(train)
    random.Random(0).shuffle(intents)
    sets = {"tune": (intents[:20], intents[40:60]), "report": (intents[20:40], intents[60:77])}
    chosen = SiteLoopSettings().join_similarity
    for name, (inside, outside) in sets.items():
        start = time.perf_counter()
        result = run_set(inside, outside, train, test, args.tickets_per_intent, random.Random(1))
        took = time.perf_counter() - start
        print(
            f"{name} set: {len(inside)} intents in the tickets, "
            f"{len(outside)} only searched ({took:.1f} s)"
        )
        for threshold, (p, r, f) in result.items():
            mark = "  <- default" if threshold == chosen else ""
            print(
                f"  join_similarity {threshold:.2f}: precision {p:.2f}, in-scope recall {r:.2f}, "
                f"out-of-scope joined {f:.2f}{mark}"
            )


if __name__ == "__main__":
    main()
