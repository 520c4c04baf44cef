"""The collector's journal: accepted events, one NDJSON line each, written before the
collector answers, then moved into the DuckDB store in batches.

An event is accepted only once its line is in the journal file (written and flushed to the
operating system), so a collector that is stopped, killed or restarted loses none: at start
it moves whatever the journal still holds into the store, and the store's (source, event_id)
key makes that replay safe to repeat. Moving works by renaming the journal aside
(`journal.ndjson` -> `journal.<n>.moving`) and starting a fresh one, so accepting never
waits on DuckDB, and DuckDB's lock on the store is held only while a batch goes in
(`kbgen mine` can read the store while the collector runs).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from kbgen.events.model import SiteEvent
from kbgen.events.store import EventStore


def _event(record: dict) -> SiteEvent:
    created = record.get("created")
    values = dict(record)
    values["created"] = datetime.fromisoformat(created) if created else None
    return SiteEvent(**values)


class Journal:
    def __init__(self, path: Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._file = self.path.open("a", encoding="utf-8")
        self._serial = 0
        self.pending = 0  # lines written since the last rotation

    def append(self, events: list[SiteEvent]) -> None:
        """Write the events and hand them to the operating system; returns once they would
        survive the collector being killed."""
        self._file.write("".join(json.dumps(e.record(), ensure_ascii=False) + "\n" for e in events))
        self._file.flush()
        self.pending += len(events)

    def rotate(self) -> Path | None:
        """Set the current journal aside for moving into the store; None when it is empty."""
        if self.pending == 0 and self.path.stat().st_size == 0:
            return None
        os.fsync(self._file.fileno())
        self._file.close()
        self._serial += 1
        aside = self.path.with_name(f"{self.path.stem}.{os.getpid()}-{self._serial}.moving")
        self.path.rename(aside)
        self._file = self.path.open("a", encoding="utf-8")
        self.pending = 0
        return aside

    def leftovers(self) -> list[Path]:
        """Journals set aside but not yet moved (the collector stopped midway)."""
        return sorted(self.path.parent.glob(f"{self.path.stem}.*.moving"))

    def close(self) -> None:
        self._file.close()


def read_lines(path: Path) -> Iterator[SiteEvent]:
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            line = line.strip()
            if not line:
                continue
            try:
                yield _event(json.loads(line))
            except (ValueError, TypeError):
                continue  # a line cut short by a crash mid-write was never acknowledged


def move_into_store(paths: list[Path], store_path: Path, wait: float = 10.0) -> int:
    """Put the set-aside journals' events into the store, then delete them."""
    if not paths:
        return 0
    moved = 0
    with EventStore(store_path, wait) as store:
        for path in paths:
            new, _known = store.add(read_lines(path))
            moved += new
        store.checkpoint()
    for path in paths:
        path.unlink()
    return moved
