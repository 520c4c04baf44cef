"""`kbgen check` finds each kind of problem planted in a copy of the example knowledge base,
at the exact file and line, run as a user runs it (`python -m kbgen check`)."""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support.cli import kbgen
from tests.support.paths import REPO

WHY = "\n## Why this happens\n"
DIDNT = "\n## If that didn't work\n"


def copy_example(target: Path) -> Path:
    shutil.copy(REPO / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copytree(
        REPO / "content",
        target / "content",
        ignore=shutil.ignore_patterns("_drafts", "_most-asked.yml"),
    )
    return target


def edit(project: Path, rel: str, old: str, new: str) -> None:
    """Replace `old` (a regular expression when it starts with ^) once."""
    path = project / "content" / rel
    text = path.read_text("utf-8")
    if old.startswith("^"):
        text, count = re.subn(old, new, text, count=1, flags=re.M)
        assert count == 1, f"{old!r} is not in {rel}"
    else:
        assert old in text, f"{old!r} is not in {rel}"
        text = text.replace(old, new, 1)
    path.write_text(text, "utf-8")


def line_of(project: Path, rel: str, needle: str) -> int:
    lines = (project / "content" / rel).read_text("utf-8").splitlines()
    found = [i for i, line in enumerate(lines, 1) if needle in line]
    assert len(found) == 1, f"{needle!r} found {len(found)} times in {rel}"
    return found[0]


def set_check_options(project: Path, *lines: str) -> None:
    """Add `check:` options to the kbgen plugin in the project's mkdocs.yml."""
    config = project / "mkdocs.yml"
    text = config.read_text("utf-8")
    options = "".join(f"        {line}\n" for line in lines)
    anchor = "  - kbgen:\n"
    assert anchor in text
    config.write_text(text.replace(anchor, f"{anchor}      check:\n{options}", 1), "utf-8")


@dataclass(frozen=True)
class Plant:
    rule: str
    file: str  # relative to content/
    needle: str  # a text on the line the finding must name
    old: str
    new: str


# A new article with the wrong shape: one symptom, the explanation before the quick fix
# (there is none), and steps as bullet points.
MISSHAPEN = """---
title: My gift voucher code is refused
summary: Type the voucher code in capitals without spaces, or ask us for a new one.
symptoms:
  - voucher code refused
reviewed: 2026-11-01
---
## Why this happens

Each voucher code works once. We make the code when the voucher is bought, so it does
not change later. We keep a copy of each code for our records.

## Step by step

- Write to us with the code from your voucher.
- We send you a new code within one working day.
"""

# A new article written in dense legal words.
HARD = """---
title: Licence terms for design agencies
summary: Agencies may use our fonts in work for their clients.
symptoms:
  - licence for agency work
  - can my agency use the fonts
reviewed: 2026-11-01
---
## Quick fix

Yes, agencies may use the fonts in client work.

## Why this happens

Commercial utilisation necessitates organisational authorisation. Subsequent redistribution \
additionally requires documented permission.
"""

PLANTS = [
    # The build's own validation: a related article that does not exist.
    Plant(
        "content",
        "logging-in/reset-password.md",
        "related:",
        "related: [password-not-working",
        "related: [pasword-not-working",
    ),
    Plant(
        "content",
        "orders-and-billing/charged-twice.md",
        "reviewed: 2026-13-01",
        "^reviewed: .*$",
        "reviewed: 2026-13-01",
    ),
    Plant(
        "broken-link",
        "downloads/download-corrupt.md",
        "missing-guide.md",
        DIDNT,
        "\nRead [the repair guide](missing-guide.md) to learn more.\n" + DIDNT,
    ),
    Plant(
        "broken-anchor",
        "downloads/install-font.md",
        "#step-by-steps",
        DIDNT,
        "\nThe steps for a ZIP file are in [how to unzip](open-zip-file.md#step-by-steps)."
        "\n" + DIDNT,
    ),
    Plant(
        "missing-image",
        "downloads/find-downloaded-file.md",
        "img/menu.png",
        DIDNT,
        "\n![A picture of the menu](img/menu.png)\n" + DIDNT,
    ),
    Plant(
        "summary",
        "orders-and-billing/refund-request.md",
        "summary:",
        "summary: ",
        "summary: We know that waiting is no fun, so here is what to do, what to "
        "send us, how long each part takes, and what happens to your money after that. ",
    ),
    Plant("reading-grade", "getting-help/agency-licence.md", "Commercial", "", HARD),
    Plant(
        "long-sentence",
        "orders-and-billing/charged-twice.md",
        "Banks sometimes",
        DIDNT,
        "\nBanks sometimes show one payment twice for a short while because the first "
        "line is only a hold and the second line is the real payment that stays on your "
        "bank statement.\n" + DIDNT,
    ),
    Plant(
        "wall-of-text",
        "downloads/download-on-phone.md",
        "Phones keep files",
        DIDNT,
        "\nPhones keep files in a few places. "
        + "You can look in the Files app. " * 16
        + "\n"
        + DIDNT,
    ),
    Plant(
        "tone",
        "logging-in/no-login-email.md",
        "Simply wait",
        DIDNT,
        "\nSimply wait a few minutes and look again.\n" + DIDNT,
    ),
    Plant(
        "shouting",
        "getting-help/is-this-a-scam.md",
        "NEVER",
        DIDNT,
        "\nWe NEVER ask for your password.\n" + DIDNT,
    ),
    Plant(
        "jargon",
        "downloads/download-link-expired.md",
        "firewall",
        DIDNT,
        "\nAt work, a firewall may stop the download.\n" + DIDNT,
    ),
    Plant(
        "stale", "downloads/install-font.md", "reviewed:", "^reviewed: .*$", "reviewed: 2024-01-15"
    ),
    Plant("symptoms", "orders-and-billing/voucher-refused.md", "symptoms:", "", MISSHAPEN),
    Plant("quick-fix", "orders-and-billing/voucher-refused.md", "## Why this happens", "", ""),
    Plant("numbered-steps", "orders-and-billing/voucher-refused.md", "- Write to us", "", ""),
]


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict]]:
    project = copy_example(tmp_path_factory.mktemp("planted"))
    # New articles shift every word's weight in search, and some search tests with them;
    # the search tests have their own test below.
    set_check_options(project, "search-tests: false")
    for plant in PLANTS:
        path = project / "content" / plant.file
        if plant.old == "" and plant.new:
            path.write_text(plant.new, "utf-8")
        elif plant.old:
            edit(project, plant.file, plant.old, plant.new)
    result = kbgen("check", "--format", "json", cwd=project)
    assert result.returncode == 1, result.stderr
    return project, json.loads(result.stdout)


@pytest.mark.parametrize("plant", PLANTS, ids=[f"{p.rule}" for p in PLANTS])
def test_planted_problem_is_found_at_its_line(planted: tuple[Path, list[dict]], plant: Plant):
    project, findings = planted
    line = line_of(project, plant.file, plant.needle)
    where = f"content/{plant.file}"
    hits = [f for f in findings if f["path"] == where and f["line"] == line]
    assert plant.rule in [f["rule"] for f in hits], (
        f"no {plant.rule} at {where}:{line}; found:\n"
        + "\n".join(f"{f['path']}:{f['line']}: {f['rule']}: {f['message']}" for f in findings)
    )
    finding = next(f for f in hits if f["rule"] == plant.rule)
    assert finding["message"] and finding["hint"], finding
    assert finding["severity"] in ("error", "warning")


def test_nothing_but_the_planted_problems_is_found(planted: tuple[Path, list[dict]]) -> None:
    project, findings = planted
    expected = {(f"content/{p.file}", line_of(project, p.file, p.needle), p.rule) for p in PLANTS}
    found = {(f["path"], f["line"], f["rule"]) for f in findings}
    assert found == expected


def test_severities_follow_the_rules(planted: tuple[Path, list[dict]]) -> None:
    _, findings = planted
    severity = {f["rule"]: f["severity"] for f in findings}
    for rule in ("content", "broken-link", "broken-anchor", "missing-image"):
        assert severity[rule] == "error", rule
    for rule in ("tone", "jargon", "reading-grade", "stale", "quick-fix"):
        assert severity[rule] == "warning", rule


def test_the_example_passes_strict_with_no_findings() -> None:
    result = kbgen("check", "--strict", "--format", "json", cwd=REPO)
    assert result.returncode == 0, result.stdout + result.stderr
    assert json.loads(result.stdout) == []


def test_near_duplicates_are_found(tmp_path: Path) -> None:
    project = copy_example(tmp_path)
    (project / "content/getting-help/contact-us.md").write_text(
        "---\ntitle: How to contact us?\nsummary: Write to us.\nsymptoms:\n"
        "  - contact the shop\n  - where do i write\nreviewed: 2026-11-01\n---\n"
        "## Quick fix\n\nWrite to us.\n",
        "utf-8",
    )
    edit(
        project,
        "orders-and-billing/charged-twice.md",
        "symptoms:\n",
        "symptoms:\n  - lost my password\n",
    )
    result = kbgen("check", "--format", "json", cwd=project)
    found = {(f["path"], f["line"], f["rule"]) for f in json.loads(result.stdout)}
    assert ("content/getting-help/contact-us.md", 2, "near-duplicate") in found
    assert ("content/orders-and-billing/charged-twice.md", 5, "near-duplicate") in found


def test_failing_search_test_is_reported_as_a_github_annotation(tmp_path: Path) -> None:
    project = copy_example(tmp_path)
    edit(
        project,
        "_search-tests.yml",
        "cases:\n",
        "cases:\n  - {query: money back for my fonts, expect: download-corrupt, top: 1}\n",
    )
    result = kbgen("check", "--format", "github", cwd=project)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 1, result.stdout
    assert lines[0].startswith(
        "::error file=content/_search-tests.yml,line=6,title=search-tests::search 'money back"
    )
