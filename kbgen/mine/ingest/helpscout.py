"""Help Scout: the conversations CSV export and Mailbox API 2.0 JSON."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from kbgen.mine.ingest.fields import merge
from kbgen.mine.ingest.tabular import Extractor, Row, read_tabular
from kbgen.mine.model import Requester

CANDIDATES = merge(
    {
        "id": ("Conversation ID", "Conversation Number", "Number", "id"),
        "created": ("Created At", "Date Created", "createdAt"),
        "requester": ("Customer Email", "Customer", "Customer Name"),
        "subject": ("Subject",),
        "body": ("Body", "First Message", "Preview", "preview"),
    }
)


def _first_customer_thread(conv: Mapping[str, Any]) -> str | None:
    threads = (conv.get("_embedded") or {}).get("threads") or []
    customer = [t for t in threads if isinstance(t, Mapping) and t.get("type") == "customer"]
    if not customer:
        return None
    first = min(customer, key=lambda t: str(t.get("createdAt") or ""))
    return first.get("body")


def extractor(doc: Any) -> Extractor:
    def extract(c: dict[str, Any]) -> tuple[object, object, object, object, object]:
        customer = c.get("primaryCustomer") or c.get("customer") or {}
        email = customer.get("email") if isinstance(customer, Mapping) else customer
        body = _first_customer_thread(c) or c.get("preview")
        names = (
            (customer.get("first"), customer.get("last")) if isinstance(customer, Mapping) else ()
        )
        return (
            c.get("id") or c.get("number"),
            c.get("createdAt"),
            Requester.of(
                email or (customer.get("id") if isinstance(customer, Mapping) else None), *names
            ),
            c.get("subject"),
            body,
        )

    return extract


def read(path: Path, mapping: Mapping[str, str] | None, source: str) -> Iterator[Row]:
    keys = ("_embedded.conversations", "conversations")
    return read_tabular(path, source, CANDIDATES, mapping, keys, extractor)
