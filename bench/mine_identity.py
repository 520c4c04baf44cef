"""Does a change to `kbgen mine`'s reading, redaction or storing keep its output the same?

Mines a set of exports (a 50k-ticket BANKING77 export, which runs on worker processes; a
3k NDJSON one; the bundled sample; every format's test fixture), each into a fresh store
with a fixed salt, and records a digest of what each run stored (every ticket's source, id,
created, customer key, redacted text and language, in key order) and wrote (clusters.json,
rejected.csv). Save the digests before a change, check them after:

    .venv/bin/python bench/mine_identity.py --save /tmp/identity-before.json
    .venv/bin/python bench/mine_identity.py --check /tmp/identity-before.json
    .venv/bin/python bench/mine_identity.py --check /tmp/identity-before.json --quick

--quick leaves out the 50k export's grouping (its stored tickets are still checked).
On a difference it prints the first rows that differ, from the dumps kept beside the saved
digests (`<file>.d/`), which the check compares with.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(BENCH))
FIXTURES = REPO / "tests" / "mine" / "fixtures" / "exports"
SALT = "identity-check-salt"


def exports(data: Path) -> dict[str, tuple[Path, bool]]:
    """name -> (export, whether to group it too)."""
    from make_sample import write_banking77, write_sample

    data.mkdir(parents=True, exist_ok=True)
    made = {
        "banking77-50k.csv": (50_000, "csv"),
        "banking77-3k.ndjson": (3_000, "ndjson"),
    }
    out: dict[str, tuple[Path, bool]] = {}
    for name, (n, fmt) in made.items():
        path = data / f"identity-{name}"
        if not path.exists():
            write_banking77(path, n, fmt)
        out[name] = (path, True)
    sample = data / "identity-sample.json"
    if not sample.exists():
        write_sample(sample)
    out["sample.json"] = (sample, True)
    for path in sorted(FIXTURES.iterdir()):
        out[f"fixture-{path.name}"] = (path, True)
    return out


def mine(export: Path, work: Path, group: bool) -> dict[str, str]:
    """One run; the dumps of what it stored and wrote, as text."""
    import duckdb

    from kbgen.mine.pipeline import run
    from kbgen.mine.run_model import MineOptions

    store = work / "tickets.duckdb"
    con = duckdb.connect(str(store))
    con.execute("CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
    con.execute("INSERT INTO meta VALUES ('salt', ?)", [SALT])
    con.close()
    out = work / "reports"
    options = MineOptions(exports=[export], kb=REPO / "content", out=out, store=store)
    if not group:
        import csv

        from kbgen.mine.by_language import site_languages
        from kbgen.mine.language import LanguageDetector
        from kbgen.mine.match import load_articles
        from kbgen.mine.pipeline import _Ingest
        from kbgen.mine.store import TicketStore

        # The stored tickets only: the pipeline's ingest stage, as the pipeline runs it.
        site = site_languages(options.kb, load_articles(options.kb))
        detector = LanguageDetector.for_site(site.all, site.default)
        with TicketStore(store) as ts, (work / "rejected.csv").open("w", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(["source", "line", "reason"])
            ingest = _Ingest(options, ts.salt(), writer, lambda *a: None, detector)
            ts.add_rows(ingest.rows())
    else:
        run(options)
    con = duckdb.connect(str(store), read_only=True)
    rows = con.execute(
        "SELECT source, ticket_id, created, customer, text, lang FROM tickets"
        " ORDER BY source, ticket_id"
    ).fetchall()
    con.close()
    dumps = {"tickets": "\n".join(json.dumps([str(v) for v in r]) for r in rows)}
    rejected = out / "rejected.csv" if group else work / "rejected.csv"
    dumps["rejected"] = rejected.read_text(encoding="utf-8")
    if group:
        clusters = json.loads((out / "clusters.json").read_text(encoding="utf-8"))
        clusters.get("summary", {}).pop("generated", None)  # the time of the run
        dumps["clusters"] = json.dumps(clusters, indent=1, ensure_ascii=False)
    return dumps


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    what = parser.add_mutually_exclusive_group(required=True)
    what.add_argument("--save", type=Path)
    what.add_argument("--check", type=Path)
    parser.add_argument("--quick", action="store_true", help="don't group the 50k export")
    parser.add_argument("--only", nargs="*", help="these exports only (names as printed)")
    parser.add_argument("--data", type=Path, default=Path(tempfile.gettempdir()) / "kbgen-bench")
    args = parser.parse_args()
    target = args.save or args.check
    keep = Path(f"{target}.d")
    digests: dict[str, str] = {}
    differ = 0
    for name, (export, group) in exports(args.data).items():
        if args.only and name not in args.only:
            continue
        group = group and not (args.quick and name.startswith("banking77-50k"))
        work = Path(tempfile.mkdtemp(prefix="kbgen-identity-"))
        try:
            start = time.perf_counter()
            dumps = mine(export, work, group)
            seconds = time.perf_counter() - start
        finally:
            shutil.rmtree(work, ignore_errors=True)
        for part, text in dumps.items():
            key = f"{name}:{part}"
            kept = keep / key.replace(":", "__")
            if args.save:
                keep.mkdir(exist_ok=True)
                kept.write_text(text, encoding="utf-8")
                digests[key] = _digest(part, text)
                status = "saved"
            elif not kept.exists():
                status = "NOT SAVED"
            elif _digest(part, kept.read_text(encoding="utf-8")) == _digest(part, text):
                status = "same"
            else:
                differ += 1
                status = "DIFFERENT"
                _show_difference(kept, text)
            print(f"{key:<48} {status:<9} ({seconds:.1f}s)", flush=True)
    if args.save:
        args.save.write_text(json.dumps(digests, indent=1), encoding="utf-8")
    else:
        print("all the same" if not differ else f"{differ} dumps differ")
        raise SystemExit(1 if differ else 0)


def _digest(part: str, text: str) -> str:
    """What must be the same: clusters.json without the time it was written."""
    if part == "clusters":
        clusters = json.loads(text)
        clusters.get("summary", {}).pop("generated", None)
        text = json.dumps(clusters, indent=1, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def _show_difference(before: Path, text: str, limit: int = 5) -> None:
    if not before.exists():
        return
    old = before.read_text(encoding="utf-8").splitlines()
    new = text.splitlines()
    shown = 0
    for i, (a, b) in enumerate(zip(old, new, strict=False)):
        if a != b:
            print(f"  line {i + 1}:\n    before {a[:300]}\n    after  {b[:300]}")
            shown += 1
            if shown >= limit:
                break
    if len(old) != len(new):
        print(f"  {len(old)} lines before, {len(new)} after")


if __name__ == "__main__":
    main()
