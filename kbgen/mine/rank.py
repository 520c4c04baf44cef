"""Turn group labels into recurring questions: counts, customers, trend, label, examples.

Works on columns (numpy arrays), not per-ticket objects, so a million tickets cost a few
vectorised passes. Groups are ranked by distinct customers (one angry customer writing ten
times is not ten customers), then by tickets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import numpy as np

from kbgen.mine.boilerplate import segment_key, segments
from kbgen.mine.cluster import Grouping
from kbgen.mine.featurize import is_introduction, normalise, without_trailing_tags
from kbgen.mine.model import Cluster

TREND_WEEKS = 4  # the last 4 weeks against the 4 before
TREND_DAYS = 7 * TREND_WEEKS
TREND_CHANGE = 0.25  # a rate must move by a quarter to count as up or down ...
TREND_Z = 2.0  # ... and by more than chance would move it (binomial z-score)
LABEL_LENGTH = 90
POPULAR = 3  # a phrasing asked by less than 1/POPULAR as many as the most asked is no label
EXAMPLE_LENGTH = 240
_SENTENCE = re.compile(r"(?<=[.?!])\s+|\n+")
_GREETING = re.compile(
    r"^\s*(?:(?:hi|hello|hey|dear|good (?:morning|afternoon|evening))\b[^,.!?\n]{0,30}[,.!]?\s*)+",
    re.IGNORECASE,
)
_THANKS = re.compile(r"\s*\b(?:thanks|thank you|thx|cheers|regards)\b.*$", re.IGNORECASE)
# Who a message is addressed to ("@ShopCare ...", redacted to [username]) and the bare links
# it ends with: no part of the question a label shows.
_ADDRESSED = re.compile(r"^\s*(?:\[username\][\s,:;.-]*)+")
_TRAILING_LINKS = re.compile(r"(?:\s*\bhttps?://\S+)+\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class TicketColumns:
    """The tickets to rank, one array per field, in the same order as the group labels."""

    keys: np.ndarray  # "source/ticket_id", str objects
    created: np.ndarray  # datetime64[us], NaT where unknown
    customers: np.ndarray  # salted customer keys, str objects
    texts: list[str]  # redacted texts

    def __len__(self) -> int:
        return len(self.texts)


@dataclass
class Finding:
    """One recurring question as the report shows it."""

    cluster: Cluster
    recent: int = 0  # tickets in the last TREND_DAYS days of the data
    previous: int = 0  # tickets in the TREND_DAYS days before that
    phrasings: tuple[str, ...] = ()  # customers' own central sentences (redacted), best first
    failed_phrasings: tuple[str, ...] = ()  # phrasings the site search does not answer
    weekly_series: tuple[int, ...] = ()  # tickets per week over the whole report span
    sizes: dict[str, int] = field(default_factory=dict)
    # Days of data in each window: fewer than TREND_DAYS when the data starts inside one.
    # Trends compare tickets per day, so a short window does not read as a drop.
    recent_days: int = TREND_DAYS
    previous_days: int = TREND_DAYS

    @property
    def trend(self) -> str:
        if self.previous_days <= 0 or self.recent_days <= 0:
            return "flat"  # too little history to compare
        if self.previous == 0:
            first = self.cluster.first_seen
            last = self.cluster.last_seen
            fresh = first is not None and last is not None
            fresh = fresh and (last - first).days < self.recent_days  # type: ignore[operator]
            return "new" if self.recent and fresh else "flat"
        change = self._change()
        if abs(change) <= TREND_CHANGE or abs(self._z()) < TREND_Z:
            return "flat"
        return "up" if change > 0 else "down"

    @property
    def trend_percent(self) -> int | None:
        if self.previous == 0 or self.previous_days <= 0 or self.recent_days <= 0:
            return None
        return round(100 * self._change())

    def _change(self) -> float:
        """Change in tickets per day, recent window against the previous one."""
        before = self.previous / self.previous_days
        return (self.recent / self.recent_days - before) / before

    def _z(self) -> float:
        """How far the recent count is from an unchanged rate, in standard deviations: with
        the same rate, each of the n tickets falls in the recent window with probability
        recent_days / (recent_days + previous_days)."""
        n = self.recent + self.previous
        p = self.recent_days / (self.recent_days + self.previous_days)
        spread = (n * p * (1 - p)) ** 0.5
        return (self.recent - n * p) / spread if spread else 0.0


def shorten(text: str, length: int) -> str:
    text = " ".join(text.split())
    if len(text) <= length:
        return text
    cut = text[: length - 1].rsplit(" ", 1)[0].rstrip(",;:-")
    return cut + "…"


def strip_pleasantries(text: str) -> str:
    text = _TRAILING_LINKS.sub("", _ADDRESSED.sub("", text)).strip() or text
    text = without_trailing_tags(text)
    text = _GREETING.sub("", text).strip()
    return _THANKS.sub("", text).strip() or text


_PERSONAL = re.compile(r"\[[a-z_]{2,20}\]")  # a placeholder of redacted personal data
# What says nothing in a sentence: hashtags, mentions, placeholders ("#notimpressed",
# "@ShopHelp", "[order]"); a sentence of nothing else is no phrasing of a question.
_TAGS = re.compile(r"[#@][\w-]+|" + _PERSONAL.pattern)
_WORD = re.compile(r"[^\W\d_]{2}")


def sentences(text: str) -> list[str]:
    parts = [strip_pleasantries(p) for p in _SENTENCE.split(text)]
    parts = [
        p
        for p in parts
        if len(p) >= 8 and len(normalise(p)) >= 3 and _WORD.search(_TAGS.sub(" ", p))
    ]
    return [p for p in parts if not is_introduction(p)] or parts


def question_line(sentence: str) -> str:
    line = shorten(strip_pleasantries(sentence), LABEL_LENGTH)
    return line[:1].upper() + line[1:]


def week_index(created: np.ndarray) -> tuple[np.ndarray, list[str]]:
    """Per ticket, its week number counted from the first week (-1 if undated), and the
    ISO week names ("2026-W14") of the span from the first to the last week."""
    valid = ~np.isnat(created)
    if not valid.any():
        return np.full(len(created), -1, dtype=np.int64), []
    days = created.astype("datetime64[D]").astype(np.int64)
    # 1970-01-01 was a Thursday: shift so weeks start on Monday, as ISO weeks do.
    weeks = np.where(valid, (days + 3) // 7, 0)
    first = int(weeks[valid].min())
    last = int(weeks[valid].max())
    names = []
    for w in range(first, last + 1):
        monday = datetime(1970, 1, 1) + timedelta(days=w * 7 - 3)
        year, week, _ = monday.isocalendar()
        names.append(f"{year}-W{week:02d}")
    return np.where(valid, weeks - first, -1), names


@dataclass(frozen=True)
class Weekly:
    """Tickets per ISO week over the data's span; the last week may be unfinished."""

    names: tuple[str, ...]
    counts: tuple[int, ...]
    last_complete: bool  # the data runs to the week's Sunday


def weekly_totals(created: np.ndarray) -> Weekly:
    """All tickets per week (for the report's overall chart)."""
    weeks, names = week_index(created)
    counts: np.ndarray | list[int] = (
        np.bincount(weeks[weeks >= 0], minlength=len(names)) if names else []
    )
    valid = ~np.isnat(created)
    last_day = int(created[valid].astype("datetime64[D]").astype(np.int64).max()) if names else 0
    # 1970-01-01 was a Thursday: day d is a Sunday when (d + 3) % 7 == 6.
    return Weekly(tuple(names), tuple(int(c) for c in counts), (last_day + 3) % 7 == 6)


def trend_windows(
    created: np.ndarray, labels: np.ndarray, k: int
) -> tuple[np.ndarray, np.ndarray, int, int]:
    """Per group, tickets in the last TREND_DAYS days of the data and in the TREND_DAYS
    before, with the number of days of data each window holds. Windows end on the data's
    last day, not on a calendar week, so an unfinished week is never counted as a whole."""
    valid = ~np.isnat(created) & (labels >= 0)
    if not valid.any():
        zero = np.zeros(k, dtype=np.int64)
        return zero, zero, 0, 0
    days = created.astype("datetime64[D]").astype(np.int64)
    dated = ~np.isnat(created)
    end, start = int(days[dated].max()), int(days[dated].min())
    recent = valid & (days > end - TREND_DAYS)
    previous = valid & (days <= end - TREND_DAYS) & (days > end - 2 * TREND_DAYS)
    span = end - start + 1
    return (
        np.bincount(labels[recent], minlength=k),
        np.bincount(labels[previous], minlength=k),
        min(TREND_DAYS, span),
        min(TREND_DAYS, max(0, span - TREND_DAYS)),
    )


def _numbered(values: np.ndarray) -> np.ndarray:
    """Each value's number (0, 1, 2... in order of first appearance): equal values, equal
    numbers. A dictionary does it in one pass; np.unique sorts the strings (2x slower on a
    million customer keys)."""
    index: dict[object, int] = {}
    return np.fromiter(
        (index.setdefault(v, len(index)) for v in values.tolist()), np.int64, len(values)
    )


def _distinct(values: np.ndarray) -> np.ndarray:
    """np.unique(values) for an integer array, by sorting: numpy 2's np.unique without
    return_index/inverse/counts hashes instead, 15x slower on a million int64 here."""
    if len(values) == 0:
        return values
    ordered = np.sort(values)
    return ordered[np.concatenate(([True], ordered[1:] != ordered[:-1]))]


def rank(columns: TicketColumns, grouping: Grouping, max_examples: int = 3) -> list[Finding]:
    """One Finding per group, ranked by distinct customers, then tickets."""
    labels = grouping.labels
    k = int(labels.max()) + 1 if len(labels) else 0
    if k == 0:
        return []
    grouped = labels >= 0
    tickets = np.bincount(labels[grouped], minlength=k)

    customer_ids = _numbered(columns.customers)
    stride = len(customer_ids) + 1
    pairs = _distinct(labels[grouped].astype(np.int64) * stride + customer_ids[grouped])
    customers = np.bincount(pairs // stride, minlength=k)

    weeks, week_names = week_index(columns.created)
    n_weeks = len(week_names)
    dated = grouped & (weeks >= 0)
    weekly = np.zeros((k, max(n_weeks, 1)), dtype=np.int64)
    np.add.at(weekly, (labels[dated], weeks[dated]), 1)
    recent_n, previous_n, recent_days, previous_days = trend_windows(columns.created, labels, k)

    stamps = columns.created.astype(np.int64)  # NaT is the smallest int64
    nat = np.isnat(columns.created)
    first = np.full(k, np.iinfo(np.int64).max)
    last = np.full(k, np.iinfo(np.int64).min)
    np.minimum.at(first, labels[grouped & ~nat], stamps[grouped & ~nat])
    np.maximum.at(last, labels[grouped & ~nat], stamps[grouped & ~nat])

    order = sorted(range(k), key=lambda c: (-customers[c], -tickets[c], c))
    members = _central_members(grouping, k)
    _, first_ticket = np.unique(grouping.inverse, return_index=True)
    chosen = _central_sentences(members, first_ticket, grouping, columns)
    # Customers who asked each unique text (one customer sending it ten times is one).
    per_text = _distinct(grouping.inverse.astype(np.int64) * stride + customer_ids)
    asked = np.bincount(per_text // stride, minlength=len(grouping.unique_labels))
    findings = []
    for rank_no, c in enumerate(order, start=1):
        rows = members[c]
        phrasings, weights, examples = _texts_for(
            rows, chosen[c], asked[rows], first_ticket, columns, max_examples
        )
        series = tuple(int(x) for x in weekly[c][:n_weeks])
        recent, previous = int(recent_n[c]), int(previous_n[c])
        cluster = Cluster(
            id=rank_no,
            label=question_line(best_label(phrasings, weights))
            if phrasings
            else "(no readable text)",
            ticket_ids=(),  # the per-ticket list lives in assignments.csv, not in memory twice
            tickets=int(tickets[c]),
            customers=int(customers[c]),
            first_seen=_when(first[c]),
            last_seen=_when(last[c]),
            weekly={name: n for name, n in zip(week_names, series, strict=True) if n},
            examples=examples,
        )
        findings.append(
            Finding(
                cluster,
                recent,
                previous,
                phrasings,
                weekly_series=series,
                recent_days=recent_days,
                previous_days=previous_days,
            )
        )
    # Group ids in every output are the ranks (1 = most asked); relabel to match.
    remap = np.full(k, -1, dtype=np.int64)
    remap[order] = np.arange(1, k + 1)
    grouping.labels = np.where(grouped, remap[np.maximum(labels, 0)], -1)
    return findings


def _when(value: np.int64) -> datetime | None:
    if value in (np.iinfo(np.int64).max, np.iinfo(np.int64).min):
        return None
    return datetime(1970, 1, 1) + timedelta(microseconds=int(value))


def _central_members(grouping: Grouping, k: int, per_group: int = 12) -> list[np.ndarray]:
    """Per group, its unique texts nearest the centre (the most typical phrasings)."""
    unique_label = grouping.unique_labels
    # Frequent texts count for more: the same words from many customers is the question.
    counts = np.bincount(grouping.inverse, minlength=len(unique_label))
    score = grouping.unique_similarity + 0.02 * np.log1p(counts)
    by_label = np.lexsort((-score, unique_label))
    bounds = np.searchsorted(unique_label[by_label], np.arange(k + 1))
    ends = np.minimum(bounds[:-1] + per_group, bounds[1:])
    return [by_label[bounds[c] : ends[c]] for c in range(k)]


def _central_sentences(
    members: list[np.ndarray], first_ticket: np.ndarray, grouping: Grouping, columns: TicketColumns
) -> list[list[str]]:
    """Per group, per central text, its sentence closest to the group's centre (questions win
    ties). Every sentence of every group goes through the featurizer in one call: one call
    per text was most of ranking's time on large exports."""
    parts_of: list[list[list[str]]] = []
    flat: list[str] = []
    owner: list[int] = []
    for c, rows in enumerate(members):
        group_parts = []
        for r in rows:
            text = columns.texts[first_ticket[r]]
            parts = sentences(text) or [strip_pleasantries(text)]
            group_parts.append(parts)
            if len(parts) > 1:
                flat.extend(parts)
                owner.extend([c] * len(parts))
        parts_of.append(group_parts)
    if flat:
        lang = grouping.featurizer.lang
        vectors = grouping.featurizer.transform([normalise(p, lang) for p in flat])
        score = np.einsum("ij,ij->i", vectors, grouping.centres[np.asarray(owner)])
        score += np.array([0.05 if "?" in p else 0 for p in flat])
    at = 0
    chosen: list[list[str]] = []
    for group_parts in parts_of:
        picks = []
        for parts in group_parts:
            if len(parts) == 1:
                picks.append(parts[0])
                continue
            picks.append(parts[int(np.argmax(score[at : at + len(parts)]))])
            at += len(parts)
        chosen.append(picks)
    return chosen


def said_once(text: str) -> str:
    """The text with each sentence said once, for showing: a subject is stored before the
    body even when the body says it again after a sentence of context, which boilerplate
    learning then takes out ("VAT invoice? VAT invoice?"), or says it in full where the
    subject was cut short. (The stored text keeps both: the question said twice weighs more
    than the context around it when tickets are grouped.)"""
    parts = segments(text)
    if len(parts) < 2:
        return text
    keys = [segment_key(p) for p in parts]
    kept = []
    for i, (part, key) in enumerate(zip(parts, keys, strict=True)):
        if key and key in keys[:i]:
            continue  # said before
        if key.count(" ") >= 3 and any(k != key and k.startswith(key) for k in keys[i + 1 :]):
            continue  # the start of a sentence said in full after it
        kept.append(part.strip())
    return " ".join(kept)


def _texts_for(
    rows: np.ndarray,
    candidates: list[str],
    asked: np.ndarray,
    first_ticket: np.ndarray,
    columns: TicketColumns,
    max_examples: int,
) -> tuple[tuple[str, ...], tuple[int, ...], tuple[str, ...]]:
    """The group's phrasings (central sentences, deduplicated, most central first), how many
    customers asked each (`asked`: per central text), and example ticket texts."""
    texts = [columns.texts[first_ticket[r]] for r in rows]
    weight: dict[str, int] = {}
    shown: dict[str, str] = {}
    for sentence, n in zip(candidates, asked.tolist(), strict=True):
        key = normalise(sentence)
        if key:
            shown.setdefault(key, shorten(sentence, 140))
            weight[key] = weight.get(key, 0) + n
    keys = list(shown)  # most central first
    phrasings = [shown[k] for k in keys]
    examples: list[str] = []
    for text in texts[1:] + texts[:1]:
        example = shorten(said_once(text), EXAMPLE_LENGTH)
        if example not in examples:
            examples.append(example)
        if len(examples) == max_examples:
            break
    return tuple(phrasings), tuple(weight[k] for k in keys), tuple(examples)


_ASKS = re.compile(
    r"\?|^\s*(?:how|why|what|where|when|which|who|can|could|is|are|do|does|did|will|would"
    r"|should|may|has|have)\b",
    re.IGNORECASE,
)


def best_label(phrasings: tuple[str, ...], weights: tuple[int, ...] = (), look: int = 5) -> str:
    """The group's label: among its most central phrasings, of those that at least a third
    as many customers asked (`weights`) as the most asked, the first that asks a question and
    carries no redacted personal data; else the first of those without personal data; else
    the first without personal data at all. A question fewer asked does not speak for the
    group: "is the phone locked to a network" (4 customers) beside "unlock my phone for free
    code" (21)."""
    head = phrasings[:look]
    asked = weights[:look] if weights else (0,) * len(head)
    top = max(asked, default=0)
    popular = [p for p, w in zip(head, asked, strict=True) if w * POPULAR >= top]
    for candidates, ok in (
        (popular, lambda p: _ASKS.search(p) and not _PERSONAL.search(p)),
        (popular, lambda p: not _PERSONAL.search(p)),
        (head, lambda p: not _PERSONAL.search(p)),
    ):
        for p in candidates:
            if ok(p):
                return p
    return phrasings[0]
