"""Spreadsheets as help desks and Excel hand them over: .xlsx workbooks (a report's title above
the header, date cells, Excel serial dates, several sheets), and CSV saved by Excel as
"Unicode Text" (UTF-16, tab-separated) or with a `sep=;` first line."""

from __future__ import annotations

import codecs
import csv
import json
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import openpyxl
import pytest

from kbgen.mine.ingest import detect_format, read_export
from kbgen.mine.model import RawTicket, Rejected
from tests.support.cli import kbgen

HEADER = ["Ticket ID", "Subject", "Description", "Status", "Contact Name", "Email", "Created"]
WHEN = datetime(2026, 12, 6, 14, 3, tzinfo=UTC)


def _rows() -> list[list[object]]:
    """Two good rows (a date cell, a bare Excel serial date), one with a date that is no date."""
    return [
        [101.0, "Refund", "I was charged twice", "Open", "Ottilie Fairweather",
         "ottilie@example.org", WHEN.replace(tzinfo=None)],
        [102, "Login", "My password is not accepted", "Closed", "Casimir Lindqvist",
         "casimir@example.net", 46362.5],  # 2026-12-06 12:00 in Excel's 1900 date system
        [103, "Voucher", "Can I buy a voucher?", "Open", "Perpetua Haverkamp",
         "perpetua@example.com", "next Tuesday"],
    ]  # fmt: skip


def _workbook(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def test_a_report_with_a_title_is_read_by_row_number(tmp_path: Path) -> None:
    """The header below a title and a blank line; blank rows skipped; rows numbered as Excel
    numbers them; date cells and serial numbers read as dates; 101.0 is ticket 101."""
    rows = [["Tickets, last 30 days"], [], HEADER, *_rows()[:2], [], _rows()[2]]
    path = _workbook(tmp_path / "tickets report.xlsx", {"Report": rows})
    assert detect_format(path) == "xlsx"
    out = list(read_export(path))
    tickets = [r for r in out if isinstance(r, RawTicket)]
    rejected = [r for r in out if isinstance(r, Rejected)]
    assert [(t.ticket_id, t.line) for t in tickets] == [("101", 4), ("102", 5)]
    assert [t.created for t in tickets] == [WHEN, datetime(2026, 12, 6, 12, 0, tzinfo=UTC)]
    assert [t.requester for t in tickets] == ["ottilie@example.org", "casimir@example.net"]
    assert [t.requester_name for t in tickets] == ["Ottilie Fairweather", "Casimir Lindqvist"]
    assert [t.body for t in tickets] == ["I was charged twice", "My password is not accepted"]
    assert [(r.line, r.reason) for r in rejected] == [(7, "unreadable date 'next Tuesday'")]


def test_the_first_sheet_with_a_header_is_read(tmp_path: Path) -> None:
    """A summary sheet first (as report exports have), the tickets on the second."""
    summary = [["Open", 2], ["Closed", 1]]
    path = _workbook(tmp_path / "export.xlsx", {"Summary": summary, "Tickets": [HEADER, *_rows()]})
    out = list(read_export(path))
    assert [r.ticket_id for r in out if isinstance(r, RawTicket)] == ["101", "102"]
    (bad,) = [r for r in out if isinstance(r, Rejected)]
    assert bad.source == f"{path} (sheet Tickets)" and bad.line == 4


def test_a_workbook_without_a_message_column_says_what_it_found(tmp_path: Path) -> None:
    path = _workbook(
        tmp_path / "numbers.xlsx", {"Sheet1": [["Week", "Opened", "Solved"], [1, 2, 3]]}
    )
    with pytest.raises(ValueError, match=r"found no message column.*Week, Opened, Solved.*--map"):
        list(read_export(path))
    # --map names the column: the header is found by it
    mapped = list(read_export(path, mapping={"body": "Solved"}))
    assert [r.body for r in mapped if isinstance(r, RawTicket)] == ["3"]


def test_a_workbook_in_a_zip_and_a_damaged_one(tmp_path: Path) -> None:
    book = _workbook(tmp_path / "tickets.xlsx", {"Tickets": [HEADER, *_rows()[:2]]})
    packed = tmp_path / "tickets.zip"
    with zipfile.ZipFile(packed, "w") as archive:
        archive.write(book, "tickets.xlsx")
    assert [r.ticket_id for r in read_export(packed) if isinstance(r, RawTicket)] == ["101", "102"]
    damaged = tmp_path / "damaged.xlsx"
    with zipfile.ZipFile(damaged, "w") as archive:
        archive.writestr("xl/workbook.xml", "<not a workbook")
    with pytest.raises(ValueError, match="Excel workbook kbgen cannot open.*save it again"):
        list(read_export(damaged))


def _text_rows(delimiter: str) -> str:
    lines = [HEADER, *_rows()]
    lines[1][-1], lines[2][-1] = "2026-12-06 14:03", "06/12/2026 12:00"
    return "".join(delimiter.join(str(c) for c in row) + "\r\n" for row in lines)


@pytest.mark.parametrize("bom", [True, False])
def test_excel_unicode_text_is_read(tmp_path: Path, bom: bool) -> None:
    """Excel's "Unicode Text": UTF-16 little-endian (with its byte-order mark), tab-separated."""
    path = tmp_path / "tickets.txt"
    data = _text_rows("\t").replace("Fairweather", "Fairwéather").encode("utf-16-le")
    path.write_bytes((codecs.BOM_UTF16_LE if bom else b"") + data)
    assert detect_format(path) == "csv"
    out = list(read_export(path))
    tickets = [r for r in out if isinstance(r, RawTicket)]
    assert [t.ticket_id for t in tickets] == ["101.0", "102"]
    assert tickets[0].requester_name == "Ottilie Fairwéather"
    assert [r.line for r in out if isinstance(r, Rejected)] == [4]


def test_a_sep_line_names_the_delimiter_and_counts_as_a_line(tmp_path: Path) -> None:
    path = tmp_path / "tickets.csv"
    path.write_text("sep=;\r\n" + _text_rows(";").replace("Refund", "Refund, please"), "utf-8")
    out = list(read_export(path))
    tickets = [r for r in out if isinstance(r, RawTicket)]
    assert [(t.ticket_id, t.line, t.subject) for t in tickets] == [
        ("101.0", 3, "Refund, please"),
        ("102", 4, "Login"),
    ]
    assert [r.line for r in out if isinstance(r, Rejected)] == [5]


def test_mine_reads_a_workbook_as_a_newcomer_hands_it_over(tmp_path: Path) -> None:
    """`kbgen mine export.xlsx` with the defaults: tickets read, the bad row in rejected.csv
    by its row number."""
    path = _workbook(tmp_path / "export.xlsx", {"Tickets": [HEADER, *_rows()]})
    out = tmp_path / "out"
    args = [path, "--out", out, "--store", tmp_path / "t.duckdb", "--features", "words"]
    kbgen("mine", *args, cwd=tmp_path, check=True)
    summary = json.loads((out / "clusters.json").read_text("utf-8"))["summary"]
    assert summary["read"] == 2
    with (out / "rejected.csv").open(encoding="utf-8") as fh:
        (bad,) = list(csv.DictReader(fh))
    assert bad["line"] == "4" and bad["source"].endswith("export.xlsx"), bad


def test_a_csv_report_with_a_title_above_its_header(tmp_path: Path) -> None:
    """A CSV report's title and a blank line above the header: skipped, lines still counted
    as the file has them; a file with no header anywhere still names its first line's
    columns."""
    path = tmp_path / "report.csv"
    path.write_text("Tickets report\n\n" + _text_rows(";"), "utf-8")
    assert detect_format(path) == "csv"
    out = list(read_export(path))
    assert [(r.ticket_id, r.line) for r in out if isinstance(r, RawTicket)] == [
        ("101.0", 4),
        ("102", 5),
    ]
    assert [r.line for r in out if isinstance(r, Rejected)] == [6]
    plain = tmp_path / "plain.csv"
    plain.write_text("week,opened,solved\n1,2,3\n", "utf-8")
    with pytest.raises(ValueError, match="found no message column.*week, opened, solved"):
        list(read_export(plain))
