"""The ticket store: redacted tickets in a DuckDB file (`<kb>/.kbgen/tickets.duckdb`).

Keyed on (source, ticket_id), so re-importing an export never double-counts, and kept across
runs so trends span several exports. It holds only redacted Tickets: deleting it loses nothing
that re-importing the exports would not bring back (customer keys change with the new salt,
consistently for all tickets).
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from kbgen.events.store import add_in_batches, connect, epoch_us, naive_utc
from kbgen.mine.language import LanguageDetector
from kbgen.mine.model import Ticket

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR);
CREATE TABLE IF NOT EXISTS tickets (
    source VARCHAR NOT NULL,
    ticket_id VARCHAR NOT NULL,
    created TIMESTAMP,  -- UTC
    customer VARCHAR NOT NULL,
    text VARCHAR NOT NULL,
    imported TIMESTAMP NOT NULL  -- UTC
);
-- The language the customer wrote in (a store made before kbgen told it has none yet).
ALTER TABLE tickets ADD COLUMN IF NOT EXISTS lang VARCHAR;
"""
_BATCH = 250_000  # tickets per insert: bounds memory


class TicketStore:
    """with TicketStore(kb / ".kbgen" / "tickets.duckdb") as store:
    new, known = store.add(tickets)
    for t in store.tickets(since=...): ...
    """

    def __init__(self, path: Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # `kbgen collect` may hold the file's lock for a moment while it stores events.
        self._con = connect(self.path)
        self._con.execute(_SCHEMA)
        self._salt: str | None = None

    def __enter__(self) -> TicketStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._con.close()

    def salt(self) -> str:
        """A random salt made once per store, for hashing requesters into customer keys."""
        if self._salt is None:
            rows = self._con.execute("SELECT value FROM meta WHERE key = 'salt'").fetchall()
            if not rows:
                self._con.execute(
                    "INSERT INTO meta VALUES ('salt', ?) ON CONFLICT DO NOTHING",
                    [secrets.token_hex(16)],
                )
                rows = self._con.execute("SELECT value FROM meta WHERE key = 'salt'").fetchall()
            self._salt = rows[0][0]
        return self._salt

    def add(self, tickets: Iterable[Ticket]) -> tuple[int, int]:
        """Store tickets not seen before; returns (new, already there)."""
        rows = ((t.source, t.ticket_id, t.created, t.customer, t.text, t.lang) for t in tickets)
        return add_in_batches(rows, _BATCH, self._add_batch)

    def add_rows(self, chunks: Iterable[list[tuple]]) -> tuple[int, int]:
        """What `add` does, for tickets as lists of Ticket's fields (tuples, in order): the
        redaction workers' chunks, stored without a Ticket made per row."""
        return add_in_batches((row for rows in chunks for row in rows), _BATCH, self._add_batch)

    def _add_batch(self, batch: list[tuple]) -> tuple[int, int]:
        """DuckDB is slow row by row, so tickets go in by batches: one INSERT ... SELECT per
        batch that skips keys already stored (and repeats within the batch)."""
        # Columns as numpy arrays, which DuckDB scans directly (no per-row conversion).
        # `created` travels as microseconds since the epoch (UTC); -1 stands for "unknown".
        source, ticket_id, created, customer, text, lang = zip(*batch, strict=True)
        staged = {
            "source": np.array(source, dtype=object),
            "ticket_id": np.array(ticket_id, dtype=object),
            "created_us": np.fromiter(map(epoch_us, created), dtype=np.int64, count=len(batch)),
            "customer": np.array(customer, dtype=object),
            "text": np.array(text, dtype=object),
            "lang": np.array([code or None for code in lang], dtype=object),
        }
        before = self.count()
        self._con.register("staged", staged)
        try:
            self._con.execute(
                """
                INSERT INTO tickets
                SELECT b.source, b.ticket_id,
                       CASE WHEN b.created_us >= 0 THEN make_timestamp(b.created_us) END,
                       b.customer, b.text, ? AS imported, b.lang
                FROM staged AS b
                ANTI JOIN tickets t ON t.source = b.source AND t.ticket_id = b.ticket_id
                QUALIFY row_number() OVER (PARTITION BY b.source, b.ticket_id) = 1
                """,
                [datetime.now(UTC).replace(tzinfo=None)],
            )
        finally:
            self._con.unregister("staged")
        added = self.count() - before
        return added, len(batch) - added

    def count(self) -> int:
        return self._con.execute("SELECT count(*) FROM tickets").fetchall()[0][0]

    def tickets(self, since: datetime | None = None) -> list[Ticket]:
        """All stored tickets (created on or after `since`, if given), oldest first."""
        c = self.columns(since)
        created = [d.replace(tzinfo=UTC) if d is not None else None for d in c["created"]]
        langs = [lang or "" for lang in c["lang"]]
        return list(
            map(Ticket, c["source"], c["ticket_id"], created, c["customer"], c["text"], langs)
        )

    def tell_languages(self, detector: LanguageDetector) -> int:
        """Tell the language of every stored ticket that has none, or was told among other
        languages than the detector's (the site gained a language); returns how many."""
        told = self._con.execute("SELECT value FROM meta WHERE key = 'languages'").fetchall()
        if told and told[0][0] != detector.key:
            self._con.execute("UPDATE tickets SET lang = NULL")
        self._con.execute(
            "INSERT INTO meta VALUES ('languages', ?)"
            " ON CONFLICT DO UPDATE SET value = excluded.value",
            [detector.key],
        )
        rows = self._con.execute(
            "SELECT source, ticket_id, text FROM tickets WHERE lang IS NULL"
        ).fetchnumpy()
        if not len(rows["text"]):
            return 0
        staged = {
            "source": np.asarray(rows["source"], dtype=object),
            "ticket_id": np.asarray(rows["ticket_id"], dtype=object),
            "lang": np.array(detector.detect_all(rows["text"].tolist()), dtype=object),
        }
        self._con.register("told", staged)
        try:
            self._con.execute(
                """
                UPDATE tickets SET lang = told.lang FROM told
                WHERE tickets.source = told.source AND tickets.ticket_id = told.ticket_id
                """
            )
        finally:
            self._con.unregister("told")
        return len(staged["lang"])

    def columns(self, since: datetime | None = None) -> dict[str, np.ndarray]:
        """The tickets as numpy arrays (source, ticket_id, created, customer, text, lang),
        oldest first: far cheaper than a million Ticket objects. `created` holds naive UTC
        datetimes (None where unknown); the others hold str (lang None where not told)."""
        sql = "SELECT source, ticket_id, created, customer, text, lang FROM tickets"
        params: list[object] = []
        if since is not None:
            sql += " WHERE created >= ?"
            params.append(naive_utc(since))
        sql += " ORDER BY created NULLS LAST, source, ticket_id"
        cols = self._con.execute(sql, params).fetchnumpy()
        out = {k: np.asarray(v, dtype=object) for k, v in cols.items() if k != "created"}
        created = np.ma.asarray(cols["created"]).astype("datetime64[us]")
        mask = np.ma.getmaskarray(cols["created"])
        as_obj = created.astype(object)
        as_obj[mask] = None
        out["created"] = np.asarray(as_obj, dtype=object)
        return out

    def sources(self) -> dict[str, int]:
        rows = self._con.execute("SELECT source, count(*) FROM tickets GROUP BY 1 ORDER BY 1")
        return dict(rows.fetchall())
