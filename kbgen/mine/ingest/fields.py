"""What every reader shares: the five fields we read, dates, stable ids, and building RawTicket."""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from kbgen.mine.model import FollowUp, RawTicket, Rejected, Requester, TeamReply

FIELDS: tuple[str, ...] = ("id", "created", "requester", "subject", "body")

# Generic column names, normalised (see `norm`), in order of preference. Vendor readers put
# their documented names first and fall back to these.
# fmt: off
GENERIC: dict[str, tuple[str, ...]] = {
    "id": (
        "id", "ticketid", "ticket", "ticketnumber", "conversationid", "caseid", "casenumber",
        "issuekey", "requestid", "chatid", "threadid", "sessionid", "number", "ref", "messageid",
        "tweetid", "postid", "entryid", "submissionid", "orderid", "ordernumber",
    ),
    "created": (
        "created", "createdat", "createdtime", "createddate", "createddatetime", "createdon",
        "createdate", "date", "datecreated", "datetimeopened", "dateopened", "opened",
        "openeddate", "timestamp", "time", "submitted", "submittedat", "submissiondate",
        "datesubmitted", "received", "sent", "entrydate", "orderdate",
    ),
    "requester": (
        "email", "requesteremail", "customeremail", "contactemail", "fromemail", "webemail",
        "suppliedemail", "reporteremail", "visitoremail", "useremail", "emailaddress",
        "youremail", "billingemail", "from", "requester", "customer", "contact",
        "associatedcontact", "reporter", "requesterid", "customerid", "contactid", "visitorid",
        "user", "userid", "author", "authorid", "sender", "senderid", "name",
    ),
    "subject": ("subject", "title", "topic", "summary", "ticketname"),
    "body": (
        "body", "description", "descriptiontext", "message", "text", "content", "question",
        "firstmessage", "comment", "details", "preview", "inquiry", "enquiry", "customernote",
    ),
}
# fmt: on

# A column named for its record as well ("Ticket Subject", "Case Description", "Ticket Created
# At") is the same field: tried after the plain names.
QUALIFIERS: tuple[str, ...] = (
    "ticket", "case", "conversation", "request", "issue", "message", "customer", "initial",
    "first", "original", "your", "chat",
)  # fmt: skip
# Only for these: a "Customer ID" beside an email column is no ticket id.
QUALIFIED_FIELDS: tuple[str, ...] = ("created", "subject", "body")

# Who wrote a row, where an export holds the team's replies beside the customers' messages
# (a social inbox, a chat log): columns whose value is true for the team's rows, true for the
# customers' rows, or names the kind of author.
_TEAM_IF_TRUE = frozenset(
    "fromagent isagent fromstaff isstaff fromadmin isadmin fromteam isteam isoutbound outbound "
    "fromcompany isfromcompany frombusiness isbusiness fromsupport".split()
)
_TEAM_IF_FALSE = frozenset(
    "inbound isinbound incoming isincoming fromcustomer isfromcustomer iscustomer".split()
)
_AUTHOR_KIND = frozenset(
    "direction messagedirection authortype sendertype fromtype usertype role authorrole "
    "senderrole createdbytype actortype participanttype speakertype".split()
)
# Columns that may name the kind of author (a chat log's "from": "user" or "operator") or may
# hold the author's address: tried after the columns above, and only when not read as a field.
_AUTHOR_MAYBE = frozenset("from sender author speaker writtenby".split())
_TEAM_KINDS = frozenset(
    "outbound outgoing out sent agent humanagent admin administrator staff team operator bot "
    "chatbot assistant system automation support company business brand employee internal".split()
)
_TRUE = frozenset({"true", "1", "yes", "y", "t"})
_FALSE = frozenset({"false", "0", "no", "n", "f"})

_NOT_ALNUM = re.compile(r"[^0-9a-z]+")
# Columns (or keys) holding the customer's name, so it can be redacted from their ticket.
NAME_COLUMNS: tuple[str, ...] = (
    "requestername", "customername", "contactname", "fullname", "name", "fromname",
    "sendername", "authorname", "username", "webname", "suppliedname", "visitorname",
    "reportername", "yourname", "nickname", "requester", "customer", "contact", "associatedcontact",
    "reporter", "from",
)  # fmt: skip


# A part of a name split over columns, in its normalised form, perhaps named for its record.
_NAME_PART = re.compile(
    r"(?:customer|contact|requester|billing|shipping|your|user|visitor|sender)?"
    r"(?:first|last|given|family|middle|sur)name|name(?:first|last|middle)|surname"
)


def norm(name: str) -> str:
    """Column names compared loosely: "Requester email" == "requester_email" == "RequesterEmail"."""
    return _NOT_ALNUM.sub("", name.lower())


def merge(vendor: Mapping[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    """A vendor's documented names first, then the generic guesses."""
    return {f: tuple(norm(c) for c in vendor.get(f, ())) + GENERIC[f] for f in FIELDS}


def _by_norm(headers: Iterable[str | None]) -> dict[str, str]:
    """Each header by its `norm` form (the first of headers that normalise alike)."""
    by_norm: dict[str, str] = {}
    for h in headers:
        if h is not None:
            by_norm.setdefault(norm(h), h)
    return by_norm


def resolve_columns(
    headers: Iterable[str],
    candidates: Mapping[str, tuple[str, ...]],
    mapping: Mapping[str, str] | None,
    where: str,
) -> dict[str, str]:
    """Pick the column for each field: the user's mapping wins, then the first candidate present.

    Returns field -> actual header name. Raises ValueError when a mapped column is missing or
    when neither a subject nor a body column can be found, naming the columns that exist.
    """
    headers = [h for h in headers if h is not None]
    by_norm = _by_norm(headers)
    chosen: dict[str, str] = {}
    for field, column in (mapping or {}).items():
        if field not in FIELDS:
            raise ValueError(f"unknown field {field!r} in the column mapping; use one of {FIELDS}")
        actual = column if column in headers else by_norm.get(norm(column))
        if actual is None:
            raise ValueError(
                f"{where}: mapped column {column!r} (for {field}) is not in the export; "
                f"columns are: {', '.join(headers)}"
            )
        chosen[field] = actual
    guess_columns(headers, candidates, chosen)
    if "subject" not in chosen and "body" not in chosen:
        raise ValueError(
            f"{where}: found no message column (tried body, description, message, text, subject); "
            f"columns are: {', '.join(headers)}. Map one with --map body=<column>"
        )
    return chosen


def guess_columns(
    headers: Iterable[str], candidates: Mapping[str, tuple[str, ...]], chosen: dict[str, str]
) -> dict[str, str]:
    """Fill in `chosen` (field -> column) the fields it lacks, each from the first of its
    candidate names the headers have, then from a name qualified by its record ("Ticket
    Subject"); a column already chosen is not chosen again. Returns `chosen`."""
    by_norm = _by_norm(headers)
    taken = set(chosen.values())
    for names, fields in (
        (lambda cand: (cand,), FIELDS),
        (lambda cand: tuple(q + cand for q in QUALIFIERS), QUALIFIED_FIELDS),
    ):
        for field in fields:
            if field in chosen:
                continue
            for cand in candidates[field]:
                actual = next((by_norm[n] for n in names(cand) if n in by_norm), None)
                if actual is not None and actual not in taken:
                    chosen[field] = actual
                    taken.add(actual)
                    break
    return chosen


def looks_like_header(
    names: Sequence[str],
    candidates: Mapping[str, tuple[str, ...]],
    mapping: Mapping[str, str] | None = None,
) -> bool:
    """Whether a row is a header: two names or more, among them every mapped column or else a
    message column (subject or body). A report's title lines above the header are not."""
    if sum(1 for n in names if n and n.strip()) < 2:
        return False
    if mapping:
        present = {norm(n) for n in names if n}
        return all(norm(column) in present for column in mapping.values())
    chosen = guess_columns([n for n in names if n], candidates, {})
    return "subject" in chosen or "body" in chosen


def name_columns(headers: Iterable[str], chosen: Mapping[str, str]) -> list[str]:
    """The columns with the requester's name, among those not already read for a field: one
    full-name column, else the parts of a name split over columns ("First Name", "Last Name";
    "Billing First Name"; "Name (First)"), in the export's order."""
    taken = set(chosen.values())
    by_norm = _by_norm(headers)
    for cand in NAME_COLUMNS:
        actual = by_norm.get(cand)
        if actual is not None and actual not in taken:
            return [actual]
    return [h for n, h in by_norm.items() if h not in taken and _NAME_PART.fullmatch(n)]


@dataclass(frozen=True)
class AuthorColumn:
    """The column that tells the team's rows from the customers' (`author_column`)."""

    name: str  # as the export spells it
    rule: str  # "team-if-true", "team-if-false" or "kind"

    def team_wrote(self, value: object) -> bool:
        """Whether a row with this value in the column was written by the team. A value
        the column's rule does not know (empty, "unknown") counts as a customer's."""
        text = ("true" if value else "false") if isinstance(value, bool) else text_of(value)
        text = text.lower()
        if self.rule == "team-if-true":
            return text in _TRUE
        if self.rule == "team-if-false":
            return text in _FALSE
        return norm(text) in _TEAM_KINDS

    def reason(self, value: object) -> str:
        return f"written by your team ({self.name}: {text_of(value)}), not a customer"


def author_column(headers: Iterable[str], chosen: Mapping[str, str]) -> AuthorColumn | None:
    """The column saying who wrote each row, among those not read for a field, or None."""
    taken = set(chosen.values())
    maybe = None
    for h in headers:
        if h is None or h in taken:
            continue
        key = norm(h)
        if key in _TEAM_IF_TRUE:
            return AuthorColumn(h, "team-if-true")
        if key in _TEAM_IF_FALSE:
            return AuthorColumn(h, "team-if-false")
        if key in _AUTHOR_KIND:
            return AuthorColumn(h, "kind")
        if key in _AUTHOR_MAYBE and maybe is None:
            maybe = AuthorColumn(h, "kind")
    return maybe


# Columns naming the message a row answers: a social inbox's "in_response_to_tweet_id", a mail
# export's "In-Reply-To".
_REPLY_TO = frozenset(
    "inresponseto inresponsetoid inresponsetotweetid inresponsetomessageid inresponsetostatusid "
    "inreplyto inreplytoid inreplytotweetid inreplytomessageid inreplytostatusid".split()
)
_WHOLE_FLOAT = re.compile(r"(\d+)\.0+")


def id_key(value: object) -> str:
    """An id as another column may write it: "2.0" (a float column) is "2"."""
    text = text_of(value)
    whole = _WHOLE_FLOAT.fullmatch(text)
    return whole.group(1) if whole else text


@dataclass
class Conversation:
    """Who wrote each row of an export that holds whole conversations, and what it answers.
    The team's replies are left out (`author`), and so is a customer's answer to one of them
    (`reply`: the column naming the message a row answers): "I did that, still nothing" asks
    no new question. Only an answer to the team's own message counts as one: a reply to the
    customer's own message, to a post of the brand's or to a mail not in the export may be
    where the question is asked."""

    author: AuthorColumn | None
    reply: str | None = None  # the reply column, when there is also an author column
    # The ids of the team's rows read so far.
    team_ids: set[str] = dataclasses.field(default_factory=set)

    @classmethod
    def of(cls, headers: Sequence[str], chosen: Mapping[str, str]) -> Conversation:
        author = author_column(headers, chosen)
        taken = set(chosen.values())
        reply = next(
            (h for h in headers if h is not None and h not in taken and norm(h) in _REPLY_TO),
            None,
        )
        return cls(author, reply if author is not None else None)

    def left_out(
        self, where: str, line: int, row_id: object, author: object, answers: object
    ) -> Rejected | None:
        """The row as a TeamReply or FollowUp when it is one, else None."""
        if self.author is not None and self.author.team_wrote(author):
            if self.reply is not None and (key := id_key(row_id)):
                self.team_ids.add(key)
            return TeamReply(where, line, self.author.reason(author))
        if self.reply is not None and self.team_ids and (key := id_key(answers)):
            if key not in self.team_ids:
                return None
            reason = f"a customer's answer to your team's reply ({self.reply}: {text_of(answers)})"
            return FollowUp(where, line, reason + ", not a new question")
        return None


_NAME_THEN_REF = re.compile(r"([^\W\d_][^()<>@\d]*?)\s*\([^()]*\)")
_12_HOUR = re.compile(r"\d\s*[AaPp]\.?[Mm]\.?$")
_SPACE_BEFORE_OFFSET = re.compile(r"\s+(?=[+-]\d{2}:?\d{2}$)")
# fmt: off
_FORMATS = (
    "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y", "%d.%m.%Y %H:%M", "%d.%m.%Y",
    "%b %d, %Y %I:%M %p", "%b %d, %Y, %I:%M %p", "%b %d, %Y %H:%M", "%b %d, %Y",
    "%d %b %Y %H:%M", "%d %b %Y %I:%M %p", "%d %b %Y", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d",
    "%B %d, %Y %H:%M", "%B %d, %Y %I:%M %p", "%B %d, %Y", "%d %B %Y %H:%M", "%d %B %Y",
    "%Y-%m-%d %I:%M %p", "%Y-%m-%d %I:%M:%S %p",
    "%d/%b/%y %I:%M %p", "%d/%b/%Y %I:%M %p", "%d/%b/%y %H:%M", "%d-%b-%Y %H:%M", "%d-%b-%Y",
    # 12-hour slash dates, day first as above, then month first (US) when the day cannot be
    # first ("12/13/2026 2:03 PM")
    "%d/%m/%Y %I:%M %p", "%d/%m/%Y %I:%M:%S %p", "%d/%m/%Y, %I:%M %p",
    "%m/%d/%Y %I:%M %p", "%m/%d/%Y %I:%M:%S %p", "%m/%d/%Y, %I:%M %p",
    "%m/%d/%Y %H:%M:%S", "%m/%d/%Y %H:%M", "%m/%d/%Y",
)
# fmt: on


DATE_SAMPLE = 2000  # rows looked at to tell whether an export writes slash dates month first
_SLASH_DATE = re.compile(r"\s*(\d{1,2})/(\d{1,2})/(?=\d{2,4}\b)")


def slash_order(values: Iterable[object]) -> bool:
    """Whether an export writes its slash dates month first (12/13/2026), from a sample of its
    date column: some date whose second number is above 12 and none whose first is."""
    month_first = day_first = False
    for value in values:
        match = _SLASH_DATE.match(value) if isinstance(value, str) else None
        if match:
            day_first = day_first or int(match.group(1)) > 12
            month_first = month_first or int(match.group(2)) > 12
    return month_first and not day_first


def parse_date(value: object, month_first: bool = False) -> datetime | None:
    """Read the date forms help desks export; always returns an aware UTC datetime.

    Raises ValueError for a value that is present but unreadable. Unix timestamps in seconds
    (Intercom) or milliseconds are accepted. Slash dates are read day-first (dd/mm/yyyy), and
    month-first when the export writes them so (`month_first`, see `slash_order`) or when the
    day cannot come first (12/13/2026).
    """
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError(f"not a date: {value!r}")
    if isinstance(value, int | float):
        seconds = value / 1000 if value > 1e11 else value
        return datetime.fromtimestamp(seconds, UTC)
    text = str(value).strip()
    if not text:
        return None
    try:
        dt = datetime.fromisoformat(text)
    except ValueError:
        dt = _parse_slow(text, month_first)
    if dt.tzinfo is None:
        return dt.replace(tzinfo=UTC)
    return dt.astimezone(UTC)


def _parse_slow(text: str, month_first: bool = False) -> datetime:
    if month_first:  # "12/6/2026" -> "6/12/2026", then read day first as any other
        text = _SLASH_DATE.sub(r"\2/\1/", text, count=1)
    if text.isdigit():
        return parse_date(int(text))  # type: ignore[return-value]
    try:
        return datetime.fromisoformat(_SPACE_BEFORE_OFFSET.sub("", text.replace(" UTC", "")))
    except ValueError:
        pass
    if not _12_HOUR.search(text):  # the mail-date parser would drop a "PM"
        try:
            return parsedate_to_datetime(text)  # RFC 2822, as in mail headers
        except (TypeError, ValueError, IndexError):
            pass
    for fmt in _FORMATS:
        try:
            return datetime.strptime(text, fmt)
        except ValueError:
            continue
    raise ValueError(f"unreadable date {text!r}")


def stable_id(*parts: str) -> str:
    """An id for a ticket that has none: the same content always gets the same id."""
    digest = hashlib.blake2b("\x1f".join(parts).encode("utf-8", "replace"), digest_size=8)
    return "h-" + digest.hexdigest()


def text_of(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    return str(value).strip()


def make_raw(
    source: str,
    line: int,
    ticket_id: object,
    created: object,
    requester: object,
    subject: object,
    body: object,
    where: str = "",
    name: object = None,
    month_first: bool = False,
) -> RawTicket | Rejected:
    """Build a RawTicket, or a Rejected saying why the row cannot be used.

    `name` (or a `Requester` given as `requester`) is the customer's name, kept so that it
    can be redacted from their ticket. `month_first`: the export writes 12/6/2026 for 6 Dec.

    A ticket without an id but with text gets a stable id derived from its content, so
    re-importing it still does not double-count; a ticket with no text at all is rejected.
    """
    subject_s = text_of(subject)
    body_s = text_of(body)
    if not subject_s and not body_s:
        return Rejected(where or source, line, "no subject or message text")
    try:
        when = parse_date(created, month_first)
    except (ValueError, OverflowError, OSError) as exc:
        return Rejected(where or source, line, str(exc))
    if isinstance(requester, Requester):
        name = name or requester.name
        requester = requester.key
    if isinstance(name, Mapping):  # {"first": ..., "last": ...}
        name = " ".join(text_of(v) for v in name.values() if isinstance(v, str))
    requester_s = text_of(requester)
    name_s = text_of(name)
    if not name_s and "(" in requester_s:  # "Anna Smith (anna@example.com)", as CRMs export it
        match = _NAME_THEN_REF.fullmatch(requester_s)
        name_s = match.group(1) if match else ""
    tid = text_of(ticket_id)
    if not tid:
        tid = stable_id(when.isoformat() if when else "", requester_s, subject_s, body_s)
    return RawTicket(source, tid, line, when, requester_s, subject_s, body_s, name_s)
