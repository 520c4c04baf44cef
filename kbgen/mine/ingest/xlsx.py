"""Excel workbooks (.xlsx, .xlsm), as HubSpot, Zoho Desk, Salesforce reports, Freshdesk and
Zendesk Explore export them.

The tickets are read from the first sheet with a recognisable header row (a report's title
lines above it are skipped), row by row in openpyxl's read-only mode, so a large workbook is
never held whole. A ticket's line number (in rejected.csv and errors) is its row number in
the sheet. Dates may be date cells, text, or bare Excel serial numbers (days since 1900).
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.utils.datetime import from_excel
from openpyxl.utils.exceptions import InvalidFileException

from kbgen.mine.ingest.fields import (
    DATE_SAMPLE,
    FIELDS,
    GENERIC,
    Conversation,
    looks_like_header,
    make_raw,
    name_columns,
    norm,
    resolve_columns,
    slash_order,
)
from kbgen.mine.model import RawTicket, Rejected

HEADER_ROWS = 30  # how far down a sheet its header row is looked for
_LAST_SERIAL = 2958465  # 9999-12-31: larger numbers are Unix timestamps, not Excel dates

Cell = object


def _open(path: Path) -> openpyxl.Workbook:
    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise ValueError(
            f"{path} is an Excel workbook kbgen cannot open ({exc}); open it in Excel and save "
            "it again as .xlsx, or save it as CSV UTF-8"
        ) from None


def _header_text(value: Cell) -> str:
    return "" if value is None else str(value).strip()


def _find_header(
    book: openpyxl.Workbook,
    candidates: Mapping[str, tuple[str, ...]],
    mapping: Mapping[str, str],
) -> tuple[Any, int, list[str]] | None:
    """(sheet, row number, header names) of the first sheet with a recognisable header."""
    for sheet in book.worksheets:
        sheet.reset_dimensions()  # exporters often write a wrong size: read to the end
        rows = sheet.iter_rows(max_row=HEADER_ROWS, values_only=True)
        for n, row in enumerate(rows, 1):
            names = [_header_text(v) for v in row]
            if looks_like_header(names, candidates, mapping):
                return sheet, n, names
    return None


def _first_row(book: openpyxl.Workbook) -> list[str]:
    for sheet in book.worksheets:
        for row in sheet.iter_rows(max_row=HEADER_ROWS, values_only=True):
            names = [_header_text(v) for v in row]
            if any(names):
                return names
    return []


def header_names(path: Path) -> set[str]:
    """The normalised names of a workbook's header row (empty when none is recognisable)."""
    book = _open(path)
    try:
        found = _find_header(book, GENERIC, {})
    finally:
        book.close()
    return {norm(n) for n in found[2] if n} if found else set()


def date_cell(value: Cell, epoch: datetime) -> Cell:
    """A date cell as a datetime: a bare number in Excel's range is a serial date (a column
    not formatted as a date shows 46362.5 for 2026-12-06 12:00); anything else as it is."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 0 < value <= _LAST_SERIAL:
            return from_excel(value, epoch)
    return value


def _id_cell(value: Cell) -> Cell:
    if isinstance(value, float) and value.is_integer():
        return int(value)  # 1234.0 -> "1234", as the help desk shows it
    return value


def read_xlsx(
    path: Path,
    source: str,
    candidates: Mapping[str, tuple[str, ...]],
    mapping: Mapping[str, str] | None = None,
) -> Iterator[RawTicket | Rejected]:
    """Stream a workbook's tickets; raises ValueError when no sheet has a header row with a
    message column (naming the columns of the first row, as for a CSV)."""
    book = _open(path)
    try:
        found = _find_header(book, candidates, mapping or {})
        if found is None:
            resolve_columns(_first_row(book), candidates, mapping, str(path))  # raises
            raise ValueError(f"{path}: found no header row in its first {HEADER_ROWS} rows")
        sheet, header_row, header = found
        first_sheet = sheet is book.worksheets[0]
        where = str(path) if first_sheet else f"{path} (sheet {sheet.title})"
        cols = resolve_columns(header, candidates, mapping, where)
        i_id, i_created, i_req, i_subj, i_body = (
            header.index(cols[f]) if f in cols else -1 for f in FIELDS
        )
        i_names = [header.index(c) for c in name_columns(header, cols)]
        talk = Conversation.of(header, cols)  # answers count to the team's rows read before
        i_author = header.index(talk.author.name) if talk.author is not None else -1
        i_reply = header.index(talk.reply) if talk.reply is not None else -1
        epoch = book.epoch
        sample = sheet.iter_rows(
            min_row=header_row + 1, max_row=header_row + DATE_SAMPLE, values_only=True
        )
        month_first = i_created >= 0 and slash_order(
            row[i_created] for row in sample if len(row) > i_created
        )
        rows = sheet.iter_rows(min_row=header_row + 1, values_only=True)
        for line, row in enumerate(rows, header_row + 1):
            if not any(v is not None and str(v).strip() for v in row):
                continue  # an empty row is not a ticket

            def cell(i: int, row: Sequence[Cell] = row) -> Cell:
                return row[i] if 0 <= i < len(row) else None

            if talk.author is not None:
                left_out = talk.left_out(
                    where, line, _id_cell(cell(i_id)), cell(i_author), cell(i_reply)
                )
                if left_out is not None:
                    yield left_out
                    continue
            yield make_raw(
                source,
                line,
                _id_cell(cell(i_id)),
                date_cell(cell(i_created), epoch),
                cell(i_req),
                cell(i_subj),
                cell(i_body),
                where,
                name=" ".join(_header_text(cell(i)) for i in i_names) if i_names else None,
                month_first=month_first,
            )
    finally:
        book.close()
