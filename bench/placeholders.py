"""Benchmark: what the placeholder scan (unwritten text, kbgen.site.placeholders) adds to a build.

    python bench/placeholders.py [--sizes 1000 10000]

Generates N articles (as bench/build.py does), loads them as the build does (the baseline,
in the same process), then runs the scan over them: once on the clean articles, once with one
article in ten left as `kbgen new` wrote it. Prints seconds, the ratio to loading, findings
and peak memory. Target: the scan costs under a quarter of loading the articles.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from build import generate  # noqa: E402

from kbgen.content.loader import collect_kb  # noqa: E402
from kbgen.site.placeholders import find_placeholders, template_phrases  # noqa: E402
from kbgen.site.scaffold import new_article  # noqa: E402


def _timed(function, *args):  # noqa: ANN001, ANN002, ANN202
    started = time.perf_counter()
    result = function(*args)
    return result, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    args = parser.parse_args()
    template_phrases()  # read the templates once, as a build does before its first article
    shm = Path("/dev/shm")
    for size in args.sizes:
        with tempfile.TemporaryDirectory(dir=shm if shm.is_dir() else None) as folder:
            content = Path(folder) / "content"
            generate(content, size, 20)
            for label in ("clean", "1 in 10 untouched"):
                if label != "clean":
                    for i in range(size // 10):
                        new_article(content, f"Unwritten question {i}", "unwritten")
                (kb, _), load = _timed(collect_kb, content)
                found, scan = _timed(find_placeholders, kb)
                peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
                print(
                    f"{len(kb.entries):>6} articles, {label:<18} load {load:6.2f} s   "
                    f"scan {scan:5.2f} s   scan/load {scan / load:5.2f}x   "
                    f"findings {len(found):>6}   peak {peak:6.0f} MB"
                )


if __name__ == "__main__":
    main()
