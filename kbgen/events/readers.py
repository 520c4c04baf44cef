"""Read site events back from files: `kbgen mine --searches FILE`.

Formats, told from the file itself:

- kbgen: the collector's NDJSON export (`kbgen collect --export`) or its journal, or the
  batches the site POSTs (`{"kbgen": 1, "events": [...]}`);
- ga4: Google Analytics 4's BigQuery export as JSON/NDJSON (`event_name`, `event_params`
  as BigQuery writes them), or as CSV with `event_name` and one column per parameter
  (or `event_params` as a JSON string);
- plausible: a CSV of custom events with the goal's name, one column per property and an
  `events` count, or a Stats API v2 JSON answer;
- matomo: Live.getLastVisitsDetails JSON (visits with their `actionDetails`), or a CSV with
  the event category, action and name (and optionally a count).

Every row becomes a SiteEvent (checked and redacted by `clean_event`), a Rejected with its
line, or is skipped when it is an event the site does not send (a GA4 page_view).
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from kbgen.events.model import TYPES, SiteEvent, clean_event
from kbgen.mine.ingest.fields import parse_date
from kbgen.mine.ingest.tabular import json_document_lines, open_text
from kbgen.mine.ingest.textfile import sniff_delimiter
from kbgen.mine.model import Rejected

FORMATS = ("kbgen", "ga4", "plausible", "matomo")
# Event names as each tool carries them -> kbgen's event types.
NAMES = {
    "search": "search",
    "view_search_results": "search",
    "kbgen_search": "search",
    "read": "read",
    "kbgen_read": "read",
    "feedback": "feedback",
    "kbgen_feedback": "feedback",
    "contact": "contact",
    "kbgen_contact": "contact",
}
_COUNT_COLUMNS = ("events", "total events", "nb_events", "count", "visitors", "nb_visits")

Row = SiteEvent | Rejected


def _id(*parts: object) -> str:
    text = "\x1f".join(json.dumps(p, sort_keys=True, default=str) for p in parts)
    return "h-" + hashlib.blake2b(text.encode("utf-8", "replace"), digest_size=10).hexdigest()


# ---------------------------------------------------------------- containers


def records(path: Path) -> tuple[str, Iterator[tuple[int, Any]]]:
    """("json"|"csv", (line, record) pairs). NDJSON is read line by line."""
    with open_text(path) as fh:
        head = fh.read(1 << 16)
    stripped = head.lstrip()
    if not stripped:
        raise ValueError(f"{path}: the file is empty")
    if stripped[0] in "[{":
        first = stripped.splitlines()[0]
        try:
            one = json.loads(first)
            lines = [t for t in head.splitlines() if t.strip()]
            if isinstance(one, dict) and len(lines) > 1:
                return "json", _ndjson(path)
        except json.JSONDecodeError:
            pass
        return "json", _json(path)
    return "csv", _csv(path)


def _ndjson(path: Path) -> Iterator[tuple[int, Any]]:
    with open_text(path) as fh:
        for n, text in enumerate(fh, 1):
            if not text.strip():
                continue
            try:
                yield n, json.loads(text)
            except json.JSONDecodeError as exc:
                yield n, Rejected(str(path), n, f"not valid JSON ({exc.msg} at column {exc.colno})")


def _json(path: Path) -> Iterator[tuple[int, Any]]:
    doc, lines = json_document_lines(path)
    items: Any = doc
    if isinstance(doc, dict):
        for key in ("events", "results", "rows", "data"):
            if isinstance(doc.get(key), list):
                items = doc[key]
                break
        else:
            items = [doc]
        if "query" in doc and isinstance(doc["query"], dict):  # Plausible Stats API v2
            dims = doc["query"].get("dimensions", [])
            metrics = doc["query"].get("metrics", [])
            items = [_plausible_api_row(r, dims, metrics) for r in items]
    if not isinstance(items, list):
        raise ValueError(f"{path}: expected a list of events")
    starts = lines.get(id(doc if isinstance(doc, list) else items)) or []
    for i, obj in enumerate(items, 1):
        yield (starts[i - 1] if len(starts) >= i else i), obj


def _plausible_api_row(row: Any, dims: list[str], metrics: list[str]) -> Any:
    if not isinstance(row, Mapping):
        return row
    out: dict[str, Any] = {}
    for name, value in zip(dims, row.get("dimensions", []), strict=False):
        key = name.split(":")[-1]
        out["name" if name == "event:goal" else key] = value
    for name, value in zip(metrics, row.get("metrics", []), strict=False):
        out[name] = value
    return out


def _csv(path: Path) -> Iterator[tuple[int, Any]]:
    with open_text(path) as fh:
        header_line = fh.readline()
        fh.seek(0)
        reader = csv.DictReader(fh, delimiter=sniff_delimiter(header_line))
        start = 2
        for row in reader:
            if None in row:  # more cells than the header has columns
                yield start, Rejected(str(path), start, "more cells than the header has columns")
            elif any(v is not None and v.strip() for v in row.values()):
                yield start, {k.strip(): v for k, v in row.items() if k}
            start = reader.line_num + 1


# ---------------------------------------------------------------- formats


def detect(path: Path) -> str:
    _kind, items = records(path)
    for _line, obj in items:
        if isinstance(obj, Rejected):
            continue
        fmt = _format_of(obj)
        if fmt:
            return fmt
        break
    raise ValueError(
        f"{path}: not a site events file kbgen knows; expected the collector's NDJSON export, "
        "a GA4 BigQuery export, or a Plausible or Matomo events export"
    )


def _format_of(obj: Any) -> str | None:
    if not isinstance(obj, Mapping):
        return None
    keys = {str(k).strip().lower() for k in obj}
    if "event_name" in keys:
        return "ga4"
    if "actiondetails" in keys or keys & {"eventcategory", "event category", "event_category"}:
        return "matomo"
    if "kbgen" in keys or ("type" in keys and str(obj.get("type", "")).lower() in TYPES):
        return "kbgen"
    if keys & {"name", "goal", "event", "event:goal"} and keys & set(_COUNT_COLUMNS):
        return "plausible"
    return None


def read_events(path: Path, fmt: str | None = None) -> Iterator[Row]:
    """Every event in the file, or a Rejected for each row that cannot be used."""
    fmt = fmt or detect(path)
    source = f"{fmt}:{path.name}"
    where = str(path)
    _kind, items = records(path)
    reader = {"kbgen": _kbgen, "ga4": _ga4, "plausible": _plausible, "matomo": _matomo}[fmt]
    for line, obj in items:
        if isinstance(obj, Rejected):
            yield obj
            continue
        if not isinstance(obj, Mapping):
            yield Rejected(where, line, "expected an object (one event per row)")
            continue
        try:
            yield from reader(obj, source, line)
        except ValueError as exc:
            yield Rejected(where, line, str(exc))


def _when(value: object) -> datetime | None:
    if value in (None, ""):
        return None
    return parse_date(value)


def _kbgen(obj: Mapping[str, Any], source: str, line: int) -> Iterator[SiteEvent]:
    if isinstance(obj.get("events"), list):  # a batch as the site POSTs it
        for i, item in enumerate(obj["events"]):
            yield clean_event(item, source, _id(source, line, i, item))
        return
    event_id = str(obj.get("event_id") or "")
    # The collector's own events keep their source: re-importing its export adds nothing.
    own = obj.get("source") == "collect" and event_id
    # Without an id, two rows alike are still two searches: the line tells them apart (and
    # the same file read again gets the same ids).
    yield clean_event(
        obj,
        "collect" if own else source,
        event_id if own else _id(line, obj),
        _when(obj.get("created")),
        int(obj.get("count") or 1),
    )


def _ga4_params(obj: Mapping[str, Any]) -> dict[str, Any]:
    params: dict[str, Any] = {}
    raw = obj.get("event_params")
    if isinstance(raw, str) and raw.strip():
        raw = json.loads(raw)
    if isinstance(raw, list):
        for item in raw:
            if not isinstance(item, Mapping):
                continue
            value = item.get("value")
            if isinstance(value, Mapping):
                value = next(
                    (value[k] for k in ("string_value", "int_value", "double_value", "float_value")
                     if value.get(k) is not None),
                    None,
                )  # fmt: skip
            params[str(item.get("key"))] = value
    elif isinstance(raw, Mapping):
        params.update(raw)
    # CSV exports flattened by a query: one column per parameter.
    for key, value in obj.items():
        key = str(key).strip()
        if key not in ("event_params", "event_name") and value not in (None, ""):
            params.setdefault(key.removeprefix("event_params.").removeprefix("param_"), value)
    return params


def _ga4(obj: Mapping[str, Any], source: str, line: int) -> Iterator[SiteEvent]:
    kind = NAMES.get(str(obj.get("event_name", "")).strip().lower())
    if kind is None:
        return  # page_view, session_start and the rest: not the site's events
    params = _ga4_params(obj)
    fields = dict(params)
    fields["type"] = kind
    if not fields.get("query") and params.get("search_term"):
        fields["query"] = params["search_term"]
    if kind == "feedback" and fields.get("helpful") in (None, "") and "data" in params:
        fields["helpful"] = params["data"]
    if not fields.get("page") and params.get("page_location"):
        fields["page"] = urlsplit(str(params["page_location"])).path
    created = None
    stamp = obj.get("event_timestamp")
    if stamp not in (None, ""):
        try:
            created = datetime.fromtimestamp(int(float(stamp)) / 1_000_000, UTC)
        except (ValueError, OverflowError, OSError):
            raise ValueError(f"unreadable event_timestamp {str(stamp)[:30]!r}") from None
    elif obj.get("event_date"):
        created = _when(str(obj["event_date"]))
    # Neither the pseudonymous user id nor anything else about the visitor is kept.
    event_id = _id(stamp, obj.get("event_name"), sorted(params.items(), key=str))
    yield clean_event(fields, source, event_id, created)


def _count(obj: Mapping[str, Any]) -> int:
    for key, value in obj.items():
        if str(key).strip().lower() in _COUNT_COLUMNS and value not in (None, ""):
            try:
                return max(1, int(float(str(value).replace(",", ""))))
            except ValueError:
                raise ValueError(f"{key} is not a number: {str(value)[:20]!r}") from None
    return 1


def _plausible(obj: Mapping[str, Any], source: str, line: int) -> Iterator[SiteEvent]:
    lower = {str(k).strip().lower(): v for k, v in obj.items()}
    name = next((lower[k] for k in ("name", "goal", "event", "event:goal") if lower.get(k)), "")
    kind = NAMES.get(str(name).strip().lower())
    if kind is None:
        return
    fields = {k.removeprefix("event:props:").removeprefix("props."): v for k, v in lower.items()}
    fields["type"] = kind
    created = _when(lower.get("date"))
    # Aggregated rows: the same row in a later export is the same events, so no line number.
    yield clean_event(fields, source, _id(sorted(lower.items(), key=str)), created, _count(obj))


def _matomo_event(
    category: object, action: object, name: object, created: object, count: int, source: str
) -> SiteEvent | None:
    if str(category or "").strip().lower() != "kbgen":
        return None
    kind = NAMES.get(str(action or "").strip().lower())
    if kind is None:
        return None
    fields: dict[str, Any] = dict(parse_qsl(str(name or ""), keep_blank_values=True))
    fields["type"] = kind
    return clean_event(
        fields, source, _id(category, action, name, str(created)), _when(created), count
    )


def _matomo(obj: Mapping[str, Any], source: str, line: int) -> Iterator[SiteEvent]:
    details = obj.get("actionDetails")
    if isinstance(details, list):  # one visit of Live.getLastVisitsDetails
        for action in details:
            if not isinstance(action, Mapping) or action.get("type") != "event":
                continue
            stamp = action.get("timestamp")
            when = datetime.fromtimestamp(int(stamp), UTC) if stamp else None
            event = _matomo_event(
                action.get("eventCategory"),
                action.get("eventAction"),
                action.get("eventName"),
                when.isoformat() if when else None,
                1,
                source,
            )
            if event is not None:
                yield event
        return
    lower = {str(k).strip().lower().replace(" ", "").replace("_", ""): v for k, v in obj.items()}
    event = _matomo_event(
        lower.get("eventcategory"),
        lower.get("eventaction"),
        lower.get("eventname"),
        lower.get("date") or lower.get("servertime") or lower.get("timestamp"),
        _count(obj),
        source,
    )
    if event is not None:
        yield event
