"""Split a Markdown file into YAML front matter and body, remembering line numbers.

Every value keeps the line it was written on, so each problem can be reported as
`path:line` even after YAML has turned the text into Python values.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from kbgen.content import safe_yaml


@dataclass
class FrontMatter:
    data: dict[str, Any]
    key_lines: dict[str, int]  # "title" -> 2, "related[1]" -> 9 (1-based file lines)
    body: str
    body_line: int  # first line of the body in the file
    start_line: int = 1  # the opening "---"
    errors: list[tuple[int, str, str]] = field(default_factory=list)  # (line, message, hint)


def _node_lines(node: yaml.Node, offset: int) -> dict[str, int]:
    """Map each top-level key (and each item of a list value) to its 1-based file line."""
    lines: dict[str, int] = {}
    if not isinstance(node, yaml.MappingNode):
        return lines
    for key_node, value_node in node.value:
        key = str(key_node.value)
        lines[key] = key_node.start_mark.line + offset
        if isinstance(value_node, yaml.SequenceNode):
            for i, item in enumerate(value_node.value):
                lines[f"{key}[{i}]"] = item.start_mark.line + offset
    return lines


def parse_yaml(text: str, offset: int) -> tuple[Any, dict[str, int], list[tuple[int, str, str]]]:
    """Parse YAML text whose first line is file line `offset + 1`, with kbgen's limits
    (no alias bombs, no duplicate keys: see kbgen.content.safe_yaml)."""
    data, node, errors = safe_yaml.load(text, offset)
    if errors:
        return None, {}, errors
    return data, (_node_lines(node, offset + 1) if node is not None else {}), []


def split(text: str) -> FrontMatter:
    """Split `---` front matter from the body. A file without front matter is an error."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        return FrontMatter(
            {},
            {},
            text,
            1,
            errors=[
                (
                    1,
                    "the file does not start with front matter",
                    "begin the file with a line '---', then 'title:' and 'summary:', then '---'",
                )
            ],
        )
    for i in range(1, len(lines)):
        if lines[i].strip() in ("---", "..."):
            yaml_text = "".join(lines[1:i])
            body = "".join(lines[i + 1 :])
            data, key_lines, errors = parse_yaml(yaml_text, offset=1)
            if data is None and not errors:
                data = {}
            if not errors and not isinstance(data, dict):
                errors = [
                    (
                        2,
                        "the front matter is not a list of 'key: value' lines",
                        "write one setting per line, such as 'title: My password does not work'",
                    )
                ]
                data = {}
            return FrontMatter(data or {}, key_lines, body, i + 2, errors=errors)
    return FrontMatter(
        {},
        {},
        text,
        1,
        errors=[
            (
                1,
                "the front matter is never closed",
                "add a line '---' after the last front matter line",
            )
        ],
    )
