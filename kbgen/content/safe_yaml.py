"""Parse YAML that other people wrote, with limits: every YAML file kbgen reads goes through here.

Two things plain `yaml.safe_load` lets through are refused, each with its line:

- aliases that expand the file far beyond what is written (a "billion laughs": nine lists of
  nine aliases to the list before make 387 million values from ten lines), and aliases that
  refer to themselves;
- duplicate keys, which YAML loaders silently resolve by keeping the last value (a second
  `email:` in `_contact.yml` would quietly take over every contact link).

    node, problems = compose(text, offset=0)   # problems: [(line, message, hint)]
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import yaml

from kbgen.content import yaml_errors

# Values that aliases may add beyond those written in the file. Help content uses aliases
# rarely, for a shared list or two; ten thousand is generous and still builds in no time.
MAX_ALIAS_VALUES = 10_000

# libyaml's C loader when present: about ten times faster on large knowledge bases. It has
# SafeLoader's interface, which is how the type checker sees it.
if TYPE_CHECKING:
    from yaml import SafeLoader as _Base
else:
    _Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_MERGE_TAG = "tag:yaml.org,2002:merge"

YamlProblem = tuple[int, str, str]  # (1-based file line, message, how to fix it)


class Loader(_Base):
    """SafeLoader that leaves dates as text: kbgen parses them itself, so a bad date is a
    reported problem with its line rather than a crash inside PyYAML."""


Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _Base.yaml_implicit_resolvers.items()
}


class AnyTagLoader(_Base):
    """Reads mkdocs.yml, whose values may carry MkDocs' !ENV or Python tags (read as None)."""


AnyTagLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def _alias_problem(text: str, loader: type, offset: int) -> YamlProblem | None:
    """Count the values the file expands to, alias by alias, from the event stream (which is
    cheap: nothing is expanded); the first alias past the limit is the problem."""
    if "*" not in text:  # no alias can be written without one
        return None
    written = expanded = 0
    sizes: dict[str, int] = {}  # anchor -> values it stands for
    open_: list[tuple[str | None, int]] = []  # containers being read: (anchor, expanded at start)
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.AliasEvent):
            anchor = event.anchor or ""
            mark = event.start_mark  # the parser sets it; the stubs allow None
            line = (mark.line if mark is not None else 0) + offset + 1
            if any(name == anchor for name, _ in open_):
                return (
                    line,
                    f"the alias '*{anchor}' refers to the block it is in, which never ends",
                    f"remove '*{anchor}' here, or write the values out",
                )
            expanded += sizes.get(anchor, 1)
            if expanded - written > MAX_ALIAS_VALUES:
                return (
                    line,
                    f"aliases ('*{anchor}' here) make this file expand to more than "
                    f"{MAX_ALIAS_VALUES:,} values beyond what is written",
                    "write the values out instead of repeating aliases of aliases",
                )
        elif isinstance(event, yaml.ScalarEvent):
            written, expanded = written + 1, expanded + 1
            if event.anchor:
                sizes[event.anchor] = 1
        elif isinstance(event, yaml.SequenceStartEvent | yaml.MappingStartEvent):
            written, expanded = written + 1, expanded + 1
            open_.append((event.anchor, expanded - 1))
        elif isinstance(event, yaml.SequenceEndEvent | yaml.MappingEndEvent):
            closed, start = open_.pop()
            if closed:
                sizes[closed] = expanded - start
    return None


def _duplicate_keys(root: yaml.Node, offset: int) -> list[YamlProblem]:
    problems: list[YamlProblem] = []
    seen: set[int] = set()  # nodes shared through aliases are checked once
    todo = [root]
    while todo:
        node = todo.pop()
        if id(node) in seen or isinstance(node, yaml.ScalarNode):
            continue
        seen.add(id(node))
        if isinstance(node, yaml.SequenceNode):
            todo.extend(reversed(node.value))
            continue
        first: dict[tuple[str, str], int] = {}
        for key, value in node.value:
            todo.append(value)
            if not isinstance(key, yaml.ScalarNode) or key.tag == _MERGE_TAG:
                continue
            line = key.start_mark.line + offset + 1
            earlier = first.get((key.tag, key.value))
            if earlier is None:
                first[(key.tag, key.value)] = line
                continue
            problems.append(
                (
                    line,
                    f"duplicate key '{key.value}' (first on line {earlier})",
                    "keep one: YAML would silently use only the last one",
                )
            )
    return sorted(problems)


def _error_problem(exc: yaml.YAMLError, offset: int) -> YamlProblem:
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line if mark else 0) + offset + 1
        problem = exc.problem or exc.context or "invalid YAML"
        return line, f"YAML syntax error: {problem}", _yaml_hint(problem)
    return offset + 1, f"YAML error: {exc}", "check the indentation and quotes"


def _yaml_hint(problem: str) -> str:
    if "mapping values are not allowed" in problem:
        return 'put text that contains ": " in quotes, e.g. title: "Error: file not found"'
    if "found character '\\t'" in problem:
        return "indent with spaces, not tabs"
    return "check the indentation, and put text with special characters (: # [ ] { }) in quotes"


def _parse(
    text: str, offset: int, loader: type, build: bool
) -> tuple[Any, yaml.Node | None, list[YamlProblem]]:
    try:
        bomb = _alias_problem(text, loader, offset)
        if bomb:
            return None, None, [bomb]
        # One parse: compose the node tree (for line numbers), then build values from it.
        parser = loader(text)
        try:
            node = parser.get_single_node()
            if node is None:
                return None, None, []
            duplicates = _duplicate_keys(node, offset)
            if duplicates:
                return None, None, duplicates
            return (parser.construct_document(node) if build else None), node, []
        finally:
            parser.dispose()
    except yaml.YAMLError as exc:
        return None, None, _every_error(text, offset, loader, _error_problem(exc, offset))


def _every_error(text: str, offset: int, loader: type, first: YamlProblem) -> list[YamlProblem]:
    """The first syntax error, every other one the parser can reach, and duplicate keys in
    the parts that parse (see kbgen.content.yaml_errors)."""

    def first_error(part: str, part_offset: int) -> YamlProblem | None:
        parser = loader(part)
        try:
            parser.get_single_node()
        except yaml.YAMLError as exc:
            # A part on its own cannot see anchors defined in another part.
            return None if "undefined alias" in str(exc) else _error_problem(exc, part_offset)
        finally:
            parser.dispose()
        return None

    errors, rest = yaml_errors.all_errors(text, offset, first, first_error)
    parser = loader(rest)
    try:
        node = parser.get_single_node()
    except yaml.YAMLError:
        node = None
    finally:
        parser.dispose()
    return sorted(errors + (_duplicate_keys(node, offset) if node is not None else []))


def compose(
    text: str, offset: int = 0, loader: type = Loader
) -> tuple[yaml.Node | None, list[YamlProblem]]:
    """The node tree of one YAML document (lines are `mark.line + offset + 1`), or problems."""
    _, node, problems = _parse(text, offset, loader, build=False)
    return node, problems


def load(
    text: str, offset: int = 0, loader: type = Loader
) -> tuple[Any, yaml.Node | None, list[YamlProblem]]:
    """Python values of one YAML document and its node tree, or (None, None, problems)."""
    return _parse(text, offset, loader, build=True)


def inline(value: Any) -> str:
    """`value` written as YAML on one line, as a person would write it: plain where YAML
    reads it back unchanged ("My download doesn't open"), quoted only where it must be
    ('Error: file', 'yes'), and double-quoted with escapes when it holds a line break, so a
    value can never end the front matter early. Used by every template that writes YAML."""
    text = yaml.safe_dump(value, allow_unicode=True, width=math.inf, default_flow_style=True)
    text = text.removesuffix("\n...\n").removesuffix("\n")
    if any(brk in text for brk in "\n\r\x85\u2028\u2029"):  # every line break YAML knows
        text = yaml.safe_dump(
            value, allow_unicode=True, width=math.inf, default_flow_style=True, default_style='"'
        ).removesuffix("\n")
    return text
