"""Rule settings from the plugin's `check:` option in mkdocs.yml.

plugins:
  - kbgen:
      check:
        tone: false                      # switch a rule off
        reading-grade: {max: 9}          # tune it
        stale: {months: 6, severity: error}
        links: {severity: warning}       # a whole family at once
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kbgen.check.registry import Rule, families
from kbgen.content.model import Problem

SEVERITIES = ("error", "warning")


@dataclass(frozen=True)
class RuleSettings:
    enabled: bool
    severity: str
    options: dict[str, Any]


def _line_of(config_file: Path | None, key: str) -> int:
    """The line of `key:` inside the `check:` block of mkdocs.yml (best effort, else 1)."""
    if config_file is None or not config_file.is_file():
        return 1
    lines = config_file.read_text("utf-8", "replace").splitlines()
    start = next((i for i, t in enumerate(lines) if re.match(r"^\s*check:", t)), None)
    if start is None:
        return 1
    for i in range(start + 1, len(lines)):
        if re.match(rf"^\s*['\"]?{re.escape(key)}['\"]?\s*:", lines[i]):
            return i + 1
    return start + 1


def _same_type(default: Any, value: Any) -> bool:
    if isinstance(default, bool) or isinstance(value, bool):
        return isinstance(default, bool) and isinstance(value, bool)
    if isinstance(default, int | float):
        return isinstance(value, int | float)
    if isinstance(default, list | tuple):
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    return isinstance(value, type(default))


def resolve_settings(
    raw: dict[str, Any], rules: dict[str, Rule], config_file: Path | None
) -> tuple[dict[str, RuleSettings], list[Problem]]:
    """Every rule's settings (defaults overlaid with mkdocs.yml), and mistakes in the settings."""
    problems: list[Problem] = []
    where = config_file or Path("mkdocs.yml")
    groups = families(rules)

    def problem(key: str, message: str, hint: str) -> None:
        problems.append(Problem(where, _line_of(config_file, key), message, hint, rule="config"))

    settings = {r.id: RuleSettings(True, r.severity, dict(r.options)) for r in rules.values()}
    # Families first, so a setting for one rule wins over its family's.
    ordered = sorted(raw.items(), key=lambda kv: kv[0] not in groups)
    for key, value in ordered:
        key = str(key)
        targets = sorted(groups.get(key, {key} if key in rules else set()))
        if not targets:
            names = sorted([*rules, *groups])
            close = difflib.get_close_matches(key, names, n=1, cutoff=0.6)
            problem(
                key,
                f"kbgen check has no rule '{key}'",
                f"did you mean '{close[0]}'?" if close else "run 'kbgen check --list-rules'",
            )
            continue
        if isinstance(value, bool) or value is None or value in ("off", "on"):
            on = value in (True, "on")
            for target in targets:
                settings[target] = RuleSettings(
                    on, settings[target].severity, settings[target].options
                )
            continue
        if not isinstance(value, dict):
            problem(
                key,
                f"the setting for '{key}' must be true, false or options",
                f"write '{key}: false' or '{key}: {{severity: warning}}'",
            )
            continue
        for target in targets:
            current = settings[target]
            enabled, severity, options = current.enabled, current.severity, dict(current.options)
            for name, option in value.items():
                name = str(name)
                if name == "enabled" and isinstance(option, bool):
                    enabled = option
                elif name == "severity":
                    if option not in SEVERITIES:
                        problem(
                            key,
                            f"severity '{option}' of '{key}' is not error or warning",
                            f"write '{key}: {{severity: warning}}'",
                        )
                    else:
                        severity = option
                elif name in options:
                    if _same_type(rules[target].options[name], option):
                        options[name] = option
                    else:
                        default = rules[target].options[name]
                        problem(
                            key,
                            f"option '{name}' of '{key}' has the wrong type",
                            f"it takes a value like {default!r}",
                        )
            settings[target] = RuleSettings(enabled, severity, options)
        # A family's options apply to the rules that have them; others are mistakes.
        offered = {"enabled", "severity"} | {o for t in targets for o in rules[t].options}
        for name in value:
            if str(name) not in offered:
                known = ", ".join(sorted(offered))
                kind = "rule" if key in rules else "rule family"
                problem(key, f"{kind} '{key}' has no option '{name}'", f"use one of: {known}")
    return settings, problems
