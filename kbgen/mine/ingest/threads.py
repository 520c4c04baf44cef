"""One conversation exported over several rows: a chat log or a message export (Front, Crisp,
LiveChat, Tawk.to, a social inbox) writes a row per message, keyed by the conversation's id.

Consecutive rows with the same ticket id and the same customer are one question told in
several messages ("Hi", "my order has not arrived", "it was order 1234"): they are joined into
one ticket, in their order, at the first row's line and date, while what is joined asks
nothing yet (short, no question mark: `_still_opening`). Otherwise the store would keep one
message of each conversation, whichever came first, and count the rest as already there. A
first message that asks its question is the ticket: what follows it under the same id may be
the team's answer in an export that does not say who wrote each row (one row per comment).
Rows of the team between them are passed on (and left out) as they come. Rows that repeat a
ticket exactly are passed on too, so that re-imports are still counted as such.
"""

from __future__ import annotations

from collections.abc import Iterator

from kbgen.mine.model import RawTicket, Rejected

Row = RawTicket | Rejected

JOIN_BELOW = 100  # characters: a conversation's opening messages are greetings and fragments


def join_conversations(rows: Iterator[Row]) -> Iterator[Row]:
    """The rows, with consecutive messages of one conversation joined into one ticket."""
    held: RawTicket | None = None
    for row in rows:
        if isinstance(row, RawTicket):
            if (
                held is not None
                and _still_opening(held.body)
                and row.ticket_id == held.ticket_id
                and row.requester == held.requester
                and row.body != held.body
            ):
                held = held._replace(
                    body=f"{held.body}\n\n{row.body}" if held.body else row.body,
                    subject=held.subject or row.subject,
                    requester_name=held.requester_name or row.requester_name,
                )
                continue
            if held is not None:
                yield held
            held = row
        else:
            yield row  # a rejected row or the team's reply: the conversation goes on
    if held is not None:
        yield held


def _still_opening(body: str) -> bool:
    return len(body) < JOIN_BELOW and "?" not in body
