"""`kbgen collect` as an owner runs it: what it refuses, what it redacts, what survives a crash."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import httpx
import pytest

from tests.support.cli import kbgen
from tests.support.collector import CollectorProcess

ORIGIN = "https://help.shop.example"
# What the site's own scrubbing would not catch: the collector must.
PLANTED = {
    "name": "Hello, my name is Johanna Whitfield and the download fails",
    "iban": "refund to DE89 3704 0044 0532 0130 00 please",
    "card": "charged twice on 4111 1111 1111 1111",
    "password": "my password is hunter2hunter2 and it fails",
}


def stored(store: Path) -> list[dict]:
    con = duckdb.connect(str(store), read_only=True)
    try:
        cursor = con.execute("SELECT * FROM site_events ORDER BY event_id")
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    finally:
        con.close()


def batch(*events: dict) -> str:
    return json.dumps({"kbgen": 1, "events": list(events)})


def search(query: str, results: int = 0) -> dict:
    return {"type": "search", "query": query, "results": results, "search_id": "abcd1234"}


@pytest.fixture(scope="module")
def refusals(tmp_path_factory: pytest.TempPathFactory) -> dict:
    store = tmp_path_factory.mktemp("collect") / "tickets.duckdb"
    collector = CollectorProcess(
        store, ORIGIN, None, "--max-body", "2048", "--burst", "8", "--rate", "30"
    ).start()
    url = collector.url
    answers: dict[str, object] = {}
    try:
        _refusals(url, answers)
    finally:
        output = collector.stop()
    assert store.is_file(), output
    return {"answers": answers, "store": store}


def _refusals(url: str, answers: dict[str, object]) -> None:
    with httpx.Client(timeout=5) as client:
        good = {"Origin": ORIGIN, "Content-Type": "text/plain"}
        answers["hostile"] = client.post(
            url, content=batch(search("hostile")), headers={"Origin": "https://evil.example"}
        )
        answers["no_origin"] = client.post(url, content=batch(search("no origin")))
        answers["preflight_hostile"] = client.options(
            url,
            headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"},
        )
        answers["preflight"] = client.options(
            url, headers={"Origin": ORIGIN, "Access-Control-Request-Method": "POST"}
        )
        answers["oversize"] = client.post(url, content=batch(search("x" * 4000)), headers=good)
        answers["not_json"] = client.post(url, content="{not json", headers=good)
        answers["planted"] = client.post(
            url,
            content=batch(
                *(search(text) for text in PLANTED.values()),
                {"type": "feedback", "page": "a/b/", "helpful": False, "missing": PLANTED["name"]},
                {"type": "nonsense"},
            ),
            headers=good,
        )
        # A flood from one client: the burst passes, then 429s.
        answers["flood"] = [
            client.post(url, content=batch(search(f"flood {i}")), headers=good).status_code
            for i in range(30)
        ]


def test_a_hostile_origin_is_refused_and_nothing_is_kept(refusals: dict) -> None:
    a = refusals["answers"]
    assert a["hostile"].status_code == 403
    assert a["no_origin"].status_code == 403
    assert "access-control-allow-origin" not in a["preflight_hostile"].headers
    assert a["preflight"].headers["access-control-allow-origin"] == ORIGIN
    queries = {e["query"] for e in stored(refusals["store"])}
    assert "hostile" not in queries and "no origin" not in queries


def test_an_oversize_body_and_a_flood_are_refused(refusals: dict) -> None:
    a = refusals["answers"]
    assert a["oversize"].status_code == 413
    assert a["not_json"].status_code == 400
    flood = a["flood"]
    assert flood.count(202) <= 8 and flood.count(429) >= 20
    assert flood[-1] == 429
    kept = [e for e in stored(refusals["store"]) if e["query"].startswith("flood")]
    assert len(kept) == flood.count(202)


def test_personal_data_is_redacted_before_it_is_stored(refusals: dict) -> None:
    answer = refusals["answers"]["planted"]
    assert answer.status_code == 202
    assert answer.json() == {"accepted": len(PLANTED) + 1, "rejected": 1}
    data = refusals["store"].read_bytes()
    journal = refusals["store"].with_name("collect-journal.ndjson")
    for secret in ("Johanna", "Whitfield", "DE89", "4111 1111", "hunter2hunter2"):
        assert secret.encode() not in data, secret
        assert secret.encode() not in journal.read_bytes(), secret
    queries = [e["query"] for e in stored(refusals["store"])]
    assert "my password is [password] and it fails" in queries
    assert any("[name]" in q for q in queries)


def test_no_accepted_event_is_lost_when_the_collector_is_killed(tmp_path: Path) -> None:
    store = tmp_path / "tickets.duckdb"
    collector = CollectorProcess(store, ORIGIN).start()
    accepted = 0
    with httpx.Client(timeout=5) as client:
        for i in range(20):
            events = [search(f"crash test {i} {j}", 1) for j in range(5)]
            answer = client.post(collector.url, content=batch(*events), headers={"Origin": ORIGIN})
            accepted += answer.json()["accepted"]
    collector.stop(kill=True)  # no chance to move the journal into the store
    restarted = CollectorProcess(store, ORIGIN, collector.port).start()
    restarted.stop()  # a clean stop: whatever the journal held is in the store now
    queries = [e["query"] for e in stored(store)]
    assert accepted == 100
    assert len(queries) == len(set(queries)) == 100


def test_collect_exports_ndjson_that_mine_reads_back(refusals: dict, tmp_path: Path) -> None:
    export = tmp_path / "events.ndjson"
    run = kbgen("collect", "--store", refusals["store"], "--export", export)
    assert run.returncode == 0, run.stderr
    lines = [json.loads(t) for t in export.read_text("utf-8").splitlines()]
    assert len(lines) == len(stored(refusals["store"]))
    from kbgen.events.readers import detect, read_events

    assert detect(export) == "kbgen"
    events = list(read_events(export))
    assert all(e.source == "collect" for e in events)  # re-importing adds nothing


def test_collect_wants_the_site_origin(tmp_path: Path) -> None:
    run = kbgen("collect", "--origin", "https://help.example.com/events", cwd=tmp_path)
    assert run.returncode == 2
    assert "is not an origin" in run.stderr
    run = kbgen("collect", cwd=tmp_path)
    assert run.returncode == 2 and "--origin https://help.example.com" in run.stderr


def test_events_wait_in_the_journal_while_mine_reads_the_store(tmp_path: Path) -> None:
    """A `kbgen mine` run holds DuckDB's lock on the store: the collector keeps accepting,
    and moves the events in once the lock is free."""
    import time

    from kbgen.events.store import EventStore

    store = tmp_path / "tickets.duckdb"
    collector = CollectorProcess(store, ORIGIN).start()
    try:
        with EventStore(store) as held:  # as kbgen mine holds it
            with httpx.Client(timeout=5) as client:
                answer = client.post(
                    collector.url, content=batch(search("while mining")), headers={"Origin": ORIGIN}
                )
            assert answer.status_code == 202
            time.sleep(1.5)
            assert held.count() == 0  # not in yet: the collector could not open the store
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            with EventStore(store) as check:
                if check.count() == 1:
                    break
            time.sleep(0.5)
    finally:
        collector.stop()
    assert [e["query"] for e in stored(store)] == ["while mining"]
