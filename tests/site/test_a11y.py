"""Every page type of the built example site passes axe-core's WCAG 2.0/2.1/2.2 A and AA rules
in headless Chromium, in the light and the dark colour scheme.

axe-core is a test dependency from npm: `npm ci --prefix tests/a11y`.
"""

from __future__ import annotations

import pytest

from tests.site.axe_check import WCAG_TAGS, run_axe

pytestmark = pytest.mark.browser

PAGES = {
    "home": "",
    "category": "logging-in/",
    "article": "logging-in/password-not-working/",
    "glossary": "glossary/",
    "contact": "contact/",
    "not found": "404.html",
    "search results open": "",
}
SCHEMES = {"light": ("light", "default"), "dark": ("dark", "slate")}


def _describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']}")
        for node in v["nodes"][:5]:
            lines.append(f"    {' '.join(node['target'])}: {node['failureSummary'][:300]}")
    return "\n".join(lines)


@pytest.mark.parametrize("scheme", list(SCHEMES))
@pytest.mark.parametrize("page_type", list(PAGES))
def test_page_passes_axe(browser, site_url: str, page_type: str, scheme: str):
    media, material_scheme = SCHEMES[scheme]
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=media)
    page = context.new_page()
    try:
        page.goto(site_url + PAGES[page_type])
        # Material picks the palette from prefers-color-scheme; make sure it took effect.
        page.wait_for_function(
            f"document.body.getAttribute('data-md-color-scheme') === '{material_scheme}'"
        )
        if page_type == "search results open":
            box = page.locator("[role=combobox]").first
            box.click()
            box.type("pasword wont work", delay=20)
            page.wait_for_selector("[role=listbox] [role=option]", state="visible")
            assert box.get_attribute("aria-expanded") == "true"
        result = run_axe(page)
        assert result["violations"] == [], _describe(result["violations"])
        # axe really ran the WCAG rules on a real page (a broken injection would pass vacuously).
        assert page.evaluate("tags => axe.getRules(tags).length", WCAG_TAGS) > 50
        assert len(result["passes"]) > 10
    finally:
        context.close()
