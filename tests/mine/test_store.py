"""The ticket store: keyed on (source, ticket_id), history kept, salt made once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from kbgen.mine.model import Ticket
from kbgen.mine.store import TicketStore

T0 = datetime(2026, 1, 5, 9, 30, tzinfo=UTC)


def tickets(n: int, source: str = "zendesk", start: int = 0) -> list[Ticket]:
    return [
        Ticket(source, str(i), T0 + timedelta(days=i), f"c{i % 3}", f'download {i} fails, "why"')
        for i in range(start, start + n)
    ]


def test_reimport_never_double_counts(tmp_path: Path) -> None:
    path = tmp_path / ".kbgen" / "tickets.duckdb"
    with TicketStore(path) as store:
        assert store.add(tickets(10)) == (10, 0)
        assert store.add(tickets(10, start=5)) == (5, 5)  # an overlapping later export
        assert store.add(tickets(3, source="freshdesk")) == (3, 0)  # same ids, other help desk
        assert store.count() == 18
    with TicketStore(path) as store:  # kept across runs
        assert store.add(tickets(15)) == (0, 15)
        assert store.sources() == {"freshdesk": 3, "zendesk": 15}


def test_repeats_within_one_batch_are_stored_once(tmp_path: Path) -> None:
    with TicketStore(tmp_path / "t.duckdb") as store:
        assert store.add(tickets(4) + tickets(4)) == (4, 4)


def test_tickets_round_trip_with_utc_dates_and_unknown_dates(tmp_path: Path) -> None:
    undated = Ticket("csv", "x", None, "c9", "no date")
    offset = Ticket("csv", "y", datetime(2026, 2, 1, 12, tzinfo=UTC).astimezone(), "c9", "tz")
    with TicketStore(tmp_path / "t.duckdb") as store:
        store.add([*tickets(3), undated, offset])
        got = store.tickets()
    assert got[:3] == tickets(3)  # oldest first
    assert got[-1] == undated  # unknown dates last
    assert got[3].created == datetime(2026, 2, 1, 12, tzinfo=UTC)


def test_since_filters_by_creation_date(tmp_path: Path) -> None:
    with TicketStore(tmp_path / "t.duckdb") as store:
        store.add(tickets(10))
        recent = store.tickets(since=T0 + timedelta(days=7))
        assert [t.ticket_id for t in recent] == ["7", "8", "9"]
        cols = store.columns(since=T0 + timedelta(days=8))
        assert list(cols["ticket_id"]) == ["8", "9"]
        assert list(cols["customer"]) == ["c2", "c0"]
        assert cols["created"][0] == datetime(2026, 1, 13, 9, 30)  # naive UTC in columns


def test_salt_is_random_per_store_and_kept(tmp_path: Path) -> None:
    with TicketStore(tmp_path / "a.duckdb") as a, TicketStore(tmp_path / "b.duckdb") as b:
        salt_a = a.salt()
        assert len(salt_a) == 32 and salt_a != b.salt()
    with TicketStore(tmp_path / "a.duckdb") as a:
        assert a.salt() == salt_a


def test_large_batches_are_split(tmp_path: Path, monkeypatch) -> None:
    import kbgen.mine.store as store_module

    monkeypatch.setattr(store_module, "_BATCH", 7)
    with TicketStore(tmp_path / "t.duckdb") as store:
        assert store.add(tickets(20)) == (20, 0)
        assert store.add(tickets(25)) == (5, 20)


def test_rows_in_chunks_are_stored_as_tickets_are(tmp_path: Path) -> None:
    """The redaction workers' chunks (Ticket's fields as tuples) store what Tickets store."""
    given = [*tickets(5), Ticket("csv", "x", None, "c9", "no date", "de")]
    fields = [(t.source, t.ticket_id, t.created, t.customer, t.text, t.lang) for t in given]
    with TicketStore(tmp_path / "rows.duckdb") as store:
        assert store.add_rows([fields[:2], fields[2:], fields[:1]]) == (6, 1)
        from_rows = store.tickets()
    with TicketStore(tmp_path / "tickets.duckdb") as store:
        store.add(given)
        assert store.tickets() == from_rows
    assert {t.lang for t in from_rows} == {"", "de"}
