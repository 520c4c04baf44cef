"""How far to believe `kbgen mine`'s coverage: covered / not findable versus gap, scored.

Two knowledge bases of different small businesses, each with ticket questions labelled by
the article that answers them (or none), written before any matching was run:

- shop: the repository's example content (a seller of downloadable fonts and templates)
  and the bundled sample export's topics (bench/match_sets/shop.yml);
- courses: a one-person online painting-course seller (bench/match_sets/courses/).

Both get the same questions no article of theirs answers: real bank customers' questions
from BANKING77 (shared/data/banking77, intents picked for having nothing to do with either
business). Groups are scored as the miner sees them: each topic's phrasings together, and
each phrasing alone (small groups are common).

A group "has an article" when the matcher says covered or not findable. Precision: of those,
how many name a right article. Recall: of the groups a right article exists for, how many
get it. The matcher's thresholds were tuned on shop only; courses is the held-out figure.

    .venv/bin/python bench/mine_match.py [--show-errors]

Measured when written (precision / recall): the matcher with a search-vote bonus and one
0.3 threshold scored shop 0.896 / 0.938 and courses 0.901 / 0.948; per-phrasing evidence,
corrected typos, no bonus and a near-tie rule score shop 0.954 / 0.969 and courses (held
out) 0.960 / 0.935.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from shared_data import shared_data  # noqa: E402

from kbgen.content.loader import collect_kb  # noqa: E402
from kbgen.mine.match import GAP, UNFINDABLE, Matcher  # noqa: E402
from kbgen.mine.model import Cluster  # noqa: E402
from kbgen.mine.rank import Finding  # noqa: E402

HERE = Path(__file__).resolve().parent
SETS = HERE / "match_sets"
BANKING77 = shared_data("banking77", "test.csv")
# Bank intents neither business answers (no payments, refunds, passwords or emails).
FOREIGN_INTENTS = (
    "card_arrival", "exchange_rate", "atm_support", "lost_or_stolen_card",
    "cash_withdrawal_charge", "virtual_card_not_working", "card_swallowed",
    "beneficiary_not_allowed", "transfer_timing", "automatic_top_up", "age_limit",
    "disposable_card_limits", "get_physical_card", "pin_blocked", "receiving_money",
    "fiat_currency_support", "card_delivery_estimate", "visa_or_mastercard",
    "exchange_charge", "declined_cash_withdrawal", "top_up_by_bank_transfer_charge",
    "country_support", "order_physical_card", "getting_virtual_card",
)  # fmt: skip
PER_INTENT = 4


@dataclass(frozen=True)
class Case:
    phrasings: tuple[str, ...]
    answers: frozenset[str]  # right articles; empty: no article answers it


def load_set(name: str) -> tuple[Path, list[Case]]:
    if name == "shop":
        path = SETS / "shop.yml"
    else:
        path = SETS / name / "questions.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    kb = (path.parent / data.get("kb", "content")).resolve()
    cases = []
    for topic in data["topics"]:
        article = topic["article"]
        answers = frozenset([article] if isinstance(article, str) else article or [])
        questions = tuple(topic["questions"])
        cases.append(Case(questions[:5], answers))
        if len(questions) > 1:
            cases.extend(Case((q,), answers) for q in questions)
    return kb, cases


def foreign_cases(seed: int = 77) -> list[Case]:
    by_intent: dict[str, list[str]] = defaultdict(list)
    with BANKING77.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            by_intent[row["category"]].append(row["text"].strip())
    rng = random.Random(seed)
    cases = []
    for intent in FOREIGN_INTENTS:
        picked = rng.sample(by_intent[intent], PER_INTENT)
        cases.append(Case(tuple(picked), frozenset()))
        cases.extend(Case((q,), frozenset()) for q in picked[:2])
    return cases


def finding(n: int, case: Case) -> Finding:
    cluster = Cluster(n, case.phrasings[0], (), 5, 5, None, None)
    return Finding(cluster, phrasings=case.phrasings)


@dataclass
class Score:
    said: int = 0  # groups the matcher gave an article
    right: int = 0  # ... and the article is a right one
    answerable: int = 0  # groups a right article exists for
    unfindable: int = 0  # groups said to be not findable
    gaps: int = 0  # groups with no right article
    gaps_kept: int = 0  # ... that the matcher left as gaps

    @property
    def precision(self) -> float:
        return self.right / self.said if self.said else 1.0

    @property
    def recall(self) -> float:
        return self.right / self.answerable if self.answerable else 1.0


def evaluate(name: str, show_errors: bool = False) -> tuple[Score, float]:
    kb_dir, cases = load_set(name)
    cases += foreign_cases()
    kb, problems = collect_kb(kb_dir)
    assert not problems, problems
    started = time.perf_counter()
    matched = Matcher(kb).match([finding(n, c) for n, c in enumerate(cases, start=1)])
    seconds = time.perf_counter() - started
    score = Score()
    for case, f in zip(cases, matched, strict=True):
        article = f.cluster.article if f.cluster.status != GAP else None
        score.answerable += bool(case.answers)
        score.gaps += not case.answers
        score.gaps_kept += not case.answers and article is None
        if article is not None:
            score.said += 1
            score.right += article in case.answers
            score.unfindable += f.cluster.status == UNFINDABLE
        if show_errors and (article is not None or case.answers) and article not in case.answers:
            want = "/".join(sorted(case.answers)) or "gap"
            print(
                f"  {name}: {case.phrasings[0][:60]!r} (+{len(case.phrasings) - 1}) "
                f"→ {article or 'gap'} ({f.cluster.match_score:.2f}), want {want}"
            )
    return score, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--show-errors", action="store_true", help="list every wrong call")
    args = parser.parse_args()
    print(f"{'knowledge base':<22}{'groups':>7}{'answerable':>11}{'precision':>10}"
          f"{'recall':>8}{'gaps kept':>11}{'not findable':>13}{'seconds':>9}")  # fmt: skip
    for name, role in (("shop", "tuned on"), ("courses", "held out")):
        s, seconds = evaluate(name, args.show_errors)
        kept = f"{s.gaps_kept}/{s.gaps}"
        print(
            f"{name + ' (' + role + ')':<22}{s.answerable + s.gaps:>7}{s.answerable:>11}"
            f"{s.precision:>10.3f}{s.recall:>8.3f}{kept:>11}{s.unfindable:>13}{seconds:>9.2f}"
        )
    print("targets: precision ≥ 0.95, recall ≥ 0.90 (an article: covered or not findable)")


if __name__ == "__main__":
    main()
