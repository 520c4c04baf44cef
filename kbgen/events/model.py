"""Site events: what the help site reports about searches, reading, feedback and contact.

The site (themes/overrides/assets/kbgen/kbgen-events.js) sends flat objects; every reader
(the collector, and `kbgen mine --searches` for analytics exports) turns them into
`SiteEvent`s through `clean_event`, which checks each field and redacts personal data from
the free text (queries, "what was missing?" comments) before anything is kept.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import unquote, urlsplit

from kbgen.mine.redact import redact

TYPES = ("search", "read", "feedback", "contact")
# Longest kept values: GA4 keeps 100 characters of a parameter; comments may say more.
TEXT_LIMITS = {"query": 200, "corrected": 200, "missing": 1000}
PATH_LIMIT = 300
_SEARCH_ID = re.compile(r"[0-9a-zA-Z_-]{4,64}")
# A site path: letters, digits and the few marks page addresses use; anything else is cut.
_PATH_JUNK = re.compile(r"[^\w./~%+-]+", re.UNICODE)


@dataclass(frozen=True)
class SiteEvent:
    """One event, validated and redacted: safe to store and to show in reports."""

    type: str  # search | read | feedback | contact
    source: str = "collect"  # "collect" for the collector; "ga4:<file>" etc. for exports
    event_id: str = ""  # unique within source (re-imports never double-count)
    created: datetime | None = None  # UTC
    query: str = ""  # search, read (the search that led here), contact (the last search)
    results: int | None = None  # search: how many results were shown
    corrected: str = ""  # search: "Showing results for ..." when the query was corrected
    top: str = ""  # search: the first result's page
    opened: str = ""  # search: the result the customer opened, "" for none
    rank: int | None = None  # search: the opened result's position (1 = first)
    search_id: str = ""  # random per search: links a search to the read/contact after it
    page: str = ""  # read, feedback: the article; contact: where the customer was
    helpful: bool | None = None  # feedback
    missing: str = ""  # feedback: "What was missing?", redacted
    article: str = ""  # contact: the last article read before contacting
    count: int = 1  # an aggregated export row stands for this many events

    def record(self) -> dict[str, Any]:
        """The event as a JSON-ready dict (the collector's NDJSON line)."""
        out = asdict(self)
        out["created"] = self.created.isoformat() if self.created else None
        return out


def clean_text(value: object, limit: int) -> str:
    if value is None:
        return ""
    text = " ".join(str(value).split())[:limit]
    return redact(text)


def clean_path(value: object) -> str:
    """A page address relative to the site root ("logging-in/reset-password/"): the query
    string and fragment (which may carry anything) are dropped, and so is the host."""
    if value is None:
        return ""
    text = str(value).strip()[: PATH_LIMIT * 2]
    if not text:
        return ""
    parts = urlsplit(text)
    path = unquote(parts.path)
    path = _PATH_JUNK.sub("", path).lstrip("/")
    path = path[:PATH_LIMIT]
    # A path is not free text, but an address can still be pasted into one.
    return redact(path) if "@" in path or any(c.isdigit() for c in path) else path


def _int(value: object, name: str) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError(f"{name} must be a number")
    try:
        number = int(float(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number, not {str(value)[:20]!r}") from None
    if not 0 <= number <= 1_000_000:
        raise ValueError(f"{name} out of range")
    return number


def _bool(value: object) -> bool | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "y"):
        return True
    if text in ("0", "false", "no", "n"):
        return False
    raise ValueError(f"helpful must be yes or no, not {text[:20]!r}")


def clean_event(
    obj: Mapping[str, Any],
    source: str = "collect",
    event_id: str = "",
    created: datetime | None = None,
    count: int = 1,
) -> SiteEvent:
    """A SiteEvent from what a browser or an export sent; ValueError says what is wrong."""
    if not isinstance(obj, Mapping):
        raise ValueError("an event must be a JSON object")
    kind = str(obj.get("type", "")).strip().lower()
    if kind not in TYPES:
        raise ValueError(f"unknown event type {kind[:20]!r}; expected one of {', '.join(TYPES)}")
    search_id = str(obj.get("search_id") or "").strip()
    if search_id and not _SEARCH_ID.fullmatch(search_id):
        search_id = ""  # not one the site makes: never a place to smuggle text through
    event = SiteEvent(
        type=kind,
        source=source,
        event_id=event_id,
        created=created.astimezone(UTC) if created and created.tzinfo else created,
        query=clean_text(obj.get("query"), TEXT_LIMITS["query"]),
        results=_int(obj.get("results"), "results"),
        corrected=clean_text(obj.get("corrected"), TEXT_LIMITS["corrected"]),
        top=clean_path(obj.get("top")),
        opened=clean_path(obj.get("opened")),
        rank=_int(obj.get("rank"), "rank"),
        search_id=search_id,
        page=clean_path(obj.get("page")),
        helpful=_bool(obj.get("helpful")),
        missing=clean_text(obj.get("missing"), TEXT_LIMITS["missing"]),
        article=clean_path(obj.get("article")),
        count=max(1, count),
    )
    if kind == "search" and not event.query:
        raise ValueError("a search event needs its query")
    if kind in ("read", "feedback") and not event.page:
        raise ValueError(f"a {kind} event needs its page")
    if kind == "feedback" and event.helpful is None:
        raise ValueError("a feedback event needs helpful (yes or no)")
    return event


def now_utc() -> datetime:
    return datetime.now(UTC)
