"""Zendesk: Tickets / Incremental Export API JSON, NDJSON (one ticket per line) and CSV export."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from kbgen.mine.ingest.fields import merge
from kbgen.mine.ingest.tabular import Extractor, Row, read_tabular
from kbgen.mine.model import Requester

CANDIDATES = merge(
    {
        "id": ("Id", "Ticket ID"),
        "created": ("Created at", "created_at"),
        "requester": ("Requester email", "Requester", "Requester id", "requester_id"),
        "subject": ("Subject", "raw_subject"),
        "body": ("Description", "description"),
    }
)


def extractor(doc: Any) -> Extractor:
    # `?include=users` sideloads the requesters; their email is a steadier identity than an id.
    users: dict[object, Mapping[str, Any]] = {}
    if isinstance(doc, dict):
        users = {u.get("id"): u for u in doc.get("users") or [] if isinstance(u, dict)}

    def extract(t: dict[str, Any]) -> tuple[object, object, object, object, object]:
        requester = t.get("requester")
        if not isinstance(requester, Mapping):
            requester = users.get(t.get("requester_id")) or {}
        return (
            t.get("id"),
            t.get("created_at"),
            Requester.of(requester.get("email") or t.get("requester_id"), requester.get("name")),
            t.get("subject") or t.get("raw_subject"),
            t.get("description"),
        )

    return extract


def read(path: Path, mapping: Mapping[str, str] | None, source: str) -> Iterator[Row]:
    return read_tabular(path, source, CANDIDATES, mapping, ("tickets", "results"), extractor)
