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
from kbgen.mine.model import RawTicket
from kbgen.mine.tickets import ticket_fields

THRESHOLD = 20_000  # tickets below which starting workers costs more than it saves
CHUNK = 5_000  # tickets per task: large enough to amortise pickling, small enough to stream
MAX_WORKERS = 8


def worker_count() -> int:
    """One worker per core (capped); a single core gains nothing from workers."""
    return min(usable_cores(), MAX_WORKERS)


def _redact_chunk(rows: list[tuple], salt: str, detector: LanguageDetector | None) -> list[tuple]:
    # Sent as plain tuples (a RawTicket pickles as its class and fields, slower).
    return _rows(list(map(RawTicket._make, rows)), salt, detector)


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


def redact_rows(
    raws: Iterable[RawTicket],
    salt: str,
    *,
    threshold: int = THRESHOLD,
    workers: int | None = None,
    chunk: int = CHUNK,
    detector: LanguageDetector | None = None,
) -> Iterator[list[tuple]]:
    """Each RawTicket cleaned and redacted (its language told by `detector`), in order, as
    lists of Ticket's fields (tuples), a chunk at a time: what the store takes
    (`TicketStore.add_rows`) without a Ticket made per row. On worker processes once more
    than `threshold` tickets come (and more than one core is there)."""
    raws = iter(raws)
    workers = worker_count() if workers is None else workers
    head = list(islice(raws, threshold + 1))
    if workers < 2 or len(head) <= threshold:
        yield _rows(head, salt, detector)
        while rest := list(islice(raws, chunk)):
            yield _rows(rest, salt, detector)
        return

    def chunks() -> Iterator[list[tuple]]:
        yield from (list(map(tuple, head[i : i + chunk])) for i in range(0, len(head), chunk))
        while batch := list(map(tuple, islice(raws, chunk))):
            yield batch

    # Two chunks per worker in flight: workers never wait for the reader, and memory holds
    # only those chunks, not the export.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        pending: deque[Future[list[tuple]]] = deque()
        for batch in chunks():
            pending.append(pool.submit(_redact_chunk, batch, salt, detector))
            if len(pending) >= 2 * workers:
                yield pending.popleft().result()
        head.clear()
        while pending:
            yield pending.popleft().result()
