"""How a text export is written: its encoding and, for a CSV, its delimiter and header line.

Excel writes CSV three ways besides UTF-8: "CSV" in the Windows code page (cp1252), "Unicode
Text" (UTF-16 with a byte-order mark, tab-separated) and, on European systems, CSV with a
first line `sep=;` telling Excel the delimiter. All three are read as they come.
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Mapping
from typing import TextIO

from kbgen.mine.ingest.fields import looks_like_header

DELIMITERS = (",", ";", "\t", "|")
HEADER_LINES = 30  # how far down a CSV its header line is looked for


def encoding_of(head: bytes) -> str:
    """The encoding of a text file from its first bytes: UTF-16 (by its byte-order mark, or
    by the zero bytes of ASCII text in UTF-16), UTF-8 (with or without BOM), else cp1252."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    sample = head[:200]
    if len(sample) >= 8 and not head.startswith(codecs.BOM_UTF8):
        if sample[1::2].count(0) >= 0.9 * len(sample[1::2]) and sample[0::2].count(0) == 0:
            return "utf-16-le"
        if sample[0::2].count(0) >= 0.9 * len(sample[0::2]) and sample[1::2].count(0) == 0:
            return "utf-16-be"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # a multi-byte character cut at the end of the sample is still UTF-8
        return "utf-8-sig" if exc.start >= len(head) - 3 else "cp1252"
    return "utf-8-sig"


def decode_head(head: bytes) -> str:
    """The first bytes of a text file as text (a character cut at the end is replaced)."""
    text = head.decode(encoding_of(head), "replace")
    return text.lstrip("\ufeff")


def sep_line(line: str) -> str | None:
    """The delimiter an Excel `sep=;` first line names, or None for any other line."""
    text = line.strip().strip('"')
    if len(text) == 5 and text[:4].lower() == "sep=":
        return text[4]
    return None


def sniff_delimiter(header_line: str) -> str:
    """The delimiter of a CSV header line: the commonest of , ; tab |, else a comma."""
    counts = {d: header_line.count(d) for d in DELIMITERS}
    best = max(counts, key=counts.__getitem__)
    return best if counts[best] else ","


def header_position(
    fh: TextIO,
    candidates: Mapping[str, tuple[str, ...]],
    mapping: Mapping[str, str] | None = None,
) -> tuple[str, int]:
    """(delimiter, line number) of a CSV's header: the first line, or the first that looks like
    a header among the first HEADER_LINES when a report's title (or Excel's `sep=;` line)
    stands above it. `fh` is left at its start."""
    first = fh.readline()
    forced = sep_line(first)
    lines = [first] + [fh.readline() for _ in range(HEADER_LINES - 1)]
    fh.seek(0)
    if forced is not None:
        return forced, 2
    for n, line in enumerate(lines, 1):
        if not line:
            break
        delimiter = sniff_delimiter(line)
        names = next(csv.reader([line], delimiter=delimiter), [])
        if looks_like_header(names, candidates, mapping):
            return delimiter, n
    return sniff_delimiter(first), 1  # none: the first line, whose columns the error names
