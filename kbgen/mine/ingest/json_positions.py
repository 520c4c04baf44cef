"""Parse a JSON export, keeping the file line where each ticket of its list starts.

`json.load` forgets positions, so rejected.csv could only say "item 13". Here the outer
levels of the document (the top-level list, or the object holding the list of tickets, such
as `{"tickets": [...]}` or `{"_embedded": {"conversations": [...]}}`) are walked by hand and
each value below them is decoded by the standard library's decoder, so the cost stays that
of `json.loads`. A document nested deeper than Python can decode is a clear error, not a
RecursionError traceback.
"""

from __future__ import annotations

import json
import re
from _json import scanstring  # json.decoder's own string scanner (typeshed lists it here)
from typing import Any

_WS = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()
_OUTER_DEPTH = 3  # levels walked by hand: enough for "_embedded.conversations" items

TOO_DEEP = (
    "is nested too deeply to be a ticket export (lists or objects inside each other "
    "thousands of times)"
)


class _Doc:
    def __init__(self, text: str) -> None:
        self.text = text
        self.lines: dict[int, list[int]] = {}  # id(list) -> line of each item
        self._at, self._line = 0, 1

    def line_at(self, index: int) -> int:
        """1-based line of `index`; indexes are asked for in increasing order."""
        self._line += self.text.count("\n", self._at, index)
        self._at = index
        return self._line

    def skip(self, index: int) -> int:
        return _WS.match(self.text, index).end()  # type: ignore[union-attr]

    def value(self, index: int, depth: int) -> tuple[Any, int]:
        text = self.text
        char = text[index : index + 1]
        if depth >= _OUTER_DEPTH or char not in ("[", "{"):
            return _DECODER.raw_decode(text, index)
        close = "]" if char == "[" else "}"
        items: list[Any] = []
        lines: list[int] = []
        obj: dict[str, Any] = {}
        index = self.skip(index + 1)
        if text[index : index + 1] == close:
            return (items if char == "[" else obj), index + 1
        while True:
            index = self.skip(index)
            if char == "[":
                lines.append(self.line_at(index))
                item, index = self.value(index, depth + 1)
                items.append(item)
            else:
                if text[index : index + 1] != '"':
                    raise ValueError("expected a key")
                key, index = scanstring(text, index + 1)
                index = self.skip(index)
                if text[index : index + 1] != ":":
                    raise ValueError("expected ':'")
                obj[key], index = self.value(self.skip(index + 1), depth + 1)
            index = self.skip(index)
            sep = text[index : index + 1]
            index += 1
            if sep == close:
                break
            if sep != ",":
                raise ValueError("expected ',' or the end")
        if char == "[":
            self.lines[id(items)] = lines
            return items, index
        return obj, index


def loads(text: str) -> tuple[Any, dict[int, list[int]]]:
    """The document, and for each list in its outer levels (by `id`) its items' file lines.

    Raises json.JSONDecodeError for invalid JSON, ValueError(TOO_DEEP) for absurd nesting.
    """
    doc = _Doc(text)
    try:
        start = doc.skip(0)
        value, end = doc.value(start, 0)
        if doc.skip(end) != len(text):
            raise ValueError("extra data")
        return value, doc.lines
    except RecursionError:
        raise ValueError(TOO_DEEP) from None
    except (ValueError, IndexError, KeyError):
        pass
    # Invalid JSON: the standard parser says what and where.
    try:
        return json.loads(text), {}
    except RecursionError:
        raise ValueError(TOO_DEEP) from None
