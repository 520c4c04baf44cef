"""Redacting on worker processes changes nothing: same tickets, same order, same rejects."""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from pathlib import Path

import duckdb
import pytest

from kbgen.mine.ingest import read_export
from kbgen.mine.model import RawTicket, Ticket
from kbgen.mine.pipeline import run
from kbgen.mine.run_model import MineOptions
from kbgen.mine.tickets import to_ticket
from kbgen.mine.workers import redact_rows
from tests.support.paths import EXPORTS, REPO, SAMPLE


def redact_all(raws: Iterable[RawTicket], salt: str, **options: int) -> list[Ticket]:
    """The tickets `redact_rows` makes, chunk after chunk, as Tickets."""
    return [Ticket(*row) for rows in redact_rows(raws, salt, **options) for row in rows]


def raw_tickets() -> list[RawTicket]:
    rows = [r for p in (SAMPLE, EXPORTS / "zendesk-export.csv") for r in read_export(p)]
    return [r for r in rows if isinstance(r, RawTicket)]


def test_workers_return_every_ticket_in_reading_order() -> None:
    raws = raw_tickets()
    assert len(raws) > 400
    expected = [to_ticket(r, "salt") for r in raws]
    # Small chunks: many of them in flight, finishing out of order on two workers.
    got = list(redact_all(iter(raws), "salt", threshold=50, workers=2, chunk=37))
    assert got == expected
    # Below the threshold nothing is started, and the result is the same.
    assert list(redact_all(raws, "salt", threshold=len(raws), workers=2)) == expected


def stored(store: Path) -> list[tuple]:
    with duckdb.connect(str(store), read_only=True) as con:
        # In a stable order: a scan without ORDER BY may return the rows in any order.
        sql = "SELECT source, ticket_id, created, customer, text FROM tickets ORDER BY ALL"
        return con.execute(sql).fetchall()


def test_mined_with_workers_stores_the_same_tickets(tmp_path: Path) -> None:
    exports = [SAMPLE, EXPORTS / "zendesk-export.csv", EXPORTS / "generic.csv"]
    runs = {}
    for name, above in (("alone", 10**9), ("workers", 0)):
        work = tmp_path / name
        work.mkdir()
        store = work / "tickets.duckdb"
        if name == "workers":  # the same salt, so customer keys compare too
            shutil.copy(tmp_path / "alone" / "tickets.duckdb", store)
            with duckdb.connect(str(store)) as con:
                con.execute("DELETE FROM tickets")
        result = run(
            MineOptions(
                exports=exports,
                kb=REPO / "content",
                out=work / "reports",
                store=store,
                workers_above=above,
            )
        )
        runs[name] = (
            result.read,
            result.rejected,
            stored(store),
            (work / "reports" / "rejected.csv").read_text(),
            (work / "reports" / "assignments.csv").read_text(),
        )
    alone, workers = runs["alone"], runs["workers"]
    assert alone[0] > 400 and alone[1] > 0  # tickets and rejected rows both exercised
    assert workers == alone


@pytest.mark.parametrize("n", [0, 1])
def test_tiny_inputs(n: int) -> None:
    raws = raw_tickets()[:n]
    assert list(redact_all(raws, "s", threshold=0, workers=2)) == [to_ticket(r, "s") for r in raws]
