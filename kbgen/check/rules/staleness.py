"""Articles nobody has checked for a long time: prices, menus and apps change."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from kbgen.check.context import CheckContext
from kbgen.check.registry import rule
from kbgen.content.model import Problem


def _months_between(earlier: date, later: date) -> int:
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    return months - (later.day < earlier.day)


@rule(
    "stale",
    family="staleness",
    severity="warning",
    summary="'reviewed' is older than a number of months (12), or missing",
    months=12,
    require_date=True,
)
def stale(ctx: CheckContext, options: dict[str, Any]) -> Iterable[Problem]:
    limit = int(options["months"])
    for entry in ctx.kb.entries:
        if entry.reviewed is None:
            if options["require_date"] and "reviewed" not in entry.key_lines:
                yield Problem(
                    entry.path,
                    entry.key_lines.get("title", 1),
                    "the article has no 'reviewed' date",
                    f"check it is still right, then add 'reviewed: {ctx.today.isoformat()}'",
                    rule="stale",
                )
            continue
        age = _months_between(entry.reviewed, ctx.today)
        if age >= limit:
            yield Problem(
                entry.path,
                entry.key_lines.get("reviewed", 1),
                f"last reviewed {age} months ago ({entry.reviewed.isoformat()}); "
                f"articles go stale after {limit}",
                f"check the steps still match the site, then set 'reviewed: "
                f"{ctx.today.isoformat()}'",
                rule="stale",
            )
