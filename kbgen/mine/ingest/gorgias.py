"""Gorgias: the tickets CSV export and the REST API's JSON (`{"data": [...]}`)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from kbgen.mine.ingest.fields import merge
from kbgen.mine.ingest.tabular import Extractor, Row, read_tabular
from kbgen.mine.model import Requester

CANDIDATES = merge(
    {
        "id": ("Ticket ID", "Id"),
        "created": ("Created Datetime", "Created", "created_datetime"),
        "requester": ("Customer Email", "Customer", "Customer Name"),
        "subject": ("Subject",),
        "body": ("First Message", "First Message Body", "Message", "Excerpt", "excerpt"),
    }
)


def extractor(doc: Any) -> Extractor:
    def extract(t: dict[str, Any]) -> tuple[object, object, object, object, object]:
        customer = t.get("customer") or {}
        email = customer.get("email") if isinstance(customer, Mapping) else customer
        messages = [
            m for m in t.get("messages") or [] if isinstance(m, Mapping) and not m.get("from_agent")
        ]
        body = None
        if messages:
            body = (
                messages[0].get("body_text")
                or messages[0].get("stripped_text")
                or messages[0].get("body_html")
            )
        names: tuple[object, ...] = ()
        if isinstance(customer, Mapping):
            names = (customer.get("name") or customer.get("firstname"),)
            if not customer.get("name"):
                names += (customer.get("lastname"),)
        return (
            t.get("id"),
            t.get("created_datetime"),
            Requester.of(
                email or (customer.get("id") if isinstance(customer, Mapping) else None), *names
            ),
            t.get("subject"),
            body or t.get("excerpt"),
        )

    return extract


def read(path: Path, mapping: Mapping[str, str] | None, source: str) -> Iterator[Row]:
    return read_tabular(path, source, CANDIDATES, mapping, ("data", "tickets"), extractor)
