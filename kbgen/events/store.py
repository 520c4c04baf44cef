"""Site events in the ticket store's DuckDB file (table `site_events`).

Keyed on (source, event_id) like tickets, so replaying the collector's journal or
re-importing an analytics export never double-counts. Holds only redacted events and
never an IP address (the site sends none and the collector keeps none).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

import duckdb
import numpy as np

from kbgen.events.model import SiteEvent

T = TypeVar("T")

COLUMNS = (
    "source",
    "event_id",
    "created",
    "type",
    "query",
    "results",
    "corrected",
    "top",
    "opened",
    "rank",
    "search_id",
    "page",
    "helpful",
    "missing",
    "article",
    "count",
)
_TEXT = (
    "source", "event_id", "type", "query", "corrected", "top", "opened", "search_id", "page",
    "missing", "article",
)  # fmt: skip
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def epoch_us(when: datetime | None) -> int:
    """Microseconds since the epoch (UTC), -1 for unknown: how times reach DuckDB's scan of
    numpy columns in both stores (a naive time is taken as UTC)."""
    if when is None:
        return -1
    delta = (when if when.tzinfo else when.replace(tzinfo=UTC)) - _EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


_SCHEMA = """
CREATE TABLE IF NOT EXISTS site_events (
    source VARCHAR NOT NULL,
    event_id VARCHAR NOT NULL,
    created TIMESTAMP,  -- UTC
    type VARCHAR NOT NULL,
    query VARCHAR NOT NULL DEFAULT '',
    results INTEGER,
    corrected VARCHAR NOT NULL DEFAULT '',
    top VARCHAR NOT NULL DEFAULT '',
    opened VARCHAR NOT NULL DEFAULT '',
    rank INTEGER,
    search_id VARCHAR NOT NULL DEFAULT '',
    page VARCHAR NOT NULL DEFAULT '',
    helpful BOOLEAN,
    missing VARCHAR NOT NULL DEFAULT '',
    article VARCHAR NOT NULL DEFAULT '',
    count INTEGER NOT NULL DEFAULT 1,
    imported TIMESTAMP NOT NULL
);
"""


def connect(path: Path, wait: float = 10.0) -> duckdb.DuckDBPyConnection:
    """Open the store, waiting while another process (the collector flushing, or a
    `kbgen mine` run) holds DuckDB's lock on it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + wait
    while True:
        try:
            return duckdb.connect(str(path))
        except duckdb.IOException:
            if time.monotonic() >= deadline:
                raise
            time.sleep(0.1)


def add_in_batches(
    items: Iterable[T], size: int, add: Callable[[list[T]], tuple[int, int]]
) -> tuple[int, int]:
    """Hand `items` to `add` in lists of `size` (DuckDB is slow row by row, and a bounded
    list bounds memory); returns the summed (new, already there)."""
    new = known = 0
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            n, k = add(batch)
            new, known, batch = new + n, known + k, []
    if batch:
        n, k = add(batch)
        new, known = new + n, known + k
    return new, known


def naive_utc(when: datetime | None) -> datetime | None:
    """DuckDB column type TIMESTAMP holds UTC without a zone (TIMESTAMPTZ would need pytz)."""
    return when.astimezone(UTC).replace(tzinfo=None) if when and when.tzinfo else when


class EventStore:
    def __init__(self, path: Path, wait: float = 10.0):
        self.path = Path(path)
        self._con = connect(self.path, wait)
        self._con.execute(_SCHEMA)

    def __enter__(self) -> EventStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._con.close()

    def add(self, events: Iterable[SiteEvent], batch: int = 50_000) -> tuple[int, int]:
        """Store events not seen before; returns (new, already there)."""
        return add_in_batches(events, batch, self._add)

    def _add(self, events: list[SiteEvent]) -> tuple[int, int]:
        # Columns as numpy arrays, which DuckDB scans directly (as the ticket store does);
        # -1 stands for "unknown" in the number columns.
        staged: dict[str, np.ndarray] = {}
        for name in _TEXT:
            staged[name] = np.array([getattr(e, name) for e in events], dtype=object)
        staged["created_us"] = np.array([epoch_us(e.created) for e in events], dtype=np.int64)
        for name in ("results", "rank", "count"):
            staged[name] = np.array(
                [-1 if getattr(e, name) is None else getattr(e, name) for e in events],
                dtype=np.int64,
            )
        staged["helpful"] = np.array(
            [-1 if e.helpful is None else int(e.helpful) for e in events], dtype=np.int64
        )
        before = self.count()
        self._con.register("staged_events", staged)
        try:
            self._con.execute(
                f"""
                INSERT INTO site_events ({", ".join(COLUMNS)}, imported)
                SELECT b.source, b.event_id,
                       CASE WHEN b.created_us >= 0 THEN make_timestamp(b.created_us) END,
                       b.type, b.query,
                       CASE WHEN b.results >= 0 THEN b.results END,
                       b.corrected, b.top, b.opened,
                       CASE WHEN b.rank >= 0 THEN b.rank END,
                       b.search_id, b.page,
                       CASE WHEN b.helpful >= 0 THEN b.helpful = 1 END,
                       b.missing, b.article, b.count, ? AS imported
                FROM staged_events AS b
                ANTI JOIN site_events s ON s.source = b.source AND s.event_id = b.event_id
                QUALIFY row_number() OVER (PARTITION BY b.source, b.event_id) = 1
                """,
                [datetime.now(UTC).replace(tzinfo=None)],
            )
        finally:
            self._con.unregister("staged_events")
        added = self.count() - before
        return added, len(events) - added

    def checkpoint(self) -> None:
        """Write DuckDB's log into the database file, so the events are in it for good."""
        self._con.execute("CHECKPOINT")

    def count(self) -> int:
        return self._con.execute("SELECT count(*) FROM site_events").fetchall()[0][0]

    def events(self, since: datetime | None = None) -> Iterator[SiteEvent]:
        sql = f"SELECT {', '.join(COLUMNS)} FROM site_events"
        params: list[object] = []
        if since is not None:
            sql += " WHERE created >= ?"
            params.append(naive_utc(since))
        sql += " ORDER BY created NULLS LAST, source, event_id"
        cursor = self._con.execute(sql, params)
        while rows := cursor.fetchmany(10_000):
            for row in rows:
                values = dict(zip(COLUMNS, row, strict=True))
                if values["created"] is not None:
                    values["created"] = values["created"].replace(tzinfo=UTC)
                yield SiteEvent(**values)

    def export(self, path: Path) -> int:
        """Write every stored event as NDJSON (what `kbgen mine --searches` reads back)."""
        n = 0
        with path.open("w", encoding="utf-8") as out:
            for event in self.events():
                out.write(json.dumps(event.record(), ensure_ascii=False) + "\n")
                n += 1
        return n
