"""`kbgen mine` from end to end: ingest → store → cluster → rank → match → report.

Every stage reports progress through one callback, `progress(stage, done, total)`, so the
CLI can draw bars and benchmarks can time stages without either living in here.
"""

from __future__ import annotations

import csv
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from kbgen.console import StageProgress
from kbgen.mine.boilerplate import NOT_QUESTION_KINDS
from kbgen.mine.by_language import (
    articles_by_language,
    group_by_language,
    match_by_language,
    site_languages,
)
from kbgen.mine.ingest import detect_format, read_export
from kbgen.mine.language import LanguageDetector
from kbgen.mine.match import coverage, load_articles
from kbgen.mine.model import FollowUp, RawTicket, Rejected, TeamReply
from kbgen.mine.rank import TicketColumns, weekly_totals
from kbgen.mine.redact import redact_quoted
from kbgen.mine.run_model import MineOptions, MineResult
from kbgen.mine.store import TicketStore
from kbgen.mine.workers import redact_rows
from kbgen.search.index import learn_related_soon

if TYPE_CHECKING:
    from _csv import Writer as CsvWriter

    from kbgen.events.model import SiteEvent


def _quiet(stage: str, done: float, total: float | None) -> None:
    return None


class _Ingest:
    """Streams every export into Tickets, writing rejected rows to rejected.csv as it goes."""

    def __init__(
        self,
        options: MineOptions,
        salt: str,
        rejected: CsvWriter,
        progress: StageProgress,
        detector: LanguageDetector | None,
    ):
        self.options, self.salt, self.rejected, self.progress = options, salt, rejected, progress
        self.detector = detector
        self.read = 0
        self.n_rejected = 0
        self.n_team = 0  # the team's own replies, exported beside the customers' messages
        self.n_follow_ups = 0  # customers' replies within a conversation
        self.keys: list[str] = []  # only kept with --since, to list tickets outside the window

    def rows(self) -> Iterator[list[tuple]]:
        """The tickets, cleaned and redacted, as chunks of Ticket's fields (tuples)."""
        keep_keys = self.options.since is not None
        chunks = redact_rows(
            self._raw(), self.salt, threshold=self.options.workers_above, detector=self.detector
        )
        for rows in chunks:
            self.read += len(rows)
            if keep_keys:
                self.keys.extend(f"{row[0]}/{row[1]}" for row in rows)
            yield rows

    def _raw(self) -> Iterator[RawTicket]:
        """Every export's rows in order; rejected ones are written out as they are read."""
        n_raw = 0
        for n, path in enumerate(self.options.exports):
            for row in read_export(path, self.options.fmt, self.options.mapping):
                if isinstance(row, TeamReply):
                    self.n_team += 1
                    continue
                if isinstance(row, FollowUp):
                    self.n_follow_ups += 1
                    continue
                if isinstance(row, Rejected):
                    self.n_rejected += 1
                    # Reasons may quote the row's raw text: redacted here, the one writer.
                    self.rejected.writerow([row.source, row.line, redact_quoted(row.reason)])
                    continue
                assert isinstance(row, RawTicket)
                n_raw += 1
                if n_raw % 20_000 == 0:
                    self.progress("ingest", n + 0.5, len(self.options.exports))
                yield row
            self.progress("ingest", n + 1, len(self.options.exports))


def run(options: MineOptions, progress: StageProgress | None = None) -> MineResult:
    tell = progress or _quiet
    if options.fmt is None:
        for path in options.exports:
            detect_format(path)  # an unreadable export stops the run before anything is written
    if options.searches:
        from kbgen.events.readers import detect

        for path in options.searches:
            detect(path)
    result = MineResult()
    out = options.out
    out.mkdir(parents=True, exist_ok=True)
    clock = time.perf_counter()

    def lap(stage: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        result.seconds[stage] = result.seconds.get(stage, 0.0) + now - clock
        clock = now

    kb = load_articles(options.kb)
    site = site_languages(options.kb, kb)
    result.site_language = site.default
    if kb is not None:
        # A project never built has no related words cached: they are embedded while the
        # exports are read (in the model's process), not after grouping.
        learn_related_soon(kb, site.all)
    detector: LanguageDetector | None = LanguageDetector.for_site(site.all, site.default)
    if not options.detect_languages:
        detector = None
    with TicketStore(options.store_path) as store:
        rejected_path = out / "rejected.csv"
        with rejected_path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["source", "line", "reason"])
            ingest = _Ingest(options, store.salt(), writer, tell, detector)
            tell("ingest", 0, len(options.exports))
            result.new, result.existing = store.add_rows(ingest.rows())
        result.read, result.rejected = ingest.read, ingest.n_rejected
        result.team_replies = ingest.n_team
        result.follow_ups = ingest.n_follow_ups
        result.files["rejected"] = rejected_path
        # Tickets stored by a kbgen that did not tell languages, or told among others.
        if detector is not None:
            store.tell_languages(detector)
        lap("ingest")
        stored = store.columns(options.since)
        lap("load")
    events = _site_events(options, result, rejected_path)
    lap("events")

    columns = TicketColumns(
        keys=_keys(stored["source"], stored["ticket_id"]),
        created=np.asarray(stored["created"], dtype="datetime64[us]"),
        customers=stored["customer"],
        texts=list(stored["text"]),
    )
    langs = np.asarray(stored["lang"], dtype=object)
    if detector is None:
        langs = np.full(len(langs), site.default, dtype=object)
    del stored
    result.clustered = len(columns)
    result.weekly = weekly_totals(columns.created)
    tell("cluster", 0, 1)
    # Per language: boilerplate out, tickets that ask nothing set aside (counted, never
    # ranked), the rest grouped; the groups of all languages ranked together.
    grouped = group_by_language(
        columns, langs, options.cluster, progress=lambda f: tell("cluster", f, 1.0)
    )
    result.grouped = grouped
    findings = grouped.findings
    lap("cluster")

    tell("match", 0, 1)
    result.articles = len(kb.entries) if kb else 0
    # Matched by meaning too unless the owner asked for words only (--features words).
    by_meaning = options.cluster.features != "words"
    findings = match_by_language(findings, articles_by_language(kb), site.default, by_meaning)
    result.findings = findings
    if events:
        from kbgen.mine.site_loop import analyse

        # The site's searches are written in the site's language: they join its groups.
        grouping, ids = grouped.centre_ids(site.default)
        result.site = analyse(events, findings, grouping, ids, kb)
    summary: dict[str, Any] = dict(coverage(findings, len(columns)))
    not_questions = grouped.not_questions()
    summary["not_questions"] = sum(not_questions.values())
    summary["not_questions_by_kind"] = {
        k: not_questions[k] for k in NOT_QUESTION_KINDS if not_questions.get(k)
    }
    result.summary = summary
    tell("match", 1, 1)
    lap("match")

    # Drafts first, so the report can link each "write these next" question to its draft.
    if options.drafts:
        from kbgen.mine.drafts import write_drafts

        result.drafts = write_drafts(options.kb, findings, options.top_drafts, site)

    from kbgen.mine import report

    tell("report", 0, 1)
    labels = grouped.labels
    extra = _outside_window(ingest.keys, columns.keys) if options.since else []
    result.files.update(
        report.write_all(out, findings, result, columns.keys, labels, extra, options)
    )
    tell("report", 1, 1)
    lap("report")

    if options.publish:
        from kbgen.mine.publish import write_most_asked

        searches = result.site.by_finding if result.site else {}
        result.published = write_most_asked(options.kb, findings, searches=searches, site=site)
    lap("publish")
    return result


def _keys(sources: np.ndarray, ids: np.ndarray) -> np.ndarray:
    return np.array([f"{s}/{i}" for s, i in zip(sources, ids, strict=True)], dtype=object)


def _outside_window(read_keys: list[str], clustered: np.ndarray) -> list[str]:
    """Tickets read this run but older than --since: listed in assignments.csv as -1."""
    inside = set(clustered.tolist())
    return sorted({k for k in read_keys if k not in inside})


def _site_events(options: MineOptions, result: MineResult, rejected_path: Path) -> list[SiteEvent]:
    """Site event exports into the store (redacted on the way in; bad rows to rejected.csv),
    then every stored event (the collector's too) within --since."""
    from kbgen.events.readers import read_events
    from kbgen.events.store import EventStore

    def read() -> Iterator[SiteEvent]:
        with rejected_path.open("a", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            for path in options.searches:
                for row in read_events(path):
                    if isinstance(row, Rejected):
                        result.rejected += 1
                        writer.writerow([row.source, row.line, redact_quoted(row.reason)])
                        continue
                    result.events_read += 1
                    yield row

    with EventStore(options.store_path) as store:
        if options.searches:
            result.events_new, _known = store.add(read())
        return list(store.events(options.since))
