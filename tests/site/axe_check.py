"""axe-core in a real page: how the browser tests check the WCAG rules."""

from __future__ import annotations

import pytest

from tests.support.paths import TESTS

AXE = TESTS / "a11y" / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def run_axe(page) -> dict:
    """Inject axe-core into the page and run the WCAG rules; axe's results."""
    if not AXE.is_file():
        pytest.fail("axe-core is missing: run `npm ci --prefix tests/a11y`")
    page.add_script_tag(path=str(AXE))
    return page.evaluate(
        """async (tags) => await axe.run(document, {
            runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})""",
        WCAG_TAGS,
    )
