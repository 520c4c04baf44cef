"""Export layouts kbgen has no reader of its own for, read as a newcomer hands them over: a
social inbox or chat log with the team's replies beside the customers' messages, ticket
tables whose columns are named for their record ("Ticket Subject", "Ticket Description"), and
the layouts of HubSpot, Zoho Desk, Salesforce, Jira, chat logs and contact forms (as CSV and
as Excel workbooks; tests/mine/vendor_layouts.py)."""

from __future__ import annotations

import csv
import json
import shutil
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from kbgen.mine.ingest import read_export
from kbgen.mine.ingest.fields import parse_date
from kbgen.mine.model import FollowUp, RawTicket, Rejected, TeamReply
from kbgen.mine.tickets import to_ticket
from tests.mine.vendor_layouts import DATES, LAYOUTS, PEOPLE, write_csv, write_xlsx
from tests.mine.vendor_layouts import QUESTIONS as ASKED
from tests.mine.vendor_layouts import REPLY as ANSWER
from tests.support.cli import kbgen
from tests.support.paths import REPO

QUESTIONS = (
    "I was charged twice for my order",
    "my password is not accepted when I log in",
    "the download link says it expired",
)
REPLY = "We'd like to help. Send us a DM with your order number and we'll get started"
# What messages to a support account end with besides their question.
TAILS = ("", " #fail", " \U0001f624", " #notimpressed @ShopCare", " \U0001f44d\U0001f3fc")


def social_inbox(path: Path, rounds: int = 12) -> None:
    """A Twitter-style customer care export: every customer's message, then the team's reply."""
    with path.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(["tweet_id", "author_id", "inbound", "created_at", "text",
                      "response_tweet_id", "in_response_to_tweet_id"])  # fmt: skip
        n = 1
        for i in range(rounds):
            question = QUESTIONS[i % len(QUESTIONS)] + TAILS[i % len(TAILS)]
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


FOLLOW_UPS = ("I did that and it still says expired", "its an iphone 8, the latest update")


def threaded_inbox(path: Path, container: str) -> list[dict]:
    """A social inbox as its public corpus lays it out: each customer's question, the team's
    reply to it, and, in every other conversation, the customer's answer to that reply (its
    `in_response_to_tweet_id` names the reply); replies come before what they answer."""
    records: list[dict] = []
    for i in range(6):
        ask, answer, again = 10 * i + 1, 10 * i + 2, 10 * i + 3
        question = {
            "tweet_id": ask,
            "author_id": f"cust{i}",
            "inbound": True,
            "text": f"@ShopCare {QUESTIONS[i % 3]}",
            "in_response_to_tweet_id": None,
        }
        reply = {
            "tweet_id": answer,
            "author_id": "ShopCare",
            "inbound": False,
            "text": f"@cust{i} {REPLY}",
            "in_response_to_tweet_id": ask,
        }
        records += [reply, question]
        if i == 1:  # a question that answers the customer's own message is still a question
            records.append({"tweet_id": 100, "author_id": "cust1", "inbound": True,
                            "text": "@ShopCare and can I pay by card?",
                            "in_response_to_tweet_id": float(ask)})  # fmt: skip
        if i == 3:  # ... and so is one answering a message not in the export (a post)
            records.append({"tweet_id": 101, "author_id": "cust3", "inbound": True,
                            "text": "@ShopCare does this come in blue?",
                            "in_response_to_tweet_id": 99999})  # fmt: skip
        if i % 2 == 0:
            records.append({"tweet_id": again, "author_id": f"cust{i}", "inbound": True,
                            "text": f"@ShopCare {FOLLOW_UPS[i % 4 // 2]}",
                            "in_response_to_tweet_id": float(answer)})  # fmt: skip
    for r in records:
        r["created_at"] = "Tue Oct 31 22:10:47 +0000 2017"
    if container == "csv":
        with path.open("w", newline="", encoding="utf-8") as fh:
            out = csv.DictWriter(fh, fieldnames=list(records[0]))
            out.writeheader()
            out.writerows({k: "" if v is None else v for k, v in r.items()} for r in records)
    elif container == "xlsx":
        import openpyxl

        book = openpyxl.Workbook()
        sheet = book.active
        sheet.append(list(records[0]))
        for r in records:
            sheet.append(list(r.values()))
        book.save(path)
    else:
        path.write_text("".join(json.dumps(r) + "\n" for r in records), "utf-8")
    return records


@pytest.mark.parametrize("container", ["csv", "ndjson", "xlsx"])
def test_a_customers_reply_in_a_conversation_is_no_new_question(
    tmp_path: Path, container: str
) -> None:
    # "I did that and it still says expired" answers the team: its question was asked when
    # the conversation opened, and a group of such replies would be ranked as a question.
    path = tmp_path / f"twcs.{container}"
    records = threaded_inbox(path, container)
    rows = list(read_export(path))
    tickets = [r for r in rows if isinstance(r, RawTicket)]
    follow_ups = [r for r in rows if isinstance(r, FollowUp)]
    asked = [str(10 * i + 1) for i in range(6)]
    assert sorted(t.ticket_id for t in tickets) == sorted([*asked, "100", "101"])
    assert len(follow_ups) == 3
    lines = [n + (1 if container == "ndjson" else 2) for n, r in enumerate(records)]
    expected = [ln for ln, r in zip(lines, records, strict=True) if r["tweet_id"] % 10 == 3]
    assert [r.line for r in follow_ups] == expected
    assert follow_ups[0].reason.replace(".0)", ")") == (
        "a customer's answer to your team's reply (in_response_to_tweet_id: 2), not a new question"
    )


def test_answers_to_the_team_that_come_before_it_in_a_csv_are_follow_ups(tmp_path: Path) -> None:
    # The public corpus of such messages often writes a reply above what it answers.
    path = tmp_path / "twcs.csv"
    threaded_inbox(path, "csv")
    rows = path.read_text("utf-8").splitlines()
    path.write_text("\n".join([rows[0], *reversed(rows[1:])]) + "\n", "utf-8")
    read = list(read_export(path))
    assert len([r for r in read if isinstance(r, FollowUp)]) == 3
    assert len([r for r in read if isinstance(r, RawTicket)]) == 8


@pytest.mark.parametrize("container", ["csv", "ndjson"])
def test_rows_with_no_id_answer_nothing(tmp_path: Path, container: str) -> None:
    # No id column, or the team's rows without one: an empty "in reply to" is no answer.
    records = [
        {"author_type": "customer", "in_reply_to": "", "message": QUESTIONS[0]},
        {"author_type": "agent", "in_reply_to": "", "message": REPLY},
        {"author_type": "customer", "in_reply_to": "", "message": QUESTIONS[1]},
        {"author_type": "agent", "in_reply_to": None, "message": REPLY},
        {"author_type": "customer", "in_reply_to": None, "message": QUESTIONS[2]},
    ]
    path = tmp_path / f"chat.{container}"
    if container == "csv":
        with path.open("w", newline="", encoding="utf-8") as fh:
            out = csv.DictWriter(fh, fieldnames=list(records[0]))
            out.writeheader()
            out.writerows({k: v or "" for k, v in r.items()} for r in records)
    else:
        path.write_text("".join(json.dumps(r) + "\n" for r in records), "utf-8")
    rows = list(read_export(path))
    assert len([r for r in rows if isinstance(r, RawTicket)]) == 3
    assert not [r for r in rows if isinstance(r, FollowUp)]


def test_mine_counts_customers_replies_in_a_conversation(tmp_path: Path) -> None:
    export = tmp_path / "twcs.csv"
    threaded_inbox(export, "csv")
    out = tmp_path / "out"
    args = [export, "--out", out, "--store", tmp_path / "t.duckdb", "--features", "words"]
    result = kbgen("mine", *args, check=True)
    line = next(x for x in result.stdout.splitlines() if "replies in a conversation" in x)
    assert " 3 " in line, result.stdout
    data = json.loads((out / "clusters.json").read_text("utf-8"))
    assert data["summary"]["follow_ups"] == 3 and data["summary"]["read"] == 8
    assert "still says expired" not in (out / "report.md").read_text("utf-8")
    assert 'id="follow-ups"' in (out / "report.html").read_text("utf-8")
    assert "Customers' replies in a conversation, left out" in (out / "report.md").read_text()


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
    # Labels are the questions: not whom they were addressed to, not the links, hashtags,
    # mentions or emoji they end with.
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


@pytest.fixture(scope="module")
def salt() -> str:
    return "layouts"


@pytest.mark.parametrize("container", ["csv", "xlsx"])
@pytest.mark.parametrize("name", list(LAYOUTS))
def test_vendor_layouts_are_read_with_the_defaults(
    tmp_path: Path, name: str, container: str, salt: str
) -> None:
    """HubSpot, Zoho Desk, Salesforce, Jira, a chat log, a shared inbox and two contact forms,
    with their own column names, as CSV and as an Excel workbook: the right columns are read
    for each field, the team's rows are left out and the customer's name is redacted."""
    layout = LAYOUTS[name]
    path = tmp_path / f"{name}.{container}"
    (write_csv if container == "csv" else write_xlsx)(layout, path)
    rows = list(read_export(path))
    tickets = [r for r in rows if isinstance(r, RawTicket)]
    team = [r for r in rows if isinstance(r, TeamReply)]
    assert [r for r in rows if type(r) is Rejected] == []
    assert len(team) == layout.team_rows
    ids = [t.ticket_id for t in tickets]
    assert ids == list(layout.ids) if layout.ids else len(set(ids)) == len(ASKED)
    assert {t.created for t in tickets} == {DATES[name]}
    for ticket, question, (person, email) in zip(tickets, ASKED, PEOPLE, strict=True):
        assert question in ticket.body and ANSWER not in ticket.body
        assert email in ticket.requester or person in ticket.requester
        # the name the export gives, to redact: its own column(s), or the requester's field
        assert ticket.requester_name == person or person in ticket.requester
        assert ticket.subject == (f"Question {tickets.index(ticket)}" if layout.subject else "")
        text = to_ticket(ticket, salt).text
        assert question.split(",")[0][:20] in text
        for word in person.split():
            assert word not in text, (word, text)
    # A status, priority or owner column is never read as the message or the customer.
    assert all("Rosalind" not in t.body + t.requester + t.requester_name for t in tickets)


def test_a_conversation_over_several_rows_is_one_ticket(tmp_path: Path) -> None:
    """A chat log keyed by its session: the customer's messages of one session are joined in
    order at the first message's line; a different customer or a gap starts a new ticket."""
    path = tmp_path / "chats.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(["conversation_id", "author_type", "email", "created_at", "message"])
        out.writerows([
            ["c1", "user", "a@example.org", "2026-03-02 10:00", "Hello"],
            ["c1", "admin", "", "2026-03-02 10:01", "Hi, how can I help?"],
            ["c1", "user", "a@example.org", "2026-03-02 10:02", QUESTIONS[0]],
            ["c2", "user", "b@example.org", "2026-03-02 11:00", QUESTIONS[1]],
            ["c2", "user", "c@example.org", "2026-03-02 11:05", QUESTIONS[2]],
            ["c1", "user", "a@example.org", "2026-03-03 09:00", "Any news?"],
        ])  # fmt: skip
    rows = list(read_export(path))
    tickets = [r for r in rows if isinstance(r, RawTicket)]
    assert [(t.ticket_id, t.line, t.requester) for t in tickets] == [
        ("c1", 2, "a@example.org"),
        ("c2", 5, "b@example.org"),
        ("c2", 6, "c@example.org"),
        ("c1", 7, "a@example.org"),
    ]
    assert tickets[0].body == f"Hello\n\n{QUESTIONS[0]}"
    assert tickets[0].created is not None and tickets[0].created.minute == 0


def test_a_question_asked_in_full_is_not_joined_with_the_rows_after_it(tmp_path: Path) -> None:
    """One row per comment and no column saying who wrote it: the team's answer under the
    same ticket id and requester is not glued onto the customer's question."""
    question = (
        "Hi, I bought the Spring bundle last week and the download link in the email says it "
        "has expired. I have tried two browsers and cleared the cache. Can you send a new link "
        "please? Thanks"
    )
    path = tmp_path / "comments.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(["ticket_id", "requester", "created_at", "comment"])
        out.writerows([
            ["77", "a@example.org", "2026-03-02 10:00", question],
            ["77", "a@example.org", "2026-03-02 10:30", "Thanks for writing! Here's a new link."],
            ["78", "b@example.org", "2026-03-02 11:00", "Where is my order?"],
            ["78", "b@example.org", "2026-03-02 11:20", "It's on its way, here's the tracking."],
        ])  # fmt: skip
    tickets = [r for r in read_export(path) if isinstance(r, RawTicket)]
    assert [t.body for t in tickets if t.line in (2, 4)] == [question, "Where is my order?"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("06/12/2026 14:03", datetime(2026, 12, 6, 14, 3, tzinfo=UTC)),  # day first
        ("12/13/2026 2:03 PM", datetime(2026, 12, 13, 14, 3, tzinfo=UTC)),  # only month first
        ("Dec 6, 2026 2:03 PM", datetime(2026, 12, 6, 14, 3, tzinfo=UTC)),
        ("Dec 6, 2026, 2:03 AM", datetime(2026, 12, 6, 2, 3, tzinfo=UTC)),
        ("06 Dec 2026 02:03 PM", datetime(2026, 12, 6, 14, 3, tzinfo=UTC)),
        ("06/Dec/26 2:03 PM", datetime(2026, 12, 6, 14, 3, tzinfo=UTC)),
        ("2026-12-06 2:03 pm", datetime(2026, 12, 6, 14, 3, tzinfo=UTC)),
        ("1796565780000", datetime(2026, 12, 6, 14, 3, tzinfo=UTC)),  # epoch milliseconds
        ("Mon, 07 Dec 2026 09:00:00 +0100", datetime(2026, 12, 7, 8, 0, tzinfo=UTC)),
    ],
)
def test_date_forms_exports_write(text: str, expected: datetime) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize("container", ["csv", "ndjson"])
def test_a_name_split_over_columns_is_the_requesters_name(tmp_path: Path, container: str) -> None:
    records = [{"First Name": "Ottilie", "Last Name": "Fairweather", "Company Name": "Acme",
                "Email": "o.f@example.org", "Message": ASKED[0]}]  # fmt: skip
    path = tmp_path / f"form.{container}"
    if container == "csv":
        with path.open("w", newline="", encoding="utf-8") as fh:
            out = csv.DictWriter(fh, fieldnames=list(records[0]))
            out.writeheader()
            out.writerows(records)
    else:
        path.write_text(json.dumps(records[0]) + "\n", encoding="utf-8")
    (ticket,) = list(read_export(path))
    assert isinstance(ticket, RawTicket)
    assert ticket.requester_name == "Ottilie Fairweather"  # not the company's name


@pytest.mark.parametrize("container", ["csv", "xlsx"])
def test_an_export_writing_dates_month_first_is_read_so(tmp_path: Path, container: str) -> None:
    """A US export (12/6/2026 for 6 December) is told by its dates whose second number is
    above 12; an export with both kinds, or none, is read day first."""
    dates = ["12/6/2026 2:03 PM", "12/13/2026 9:00 AM", "1/5/2026 10:00 AM"]
    layout = LAYOUTS["wpforms"]
    us = replace(layout, rows=[[*r[:3], d, r[4]] for r, d in zip(layout.rows, dates, strict=True)])
    path = tmp_path / f"us.{container}"
    (write_csv if container == "csv" else write_xlsx)(us, path)
    created = [r.created for r in read_export(path) if isinstance(r, RawTicket)]
    assert [(d.month, d.day, d.hour) for d in created if d] == [
        (12, 6, 14),
        (12, 13, 9),
        (1, 5, 10),
    ]
    mixed = replace(us, rows=[*us.rows, [*us.rows[0][:3], "13/12/2026 9:00 AM", 104]])
    (write_csv if container == "csv" else write_xlsx)(mixed, path)
    created = [r.created for r in read_export(path) if isinstance(r, RawTicket)]
    assert [(d.month, d.day) for d in created if d] == [(6, 12), (12, 13), (5, 1), (12, 13)]
