"""Every YAML mistake in every file at once, each at its own line: the owner fixes them all in
one pass instead of one per build."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from kbgen.content import safe_yaml
from tests.support.cli import kbgen

FRONT = """---
title: Error: file not found
summary: Check the file name.
symptoms:
  - it says file not found
  - error: code: 404
  - nothing happens
tags: [download, file
related: []
summary: Again.
---
## Quick fix

Look again.
"""
GLOSSARY = """terms:
  - term: browser
    explanation: The app: you use to see websites.
  - term: ZIP file
    explanation: One file that holds others.
  - term: unzip
    explanation: "To unpack a ZIP file.
  - term: folder
    explanation: A place for files.
"""


def test_every_error_in_a_file_with_its_line() -> None:
    _, _, problems = safe_yaml.load(FRONT.split("---\n")[1], offset=1)
    assert [(line, message.split(":")[0]) for line, message, _ in problems] == [
        (2, "YAML syntax error"),
        (6, "YAML syntax error"),
        (8, "YAML syntax error"),
        (10, "duplicate key 'summary' (first on line 3)"),
    ]
    assert "put text that contains" in problems[0][2]


def test_a_valid_file_and_a_single_error_read_as_before() -> None:
    data, _, problems = safe_yaml.load("title: Fine\nsymptoms: [a, b]\n")
    assert data == {"title": "Fine", "symptoms": ["a", "b"]} and problems == []
    _, _, problems = safe_yaml.load("a: 1\nb: [\n")
    assert len(problems) == 1


def test_all_files_all_errors_at_once(kb_copy: Path) -> None:
    content = kb_copy / "content"
    (content / "downloads" / "broken.md").write_text(FRONT, "utf-8")
    (content / "logging-in" / "also-broken.md").write_text(
        "---\ntitle: Twice\ntitle: Twice\nsummary: [open\n---\nText.\n", "utf-8"
    )
    (content / "_glossary.yml").write_text(GLOSSARY, "utf-8")
    result = kbgen("build", cwd=kb_copy)
    assert result.returncode == 1
    out = result.stderr
    for where in (
        "broken.md:2: YAML syntax error",
        "broken.md:6: YAML syntax error",
        "broken.md:8: YAML syntax error",
        "broken.md:10: duplicate key 'summary'",
        "also-broken.md:3: duplicate key 'title'",
        "also-broken.md:4: YAML syntax error",
        "_glossary.yml:3: YAML syntax error",
        "_glossary.yml:7: YAML syntax error",
    ):
        assert where in out, f"{where} missing from:\n{out}"


@given(
    st.lists(
        st.tuples(st.booleans(), st.integers(min_value=0, max_value=3), st.booleans()),
        min_size=1,
        max_size=12,
    )
)
def test_each_broken_line_is_reported_and_no_other(
    entries: list[tuple[bool, int, bool]],
) -> None:
    """Keys with plain values or lists; some lines broken by an unquoted ': '. Every broken
    line is reported at its own line, and no line that is fine."""
    lines: list[str] = []
    broken: set[int] = set()
    for i, (is_list, items, bad) in enumerate(entries):
        if is_list and items:
            lines.append(f"key{i}:")
            for j in range(items):
                wrong = bad and j == items - 1
                lines.append(f"  - item {j}: oops: here" if wrong else f"  - item {j}")
                if wrong:
                    broken.add(len(lines))
        else:
            lines.append(f"key{i}: a: b" if bad else f"key{i}: fine value")
            if bad:
                broken.add(len(lines))
    _, _, problems = safe_yaml.load("\n".join(lines) + "\n")
    assert {line for line, _, _ in problems} == broken
