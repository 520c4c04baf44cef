"""The knowledge base's search tests: queries customers type and the article each must find.

`content/_search-tests.yml`:

    cases:
      - {query: pasword wont work, expect: password-not-working, top: 1}
      - {query: money back, expect: refund-request}      # top defaults to 3
    no_match:                    # questions no article answers: the "no good match" panel
      - do you sell garden furniture
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from kbgen.content import safe_yaml
from kbgen.content.model import KnowledgeBase, Problem
from kbgen.search.engine import SearchEngine, SearchResult

TESTS_FILE = "_search-tests.yml"
DEFAULT_TOP = 3
RULE = "search-tests"


@dataclass(frozen=True)
class SearchCase:
    query: str
    expect: str
    top: int
    line: int  # 1-based line of the case in the tests file


@dataclass(frozen=True)
class CaseOutcome:
    case: SearchCase
    result: SearchResult

    @property
    def rank(self) -> int | None:
        """1-based position of the expected article, or None when it is not found at all."""
        for i, hit in enumerate(self.result.hits, 1):
            if hit.slug == self.case.expect:
                return i
        return None

    @property
    def passed(self) -> bool:
        return self.rank is not None and self.rank <= self.case.top


def _scalar(node: yaml.Node | None) -> str | None:
    return node.value if isinstance(node, yaml.ScalarNode) else None


def load_cases(path: Path) -> tuple[list[SearchCase], list[Problem]]:
    """Cases with their line numbers (read from YAML nodes), and problems with the file itself."""
    problems: list[Problem] = []

    def problem(line: int, message: str, hint: str = "") -> None:
        problems.append(Problem(path, line, message, hint, rule=RULE))

    root, errors = safe_yaml.compose(path.read_text(encoding="utf-8-sig"))
    for line, message, hint in errors:
        problem(line, message, hint)
    if errors:
        return [], problems
    cases_node = None
    if isinstance(root, yaml.MappingNode):
        cases_node = next((v for k, v in root.value if _scalar(k) == "cases"), None)
    if not isinstance(cases_node, yaml.SequenceNode):
        problem(1, "the search tests need a 'cases:' list", "see kbgen's docs for an example")
        return [], problems
    cases: list[SearchCase] = []
    for item in cases_node.value:
        line = item.start_mark.line + 1
        fields = (
            {_scalar(k): v for k, v in item.value} if isinstance(item, yaml.MappingNode) else {}
        )
        query, expect = _scalar(fields.get("query")), _scalar(fields.get("expect"))
        if not query or not expect:
            problem(line, "each search test needs a 'query' and an 'expect' (an article's slug)")
            continue
        top_text = _scalar(fields.get("top")) or str(DEFAULT_TOP)
        if not top_text.isdigit() or int(top_text) < 1:
            problem(line, f"'top' must be a whole number of 1 or more, not '{top_text}'")
            continue
        cases.append(SearchCase(query, expect, int(top_text), line))
    return cases, problems


def load_no_match(path: Path) -> tuple[list[tuple[str, int]], list[Problem]]:
    """The `no_match:` queries with their lines: questions that must get the no-match panel."""
    root, errors = safe_yaml.compose(path.read_text(encoding="utf-8-sig"))
    if errors or not isinstance(root, yaml.MappingNode):
        return [], []  # load_cases reports what is wrong with the file itself
    node = next((v for k, v in root.value if _scalar(k) == "no_match"), None)
    if node is None:
        return [], []
    problems: list[Problem] = []
    if not isinstance(node, yaml.SequenceNode):
        line = node.start_mark.line + 1
        problems.append(
            Problem(
                path, line, "'no_match:' must be a list of queries", "one '- query' a line", RULE
            )
        )
        return [], problems
    queries: list[tuple[str, int]] = []
    for item in node.value:
        text = _scalar(item)
        if text and text.strip():
            queries.append((text, item.start_mark.line + 1))
        else:
            problems.append(
                Problem(
                    path,
                    item.start_mark.line + 1,
                    "each 'no_match:' entry must be a query, as a customer types it",
                    rule=RULE,
                )
            )
    return queries, problems


def run_cases(engine: SearchEngine, cases: list[SearchCase]) -> list[CaseOutcome]:
    limit = max((c.top for c in cases), default=DEFAULT_TOP)
    return [CaseOutcome(c, engine.search(c.query, limit=max(limit, 10))) for c in cases]


def describe_miss(outcome: CaseOutcome) -> str:
    case = outcome.case
    shown = ", ".join(h.slug for h in outcome.result.hits[: case.top]) or "nothing"
    where = f"it came at {outcome.rank}" if outcome.rank else "it was not found at all"
    corrected = f" (searched as '{outcome.result.corrected}')" if outcome.result.corrected else ""
    return (
        f"search '{case.query}'{corrected} should show '{case.expect}' in the top {case.top}, "
        f"but {where}; the top {case.top}: {shown}"
    )


def run_search_tests(
    kb: KnowledgeBase, engine: SearchEngine | None = None, language: str | None = None
) -> list[Problem]:
    """One Problem per failing case (and per mistake in the tests file); [] when all pass.
    `language`: the articles' language, for the search built here when no engine is given."""
    path = kb.root / TESTS_FILE
    if not path.is_file():
        return []
    cases, problems = load_cases(path)
    known = {e.slug for e in kb.entries}
    runnable: list[SearchCase] = []
    for case in cases:
        if case.expect not in known:
            problems.append(
                Problem(
                    path,
                    case.line,
                    f"search test '{case.query}' expects '{case.expect}', "
                    "but no article has that slug",
                    "use the file name of an article without .md",
                    rule=RULE,
                )
            )
        else:
            runnable.append(case)
    engine = engine or SearchEngine.from_kb(kb, language)
    no_match, no_match_problems = load_no_match(path)
    problems += no_match_problems
    for query, line in no_match:
        shown = engine.search(query, limit=3).hits
        if shown:
            problems.append(
                Problem(
                    path,
                    line,
                    f"search '{query}' should show the no-match panel, but shows "
                    + ", ".join(f"'{hit.slug}'" for hit in shown),
                    "the words it shares with those articles make them look like an answer: "
                    "reword their symptoms, or remove the query if an article does answer it",
                    rule=RULE,
                )
            )
    for outcome in run_cases(engine, runnable):
        if not outcome.passed:
            problems.append(
                Problem(
                    path,
                    outcome.case.line,
                    describe_miss(outcome),
                    "add the customer's words to the article's symptoms, or a synonym to "
                    "the _synonyms.yml beside this file (each language has its own)",
                    rule=RULE,
                )
            )
    return problems
