"""Intercom: conversations JSON (`{"type": "conversation.list", "conversations": [...]}`)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from kbgen.mine.ingest.fields import merge
from kbgen.mine.ingest.tabular import Extractor, Row, read_tabular
from kbgen.mine.model import Requester

CANDIDATES = merge(
    {
        "id": ("id",),
        "created": ("created_at",),
        "requester": ("source.author.email",),
        "subject": ("title", "source.subject"),
        "body": ("source.body",),
    }
)


def _first_user_part(conv: Mapping[str, Any]) -> tuple[str | None, Mapping[str, Any]]:
    parts = conv.get("conversation_parts") or {}
    if isinstance(parts, Mapping):
        parts = parts.get("conversation_parts") or []
    for part in parts:
        author = part.get("author") or {} if isinstance(part, Mapping) else {}
        if author.get("type") in ("user", "lead", "contact") and part.get("body"):
            return part.get("body"), author
    return None, {}


def extractor(doc: Any) -> Extractor:
    def extract(c: dict[str, Any]) -> tuple[object, object, object, object, object]:
        source = c.get("source") or {}
        author = source.get("author") or {}
        body = source.get("body")
        if not body:  # started by the shop (e.g. an outbound message): take the customer's reply
            body, author = _first_user_part(c)
        contacts = (c.get("contacts") or {}).get("contacts") or []
        requester = (
            author.get("email")
            or author.get("id")
            or (contacts[0].get("id") if contacts and isinstance(contacts[0], Mapping) else None)
        )
        return (
            c.get("id"),
            c.get("created_at"),
            Requester.of(requester, author.get("name")),
            c.get("title") or source.get("subject"),
            body,
        )

    return extract


def read(path: Path, mapping: Mapping[str, str] | None, source: str) -> Iterator[Row]:
    return read_tabular(path, source, CANDIDATES, mapping, ("conversations",), extractor)
