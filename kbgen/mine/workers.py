"""Cleaning and redacting tickets on every core, in the order they were read.

`to_ticket` (kbgen/mine/tickets.py) is a pure function of one RawTicket and the store's
salt, and it is most of the cost of reading an export (about half; the rest is parsing,
which stays in the reading process). Large exports are cut into chunks that worker processes
redact while the reader goes on reading; results come back chunk by chunk in reading order,
so the stored tickets and every report are the same as when one process does it all. Small
exports never pay for starting workers: the first `threshold` tickets are buffered, and an
export that ends before that is redacted in-process.

Workers are started with "spawn": a fresh interpreter, so a parent that runs threads (a
server, a notebook, a test runner) cannot hand a worker a lock some other thread held at
fork time, and their CPU time is counted as this process's children.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice

from kbgen.embeddings import usable_cores
from kbgen.mine.language import LanguageDetector
from kbgen.mine.model import RawTicket, Ticket
from kbgen.mine.tickets import ticket_fields, to_ticket

THRESHOLD = 20_000  # tickets below which starting workers costs more than it saves
CHUNK = 5_000  # tickets per task: large enough to amortise pickling, small enough to stream
MAX_WORKERS = 8

_Raw = tuple  # RawTicket's fields as a tuple: pickles faster than the dataclass


def worker_count() -> int:
    """One worker per core (capped); a single core gains nothing from workers."""
    return min(usable_cores(), MAX_WORKERS)


def _redact_chunk(rows: list[_Raw], salt: str, detector: LanguageDetector | None) -> list[tuple]:
    return _rows([RawTicket(*row) for row in rows], salt, detector)


def _rows(raws: list[RawTicket], salt: str, detector: LanguageDetector | None) -> list[tuple]:
    """The cleaned, redacted tickets as tuples of Ticket's fields, with their languages when a
    detector is given (told from the redacted text, so a name or an address does not sway it;
    all at once, which costs far less than one by one). Tuples: they pickle faster, and a
    frozen dataclass made per ticket (twice, with `replace` for the language) cost more than
    pickling it."""
    rows = [ticket_fields(raw, salt) for raw in raws]
    if detector is None:
        return [(*row, "") for row in rows]
    langs = detector.detect_all([row[4] for row in rows])
    return [(*row, lang) for row, lang in zip(rows, langs, strict=True)]


def _tickets(raws: list[RawTicket], salt: str, detector: LanguageDetector | None) -> list[Ticket]:
    if detector is None:
        return [to_ticket(raw, salt) for raw in raws]
    return [Ticket(*row) for row in _rows(raws, salt, detector)]


def _as_tuple(raw: RawTicket) -> _Raw:
    return (
        raw.source,
        raw.ticket_id,
        raw.line,
        raw.created,
        raw.requester,
        raw.subject,
        raw.body,
        raw.requester_name,
    )


def redact_all(
    raws: Iterable[RawTicket],
    salt: str,
    *,
    threshold: int = THRESHOLD,
    workers: int | None = None,
    chunk: int = CHUNK,
    detector: LanguageDetector | None = None,
) -> Iterator[Ticket]:
    """Ticket for each RawTicket (its language told by `detector`), in order; on worker
    processes once more than `threshold` tickets come (and more than one core is there)."""
    raws = iter(raws)
    workers = worker_count() if workers is None else workers
    head = list(islice(raws, threshold + 1))
    if workers < 2 or len(head) <= threshold:
        yield from _tickets(head, salt, detector)
        while rest := list(islice(raws, chunk)):
            yield from _tickets(rest, salt, detector)
        return

    def chunks() -> Iterator[list[_Raw]]:
        yield from (list(map(_as_tuple, head[i : i + chunk])) for i in range(0, len(head), chunk))
        while batch := [_as_tuple(r) for r in islice(raws, chunk)]:
            yield batch

    # Two chunks per worker in flight: workers never wait for the reader, and memory holds
    # only those chunks, not the export.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        pending: deque[Future[list[tuple]]] = deque()
        for batch in chunks():
            pending.append(pool.submit(_redact_chunk, batch, salt, detector))
            if len(pending) >= 2 * workers:
                yield from (Ticket(*t) for t in pending.popleft().result())
        head.clear()
        while pending:
            yield from (Ticket(*t) for t in pending.popleft().result())
