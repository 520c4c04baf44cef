"""The loop back from customers, end to end: a real Chromium on the built site sends its
events to a real `kbgen collect` on loopback; `kbgen mine` then reads them back.

One collector and one browser session serve the whole module (a customer's visit: searches,
results opened, feedback answered, contact), and the assertions look at what came out:
the store, the report, clusters.json, _most-asked.yml. Personal data planted in queries and
comments must be nowhere in any of them.
"""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import duckdb
import pytest

from tests.support.cli import kbgen
from tests.support.collector import CollectorProcess
from tests.support.paths import CONTENT, REPO
from tests.support.serving import serve_dir

SAMPLE = REPO / "kbgen" / "samples" / "sample-zendesk.json"
# Planted in what the customer types: none may reach the store or any output.
PLANTED = (
    "zq.bobsmith@qqmail.zz",
    "bobsmith",
    "07700 900461",
    "7700900461",
    "Hunter2Xq!",
    "jane.doe@example.com",
    "4111 1111 1111 1111",
)
NOTHING_QUERIES = (
    "zyxxq frobnicate qwvx zq.bobsmith@qqmail.zz",
    "zyxxq frobnicate qwvx 07700 900461",
)
MISSING = "It fails on my phone. my password is Hunter2Xq! write to jane.doe@example.com"

# 4 finished searches, 2 articles read, 2 answers, 3 visits to contact.
EXPECTED_EVENTS = 11
pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def loop(tmp_path_factory: pytest.TempPathFactory, browser) -> dict:
    """Build the site with feedback_url at a collector, visit it, stop the collector."""
    from kbgen.site.build import build_site

    root = tmp_path_factory.mktemp("loop")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(
        CONTENT, root / "content", ignore=shutil.ignore_patterns("_drafts", "_most-asked.yml")
    )
    # The collector first, so its port is taken before the site is built to send there.
    (root / "site").mkdir()
    server, url = serve_dir(root / "site")
    origin = url.rstrip("/")
    store = root / ".kbgen" / "tickets.duckdb"
    collector = CollectorProcess(store, origin).start()
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text("utf-8").replace(
            "home_title: How can we help?",
            f"home_title: How can we help?\n      feedback_url: {collector.url}",
        ),
        encoding="utf-8",
    )
    build_site(config, site_dir=root / "site")
    context = browser.new_context()
    page = context.new_page()
    opened: dict[str, str] = {}

    def search(query: str) -> None:
        box = page.locator("[data-kbgen-search='hero'] [data-kbgen-input]")
        box.click()
        box.press_sequentially(query, delay=15)
        page.wait_for_function(
            "q => document.querySelector(\"[data-kbgen-search='hero'] [data-kbgen-results]\")"
            ".getAttribute('data-kbgen-query') === q",
            arg=query,
        )

    try:
        # 1. A search, its top result opened with Enter; not helpful; contact from the article.
        page.goto(url)
        search("pasword wont work")
        page.keyboard.press("Enter")
        page.wait_for_url(lambda u: u.rstrip("/") != origin)
        opened["enter"] = page.url.removeprefix(url)
        feedback = page.locator(".kb-feedback")
        feedback.get_by_role("button", name="No").click()
        page.get_by_label("What was missing?").fill(MISSING)
        feedback.get_by_role("button", name="Send").click()
        contact = feedback.locator(".kb-contact-link")
        contact.evaluate("a => a.addEventListener('click', e => e.preventDefault())")
        contact.click()  # a mailto: link; the mail program is not opened here
        # 2. Twice a search that finds nothing, then "Ask us" in the empty results.
        for query in NOTHING_QUERIES:
            page.goto(url)
            search(query)
            page.locator(
                "[data-kbgen-search='hero'] [data-kbgen-empty] a", has_text="Ask us"
            ).click()
            page.wait_for_url("**/contact/")
        # 3. A search, a result opened with the mouse, and helpful.
        page.goto(url)
        search("how do i reset my password")
        first = page.locator("[data-kbgen-search='hero'] [data-kbgen-results] a").first
        opened["click"] = first.get_attribute("href")
        first.click()
        page.wait_for_url("**/" + opened["click"].split("/", 2)[-1].lstrip("./") + "**")
        opened["click"] = page.url.removeprefix(url)
        page.locator(".kb-feedback").get_by_role("button", name="Yes").click()
        page.goto(url)  # leaving the article sends what is waiting
        page.wait_for_timeout(300)
        # The last batch leaves as the article page goes: wait until it has arrived.
        deadline = time.monotonic() + 20
        health = collector.health()
        while health["accepted"] < EXPECTED_EVENTS and time.monotonic() < deadline:
            time.sleep(0.1)
            health = collector.health()
    finally:
        context.close()
        server.shutdown()
        output = collector.stop()
    return {
        "root": root,
        "store": store,
        "accepted": health["accepted"],
        "batches": health["batches"],
        "opened": opened,
        "collector_output": output,
    }


@pytest.fixture(scope="module")
def mined(loop: dict) -> dict:
    out = loop["root"] / "reports"
    result = kbgen(
        "mine",
        str(SAMPLE),
        "--store",
        str(loop["store"]),
        "--out",
        str(out),
        "--publish",
        cwd=loop["root"],
    )
    assert result.returncode == 0, result.stderr
    data = json.loads((out / "clusters.json").read_text("utf-8"))
    return {"out": out, "data": data, "stdout": result.stdout}


def stored_events(store: Path) -> list[dict]:
    con = duckdb.connect(str(store), read_only=True)
    try:
        cursor = con.execute("SELECT * FROM site_events")
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    finally:
        con.close()


def test_the_site_sends_every_event_to_the_collector_and_it_stores_them(loop: dict) -> None:
    events = stored_events(loop["store"])
    kinds = sorted(e["type"] for e in events)
    # 3 searches that finished, 2 articles read, 2 answers, 3 contacts.
    assert kinds.count("search") == 4
    assert kinds.count("read") == 2
    assert kinds.count("feedback") == 2
    assert kinds.count("contact") == 3
    assert loop["accepted"] == len(events)
    # Batches, not one request per event.
    assert 0 < loop["batches"] < len(events)
    enter = next(e for e in events if e["type"] == "search" and e["query"] == "pasword wont work")
    assert enter["opened"] == loop["opened"]["enter"] and enter["rank"] == 1
    assert enter["results"] > 0 and enter["corrected"] == "password wont work"
    nothing = [e for e in events if e["type"] == "search" and e["query"].startswith("zyxxq")]
    assert [e["results"] for e in nothing] == [0, 0] and all(not e["opened"] for e in nothing)
    contacts = [e for e in events if e["type"] == "contact"]
    after_article = next(c for c in contacts if c["article"] == loop["opened"]["enter"])
    assert after_article["search_id"] == enter["search_id"]
    assert {c["search_id"] for c in contacts} >= {e["search_id"] for e in nothing}
    # No column holds an address of the visitor.
    assert not any("127.0.0.1" in str(v) for e in events for v in e.values())


def test_mine_reports_searches_that_found_nothing_rates_and_comments(
    mined: dict, loop: dict
) -> None:
    site = mined["data"]["site"]
    assert site["searches"] == 4 and site["failed_searches"] == 2
    assert site["no_result_searches"] == 2 and site["contacts"] == 3
    groups = site["searched_nothing"]
    zyxxq = next(g for g in groups if any(q.startswith("zyxxq") for q in g["queries"]))
    assert zyxxq["failed"] == 2 and zyxxq["no_results"] == 2
    assert zyxxq["contact_share"] == 1.0
    articles = {a["page"]: a for a in site["articles"]}
    read = articles[loop["opened"]["enter"].strip("/")]
    assert (read["reads"], read["helpful"], read["not_helpful"]) == (1, 0, 1)
    assert read["helpful_rate"] == 0.0 and read["contact_rate"] == 1.0
    assert read["comments"] and read["comments"][0].startswith("It fails on my phone.")
    helped = articles[loop["opened"]["click"].strip("/")]
    assert (helped["helpful"], helped["contacts"], helped["from_search"]) == (1, 0, 1)
    # The password question of the tickets has the site's searches beside it.
    password = [c for c in mined["data"]["clusters"] if (c["site_searches"] or {}).get("searches")]
    assert password, "no ticket group got the site's searches"
    # The search that ended in contact ("pasword wont work") joined a group that the
    # password article answers (grouped by meaning or by words, there may be several).
    asked = [c for c in password if c["article"] == "password-not-working"]
    assert any(c["site_searches"]["ended_in_contact"] >= 1 for c in asked), asked
    html = (mined["out"] / "report.html").read_text("utf-8")
    assert "Searched and found nothing" in html and "How helpful each article was" in html
    assert "zyxxq frobnicate qwvx" in html
    assert "Site searches" in mined["stdout"]


def test_planted_personal_data_reaches_no_store_and_no_output(mined: dict, loop: dict) -> None:
    root: Path = loop["root"]
    files = [p for p in root.rglob("*") if p.is_file() and "site" not in p.relative_to(root).parts]
    assert any(p.suffix == ".duckdb" for p in files)
    leaks = []
    for path in files:
        data = path.read_bytes()
        for planted in PLANTED:
            if planted.encode() in data:
                leaks.append(f"{path.relative_to(root)}: {planted}")
    assert not leaks, leaks
    text = (mined["out"] / "report.md").read_text("utf-8")
    assert "[email]" in text or "[password]" in text
    assert (root / "content" / "_most-asked.yml").is_file()
    assert "searches:" in (root / "content" / "_most-asked.yml").read_text("utf-8")
    # No access log: it would write each client's address.
    assert not any(p in loop["collector_output"] for p in ('" 202', "POST /events", "GET /"))


def test_nothing_is_sent_when_nothing_is_configured(browser, site_url: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    posts: list[str] = []
    page.on("request", lambda r: posts.append(r.url) if r.method != "GET" else None)
    try:
        page.goto(site_url)
        box = page.locator("[data-kbgen-search='hero'] [data-kbgen-input]")
        box.press_sequentially("pasword wont work", delay=10)
        page.keyboard.press("Enter")
        page.wait_for_url(lambda u: u != site_url)
        page.locator(".kb-feedback").get_by_role("button", name="Yes").click()
        assert page.evaluate("window.kbgenEvents.enabled") is False
        page.goto(site_url)
        page.wait_for_timeout(300)
    finally:
        context.close()
    assert posts == []


# The owner's snippet for each tool, recording its calls instead of sending them (nothing
# leaves the machine); sessionStorage keeps them across the pages of the visit.
RECORD = (
    "var c = JSON.parse(sessionStorage.getItem('calls') || '[]'); c.push(%s); "
    "sessionStorage.setItem('calls', JSON.stringify(c));"
)
SNIPPETS = {
    "google": "window.gtag = function () { " + RECORD % "Array.from(arguments)" + " };",
    "plausible": "window.plausible = function (n, o) { " + RECORD % "[n, o]" + " };",
    "matomo": "window._paq = { push: function (item) { " + RECORD % "item" + " } };",
}


@pytest.mark.parametrize("provider", ["google", "plausible", "matomo"])
def test_events_go_to_the_analytics_the_owner_configured(
    browser,
    tmp_path: Path,
    provider: str,
    analytics_site: Path,
) -> None:
    """The site calls the owner's analytics with its events, and `kbgen mine --searches`
    reads them back from that tool's export."""
    server, url = serve_dir(analytics_site)
    context = browser.new_context()
    context.add_init_script(SNIPPETS[provider])
    page = context.new_page()
    try:
        page.goto(url)
        box = page.locator("[data-kbgen-search='hero'] [data-kbgen-input]")
        box.press_sequentially("pasword wont work", delay=10)
        page.wait_for_function(
            "() => document.querySelector(\"[data-kbgen-search='hero'] [data-kbgen-results]\")"
            ".getAttribute('data-kbgen-query') === 'pasword wont work'"
        )
        page.keyboard.press("Enter")
        page.wait_for_url(lambda u: u != url)
        page.locator(".kb-feedback").get_by_role("button", name="Yes").click()
        calls = page.evaluate("JSON.parse(sessionStorage.getItem('calls') || '[]')")
    finally:
        context.close()
        server.shutdown()
    export = _as_export(provider, calls, tmp_path)
    from kbgen.events.readers import detect, read_events

    assert detect(export) == ("ga4" if provider == "google" else provider)
    rows = list(read_events(export))
    events = [e for e in rows if not hasattr(e, "reason")]
    assert len(events) == len(rows)
    assert sorted(e.type for e in events) == ["feedback", "read", "search"], calls
    search = next(e for e in events if e.type == "search")
    assert search.query == "pasword wont work" and search.opened and search.results
    feedback = next(e for e in events if e.type == "feedback")
    assert feedback.helpful is True and feedback.page == search.opened


@pytest.fixture(scope="module")
def analytics_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example site with extra.analytics set up as for a custom (own snippet) provider."""
    from kbgen.site.build import build_site

    root = tmp_path_factory.mktemp("analytics")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(CONTENT, root / "content", ignore=shutil.ignore_patterns("_drafts"))
    config = root / "mkdocs.yml"
    text = config.read_text("utf-8")
    assert "\nextra:" not in text
    # Material's custom provider: the owner's own snippet (here an empty one; each test
    # defines the tool's function before the page runs).
    snippet = root / "overrides" / "partials" / "integrations" / "analytics" / "custom.html"
    snippet.parent.mkdir(parents=True)
    snippet.write_text("<!-- the owner's analytics snippet -->\n", encoding="utf-8")
    text = text.replace("  name: material\n", "  name: material\n  custom_dir: overrides\n")
    config.write_text(text + "\nextra:\n  analytics:\n    provider: custom\n", encoding="utf-8")
    return build_site(config, site_dir=root / "site").site_dir


def _as_export(provider: str, calls: list, folder: Path) -> Path:
    """The calls as each tool exports them (GA4: BigQuery NDJSON; Plausible: a custom events
    CSV; Matomo: Live.getLastVisitsDetails JSON)."""
    if provider == "google":
        path = folder / "bigquery.json"
        rows = []
        for i, (_event, name, params) in enumerate(calls):
            values = [
                {"key": k, "value": {"int_value": str(v)} if isinstance(v, int) and
                 not isinstance(v, bool) else {"string_value": str(v)}}
                for k, v in params.items()
            ]  # fmt: skip
            rows.append(
                {"event_date": "20261201", "event_timestamp": str(1_780_000_000_000_000 + i),
                 "event_name": name, "user_pseudo_id": "123.456", "event_params": values}
            )  # fmt: skip
        path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
        return path
    if provider == "plausible":
        import csv

        path = folder / "custom_events.csv"
        props = sorted({k for _n, o in calls for k in o["props"]})
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["name", *props, "visitors", "events"])
            for name, options in calls:
                writer.writerow([name, *(options["props"].get(k, "") for k in props), 1, 1])
        return path
    path = folder / "matomo-visits.json"
    details = [
        {"type": "event", "eventCategory": c[1], "eventAction": c[2], "eventName": c[3],
         "timestamp": 1_780_000_000 + i}
        for i, c in enumerate(calls)
    ]  # fmt: skip
    path.write_text(json.dumps([{"idVisit": 1, "actionDetails": details}]), encoding="utf-8")
    return path
