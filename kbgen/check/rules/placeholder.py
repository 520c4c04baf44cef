"""Text that is not written yet: template sentences left as they were, "TODO:" markers, the
example address of `kbgen init` (see kbgen.site.placeholders, which the build uses too)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from kbgen.check.context import CheckContext
from kbgen.check.registry import rule
from kbgen.content.model import Problem
from kbgen.site.placeholders import find_placeholders


@rule(
    "placeholder",
    family="placeholder",
    severity="error",
    summary="template text left as it was, TODO: markers, kbgen init's example address",
)
def placeholder(ctx: CheckContext, options: dict[str, Any]) -> Iterable[Problem]:
    return find_placeholders(ctx.kb)
