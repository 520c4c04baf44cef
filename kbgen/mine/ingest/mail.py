"""A mailbox: one `.mbox` file, or a folder of `.eml` files (or a single `.eml`)."""

from __future__ import annotations

import email
import mailbox
from collections.abc import Iterator, Mapping
from email.message import EmailMessage
from email.policy import default as default_policy
from email.utils import parseaddr
from pathlib import Path

from kbgen.mine.ingest.fields import make_raw
from kbgen.mine.ingest.tabular import Row
from kbgen.mine.model import Rejected


def _ids(value: str | None) -> list[str]:
    return [part.strip("<>") for part in (value or "").split() if "@" in part]


def _raw_header(msg: EmailMessage, name: str) -> str:
    return next((str(v).strip() for k, v in msg.raw_items() if k.lower() == name), "")


def _body(msg: EmailMessage) -> str:
    part = msg.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    try:
        return part.get_content()
    except (LookupError, UnicodeError):  # unknown charset: read it as Windows-1252
        payload = part.get_payload(decode=True)
        return payload.decode("cp1252", "replace") if isinstance(payload, bytes) else ""


def _messages(path: Path) -> Iterator[tuple[int, str, bytes]]:
    """(message number, where to report it, raw bytes), in mailbox or file-name order."""
    if path.is_dir() or path.suffix.lower() == ".eml":
        files = sorted(path.glob("*.eml")) if path.is_dir() else [path]
        for n, file in enumerate(files, 1):
            yield n, str(file), file.read_bytes()
        return
    box = mailbox.mbox(path, create=False)
    try:
        for n, key in enumerate(box.iterkeys(), 1):
            yield n, str(path), box.get_bytes(key)
    finally:
        box.close()


def read(path: Path, mapping: Mapping[str, str] | None, source: str) -> Iterator[Row]:
    """Each message that starts a thread is a ticket; replies within the mailbox are reported
    as Rejected (they continue a question already counted), so nothing is dropped unseen."""
    seen: dict[str, int] = {}
    for n, where, data in _messages(path):
        line = n if where == str(path) else 1
        try:
            msg = email.message_from_bytes(data, policy=default_policy)
            message_id = (_ids(str(msg.get("message-id", ""))) or [""])[0]
            earlier = [seen[i] for i in _ids(str(msg.get("in-reply-to", ""))) if i in seen]
            earlier += [seen[i] for i in _ids(str(msg.get("references", ""))) if i in seen]
            if message_id:
                seen.setdefault(message_id, n)
            if earlier:
                yield Rejected(
                    where, line, f"message {n} replies to message {earlier[0]}: not a new question"
                )
                continue
            sender = str(msg.get("from", ""))
            row = make_raw(
                source,
                n,
                message_id,
                _raw_header(msg, "date"),  # the parsed header hides an unreadable date
                parseaddr(sender)[1] or sender,
                str(msg.get("subject", "")),
                _body(msg),
                where,
                name=parseaddr(sender)[0],
            )
        except (ValueError, LookupError, UnicodeError, TypeError, IndexError) as exc:
            row = Rejected(where, line, f"message {n} cannot be read: {exc}")
        if isinstance(row, Rejected) and row.line != line:
            row = Rejected(row.source, line, row.reason)
        yield row
