"""Freshdesk: the ticket CSV export and the API's JSON list of tickets."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from kbgen.mine.ingest.fields import merge
from kbgen.mine.ingest.tabular import Extractor, Row, read_tabular
from kbgen.mine.model import Requester

CANDIDATES = merge(
    {
        "id": ("Ticket ID", "id"),
        "created": ("Created time", "created_at"),
        "requester": ("Email", "Contact ID", "Requester email", "requester_id"),
        "subject": ("Subject",),
        "body": ("Description", "description_text", "description"),
    }
)


def extractor(doc: Any) -> Extractor:
    def extract(t: dict[str, Any]) -> tuple[object, object, object, object, object]:
        requester = t.get("requester")  # present with ?include=requester
        if not isinstance(requester, Mapping):
            requester = {}
        email = requester.get("email")
        # description_text is the plain-text twin of the HTML description
        body = t.get("description_text") or t.get("description")
        return (
            t.get("id"),
            t.get("created_at"),
            Requester.of(
                email or t.get("email") or t.get("requester_id"),
                requester.get("name") or t.get("name"),
            ),
            t.get("subject"),
            body,
        )

    return extract


def read(path: Path, mapping: Mapping[str, str] | None, source: str) -> Iterator[Row]:
    return read_tabular(path, source, CANDIDATES, mapping, ("tickets", "results"), extractor)
