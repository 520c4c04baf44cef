"""Readers shared by the vendor formats: CSV files, Excel workbooks, JSON documents and NDJSON
lines."""

from __future__ import annotations

import csv
import itertools
import json
import sys
from collections.abc import Callable, Iterator, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from kbgen.mine.ingest import json_positions
from kbgen.mine.ingest.csv_records import CsvRecords
from kbgen.mine.ingest.fields import (
    DATE_SAMPLE,
    FIELDS,
    GENERIC,
    Conversation,
    guess_columns,
    id_key,
    make_raw,
    name_columns,
    norm,
    resolve_columns,
    slash_order,
)
from kbgen.mine.ingest.textfile import encoding_of, header_position
from kbgen.mine.ingest.threads import join_conversations
from kbgen.mine.model import RawTicket, Rejected, Requester

Row = RawTicket | Rejected
# Turns one JSON object into the five field values (id, created, requester, subject, body).
Extractor = Callable[[dict[str, Any]], tuple[object, object, object, object, object]]

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))  # ticket bodies can be long


def open_text(path: Path):
    """Open an export as text: UTF-8 (with or without BOM), UTF-16 as Excel's "Unicode Text",
    else Windows-1252 as Excel writes."""
    with path.open("rb") as fh:
        head = fh.read(1 << 16)
    return path.open("r", encoding=encoding_of(head), errors="replace", newline="")


def _column_sample(path: Path, delimiter: str, header_line: int, index: int) -> list[str]:
    """A column's values in the first DATE_SAMPLE records under the header."""
    with open_text(path) as fh:
        for _ in range(header_line):
            fh.readline()
        rows = itertools.islice(csv.reader(fh, delimiter=delimiter), DATE_SAMPLE)
        try:
            return [row[index] for row in rows if len(row) > index]
        except csv.Error:
            return []


def read_csv(
    path: Path,
    source: str,
    candidates: Mapping[str, tuple[str, ...]],
    mapping: Mapping[str, str] | None = None,
) -> Iterator[Row]:
    """Stream a CSV export; each record's line number is the physical line where it starts."""
    where = str(path)
    with open_text(path) as fh:
        delimiter, header_line = header_position(fh, candidates, mapping)
        for _ in range(header_line - 1):
            fh.readline()  # Excel's "sep=;" line, a report's title above the header
        records = CsvRecords(fh, delimiter, header_line)  # every line read or rejected
        header = records.header()
        if header is None:
            return
        cols = resolve_columns(header, candidates, mapping, where)
        index = {f: header.index(c) for f, c in cols.items()}
        width = len(header)
        idx = [index.get(f, -1) for f in FIELDS]
        i_id, i_created, i_req, i_subj, i_body = idx
        # the requester's name (perhaps over several columns): redacted from the ticket
        i_names = [header.index(c) for c in name_columns(header, cols)]
        # The team's replies exported beside questions, and customers' answers to them.
        talk = Conversation.of(header, cols)
        i_author = header.index(talk.author.name) if talk.author is not None else -1
        i_reply = header.index(talk.reply) if talk.reply is not None else -1
        if talk.reply is not None and i_id >= 0:
            # A reply may come before the message it answers: the team's ids are read first.
            talk.team_ids = _team_ids(path, delimiter, header_line, i_id, i_author, talk)
        records.expect(width, (i_id, i_created))
        month_first = i_created >= 0 and slash_order(
            _column_sample(path, delimiter, header_line, i_created)
        )
        for line, row, problem in records:
            if row is None:
                yield Rejected(where, line, problem)
                continue
            if len(row) != width:
                if not row or (len(row) == 1 and not row[0].strip()):
                    continue  # a blank line is not a record
                yield Rejected(where, line, f"has {len(row)} columns, the header has {width}")
                continue
            if talk.author is not None:
                answers = row[i_reply] if i_reply >= 0 else None
                left_out = talk.left_out(where, line, row[i_id] if i_id >= 0 else "",
                                         row[i_author], answers)  # fmt: skip
                if left_out is not None:
                    yield left_out
                    continue
            yield make_raw(
                source,
                line,
                row[i_id] if i_id >= 0 else "",
                row[i_created] if i_created >= 0 else "",
                row[i_req] if i_req >= 0 else "",
                row[i_subj] if i_subj >= 0 else "",
                row[i_body] if i_body >= 0 else "",
                where,
                name=" ".join(row[i] for i in i_names) if i_names else None,
                month_first=month_first,
            )


def lookup(obj: Mapping[str, Any], path: str) -> Any:
    """Value at a dotted path ("source.author.email"), or None."""
    cur: Any = obj
    for part in path.split("."):
        if not isinstance(cur, Mapping):
            return None
        cur = cur.get(part)
    return cur


def guess_extractor(
    sample: Mapping[str, Any],
    candidates: Mapping[str, tuple[str, ...]],
    mapping: Mapping[str, str] | None,
    where: str,
) -> Extractor:
    """An extractor for generic JSON objects, choosing keys from the first object seen."""
    chosen = resolve_columns(list(sample.keys()), candidates, None, where) if not mapping else {}
    if mapping:
        # Mapped keys may be dotted paths into the object ("source.author.email"): taken as
        # given; the other fields are guessed from the object's own keys.
        chosen = {f: mapping[f] for f in FIELDS if mapping.get(f)}
        guess_columns(list(sample), candidates, chosen)
        if "subject" not in chosen and "body" not in chosen:
            raise ValueError(f"{where}: no message key found; map one with --map body=<key>")
    paths = [chosen.get(f) for f in FIELDS]
    name_keys = name_columns(list(sample.keys()), chosen)

    def extract(obj: dict[str, Any]) -> tuple[object, object, object, object, object]:
        out = [lookup(obj, p) if p else None for p in paths]
        req = out[2]
        if isinstance(req, Mapping):  # {"email": ..., "name": ...}
            out[2] = Requester.of(req.get("email") or req.get("id"), req.get("name"))
        elif name_keys:
            out[2] = Requester.of(req, *(lookup(obj, k) for k in name_keys))
        return out[0], out[1], out[2], out[3], out[4]

    return extract


def rows_from_objects(
    items: Iterator[tuple[int, str, Any]],
    source: str,
    where: str,
    extractor_for: Callable[[dict[str, Any]], Extractor],
) -> Iterator[Row]:
    """Objects (with their line number and a label for errors) to RawTicket/Rejected.

    `extractor_for` is called on the first object: it returns the format's extractor, or
    one guessed from that object's keys.
    """
    extract: Extractor | None = None
    talk: Conversation | None = None  # who wrote each object, and what it answers
    id_name: str | None = None  # the key of an object's own id, which answers name
    for line, label, obj in items:
        prefix = f"{label}: " if label else ""
        if isinstance(obj, Rejected):
            yield obj
            continue
        if not isinstance(obj, dict):
            yield Rejected(where, line, f"{prefix}not a JSON object")
            continue
        if extract is None:
            extract = extractor_for(obj)
            talk = Conversation.of(list(obj), {})
            id_name = _id_name(obj)
        if talk is not None and talk.author is not None:
            # Answers count only to the team's messages read before them (one pass).
            left_out = talk.left_out(
                where,
                line,
                obj.get(id_name) if id_name else None,
                obj.get(talk.author.name),
                obj.get(talk.reply) if talk.reply else None,
            )
            if left_out is not None:
                yield replace(left_out, reason=prefix + left_out.reason)
                continue
        try:
            fields = extract(obj)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            yield Rejected(where, line, f"{prefix}unreadable ticket ({exc})")
            continue
        ticket_id, created, requester, subject, body = fields
        row = make_raw(source, line, ticket_id, created, requester, subject, body, where=where)
        if prefix and isinstance(row, Rejected):
            row = Rejected(row.source, row.line, prefix + row.reason)
        yield row


def _id_name(obj: Mapping[str, Any]) -> str | None:
    """The key of an object's own id, for the answers to it: the first of the usual id keys
    the (first) object has, found once as the author key is."""
    by_norm = {norm(k): k for k in obj}
    return next((by_norm[c] for c in GENERIC["id"] if c in by_norm), None)


def _team_ids(
    path: Path, delimiter: str, header_line: int, i_id: int, i_author: int, talk: Conversation
) -> set[str]:
    """The ids of the team's rows in a CSV export (a quick pass with the plain csv reader: a
    broken quote ends it early, and answers after it are kept as questions)."""
    assert talk.author is not None
    found: set[str] = set()
    with open_text(path) as fh:
        for _ in range(header_line):
            fh.readline()
        try:
            for row in csv.reader(fh, delimiter=delimiter):
                if len(row) > max(i_id, i_author) and talk.author.team_wrote(row[i_author]):
                    found.add(id_key(row[i_id]))
        except csv.Error:
            pass
    found.discard("")  # a row with no id is answered by no one
    return found


def ndjson_objects(path: Path) -> Iterator[tuple[int, str, Any]]:
    """One JSON value per line; a bad line becomes a Rejected, the rest go on."""
    where = str(path)
    with open_text(path) as fh:
        for n, text in enumerate(fh, 1):
            if not text.strip():
                continue
            try:
                yield n, "", json.loads(text)
            except json.JSONDecodeError as exc:
                yield n, "", Rejected(where, n, f"not valid JSON ({exc.msg} at column {exc.colno})")
            except RecursionError:
                yield n, "", Rejected(where, n, f"this line {json_positions.TOO_DEEP}")


def json_document_lines(path: Path) -> tuple[Any, dict[int, list[int]]]:
    """Parse a whole JSON export, with the file line of each item of its outer lists.

    The whole document is parsed at once: the standard library has no streaming JSON
    parser. Help-desk API exports are paged, so single documents stay moderate; very
    large exports should come as NDJSON, which is read line by line.
    """
    with open_text(path) as fh:
        text = fh.read()
    try:
        return json_positions.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"{path}:{exc.lineno}: not valid JSON ({exc.msg})") from exc
    except ValueError as exc:
        raise ValueError(f"{path}: {exc}; check that it is the export file") from None


def json_items(
    path: Path, keys: tuple[str, ...], doc: Any = None, lines: dict[int, list[int]] | None = None
) -> Iterator[tuple[int, str, Any]]:
    """The items of a JSON export: a top-level array, or the array under one of `keys`
    (dotted paths allowed, e.g. "_embedded.conversations"), each with its file line.
    """
    if doc is None:
        doc, lines = json_document_lines(path)
    items = doc
    if isinstance(doc, dict):
        items = next((lookup(doc, k) for k in keys if isinstance(lookup(doc, k), list)), None)
        if items is None:
            if any(k in doc for k in ("id", "subject", "body", "description")):
                items = [doc]  # a single ticket object
            else:
                raise ValueError(
                    f"{path}: expected a list of tickets or an object with one of "
                    f"{', '.join(keys)}; found keys {', '.join(list(doc)[:10])}"
                )
    if not isinstance(items, list):
        raise ValueError(f"{path}: expected a list of tickets")
    starts = (lines or {}).get(id(items)) or []
    for i, obj in enumerate(items, 1):
        yield (starts[i - 1] if len(starts) >= i else i), f"item {i}", obj


def read_tabular(
    path: Path,
    source: str,
    candidates: Mapping[str, tuple[str, ...]],
    mapping: Mapping[str, str] | None,
    json_keys: tuple[str, ...],
    extractor: Callable[[Any], Extractor] | None = None,
) -> Iterator[Row]:
    """Read a CSV, Excel, JSON or NDJSON export of one vendor.

    `extractor(doc)` builds the vendor's field extractor (given the whole JSON document, so
    sideloaded users can be looked up; None for NDJSON). Without one, or when the user maps
    columns, keys are guessed from the first object.
    """
    return join_conversations(_read_rows(path, source, candidates, mapping, json_keys, extractor))


def _read_rows(
    path: Path,
    source: str,
    candidates: Mapping[str, tuple[str, ...]],
    mapping: Mapping[str, str] | None,
    json_keys: tuple[str, ...],
    extractor: Callable[[Any], Extractor] | None,
) -> Iterator[Row]:
    from kbgen.mine.ingest.detect import container  # here to avoid an import cycle

    where = str(path)
    kind = container(path)
    if kind == "csv":
        yield from read_csv(path, source, candidates, mapping)
        return
    if kind == "xlsx":
        from kbgen.mine.ingest.xlsx import read_xlsx  # openpyxl is imported only for workbooks

        yield from read_xlsx(path, source, candidates, mapping)
        return
    if kind not in ("json", "ndjson"):
        raise ValueError(f"{path} is a {kind} file, not a CSV, JSON or Excel export")

    def guess(obj: dict[str, Any]) -> Extractor:
        return guess_extractor(obj, candidates, mapping, where)

    doc, lines = json_document_lines(path) if kind == "json" else (None, None)
    items = json_items(path, json_keys, doc, lines) if kind == "json" else ndjson_objects(path)
    if extractor is not None and not mapping:
        known = extractor(doc)
        yield from rows_from_objects(items, source, where, lambda obj: known)
    else:
        yield from rows_from_objects(items, source, where, guess)
