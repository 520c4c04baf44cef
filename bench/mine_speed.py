"""How fast `kbgen mine` is, and whether its cost grows linearly with the tickets.

Generates exports of BANKING77 questions dressed as tickets (greetings, signatures, personal
data, repeat customers; bench/make_sample.py) and times a whole `kbgen mine` run per
stage, with peak memory, in a fresh process per size. The baseline, measured in the same
run, is reading and redacting the same export without storing or grouping it
("ingest only"), so the ratios show where the rest of the time goes.

    .venv/bin/python bench/mine_speed.py                      # 10k, 100k and 1M tickets
    .venv/bin/python bench/mine_speed.py --sizes 10000 100000
    .venv/bin/python bench/mine_speed.py --sizes 100000 --against /path/to/other/checkout

CPU seconds include the worker processes that redact large exports; peak memory is the
largest single process (the main one: workers hold only a few chunks each).
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def peak_mib() -> float:
    """Peak resident memory of this process and any children it waited for (MiB)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024  # Linux reports KiB


def cpu_seconds() -> float:
    """User + system CPU seconds of this process and of the workers it waited for so far."""
    total = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        usage = resource.getrusage(who)
        total += usage.ru_utime + usage.ru_stime
    return total


def child_ingest_only(export: Path) -> dict:
    from kbgen.mine.ingest import read_export
    from kbgen.mine.model import Rejected
    from kbgen.mine.tickets import to_ticket

    start, cpu = time.perf_counter(), cpu_seconds()
    n = 0
    for row in read_export(export):
        if not isinstance(row, Rejected):
            to_ticket(row, "bench-salt")
            n += 1
    return {
        "tickets": n,
        "seconds": time.perf_counter() - start,
        "cpu": cpu_seconds() - cpu,
        "peak_mib": peak_mib(),
    }


def child_mine(export: Path, work: Path) -> dict:
    from kbgen.mine.pipeline import run
    from kbgen.mine.run_model import MineOptions

    start, cpu = time.perf_counter(), cpu_seconds()
    result = run(
        MineOptions(
            exports=[export],
            kb=REPO / "content",
            out=work / "reports",
            store=work / "tickets.duckdb",
        )
    )
    return {
        "tickets": result.read,
        "groups": len(result.findings),
        "seconds": time.perf_counter() - start,
        "cpu": cpu_seconds() - cpu,
        "stages": result.seconds,
        "peak_mib": peak_mib(),
        "store_mib": (work / "tickets.duckdb").stat().st_size / 2**20,
    }


def in_child(mode: str, export: Path, work: Path, checkout: Path = REPO) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--child", mode, str(export), str(work)],
        capture_output=True,
        text=True,
        check=False,
        env={"PYTHONPATH": str(checkout), "PATH": "/usr/bin:/bin"},
    )
    if out.returncode != 0:
        raise SystemExit(f"{mode} run failed:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--data", type=Path, default=Path(tempfile.gettempdir()) / "kbgen-bench")
    parser.add_argument(
        "--against", type=Path, help="another kbgen checkout to time ingest-only with"
    )
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        mode, export, work = args.child
        fn = child_ingest_only if mode == "ingest" else None
        result = fn(Path(export)) if fn else child_mine(Path(export), Path(work))
        print(json.dumps(result))
        return

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
            base = in_child("ingest", export, work)
            other = in_child("ingest", export, work, args.against) if args.against else None
            mine = in_child("mine", export, work)
            if args.against:
                shutil.rmtree(work / "reports", ignore_errors=True)
                (work / "tickets.duckdb").unlink()
                theirs = in_child("mine", export, work, args.against)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        rows.append((n, base, mine))
        s = mine["stages"]
        per = 1e6 / n
        print(
            f"{n:>9,} tickets: CPU ingest-only {base['cpu']:6.1f}s "
            f"({base['cpu'] * per:.1f} us/ticket) | CPU mine {mine['cpu']:6.1f}s "
            f"({mine['cpu'] * per:.1f} us/ticket)",
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
