"""A ticket as kbgen keeps it: a RawTicket from an export cleaned (HTML to text, quoted
replies and signatures off), its people's names found, every piece of personal data
redacted (kbgen/mine/redact.py), and its requester replaced by a salted hash that counts
customers without naming them.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from email.utils import parseaddr
from functools import lru_cache

from kbgen.mine.clean import clean_body, html_to_text, looks_like_html
from kbgen.mine.entities import decode_entities
from kbgen.mine.model import RawTicket, Ticket
from kbgen.mine.redact import field_names, redact, requester_names, signature_names


def normalise_requester(requester: str) -> str:
    """One customer, one key: "Anna <ANNA@Example.com>" and "anna@example.com" match."""
    value = requester.strip()
    if "<" in value and "@" in value:
        value = parseaddr(value)[1] or value
    return value.lower()


def customer_key(requester: str, salt: str) -> str:
    """A salted hash (16 hex characters) of the requester: counts customers, names no one."""
    h = hashlib.blake2b(normalise_requester(requester).encode(), digest_size=8, key=salt.encode())
    return h.hexdigest()


# Customers write again and again: their keys are worked out once per process.
_cached_key = lru_cache(maxsize=1 << 16)(customer_key)


def to_ticket(raw: RawTicket, salt: str) -> Ticket:
    """Clean and redact a RawTicket; Ticket.text is "subject. body" (subject dropped when the
    body already starts with it). The requester's name and the names the message signs with
    are redacted wherever they appear in it."""
    return Ticket(*ticket_fields(raw, salt))


TicketFields = tuple[str, str, datetime | None, str, str]  # Ticket's fields before its language


def ticket_fields(raw: RawTicket, salt: str) -> TicketFields:
    """What `to_ticket` makes, as a tuple: for the workers, which send tuples back (making
    a frozen dataclass costs about as much as pickling it)."""
    subject = " ".join(raw.subject.split())
    body = raw.body
    if body and looks_like_html(body):
        body = html_to_text(body)  # decodes character references too
    elif "&" in body:
        body = decode_entities(body)  # plain text with "anna&#64;example.org" or "can&#39;t"
    if "&" in subject:
        subject = decode_entities(subject)
    names = requester_names(raw.requester_name, raw.requester)
    if body and "\n" in body:
        signed = signature_names(body) | field_names(body)
        if signed:
            names = names | signed
    body = clean_body(body, html=False)
    if subject and not body.lower().startswith(subject.lower()):
        sep = "" if subject[-1] in ".?!:" else "."
        text = f"{subject}{sep} {body}" if body else subject
    else:
        text = body
    who = raw.requester or f"{raw.source}/{raw.ticket_id}"  # unknown: count it as its own customer
    return raw.source, raw.ticket_id, raw.created, _cached_key(who, salt), redact(text, names)
