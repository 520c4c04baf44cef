"""How fast `kbgen mine` is, and whether its cost grows linearly with the tickets.

Generates exports of BANKING77 questions dressed as tickets (greetings, signatures, personal
data, repeat customers; bench/make_sample.py) and times a whole `kbgen mine` run per
stage, with peak memory, in a fresh process per size. The baseline, measured in the same
run, is reading and redacting the same export without storing or grouping it
("ingest only"), so the ratios show where the rest of the time goes.

    .venv/bin/python bench/mine_speed.py                      # 10k, 100k and 1M tickets
    .venv/bin/python bench/mine_speed.py --sizes 10000 100000
    .venv/bin/python bench/mine_speed.py --sizes 100000 --against /path/to/other/checkout
    .venv/bin/python bench/mine_speed.py --sizes 1000000 --words

--words also runs this checkout with `--features words` (grouping by word features, as a
plain install without the `semantic` extra does) in the same run, and prints the default
run's time and memory as ratios of it: the machine's load moves both alike.

CPU seconds include the worker processes that redact large exports; peak memory is the
largest single process (the main one: workers hold only a few chunks each).
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

from child import cpu_seconds, in_child, peak_mib

INGEST, MINE = "mine_speed:child_ingest_only", "child:mine_once"


def child_ingest_only(export: str) -> dict:
    """The baseline: read and redact the export, nothing stored or grouped."""
    from kbgen.mine.ingest import read_export
    from kbgen.mine.model import Rejected

    try:
        from kbgen.mine.tickets import to_ticket
    except ImportError:  # a kbgen from before kbgen/mine/tickets.py built tickets
        from kbgen.mine.redact import to_ticket  # type: ignore[attr-defined,no-redef]

    start, cpu = time.perf_counter(), cpu_seconds()
    n = 0
    for row in read_export(Path(export)):
        if not isinstance(row, Rejected):
            to_ticket(row, "bench-salt")
            n += 1
    return {
        "tickets": n,
        "seconds": time.perf_counter() - start,
        "cpu": cpu_seconds() - cpu,
        "peak_mib": peak_mib(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--data", type=Path, default=Path(tempfile.gettempdir()) / "kbgen-bench")
    parser.add_argument(
        "--against", type=Path, help="another kbgen checkout to time ingest-only with"
    )
    parser.add_argument(
        "--words",
        action="store_true",
        help="also run with --features words (word features) in the same run, for ratios",
    )
    args = parser.parse_args()

    from make_sample import write_banking77

    args.data.mkdir(parents=True, exist_ok=True)
    rows = []
    for n in args.sizes:
        export = args.data / f"tickets-{n}.csv"
        if not export.exists():
            start = time.perf_counter()
            write_banking77(export, n)
            print(f"generated {export} in {time.perf_counter() - start:.0f}s", flush=True)
        work = Path(tempfile.mkdtemp(prefix="kbgen-mine-"))
        try:
            base = in_child(INGEST, export)
            other = in_child(INGEST, export, checkout=args.against) if args.against else None
            mine = in_child(MINE, export, work)
            if args.words:
                shutil.rmtree(work / "reports", ignore_errors=True)
                words = in_child(MINE, export, work, "1", "words")
            if args.against:
                shutil.rmtree(work / "reports", ignore_errors=True)
                for store in work.glob("*.duckdb"):
                    store.unlink()
                theirs = in_child(MINE, export, work, checkout=args.against)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        rows.append((n, base, mine))
        s = mine["stages"]
        per = 1e6 / n
        print(
            f"{n:>9,} tickets: CPU ingest-only {base['cpu']:6.1f}s "
            f"({base['cpu'] * per:.1f} us/ticket) | CPU mine {mine['cpu']:6.1f}s "
            f"({mine['cpu'] * per:.1f} us/ticket: main process {mine.get('cpu_main', 0):.1f}s, "
            f"redaction workers {mine['cpu'] - mine.get('cpu_main', 0):.1f}s; the model's "
            "process not counted)",
            flush=True,
        )
        if args.words:
            print(
                f"{n:>9,} tickets: grouped by {mine['features']}: {mine['seconds']:6.1f}s wall, "
                f"CPU {mine['cpu']:6.1f}s, cluster+rank {s['cluster']:.1f}s, peak "
                f"{mine['peak_mib']:,.0f} MiB, {mine['groups']} groups | by words: "
                f"{words['seconds']:6.1f}s wall, CPU {words['cpu']:6.1f}s, cluster+rank "
                f"{words['stages']['cluster']:.1f}s, peak {words['peak_mib']:,.0f} MiB, "
                f"{words['groups']} groups | {mine['features']} / words: wall "
                f"{mine['seconds'] / words['seconds']:.2f}x, "
                f"CPU {mine['cpu'] / words['cpu']:.2f}x, "
                f"cluster+rank {s['cluster'] / max(words['stages']['cluster'], 1e-9):.2f}x, "
                f"peak {mine['peak_mib'] / words['peak_mib']:.2f}x",
                flush=True,
            )
        if other:
            print(
                f"{n:>9,} tickets: mine with {args.against}: {theirs['seconds']:6.1f}s wall, "
                f"CPU {theirs['cpu']:6.1f}s, ingest+store {theirs['stages']['ingest']:.1f}s, "
                f"cluster+rank {theirs['stages']['cluster']:.1f}s, "
                f"peak {theirs['peak_mib']:,.0f} MiB; this checkout / "
                f"that one: wall {mine['seconds'] / theirs['seconds']:.2f}x, "
                f"CPU {mine['cpu'] / theirs['cpu']:.2f}x",
                flush=True,
            )
            print(
                f"{n:>9,} tickets: CPU ingest-only with {args.against}: {other['cpu']:6.1f}s "
                f"({other['cpu'] * per:.1f} us/ticket); this checkout / that one: "
                f"{base['cpu'] / other['cpu']:.2f}x",
                flush=True,
            )
        print(
            f"{n:>9,} tickets: ingest-only {base['seconds']:6.1f}s | mine {mine['seconds']:6.1f}s "
            f"({n / mine['seconds']:,.0f} tickets/s, {mine['seconds'] / base['seconds']:.2f}x "
            f"ingest-only) | ingest+store {s['ingest']:.1f}s, load {s['load']:.1f}s, "
            f"cluster+rank {s['cluster']:.1f}s, match {s['match']:.1f}s, "
            f"report {s['report']:.1f}s | peak {mine['peak_mib']:,.0f} MiB "
            f"(ingest-only {base['peak_mib']:,.0f}) | store {mine['store_mib']:.0f} MiB | "
            f"{mine['groups']} groups",
            flush=True,
        )
    print("\ngrowth between sizes (1.00 = linear):")
    for (n0, _, m0), (n1, _, m1) in zip(rows, rows[1:], strict=False):
        time_ratio = (m1["seconds"] / m0["seconds"]) / (n1 / n0)
        print(f"  {n0:>9,} -> {n1:>9,}: time per ticket x{time_ratio:.2f}")
        for stage in ("ingest", "cluster", "match", "report"):
            per = (m1["stages"][stage] / max(m0["stages"][stage], 1e-9)) / (n1 / n0)
            print(f"      {stage:<8} per ticket x{per:.2f}")


if __name__ == "__main__":
    main()
