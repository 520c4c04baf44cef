"""The rules `kbgen check` knows: each registers its id, family, default severity and options.

A rule is a function `(ctx, options) -> Iterable[Problem]`. Rule modules register
themselves with `@rule(...)` when imported; `all_rules()` imports them all.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from kbgen.content.model import Problem

if TYPE_CHECKING:
    from kbgen.check.context import CheckContext

RuleFunction = Callable[["CheckContext", dict[str, Any]], Iterable[Problem]]

# One module per family of rules, imported on demand.
RULE_MODULES = (
    "kbgen.check.rules.content",
    "kbgen.check.rules.placeholder",
    "kbgen.check.rules.links",
    "kbgen.check.rules.structure",
    "kbgen.check.rules.plain_language",
    "kbgen.check.rules.tone",
    "kbgen.check.rules.jargon",
    "kbgen.check.rules.duplicates",
    "kbgen.check.rules.staleness",
    "kbgen.check.rules.search",
    "kbgen.check.rules.language",
)


@dataclass(frozen=True)
class Rule:
    id: str
    family: str
    severity: str  # default: "error" | "warning"
    summary: str  # one line for `kbgen check --list-rules`
    check: RuleFunction
    options: dict[str, Any] = field(default_factory=dict)  # tunable, with their defaults


_RULES: dict[str, Rule] = {}


def rule(
    id: str,  # shadows the builtin: the rule's id is what owners write
    *,
    family: str,
    severity: str,
    summary: str,
    **options: Any,
) -> Callable[[RuleFunction], RuleFunction]:
    def register(function: RuleFunction) -> RuleFunction:
        _RULES[id] = Rule(id, family, severity, summary, function, dict(options))
        return function

    return register


def all_rules() -> dict[str, Rule]:
    for module in RULE_MODULES:
        importlib.import_module(module)
    return dict(_RULES)


def families(rules: dict[str, Rule]) -> dict[str, set[str]]:
    """Family name -> its rule ids, so `ignore links` switches off every link rule."""
    result: dict[str, set[str]] = {}
    for r in rules.values():
        result.setdefault(r.family, set()).add(r.id)
    return result
