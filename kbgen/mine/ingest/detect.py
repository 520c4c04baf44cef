"""Tell an export's format from its content; the file name's suffix only breaks ties."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

from kbgen.mine.ingest import packed
from kbgen.mine.ingest.fields import GENERIC, norm
from kbgen.mine.ingest.textfile import decode_head, encoding_of, header_position

_HEAD = 1 << 16
_MAIL_HEADER = re.compile(
    rb"^(?:Return-Path|Received|From|To|Subject|Date|Message-ID|MIME-Version|Delivered-To|"
    rb"Reply-To|Content-Type|X-[\w-]+):",
    re.IGNORECASE | re.MULTILINE,
)


def _head(path: Path) -> bytes:
    with path.open("rb") as fh:
        return fh.read(_HEAD)


def container(path: Path) -> str:
    """The file's container: "csv", "json", "ndjson", "xlsx", "mbox" or "eml" (a file or a
    folder)."""
    if path.is_dir():
        if next(path.glob("*.eml"), None) is None:
            raise ValueError(f"{path} is a folder without .eml files; give an export file")
        return "eml"
    if not path.exists():
        raise ValueError(f"{path} does not exist")
    head = _head(path)
    suffix = path.suffix.lower()
    if head.startswith(b"From ") or suffix == ".mbox":
        return "mbox"
    if packed.is_workbook(path):
        return "xlsx"
    text = decode_head(head).lstrip(" \t\r\n")
    if not text:
        raise ValueError(f"{path} is empty")
    if text[0] == "[":
        return "json"
    if text[0] == "{":
        if suffix in (".ndjson", ".jsonl"):
            return "ndjson"
        first, _, rest = text.partition("\n")
        try:
            json.loads(first)
        except (json.JSONDecodeError, RecursionError):
            return "json"  # a pretty-printed document (or one nested absurdly: read says so)
        return "ndjson" if rest.lstrip().startswith("{") else "json"
    if suffix == ".eml" or len(_MAIL_HEADER.findall(head.split(b"\n\n", 1)[0])) >= 3:
        return "eml"
    return "csv"


def _csv_header(path: Path) -> set[str]:
    """The names of a CSV's header line (below Excel's `sep=;` line or a report's title)."""
    text = io.StringIO(decode_head(_head(path)), newline="")
    delimiter, line = header_position(text, GENERIC)
    for _ in range(line - 1):
        text.readline()
    row = next(csv.reader([text.readline()], delimiter=delimiter), [])
    return {norm(c) for c in row}


def _json_vendor(text: str) -> str | None:
    if (
        '"conversation.list"' in text
        or '"conversations"' in text
        or ('"type": "conversation"' in text or '"type":"conversation"' in text)
    ):
        return "intercom"
    if '"fr_escalated"' in text or '"description_text"' in text or '"fr_due_by"' in text:
        return "freshdesk"
    if '"primaryCustomer"' in text or ('"_embedded"' in text and '"mailboxId"' in text):
        return "helpscout"
    if '"created_datetime"' in text and '"customer"' in text:
        return "gorgias"
    if '"requester_id"' in text and ('"via"' in text or '"submitter_id"' in text):
        return "zendesk"
    return None


def _csv_vendor(cols: set[str]) -> str | None:
    if "ticketid" in cols and ({"createdtime", "duebytime", "contactid", "resolvedtime"} & cols):
        return "freshdesk"
    if "createddatetime" in cols or ({"customeremail", "channel"} <= cols and "ticketid" in cols):
        return "gorgias"
    if {"conversationid", "conversationnumber"} & cols or {"customeremail", "mailbox"} <= cols:
        return "helpscout"
    if (
        "id" in cols
        and "createdat" in cols
        and ({"requester", "requesteremail", "requesterid"} & cols)
    ):
        return "zendesk"
    return None


def detect_format(path: Path) -> str:
    """One of FORMATS, from the file's content. Raises ValueError with a clear message.

    Compressed files (.gz, .bz2, .xz, a .zip of one export) are looked into: the format is
    that of the file inside."""
    path = Path(path)
    if packed.packing(path) is not None:
        with packed.unpacked(path, limit=16 * _HEAD) as plain:
            try:
                return _detect(plain)
            except ValueError as exc:
                raise packed.in_terms_of(exc, plain, path) from None
    return _detect(path)


def _detect(path: Path) -> str:
    kind = container(path)
    if kind in ("mbox", "eml"):
        return kind
    if kind == "csv":
        cols = _csv_header(path)
        head = _head(path)
        what = None if encoding_of(head).startswith("utf-16") else packed.unreadable(path, head)
        if what:
            raise ValueError(what)
        if len(cols) < 2:
            raise ValueError(
                f"cannot tell the format of {path}: it is not JSON, NDJSON, a mailbox or a CSV "
                "with a header row; name it with --format"
            )
        return _csv_vendor(cols) or "csv"
    if kind == "xlsx":
        from kbgen.mine.ingest import xlsx  # openpyxl is imported only for workbooks

        return _csv_vendor(xlsx.header_names(path)) or "xlsx"
    text = _head(path).decode("utf-8", "replace")
    if kind == "ndjson":
        text = text.split("\n", 1)[0]
    return _json_vendor(text) or kind
