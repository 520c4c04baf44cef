"""Everything the build's own validation finds: front matter schema, dates, related slugs,
duplicate names, the site's YAML files. The build refuses these, so they are errors."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from kbgen.check.context import CheckContext
from kbgen.check.registry import rule
from kbgen.content.model import Problem


@rule(
    "content",
    family="content",
    severity="error",
    summary="what the build validates: front matter, dates, related articles, duplicates",
)
def content_problems(ctx: CheckContext, options: dict[str, Any]) -> Iterable[Problem]:
    for problem in ctx.load_problems:
        yield replace(problem, rule="content") if problem.rule != "content" else problem
