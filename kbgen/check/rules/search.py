"""The knowledge base's search tests (content/_search-tests.yml), run with the same search the
site and `kbgen search` use, so what CI asserts is what customers get."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from kbgen.check.context import CheckContext
from kbgen.check.registry import rule
from kbgen.content.model import Problem


@rule(
    "search-tests",
    family="search",
    severity="error",
    summary="the customer queries in content/_search-tests.yml find the article they expect",
)
def search_tests(ctx: CheckContext, options: dict[str, Any]) -> Iterable[Problem]:
    from kbgen.search.searchtests import run_search_tests

    yield from run_search_tests(ctx.kb, language=ctx.language)
