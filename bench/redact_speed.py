"""How fast `redact` is, against another checkout, and whether the two redact alike.

Redacts the same texts (BANKING77 questions dressed as tickets by bench/make_sample.py, with
greetings, signatures and personal data, and the plain BANKING77 queries) in a fresh process
per checkout, several rounds taking turns, and prints the best round's CPU microseconds per
text, their ratio and peak memory. With --against, it also counts the texts the two
checkouts redact differently and shows the first few.

    .venv/bin/python bench/redact_speed.py --against /path/to/other/checkout
    .venv/bin/python bench/redact_speed.py --tickets 20000 --rounds 7 --against ../main
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def texts(tickets: int) -> list[str]:
    from make_sample import banking77_rows, banking77_texts

    from kbgen.mine.clean import clean_body

    dressed = [f"{r[3]}. {clean_body(r[4], html=False)}" for r in banking77_rows(tickets, 77)]
    return dressed + banking77_texts()


def child(tickets: int, out: Path) -> None:
    """Runs in the checkout under test (its kbgen first on sys.path): one timed round."""
    from kbgen.mine.redact import redact

    items = texts(tickets)
    redact(items[0])  # compile the patterns outside the clock
    start = time.process_time()
    result = [redact(t) for t in items]
    seconds = time.process_time() - start
    out.write_text(json.dumps(result), encoding="utf-8")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "texts": len(items), "peak_mib": peak}))


def run(checkout: Path, tickets: int, out: Path) -> dict:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(checkout), str(REPO / "bench")])}
    done = subprocess.run(
        [sys.executable, __file__, "--child", str(tickets), str(out)],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(done.stdout.splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=10_000, help="dressed tickets to redact")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--against", type=Path, help="another checkout: the baseline")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(int(args.child[0]), Path(args.child[1]))
        return
    sides = {"this checkout": REPO}
    if args.against:
        sides = {"baseline": args.against.resolve(), **sides}
    best: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as tmp:
        outs = {name: Path(tmp) / f"{n}.json" for n, name in enumerate(sides)}
        for round_ in range(args.rounds):
            order = list(sides) if round_ % 2 == 0 else list(reversed(sides))
            for name in order:
                got = run(sides[name], args.tickets, outs[name])
                if name not in best or got["seconds"] < best[name]["seconds"]:
                    best[name] = got
        results = {
            name: json.loads(path.read_text(encoding="utf-8")) for name, path in outs.items()
        }
        source = texts(args.tickets)
    for name, got in best.items():
        per = 1e6 * got["seconds"] / got["texts"]
        print(
            f"{name:14s} {per:7.2f} µs per text (CPU, best of {args.rounds}), "
            f"{got['seconds']:.2f} s for {got['texts']:,} texts, peak {got['peak_mib']:.0f} MiB"
        )
    if args.against:
        ratio = best["this checkout"]["seconds"] / best["baseline"]["seconds"]
        print(f"ratio this / baseline: {ratio:.3f}")
        pairs = zip(source, results["baseline"], results["this checkout"], strict=True)
        differ = [(t, a, b) for t, a, b in pairs if a != b]
        print(f"{len(differ):,} of {len(source):,} texts redacted differently")
        for text, a, b in differ[:10]:
            print(f"  {text[:100]!r}\n    baseline {a[:100]!r}\n    this     {b[:100]!r}")


if __name__ == "__main__":
    main()
