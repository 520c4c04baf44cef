"""Split a CSV export into records so that every physical line is read or rejected by its own
number, even when a quote is unbalanced.

CSV lets a quoted field run over several lines (ticket bodies do), so one stray `"` makes a
plain CSV reader swallow the following tickets into one broken row, and they are never
mentioned again. Here a record that runs over several lines is accepted only when it closes
its quotes without crossing a line that looks like the start of a new record (the same
kind of id and date, in the same columns, as the records read so far), within
`MAX_RECORD_LINES`, and has the header's number of columns. Otherwise its first line is
rejected and the lines after it are read again, each on its own: the ticket on the next
line is read, not lost.

    records = CsvRecords(handle, ",")
    header = records.header()
    records.expect(len(header), key_columns=[0, 1])
    for line, row, problem in records: ...   # row is None when problem says why
"""

from __future__ import annotations

import csv
import re
from collections import deque
from collections.abc import Iterable, Iterator

MAX_RECORD_LINES = 2_000  # a quoted field longer than this is taken for a missing quote

_DATE = re.compile(
    r"\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
    r"(?: ?(?:Z|UTC|[+-]\d{2}:?\d{2}))?"
)
_REF = re.compile(r"[A-Za-z]{0,6}[-#]?\d+")

UNBALANCED = (
    'a quote (") opened on line {line} is never closed, so the row runs into line {next}; '
    "the row is skipped and reading goes on from line {next} — fix the quotes on line {line}"
)


def kind(value: str) -> str:
    """A coarse kind of a key value ("int", "date", "email", "ref"; "" when it says nothing)."""
    value = value.strip()
    if value.isdigit():
        return "int"
    if _DATE.fullmatch(value):
        return "date"
    if "@" in value and " " not in value:
        return "email"
    if _REF.fullmatch(value):
        return "ref"
    return ""


class CsvRecords:
    """Records of a CSV text stream: (line where the record starts, fields or None, problem)."""

    def __init__(self, lines: Iterable[str], delimiter: str, first_line: int = 1) -> None:
        self._lines = enumerate(lines, first_line)
        self._back: deque[tuple[int, str]] = deque()
        self.delimiter = delimiter
        self.width = 0
        self.keys: list[int] = [0]
        self._kinds: list[str] | None = None  # of the key columns, from the last good record
        self._last: list[str] | None = None  # the last good record, kinds not worked out yet

    def expect(self, width: int, key_columns: Iterable[int]) -> None:
        self.width = width
        self.keys = sorted({k for k in key_columns if 0 <= k < width}) or [0]

    def _next(self) -> tuple[int, str] | None:
        if self._back:
            return self._back.popleft()
        return next(self._lines, None)

    def _read(self, check: bool) -> tuple[int, list[str] | None, list[tuple[int, str]], str]:
        """One record: (first line, fields, the physical lines it took, why it stopped early)."""
        first = self._next()
        if first is None:
            raise StopIteration
        taken = [first]
        if '"' not in first[1]:  # no quote: one line, split as csv would (the common case)
            text = first[1].rstrip("\r\n")
            return first[0], (text.split(self.delimiter) if text else []), taken, ""
        stopped = ""

        def feed() -> Iterator[str]:
            nonlocal stopped
            yield first[1]
            while True:  # asked for only while a quoted field is still open
                nxt = self._next()
                if nxt is None:
                    stopped = "end"
                    return
                if check and (len(taken) >= MAX_RECORD_LINES or self._starts_record(nxt[1])):
                    self._back.appendleft(nxt)
                    stopped = "next record"
                    return
                taken.append(nxt)
                yield nxt[1]

        try:
            row = next(csv.reader(feed(), delimiter=self.delimiter))
        except StopIteration:
            row = []
        except csv.Error as exc:
            return first[0], None, taken, f"cannot be read as CSV ({exc})"
        return first[0], row, taken, stopped

    def header(self) -> list[str] | None:
        try:
            _, row, _, _ = self._read(check=False)
        except StopIteration:
            return None
        return row

    def _starts_record(self, text: str) -> bool:
        """Whether a line read inside a quoted field looks like the start of a new record."""
        unterminated = False
        if '"' not in text and "\0" not in text:  # most lines of a body: split as csv would
            text = text.rstrip("\r\n")
            if not text:
                return False
            fields = text.split(self.delimiter)
        else:
            try:
                fields = next(csv.reader([text], delimiter=self.delimiter, strict=True))
            except csv.Error:
                unterminated = True
                try:
                    fields = next(csv.reader([text], delimiter=self.delimiter))
                except (csv.Error, StopIteration):
                    return False
            except StopIteration:
                return False
        complete = len(fields) - 1 if unterminated else len(fields)
        if self.keys[-1] >= complete:
            return False
        if self._last is not None:
            last, self._last = self._last, None
            latest = [kind(last[k]) for k in self.keys]
            if any(latest):
                self._kinds = latest
        if self._kinds is None:  # none read yet: any id or date
            wanted = [kind(fields[k]) or "?" for k in self.keys]
        else:
            wanted = self._kinds
        pairs = 0
        for k, want in zip(self.keys, wanted, strict=True):
            if want:  # the first column that differs settles it (most body lines: the id)
                value = fields[k]
                # An id of digits: told without working out the kind of words ("Thanks,").
                if want == "int" and not value.strip().isdigit() or kind(value) != want:
                    return False
                pairs += 1
        if not pairs:
            return False
        if pairs >= 2:  # an id and a date where records have them: a record, whatever follows
            return True
        return complete == self.width or (unterminated and complete < self.width)

    def __iter__(self) -> Iterator[tuple[int, list[str] | None, str]]:
        while True:
            try:
                line, row, taken, stopped = self._read(check=True)
            except StopIteration:
                return
            problem = ""
            if row is None:
                problem = stopped  # unreadable as CSV
            elif stopped or (len(taken) > 1 and len(row) != self.width):
                problem = UNBALANCED.format(line=line, next=line + 1)
            if problem:
                self._back.extendleft(reversed(taken[1:]))  # read again, each on its own
                yield line, None, problem
                continue
            if row is not None and len(row) == self.width:
                self._last = row  # its key kinds are worked out only when needed
            yield line, row, ""
