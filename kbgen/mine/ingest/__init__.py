"""Read help-desk exports into RawTicket rows (or Rejected rows, with their line numbers).

    for row in read_export(Path("tickets.json")):
        if isinstance(row, Rejected): ...   # report it
        else: ...                           # a RawTicket: clean and redact with to_ticket

Formats are told from the file's content (`detect_format`); `fmt` overrides, and `mapping`
names the columns (or dotted JSON keys) holding id, created, requester, subject and body.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import replace
from pathlib import Path

from kbgen.mine.ingest import (
    freshdesk,
    generic,
    gorgias,
    helpscout,
    intercom,
    mail,
    packed,
    zendesk,
)
from kbgen.mine.ingest.detect import detect_format
from kbgen.mine.ingest.fields import FIELDS
from kbgen.mine.model import RawTicket, Rejected

__all__ = ["FIELDS", "FORMATS", "detect_format", "read_export", "source_name"]

_Reader = Callable[[Path, Mapping[str, str] | None, str], Iterator[RawTicket | Rejected]]
_READERS: dict[str, _Reader] = {
    "zendesk": zendesk.read,
    "freshdesk": freshdesk.read,
    "helpscout": helpscout.read,
    "intercom": intercom.read,
    "gorgias": gorgias.read,
    "mbox": mail.read,
    "eml": mail.read,
    "csv": generic.read,
    "xlsx": generic.read,
    "json": generic.read,
    "ndjson": generic.read,
}
FORMATS: tuple[str, ...] = tuple(_READERS)


def source_name(fmt: str) -> str:
    """The store's `source` for a format.

    Ticket ids are unique within a help desk, not within one export file, so the source is the
    help desk, not the file name: monthly exports that overlap never double-count. A mailbox's
    Message-IDs are global, so .mbox and .eml share the source "mail".
    """
    return "mail" if fmt in ("mbox", "eml") else fmt


def read_export(
    path: Path,
    fmt: str | None = None,
    mapping: Mapping[str, str] | None = None,
    source: str | None = None,
) -> Iterator[RawTicket | Rejected]:
    """Stream an export's tickets. Raises ValueError (clear message) for an unreadable file.

    `source` overrides the store key's source (default: `source_name(fmt)`), for two
    different systems exported in the same generic format.
    """
    path = Path(path)
    if packed.packing(path) is not None:
        detect_format(path)  # a file that cannot be read says so now, not half-way
        return _read_packed(path, fmt, mapping, source)
    fmt = fmt or detect_format(path)
    if fmt not in _READERS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return _READERS[fmt](path, mapping, source or source_name(fmt))


def _read_packed(
    path: Path, fmt: str | None, mapping: Mapping[str, str] | None, source: str | None
) -> Iterator[RawTicket | Rejected]:
    """A compressed export, read from a temporary decompressed copy; rejected rows and errors
    name the file the owner gave."""
    with packed.unpacked(path) as plain:
        inner, outer = str(plain), str(path)
        try:
            for row in read_export(plain, fmt, mapping, source):
                if isinstance(row, Rejected):
                    row = replace(row, source=row.source.replace(inner, outer))
                yield row
        except ValueError as exc:
            raise packed.in_terms_of(exc, plain, path) from None
