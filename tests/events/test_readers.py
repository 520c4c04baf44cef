"""`kbgen mine --searches`: the formats it reads, the rows it rejects (with their lines), and
re-imports that never double-count."""

from __future__ import annotations

import csv
import json
import subprocess
from pathlib import Path

import pytest

from kbgen.events.model import SiteEvent, clean_event
from kbgen.events.readers import detect, read_events
from kbgen.events.store import EventStore
from kbgen.mine.model import Rejected
from tests.support.cli import kbgen
from tests.support.paths import SAMPLE


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_ga4_csv_flattened_by_a_query(tmp_path: Path) -> None:
    path = write(
        tmp_path / "ga4.csv",
        "event_date,event_timestamp,event_name,search_term,results,opened,page,data,missing\n"
        "20261201,1780000000000000,search,cant open zip,0,,,,\n"
        "20261201,1780000001000000,page_view,,,,,,\n"
        "20261201,1780000002000000,feedback,,,,/downloads/zip/,0,email me at a@b.co\n"
        "20261201,not-a-time,search,oops,0,,,,\n",
    )
    assert detect(path) == "ga4"
    rows = list(read_events(path))
    events = [r for r in rows if isinstance(r, SiteEvent)]
    assert [e.type for e in events] == ["search", "feedback"]  # page_view is not the site's
    assert events[0].query == "cant open zip" and events[0].results == 0
    assert events[1].helpful is False and events[1].missing == "email me at [email]"
    assert events[1].page == "downloads/zip/"
    assert [(r.line, "event_timestamp" in r.reason) for r in rows if isinstance(r, Rejected)] == [
        (5, True)
    ]


def test_plausible_stats_api_answer_counts_each_row(tmp_path: Path) -> None:
    doc = {
        "results": [
            {"dimensions": ["kbgen_search", "refund", "0"], "metrics": [7]},
            {"dimensions": ["Signup", "", ""], "metrics": [3]},
        ],
        "query": {
            "dimensions": ["event:goal", "event:props:query", "event:props:results"],
            "metrics": ["events"],
        },
    }
    path = write(tmp_path / "plausible.json", json.dumps(doc))
    assert detect(path) == "plausible"
    events = list(read_events(path))
    assert len(events) == 1 and events[0].count == 7 and events[0].query == "refund"


def test_matomo_events_csv(tmp_path: Path) -> None:
    path = tmp_path / "matomo.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Event Category", "Event Action", "Event Name", "Events"])
        writer.writerow(["kbgen", "search", "query=refund+please&results=0", "4"])
        writer.writerow(["kbgen", "contact", "query=refund+please&article=", "2"])
        writer.writerow(["Video", "play", "intro", "9"])
    assert detect(path) == "matomo"
    events = list(read_events(path))
    assert [(e.type, e.query, e.count) for e in events] == [
        ("search", "refund please", 4),
        ("contact", "refund please", 2),
    ]


def test_an_unknown_file_is_a_clear_error(tmp_path: Path) -> None:
    path = write(tmp_path / "x.csv", "a,b\n1,2\n")
    with pytest.raises(ValueError, match="not a site events file"):
        detect(path)


def test_mine_rejects_bad_rows_with_their_lines_and_never_double_counts(tmp_path: Path) -> None:
    lines = [
        {"type": "search", "query": "where is my download", "results": 0},
        "not json",
        {"type": "search", "query": "where is my download", "results": 0, "opened": ""},
        {"type": "teleport"},
        {"type": "feedback", "page": "a/b/"},
    ]
    path = write(
        tmp_path / "events.ndjson",
        "\n".join(t if isinstance(t, str) else json.dumps(t) for t in lines) + "\n",
    )
    store = tmp_path / "store.duckdb"
    out = tmp_path / "reports"

    def mine() -> subprocess.CompletedProcess[str]:
        return kbgen("mine", "--searches", path, "--store", store, "--out", out,
                     "--kb", tmp_path / "none")  # fmt: skip

    first = mine()
    assert first.returncode == 0, first.stderr
    with (out / "rejected.csv").open(encoding="utf-8") as handle:
        rejected = [(int(r["line"]), r["reason"]) for r in csv.DictReader(handle)]
    assert [line for line, _ in rejected] == [2, 4, 5]
    assert "unknown event type" in rejected[1][1] and "helpful" in rejected[2][1]
    second = mine()
    assert second.returncode == 0, second.stderr
    with EventStore(store) as events:
        # Two customers searched alike: two events; the second import adds nothing.
        assert events.count() == 2
    site = json.loads((out / "clusters.json").read_text("utf-8"))["site"]
    assert site["searches"] == 2 and site["no_result_searches"] == 2


def test_clean_event_checks_fields() -> None:
    with pytest.raises(ValueError, match="needs its query"):
        clean_event({"type": "search", "query": "  "})
    with pytest.raises(ValueError, match="results must be a number"):
        clean_event({"type": "search", "query": "x", "results": "many"})
    event = clean_event(
        {"type": "read", "page": "https://help.example/a/b/?email=a@b.co#x", "search_id": "<b>"}
    )
    assert event.page == "a/b/" and event.search_id == ""


def test_searches_that_found_nothing_merge_with_the_ticket_group_asking_the_same(
    tmp_path: Path,
) -> None:
    """The sample export has a refund question; 40 site searches for a refund that opened
    nothing join its group, and --publish ranks it first in Most asked on their strength."""
    words = ["how do i get a refund", "refund my order", "i want a refund please"]
    events = [
        {"type": "search", "query": words[i % 3], "results": 0, "search_id": f"r{i:07d}"}
        for i in range(40)
    ]
    events += [
        {"type": "contact", "search_id": f"r{i:07d}", "query": words[i % 3]} for i in range(10)
    ]
    path = write(tmp_path / "events.ndjson", "\n".join(json.dumps(e) for e in events) + "\n")
    kb = tmp_path / "content"
    kb.mkdir()
    run = kbgen("mine", SAMPLE, "--searches", path, "--kb", kb, "--store", tmp_path / "s.duckdb",
                "--out", tmp_path / "r", "--publish")  # fmt: skip
    assert run.returncode == 0, run.stderr
    data = json.loads((tmp_path / "r" / "clusters.json").read_text("utf-8"))
    groups = data["site"]["searched_nothing"]
    refund = groups[0]
    assert refund["failed"] == 40 and refund["question"] is not None
    assert refund["contact_share"] == 0.25
    cluster = next(c for c in data["clusters"] if c["id"] == refund["question"])
    assert "refund" in cluster["label"].lower()
    assert cluster["site_searches"]["searches"] == 40
    published = (kb / "_most-asked.yml").read_text("utf-8")
    first = published.split("- question:", 2)[1]
    assert "refund" in first.lower() and "searches: 40" in first
