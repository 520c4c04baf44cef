"""Ticket exports in the layouts of help desks and tools kbgen has no reader of its own for,
with the column names their exports use, written as CSV or as an Excel workbook.

Every layout holds the same three questions from invented customers, and where the export
carries them, the team's replies beside them. `EXPECTED` says what kbgen must read from each.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

PEOPLE = (
    ("Ottilie Fairweather", "ottilie.fairweather@example.org"),
    ("Casimir Lindqvist", "casimir.lindqvist@example.net"),
    ("Perpetua Haverkamp", "perpetua.haverkamp@example.com"),
)
QUESTIONS = (
    "I was charged twice for my order, can you refund one?",
    "My password is not accepted when I log in",
    "The download link says it expired before I could use it",
)
# Each message also names its customer mid-sentence, where only the export's own name field
# (or a requester field holding the name) can tell kbgen to redact it.
ABOUT = " The account is in the name {name}."
REPLY = "Thanks for reaching out, we are looking into it and will get back to you"
WHEN = datetime(2026, 12, 6, 14, 3, tzinfo=UTC)


def ask(question: str, name: str) -> str:
    return question + ABOUT.format(name=name)


@dataclass(frozen=True)
class Layout:
    """One export layout: its header, one row per (question, person), and the team's rows."""

    name: str
    header: list[str]
    rows: list[list[object]]
    team_rows: int = 0
    subject: bool = True  # whether the layout has a subject column
    ids: tuple[str, ...] = ("101", "102", "103")  # as the help desk shows them; () for none


def _hubspot() -> Layout:
    header = ["Ticket ID", "Ticket name", "Ticket description", "Ticket status", "Priority",
              "Pipeline", "Create date", "Associated Contact", "Ticket owner"]  # fmt: skip
    rows = [
        [101 + i, f"Question {i}", ask(q, name), "Waiting on contact", "HIGH", "Support pipeline",
         "2026-12-06 14:03", f"{name} ({email})", "Rosalind Achterberg"]
        for i, (q, (name, email)) in enumerate(zip(QUESTIONS, PEOPLE, strict=True))
    ]  # fmt: skip
    return Layout("hubspot", header, rows)


def _zoho() -> Layout:
    header = ["Ticket Id", "Subject", "Description", "Status", "Priority", "Contact Name",
              "Email", "Created Time", "Ticket Owner"]  # fmt: skip
    rows = [
        [f"{101 + i}", f"Question {i}", ask(q, name), "Open", "High", name, email,
         "06 Dec 2026 02:03 PM", "Rosalind Achterberg"]
        for i, (q, (name, email)) in enumerate(zip(QUESTIONS, PEOPLE, strict=True))
    ]  # fmt: skip
    return Layout("zoho", header, rows)


def _salesforce() -> Layout:
    header = ["Case Number", "Subject", "Description", "Status", "Priority", "Case Origin",
              "Contact Name", "Web Email", "Date/Time Opened", "Case Owner"]  # fmt: skip
    rows = [
        [f"{101 + i:08d}", f"Question {i}", ask(q, name), "New", "Medium", "Web", name, email,
         "Dec 6, 2026 2:03 PM", "Rosalind Achterberg"]
        for i, (q, (name, email)) in enumerate(zip(QUESTIONS, PEOPLE, strict=True))
    ]  # fmt: skip
    return Layout("salesforce", header, rows, ids=("00000101", "00000102", "00000103"))


def _jira() -> Layout:
    header = ["Summary", "Issue key", "Issue id", "Issue Type", "Status", "Priority",
              "Assignee", "Reporter", "Created", "Description"]  # fmt: skip
    rows = [
        [f"Question {i}", f"SUP-{101 + i}", 10001 + i, "Get IT help", "Waiting for support",
         "Medium", "Rosalind Achterberg", name, "06/Dec/26 2:03 PM", ask(q, name)]
        for i, (q, (name, _email)) in enumerate(zip(QUESTIONS, PEOPLE, strict=True))
    ]  # fmt: skip
    return Layout("jira", header, rows, ids=("SUP-101", "SUP-102", "SUP-103"))


def _chat() -> Layout:
    """A chat log (Crisp, LiveChat, Tawk.to shape): one row per message, keyed by the session;
    each customer says hello, the operator answers, then the customer asks."""
    header = ["session_id", "from", "nickname", "email", "content", "timestamp"]
    ms = int(WHEN.timestamp() * 1000)
    rows: list[list[object]] = []
    for i, (q, (name, email)) in enumerate(zip(QUESTIONS, PEOPLE, strict=True)):
        session = f"{101 + i}"
        rows.append([session, "user", name, email, "Hello", ms])
        rows.append([session, "operator", "Rosalind", "", "Hi! How can I help?", ms + 1000])
        rows.append([session, "user", name, email, ask(q, name), ms + 2000])
        rows.append([session, "operator", "Rosalind", "", REPLY, ms + 3000])
    return Layout("chat", header, rows, team_rows=6, subject=False)


def _front() -> Layout:
    """A shared-inbox message export (Front shape): HTML bodies, inbound and outbound rows."""
    header = ["Conversation ID", "Message ID", "Direction", "From", "Subject", "Body",
              "Created at"]  # fmt: skip
    rows: list[list[object]] = []
    for i, (q, (name, email)) in enumerate(zip(QUESTIONS, PEOPLE, strict=True)):
        rows.append([f"{101 + i}", f"msg_{i}a", "Inbound", f"{name} <{email}>", f"Question {i}",
                     f"<div><p>{ask(q, name)}</p></div>", "2026-12-06T14:03:00Z"])  # fmt: skip
        rows.append([f"{101 + i}", f"msg_{i}b", "Outbound", "help@shop.example",
                     f"Re: Question {i}", f"<p>{REPLY}</p>", "2026-12-06T15:00:00Z"])  # fmt: skip
    return Layout("front", header, rows, team_rows=3)


def _contact_form() -> Layout:
    """A website contact form's entries (Contact Form 7 through Flamingo/CFDB)."""
    header = ["your-name", "your-email", "your-subject", "your-message", "Submitted", "Status"]
    rows = [
        [name, email, f"Question {i}", ask(q, name), "2026-12-06 14:03:00", "read"]
        for i, (q, (name, email)) in enumerate(zip(QUESTIONS, PEOPLE, strict=True))
    ]
    return Layout("contact-form", header, rows, ids=())  # no id: kbgen makes one


def _wpforms() -> Layout:
    header = ["Name", "Email", "Message", "Date", "Entry ID"]
    rows = [
        [name, email, ask(q, name), "12/13/2026 2:03 pm", 101 + i]
        for i, (q, (name, email)) in enumerate(zip(QUESTIONS, PEOPLE, strict=True))
    ]
    return Layout("wpforms", header, rows, subject=False)


def _woocommerce() -> Layout:
    """A shop's order export with the note the customer left at checkout; the name is split
    over two columns."""
    header = ["Order ID", "Order Date", "Order Status", "Billing First Name", "Billing Last Name",
              "Billing Email", "Order Total", "Customer Note"]  # fmt: skip
    rows = [
        [101 + i, "2026-12-06 14:03", "processing", *name.split(), email, "49.00",
         ask(q, name)]
        for i, (q, (name, email)) in enumerate(zip(QUESTIONS, PEOPLE, strict=True))
    ]  # fmt: skip
    return Layout("woocommerce", header, rows, subject=False)


LAYOUTS = {
    layout.name: layout
    for layout in (
        _hubspot(),
        _zoho(),
        _salesforce(),
        _jira(),
        _chat(),
        _front(),
        _contact_form(),
        _wpforms(),
        _woocommerce(),
    )
}
# The date each layout's rows were created, as kbgen must read it (the WPForms layout writes
# a date that can only be month-first: 13 December).
DATES = {name: WHEN for name in LAYOUTS} | {"wpforms": datetime(2026, 12, 13, 14, 3, tzinfo=UTC)}


def write_csv(layout: Layout, path: Path) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(layout.header)
        out.writerows(layout.rows)
    return path


def write_xlsx(layout: Layout, path: Path, title_rows: int = 0) -> Path:
    """The layout as an Excel workbook, below `title_rows` lines of a report's title."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    for n in range(title_rows):
        sheet.append([f"{layout.name} report" if n == 0 else None])
    sheet.append(layout.header)
    for row in layout.rows:
        sheet.append(row)
    book.save(path)
    return path
