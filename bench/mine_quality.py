"""How well `kbgen mine` groups tickets by question, scored on BANKING77.

Runs the miner's clustering with its defaults (not told the labels or their count) over
BANKING77's test.csv, each row treated as one ticket, and prints NMI, ARI and clustering
accuracy against the 77 intents, beside baselines computed in the same run.

Scoring of tickets in no recurring group (label -1): for NMI and ARI they form one extra
cluster of their own (all together, which can only lower the score); for accuracy they
count as wrong. Accuracy maps groups to intents one-to-one with the Hungarian method
(scipy's linear_sum_assignment); groups left unmatched count as wrong.

    .venv/bin/python bench/mine_quality.py [--data PATH] [--seeds 3] [--no-split]
                                           [--features auto|semantic|words]

--features picks what groups the tickets, as `kbgen mine --features` does (the default,
auto, is sentence embeddings where the `semantic` extra is installed, else words).

With the default data it also scores two halves of the intents: half A drawn from
train.csv (where changes are tuned) and half B from test.csv (held out).
"""

from __future__ import annotations

import argparse
import csv
import time
from pathlib import Path

import numpy as np
from scipy.optimize import linear_sum_assignment
from shared_data import shared_data
from sklearn.cluster import KMeans
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

from kbgen.mine.boilerplate import prepare
from kbgen.mine.cluster import ClusterSettings, group_texts
from kbgen.mine.featurize import Featurizer, normalise

DATA = shared_data("banking77", "test.csv")
# Published reference: KMeans on GloVe vectors, true count given (TEXTOIR open intent
# discovery benchmark, as quoted in shared/data/banking77/README.md).
GLOVE_KMEANS = {"nmi": 0.4930, "ari": 0.1304, "acc": 0.2862}


def accuracy(truth: np.ndarray, labels: np.ndarray) -> float:
    """Hungarian-matched accuracy; NOISE (-1) is never a match."""
    valid = labels >= 0
    t_ids, t = np.unique(truth, return_inverse=True)
    if not valid.any():
        return 0.0
    l_ids, lab = np.unique(labels[valid], return_inverse=True)
    table = np.zeros((len(l_ids), len(t_ids)), dtype=np.int64)
    np.add.at(table, (lab, t[valid]), 1)
    rows, cols = linear_sum_assignment(-table)
    return float(table[rows, cols].sum() / len(truth))


def scores(truth: np.ndarray, labels: np.ndarray) -> dict[str, float]:
    return {
        "nmi": float(normalized_mutual_info_score(truth, labels)),
        "ari": float(adjusted_rand_score(truth, labels)),
        "acc": accuracy(truth, labels),
    }


def load(path: Path) -> tuple[list[str], np.ndarray]:
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    names = sorted({r["category"] for r in rows})
    return [r["text"] for r in rows], np.array([names.index(r["category"]) for r in rows])


def row(name: str, s: dict[str, float], extra: str = "") -> str:
    return f"{name:<52} {s['nmi']:6.3f} {s['ari']:6.3f} {s['acc']:6.3f}  {extra}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--seeds", type=int, default=3, help="runs with different random seeds")
    parser.add_argument(
        "--no-split", action="store_true", help="skip the tune / held-out halves of the intents"
    )
    parser.add_argument("--features", default="auto", choices=("auto", "semantic", "words"))
    args = parser.parse_args()
    texts, truth = load(args.data)
    true_k = len(np.unique(truth))
    print(f"{len(texts)} texts, {true_k} intents ({args.data})\n")
    print(f"{'method':<52} {'NMI':>6} {'ARI':>6} {'ACC':>6}")

    # Baselines, given the true number of intents: KMeans on plain word TF-IDF, and on the
    # miner's own representation (word + char TF-IDF, SVD) without its spectral layout.
    words = TfidfVectorizer(sublinear_tf=True).fit_transform(texts)
    normalised = [normalise(t) for t in texts]
    lsa = Featurizer().fit(normalised).transform(normalised)
    for name, matrix in (("word TF-IDF", words), ("word+char TF-IDF + SVD", lsa)):
        base = []
        for seed in range(args.seeds):
            km = KMeans(true_k, n_init=3, random_state=seed)
            base.append(scores(truth, km.fit_predict(matrix)))
        mean = {m: float(np.mean([b[m] for b in base])) for m in base[0]}
        print(row(f"{name} + KMeans, true k (this run)", mean, f"mean of {args.seeds} seeds"))
    print(row("GloVe + KMeans, true k given (published)", GLOVE_KMEANS, "TEXTOIR benchmark"))

    defaults(texts, truth, args.seeds, features=args.features)
    if args.data == DATA and not args.no_split:
        split(args.seeds, args.features)


def defaults(
    texts: list[str], truth: np.ndarray, seeds: int, tag: str = "", features: str = "auto"
) -> None:
    """The miner's defaults over `seeds` random seeds: per-seed and mean scores, group counts
    and the NMI spread."""
    true_k = len(np.unique(truth))
    runs, counts = [], []
    for seed in range(seeds):
        start = time.perf_counter()
        # As `kbgen mine` runs: boilerplate out, tickets that ask nothing set aside (no group).
        prepared = prepare(texts)
        asked = prepared.questions
        settings = ClusterSettings(random_state=seed, features=features)
        g = group_texts([prepared.texts[i] for i in asked], settings)
        labels = np.full(len(texts), -1, dtype=np.int64)
        labels[asked] = g.labels
        took = time.perf_counter() - start
        s = scores(truth, labels)
        groups = int(labels.max()) + 1
        noise = float((labels < 0).mean())
        runs.append(s)
        counts.append(groups)
        print(
            row(
                f"kbgen mine defaults{tag} (seed {seed})",
                s,
                f"{groups} groups ({g.features}), {noise:.1%} in no group, {took:.1f}s",
            )
        )
    mean = {m: float(np.mean([r[m] for r in runs])) for m in runs[0]}
    spread = max(r["nmi"] for r in runs) - min(r["nmi"] for r in runs)
    print(row(f"kbgen mine defaults{tag} (mean)", mean, "targets: NMI >= 0.75"))
    print(
        f"\ngroups {min(counts)}-{max(counts)} for {true_k} intents "
        f"({min(counts) / true_k:.2f}-{max(counts) / true_k:.2f}x, target 0.8-1.3x); "
        f"NMI spread over {seeds} seeds {spread:.3f} (target <= 0.01)"
    )


def split(seeds: int, features: str = "auto") -> None:
    """A check that the defaults were not fitted to test.csv: the 77 intents cut in two
    halves (alternate names in sorted order). Half A from train.csv (other questions of the
    same kind, 3,000 drawn) is where clustering changes are tried first; half B from test.csv
    is held out, and is scored here only to report."""
    test_texts, test_truth = load(DATA)
    train_texts, train_truth = load(DATA.with_name("train.csv"))
    half_a = np.unique(test_truth)[0::2]
    pick = np.flatnonzero(np.isin(train_truth, half_a))
    pick = np.sort(np.random.default_rng(42).choice(pick, min(3000, len(pick)), replace=False))
    held = np.flatnonzero(~np.isin(test_truth, half_a))
    for name, texts, truth in (
        ("tune: train.csv, intents A", [train_texts[i] for i in pick], train_truth[pick]),
        ("held out: test.csv, intents B", [test_texts[i] for i in held], test_truth[held]),
    ):
        print(f"\n{name}: {len(texts)} texts, {len(np.unique(truth))} intents")
        defaults(texts, truth, seeds, tag=f" {name[:4]}", features=features)


if __name__ == "__main__":
    main()
