"""Export layouts kbgen has no reader of its own for, read as a newcomer hands them over: a
social inbox or chat log with the team's replies beside the customers' messages, and ticket
tables whose columns are named for their record ("Ticket Subject", "Ticket Description")."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

from kbgen.mine.ingest import read_export
from kbgen.mine.model import RawTicket, Rejected, TeamReply
from tests.support.cli import kbgen
from tests.support.paths import REPO

QUESTIONS = (
    "I was charged twice for my order",
    "my password is not accepted when I log in",
    "the download link says it expired",
)
REPLY = "We'd like to help. Send us a DM with your order number and we'll get started"


def social_inbox(path: Path, rounds: int = 12) -> None:
    """A Twitter-style customer care export: every customer's message, then the team's reply."""
    with path.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(["tweet_id", "author_id", "inbound", "created_at", "text",
                      "response_tweet_id", "in_response_to_tweet_id"])  # fmt: skip
        n = 1
        for i in range(rounds):
            question = QUESTIONS[i % len(QUESTIONS)]
            out.writerow([n, f"cust{i}", "True", "Tue Oct 31 22:10:47 +0000 2017",
                          f"@ShopCare {question} https://t.co/q{i}", n + 1, ""])  # fmt: skip
            out.writerow([n + 1, "ShopCare", "False", "Tue Oct 31 22:11:45 +0000 2017",
                          f"@cust{i} {REPLY}", "", n])  # fmt: skip
            n += 2


def test_the_teams_replies_are_left_out_by_line_and_reason(tmp_path: Path) -> None:
    export = tmp_path / "twcs.csv"
    social_inbox(export)
    rows = list(read_export(export))
    tickets = [r for r in rows if isinstance(r, RawTicket)]
    team = [r for r in rows if isinstance(r, TeamReply)]
    assert len(tickets) == len(team) == 12
    assert all(REPLY not in t.body for t in tickets)
    assert [r.line for r in team] == list(range(3, 26, 2))  # the header is line 1
    assert team[0].reason == "written by your team (inbound: False), not a customer"
    # Customers are told apart by their author id; ticket ids are the messages' own.
    assert {t.requester for t in tickets} == {f"cust{i}" for i in range(12)}
    assert tickets[0].ticket_id == "1"


@pytest.mark.parametrize(
    ("column", "customer", "team"),
    [
        ("direction", "inbound", "outbound"),
        ("Author Type", "customer", "agent"),
        ("role", "user", "admin"),
        ("is_agent", "0", "1"),
        ("from_customer", "yes", "no"),
    ],
)
@pytest.mark.parametrize("container", ["csv", "ndjson", "json"])
def test_columns_that_say_who_wrote_a_row(
    tmp_path: Path, column: str, customer: str, team: str, container: str
) -> None:
    records = [
        {"id": i, "created": "2026-03-02", "email": f"c{i}@example.org", column: who,
         "message": REPLY if who == team else QUESTIONS[i % 3]}
        for i, who in enumerate([customer, team, customer, "", team])
    ]  # fmt: skip
    path = tmp_path / f"chat.{container}"
    if container == "csv":
        with path.open("w", newline="", encoding="utf-8") as fh:
            out = csv.DictWriter(fh, fieldnames=list(records[0]))
            out.writeheader()
            out.writerows(records)
    elif container == "ndjson":
        path.write_text("".join(json.dumps(r) + "\n" for r in records), "utf-8")
    else:
        path.write_text(json.dumps(records, indent=1), "utf-8")
    rows = list(read_export(path))
    tickets = [r for r in rows if isinstance(r, RawTicket)]
    # An empty value says nothing: the row counts as a customer's.
    assert [t.ticket_id for t in tickets] == ["0", "2", "3"]
    assert len([r for r in rows if isinstance(r, TeamReply)]) == 2
    assert all(REPLY not in t.body for t in tickets)


def test_columns_named_for_their_record_are_read(tmp_path: Path) -> None:
    """A public ticket dataset's layout: no column is called "subject" or "body"."""
    export = tmp_path / "customer_support_tickets.csv"
    with export.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(["Customer ID", "Customer Name", "Customer Email", "Product Purchased",
                      "Ticket Type", "Ticket Subject", "Ticket Description", "Ticket Status",
                      "Resolution", "Ticket Created At"])  # fmt: skip
        for i in range(4):
            out.writerow([f"C{i % 2}", "Dana Whitfield", f"dana{i % 2}@example.org", "Camera",
                          "Billing inquiry", "Refund request", QUESTIONS[i % 3], "Closed",
                          "Refunded to the card", f"2026-03-0{i + 1} 10:00:00"])  # fmt: skip
    tickets = [r for r in read_export(export) if not isinstance(r, Rejected)]
    assert [t.subject for t in tickets] == ["Refund request"] * 4
    assert [t.body for t in tickets] == [QUESTIONS[i % 3] for i in range(4)]
    assert all("Refunded" not in t.body for t in tickets)  # the team's resolution is no question
    assert [t.created.day for t in tickets if t.created] == [1, 2, 3, 4]
    assert {t.requester for t in tickets} == {"dana0@example.org", "dana1@example.org"}
    assert {t.requester_name for t in tickets} == {"Dana Whitfield"}
    # "Customer ID" is the customer's, not the ticket's: two customers, four tickets.
    assert len({t.ticket_id for t in tickets}) == 4


def test_mine_counts_the_teams_replies_and_groups_only_the_customers(tmp_path: Path) -> None:
    export = tmp_path / "twcs.csv"
    social_inbox(export, rounds=30)
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content, ignore=shutil.ignore_patterns("_*"))
    out = tmp_path / "out"
    store = tmp_path / "t.duckdb"
    args = [export, "--kb", content, "--out", out, "--store", store, "--features", "words"]
    result = kbgen("mine", *args, check=True)
    summary_line = next(x for x in result.stdout.splitlines() if "Replies from your team" in x)
    assert "30" in summary_line
    data = json.loads((out / "clusters.json").read_text("utf-8"))
    assert data["summary"]["team_replies"] == 30
    assert data["summary"]["read"] == 30
    labels = [c["label"] for c in data["clusters"]]
    assert "DM" not in " ".join(labels) and "Send us" not in " ".join(labels)
    # Labels are the questions: not whom they were addressed to, not the links they end with.
    assert labels and set(labels) <= {q[0].upper() + q[1:] for q in QUESTIONS}, labels
    stored = (out / "report.md").read_text("utf-8")
    assert "@ShopCare" not in stored and "@cust" not in stored  # handles are redacted
    assert "team-replies" in (out / "report.html").read_text("utf-8")
    assert "Replies from your team, left out" in (out / "report.md").read_text("utf-8")
    assert "inbound" not in (out / "rejected.csv").read_text("utf-8")  # no error to fix


def test_json_with_a_mapped_field_guesses_the_others_as_csv_does(tmp_path: Path) -> None:
    """--map for one field: the rest are guessed as for a CSV, qualified names included, and a
    key the mapping took is not read again for another field."""
    export = tmp_path / "cases.ndjson"
    rows = [
        {"ref": f"R{i}", "case": {"opened": "2026-03-02"}, "Customer Email": f"c{i}@example.org",
         "Ticket Subject": "Refund", "Ticket Description": QUESTIONS[i % 3]}
        for i in range(3)
    ]  # fmt: skip
    export.write_text("".join(json.dumps(r) + "\n" for r in rows), "utf-8")
    tickets = [
        r for r in read_export(export, mapping={"created": "case.opened", "id": "ref"})
        if isinstance(r, RawTicket)
    ]  # fmt: skip
    assert [t.ticket_id for t in tickets] == ["R0", "R1", "R2"]
    assert [t.body for t in tickets] == list(QUESTIONS)
    assert {t.subject for t in tickets} == {"Refund"}
    assert all(t.created is not None and t.created.day == 2 for t in tickets)
