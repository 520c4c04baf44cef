"""How well and how cheaply `kbgen mine` tells the language a ticket is written in.

1. Accuracy per language on short labelled support tickets (bench/lang_sets/: tune.tsv, on
   which the settings were chosen, and held_out.tsv, written in another style and only
   reported), for kbgen's detector (py3langid restricted to kbgen's languages) and, as the
   same-run baseline, py3langid choosing among all the languages it knows.
2. Microseconds per ticket, on tickets as they are stored (a BANKING77 export dressed as
   tickets, cleaned and redacted), and the model's load time.
3. `kbgen mine` on a 20,000-ticket export, in fresh processes: with languages told and
   grouped apart, against the same run with every ticket taken to be in the site's
   language (the baseline: kbgen as it was before), wall and CPU seconds, peak memory.

    .venv/bin/python bench/mine_lang.py
    .venv/bin/python bench/mine_lang.py --tickets 50000
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path

from child import REPO, in_child

SETS = Path(__file__).resolve().parent / "lang_sets"


def labelled(name: str) -> list[tuple[str, str]]:
    rows = []
    for line in (SETS / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            lang, text = line.split("\t", 1)
            rows.append((lang, text))
    return rows


def accuracy(rows: list[tuple[str, str]], told: list[str]) -> tuple[float, dict[str, float]]:
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for (lang, _), got in zip(rows, told, strict=True):
        total[lang] += 1
        right[lang] += got == lang
    return sum(right.values()) / len(rows), {k: right[k] / total[k] for k in sorted(total)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=20_000)
    parser.add_argument("--data", type=Path, default=Path(tempfile.gettempdir()) / "kbgen-bench")
    args = parser.parse_args()

    sys.path.insert(0, str(REPO))
    from kbgen.mine import language
    from kbgen.mine.language import LanguageDetector

    start = time.perf_counter()
    language._model()
    load = time.perf_counter() - start
    print(f"py3langid model loaded in {load:.2f}s")
    detector = LanguageDetector.for_site((), "en")
    print(f"kbgen's detector chooses among: {', '.join(detector.languages)}")
    everything = LanguageDetector(tuple(sorted(language._model().labels)), "en")
    for name in ("tune.tsv", "held_out.tsv"):
        rows = labelled(name)
        texts = [t for _, t in rows]
        for label, d in (("all py3langid languages (baseline)", everything), ("kbgen", detector)):
            start = time.perf_counter()
            told = [d.detect(t) for t in texts]
            us = (time.perf_counter() - start) / len(texts) * 1e6
            total, per = accuracy(rows, told)
            detail = " ".join(f"{k} {v:.2f}" for k, v in per.items())
            print(f"{name:<13} {label:<36} accuracy {total:.3f} ({detail}) {us:5.1f} us/ticket")

    from make_sample import write_banking77

    args.data.mkdir(parents=True, exist_ok=True)
    export = args.data / f"tickets-{args.tickets}.csv"
    if not export.exists():
        write_banking77(export, args.tickets)
    from kbgen.mine.ingest import read_export
    from kbgen.mine.model import Rejected
    from kbgen.mine.tickets import to_ticket

    stored = [
        to_ticket(row, "bench").text for row in read_export(export) if not isinstance(row, Rejected)
    ][:20_000]
    start = time.perf_counter()
    for text in stored:  # one by one, as ingest tells them (no memo across tickets)
        detector.detect(text)
    us = (time.perf_counter() - start) / len(stored) * 1e6
    chars = sum(map(len, stored)) / len(stored)
    print(
        f"stored tickets ({len(stored):,}, {chars:.0f} characters on average): {us:.1f} us/ticket"
    )
    # As ingest tells them: a chunk at a time (detect_all), with plainly English tickets told
    # by their words, against the model alone (the baseline), in this run.
    model_only = replace(detector, english_words=False)
    timed = {}
    for label, d in (("model only (baseline)", model_only), ("with English words", detector)):
        start = time.perf_counter()
        timed[label] = [
            lang for i in range(0, len(stored), 5000) for lang in d.detect_all(stored[i : i + 5000])
        ]
        us = (time.perf_counter() - start) / len(stored) * 1e6
        print(f"stored tickets, by chunks, {label:<22}: {us:5.1f} us/ticket")
    by_words = [
        detector._plainly_english(language._clip(language.detection_text(t))) for t in stored
    ]
    differ = sum(a != b for a, b in zip(*timed.values(), strict=True))
    print(
        f"told by their words: {sum(by_words) / len(stored):.0%} of the tickets; "
        f"answers that differ from the model's: {differ}"
    )

    work = Path(tempfile.mkdtemp(prefix="kbgen-lang-"))
    before = in_child("child:mine_once", export, work, "0")
    after = in_child("child:mine_once", export, work, "1")
    for label, r in (("one language (baseline)", before), ("languages told", after)):
        s = r["stages"]
        print(
            f"mine {args.tickets:,} tickets, {label:<24}: {r['seconds']:5.1f}s wall, "
            f"CPU {r['cpu']:5.1f}s, ingest+store {s['ingest']:.1f}s, cluster {s['cluster']:.1f}s, "
            f"match {s['match']:.1f}s, peak {r['peak_mib']:,.0f} MiB, {r['groups']} groups"
        )
    print(
        f"languages told / baseline: wall {after['seconds'] / before['seconds']:.2f}x, "
        f"CPU {after['cpu'] / before['cpu']:.2f}x, "
        f"ingest {after['stages']['ingest'] / before['stages']['ingest']:.2f}x"
    )


if __name__ == "__main__":
    main()
