"""Any CSV, Excel workbook, JSON list of objects or NDJSON: columns guessed from common names,
or mapped."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path

from kbgen.mine.ingest.fields import GENERIC
from kbgen.mine.ingest.tabular import Row, read_tabular


def read(path: Path, mapping: Mapping[str, str] | None, source: str) -> Iterator[Row]:
    keys = ("tickets", "conversations", "data", "results", "items", "records")
    return read_tabular(path, source, GENERIC, mapping, keys)
