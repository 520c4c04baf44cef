"""`kbgen mine` on the command line: clear errors, options, and the closing summary."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kbgen.cli import main
from tests.support.paths import EXPORTS, REPO


def mine(*args: str, cwd: Path):
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(cwd)
        result = CliRunner().invoke(main, ["mine", *args], catch_exceptions=True)
    files = {p.name for p in cwd.rglob("*") if p.is_file()}
    return result, files


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.csv"], "does not exist"),
        ([str(EXPORTS / "generic.csv"), "--format", "excel"], "'excel' is not one of"),
        ([str(EXPORTS / "generic.csv"), "--map", "body"], "is not field=column"),
        ([str(EXPORTS / "generic.csv"), "--map", "colour=Notes"], "unknown field 'colour'"),
        ([str(EXPORTS / "generic.csv"), "--since", "last week"], "is not a date"),
        ([], "Missing argument"),
    ],
)
def test_mistakes_get_a_message_and_a_non_zero_exit(
    tmp_path: Path, args: list[str], message: str
) -> None:
    result, files = mine(*args, cwd=tmp_path)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output
    assert not any(name.endswith(".duckdb") for name in files)  # nothing started


def test_unreadable_export_is_explained_without_a_traceback(tmp_path: Path) -> None:
    garbage = tmp_path / "export.bin"
    garbage.write_bytes(bytes(range(256)) * 8)
    result, _ = mine(str(garbage), cwd=tmp_path)
    assert result.exit_code == 1
    assert "Error:" in result.output and "Traceback" not in result.output
    assert "export.bin" in result.output
    assert not isinstance(result.exception, AssertionError | TypeError | KeyError)
    assert not (tmp_path / ".kbgen").exists()  # checked before anything was written


def test_help_names_every_option() -> None:
    result = CliRunner().invoke(main, ["mine", "--help"])
    assert result.exit_code == 0
    for option in ("--kb", "--out", "--store", "--since", "--format", "--map", "--drafts",
                   "--publish", "--features"):  # fmt: skip
        assert option in result.output


def test_mapping_store_and_since_options(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content,
                    ignore=shutil.ignore_patterns("_*"))  # fmt: skip
    store = tmp_path / "elsewhere" / "t.duckdb"
    out = tmp_path / "out"
    args = [
        str(EXPORTS / "custom-columns.csv"), "--kb", str(content), "--out", str(out),
        "--store", str(store), "--map", "id=Case", "--map", "created=Opened",
        "--map", "requester=Who", "--map", "subject=Topic", "--map", "body=Notes",
    ]  # fmt: skip
    result = CliRunner().invoke(main, ["mine", *args, "--since", "2026-01-10"])
    assert result.exit_code == 0, result.output
    assert store.is_file() and not (tmp_path / ".kbgen").exists()
    summary = json.loads((out / "clusters.json").read_text())["summary"]
    assert summary["since"] == "2026-01-10"
    rows = list(csv.DictReader((out / "assignments.csv").open()))
    # Every ticket read is listed once; those before --since are in no group.
    assert len(rows) == len({r["ticket_id"] for r in rows}) == summary["read"]
    assert summary["tickets"] < summary["read"]
    assert sum(1 for r in rows if r["cluster_id"] == "-1") >= summary["read"] - summary["tickets"]
    for label in ("Tickets read", "New / already stored", "Rejected rows", "Recurring questions",
                  "Coverage", "Report"):  # fmt: skip
        assert label in result.output
