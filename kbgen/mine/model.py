"""Typed data passed between the mining stages."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple


class RawTicket(NamedTuple):
    """A ticket as read from an export: still holds personal data. Never stored or written.

    A named tuple, not a frozen dataclass: a million of them are made, and sent to the
    redaction workers, per million tickets, and a tuple is made (and pickled) in a third of
    the time."""

    source: str  # the export's format and file name, e.g. "zendesk:tickets.json"
    ticket_id: str  # the help desk's own id (unique within a source)
    line: int  # line (or message number) in the export, for error reports
    created: datetime | None
    requester: str  # email address or help-desk user id: identifies a customer
    subject: str
    body: str  # the customer's first message, possibly HTML
    requester_name: str = ""  # the customer's name as the export gives it: redacted from the text


@dataclass(frozen=True)
class Requester:
    """Who wrote a ticket, as a reader's extractor hands it on: the key that counts the
    customer (email address or help-desk id) and their name (redacted from the ticket)."""

    key: object
    name: str = ""

    @classmethod
    def of(cls, key: object, *names: object) -> Requester | object:
        """A Requester when a name is known, else the key alone."""
        name = " ".join(str(n).strip() for n in names if isinstance(n, str) and n.strip())
        return cls(key, name) if name else key


@dataclass(frozen=True)
class Rejected:
    """A row or message that could not be read; written to rejected.csv, never dropped."""

    source: str
    line: int
    reason: str


@dataclass(frozen=True)
class TeamReply(Rejected):
    """A row the shop's own team wrote: a reply exported beside the customers' messages (a
    social inbox, a chat log). Not an error and not a question: counted, never grouped."""


@dataclass(frozen=True)
class FollowUp(Rejected):
    """A customer's message that answers another in a conversation (a social inbox's "in
    response to" column names it): "I tried that, still nothing", "it's an iPhone 8". Its
    question was asked in the message that opened the conversation; counted, never grouped."""


@dataclass(frozen=True)
class Ticket:
    """A cleaned and redacted ticket: safe to store and to show in reports."""

    source: str
    ticket_id: str
    created: datetime | None
    customer: str  # salted hash of the requester, so distinct customers can be counted
    text: str  # redacted subject + cleaned body
    lang: str = ""  # the language the customer wrote in ("de"); "" when not told yet


@dataclass(frozen=True)
class Cluster:
    """A recurring question: tickets that ask the same thing."""

    id: int
    label: str  # a representative customer question (redacted)
    ticket_ids: tuple[str, ...]  # "source/ticket_id" keys
    tickets: int
    customers: int
    first_seen: datetime | None
    last_seen: datetime | None
    weekly: dict[str, int] = field(default_factory=dict)  # ISO week "2026-W14" -> tickets
    examples: tuple[str, ...] = ()  # two or three redacted example texts
    article: str | None = None  # matched article slug
    match_score: float = 0.0
    status: str = "gap"  # "covered" | "unfindable" | "gap"
    lang: str = ""  # the language its tickets are written in ("de")
    # A gap in its language that an article in another language answers ("answered in
    # English only"): that language and the article's slug.
    answered_in: str = ""
    answered_by: str | None = None
    # A gap whose likeliest article fell short of the bar but may answer it (right about two
    # times in three, bench/mine_match.py): the owner checks it before writing a new one.
    maybe_answered_by: str | None = None
