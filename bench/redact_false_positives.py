"""How often redaction changes ordinary customer text (false positives).

BANKING77 holds 13,083 real customer queries to a bank with no personal data in them, so
every query that `redact` changes is a false positive. Prints the share changed and, with
--show, the changed queries.

    .venv/bin/python bench/redact_false_positives.py
    .venv/bin/python bench/redact_false_positives.py --show 40
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from make_sample import BANKING77, banking77_texts

from kbgen.mine.redact import redact


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=BANKING77, help="the BANKING77 folder")
    parser.add_argument("--show", type=int, default=0, help="print this many changed queries")
    args = parser.parse_args()
    texts = banking77_texts(args.data)
    start = time.perf_counter()
    out = [redact(t) for t in texts]
    seconds = time.perf_counter() - start
    changed = [(a, b) for a, b in zip(texts, out, strict=True) if a != b]
    share = len(changed) / max(len(texts), 1)
    print(f"{len(changed):,} of {len(texts):,} queries changed by redaction ({100 * share:.2f}%)")
    print(f"{1e6 * seconds / max(len(texts), 1):.1f} µs per query")
    for a, b in changed[: args.show]:
        print(f"  {a!r}\n  -> {b!r}")


if __name__ == "__main__":
    main()
