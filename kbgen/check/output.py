"""Findings as text for people, GitHub Actions annotations, or JSON for other tools."""

from __future__ import annotations

import json

from kbgen.content.model import Problem


def text_line(problem: Problem) -> str:
    """`path:line: rule-id: message — how to fix it`."""
    line = f"{problem.shown_path}:{problem.line}: {problem.rule}: {problem.message}"
    return f"{line} — {problem.hint}" if problem.hint else line


def _escape_data(value: str) -> str:
    # GitHub's workflow-command escaping (actions/toolkit, command.ts).
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def github_line(problem: Problem) -> str:
    """`::error file=...,line=...,title=rule-id::message — hint` (warnings as ::warning)."""
    level = "error" if problem.severity == "error" else "warning"
    properties = ",".join(
        f"{key}={_escape_property(str(value))}"
        for key, value in (
            ("file", problem.shown_path),
            ("line", problem.line),
            ("title", problem.rule),
        )
    )
    message = f"{problem.message} — {problem.hint}" if problem.hint else problem.message
    return f"::{level} {properties}::{_escape_data(message)}"


def as_json(problems: list[Problem]) -> str:
    return json.dumps(
        [
            {
                "path": p.shown_path,
                "line": p.line,
                "rule": p.rule,
                "severity": p.severity,
                "message": p.message,
                "hint": p.hint,
            }
            for p in problems
        ],
        indent=2,
        ensure_ascii=False,
    )
