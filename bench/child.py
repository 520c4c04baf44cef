"""Run one measured bench step in a fresh Python process and get back what it measured.

Benchmarks run each size or setting in a process of its own, so imports, caches and memory
peaks don't carry over from one to the next, and so the same step can run on another
checkout of kbgen (`checkout`, first on the path) for a same-run comparison:

    measured = in_child("child:mine_once", export, work, "1")   # module:function, str args

The function gets its arguments as strings and returns a JSON-able dict; this module also
holds the step most of them time, one whole `kbgen mine` run (`mine_once`).
"""

from __future__ import annotations

import importlib
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent


def peak_mib() -> float:
    """Peak resident memory of this process and any children it waited for (MiB)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024  # Linux reports KiB


def cpu_main() -> float:
    """User + system CPU seconds of this process alone (its workers left out)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def cpu_seconds() -> float:
    """User + system CPU seconds of this process and of the workers it waited for so far
    (the redaction workers of `kbgen mine`; not the sentence model's process, which lives
    until the process ends)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return cpu_main() + children.ru_utime + children.ru_stime


def in_child(target: str, *args: object, checkout: Path = REPO) -> dict:
    """Run `module:function` (a module in bench/) with `args` in a fresh process that imports
    kbgen from `checkout`, and return the dict it measured."""
    out = subprocess.run(
        [sys.executable, __file__, target, *map(str, args)],
        capture_output=True,
        text=True,
        check=False,
        env={"PYTHONPATH": f"{checkout}:{BENCH}", "PATH": "/usr/bin:/bin"},
    )
    if out.returncode != 0:
        raise SystemExit(f"{target} {' '.join(map(str, args))} failed:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def mine_once(export: str, work: str, detect_languages: str = "1", features: str = "") -> dict:
    """One `kbgen mine` of `export` with the example knowledge base, stored under `work`.

    `features` ("semantic", "words", "auto") picks what groups the tickets; empty: the
    checkout's default (a kbgen from before the choice existed has no such setting)."""
    from kbgen.mine.pipeline import run
    from kbgen.mine.run_model import MineOptions

    store = Path(work) / f"tickets-{detect_languages}-{features or 'default'}.duckdb"
    extra = {}
    if features:
        from kbgen.mine.cluster import ClusterSettings

        extra["cluster"] = ClusterSettings(features=features)
    start, cpu, main = time.perf_counter(), cpu_seconds(), cpu_main()
    result = run(
        MineOptions(
            exports=[Path(export)],
            kb=REPO / "content",
            out=Path(work) / "reports",
            store=store,
            detect_languages=detect_languages == "1",
            **extra,
        )
    )
    grouped = getattr(result, "grouped", None)
    used = sorted(
        {getattr(r.grouping, "features", "words") for r in grouped.languages if r.grouping}
        if grouped is not None
        else []
    )
    return {
        "tickets": result.read,
        "groups": len(result.findings),
        "features": "+".join(used) or "words",
        "seconds": time.perf_counter() - start,
        "cpu": cpu_seconds() - cpu,
        "cpu_main": cpu_main() - main,
        "stages": result.seconds,
        "peak_mib": peak_mib(),
        "store_mib": store.stat().st_size / 2**20,
    }


if __name__ == "__main__":
    module, _, function = sys.argv[1].partition(":")
    print(json.dumps(getattr(importlib.import_module(module), function)(*sys.argv[2:])))
