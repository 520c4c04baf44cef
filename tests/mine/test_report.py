"""The report files: HTML for the owner, Markdown, JSON, CSV, drafts and the "Most asked" data."""

from __future__ import annotations

import csv
import dataclasses
import json
import re
from collections import Counter
from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
import pytest
import yaml

from kbgen.mine.cluster import Grouping
from kbgen.mine.drafts import symptoms_for, write_drafts
from kbgen.mine.model import Cluster
from kbgen.mine.publish import write_most_asked
from kbgen.mine.rank import Finding, TicketColumns, rank, weekly_totals
from kbgen.mine.report import TOP, sparkline, write_all
from kbgen.mine.run_model import MineOptions, MineResult
from tests.support.paths import REPO

CONTENT = REPO / "content"


def findings() -> list[Finding]:
    covered = Cluster(
        1, "Why was I <b>charged</b> twice?", (), 12, 9,
        datetime(2026, 1, 5), datetime(2026, 3, 1), {"2026-W02": 4, "2026-W09": 8},
        ("I was charged twice & more", "Two payments on my card"), "charged-twice", 0.61,
        "covered",
    )  # fmt: skip
    gap = Cluster(
        2, "Do you sell gift cards?", (), 5, 5, datetime(2026, 2, 1), datetime(2026, 2, 20),
        {"2026-W06": 5}, ("Do you sell gift cards? I'm [name]",), None, 0.1, "gap",
    )  # fmt: skip
    return [
        Finding(covered, recent=40, previous=20, phrasings=("Why was I charged twice?",),
                weekly_series=(4, 0, 0, 0, 0, 0, 0, 8)),
        Finding(gap, recent=0, previous=5, weekly_series=(0, 0, 0, 0, 5, 0, 0, 0),
                phrasings=("Do you sell gift cards?", "do you sell gift cards",
                           "Can I buy a gift card? I'm [name]", "gift vouchers for a friend")),
    ]  # fmt: skip


def write(
    tmp_path: Path, items: list[Finding], drafts: Sequence[Path] = (), **summary: object
) -> dict[str, Path]:
    result = MineResult(read=20, new=20, rejected=1, clustered=20, findings=items, articles=18)
    result.summary = {
        "tickets": 20, "grouped_tickets": 17, "covered_tickets": 12, "unfindable_tickets": 0,
        "gap_tickets": 5, "coverage": 0.7059, "coverage_of_all": 0.6, **summary,
    }  # fmt: skip
    result.drafts = list(drafts)
    created = np.arange("2026-01-05", "2026-03-04", dtype="datetime64[D]").astype("datetime64[us]")
    result.weekly = weekly_totals(created)  # ends on a Tuesday: the last week is not over
    keys = np.array([f"csv/{i}" for i in range(20)], dtype=object)
    labels = np.array([1] * 12 + [2] * 5 + [-1] * 3)
    options = MineOptions(exports=[Path("tickets.csv")], kb=CONTENT, out=tmp_path)
    return write_all(tmp_path, items, result, keys, labels, ["csv/old"], options)


def test_sparkline_scales_the_series_into_the_box() -> None:
    points = [tuple(map(float, p.split(","))) for p in sparkline([0, 5, 10], 100, 20).split()]
    assert [x for x, _ in points] == [0.0, 50.0, 100.0]
    assert points[0][1] == 18.0 and points[2][1] == 2.0
    assert sparkline([]) == ""


def test_html_report_escapes_text_and_loads_nothing(tmp_path: Path) -> None:
    files = write(tmp_path, findings())
    html = files["html"].read_text()
    assert "Why was I &lt;b&gt;charged&lt;/b&gt; twice?" in html
    assert "I was charged twice &amp; more" in html
    assert "<b>charged</b>" not in html
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", html)
    assert html.count("<polyline") == 2 and "up +100% (a day, last 4 weeks" in html
    title = yaml.safe_load(
        (CONTENT / "orders-and-billing/charged-twice.md").read_text().split("---")[1]
    )["title"]
    assert title.replace("'", "&#39;") in html  # the matched article by its title


def test_json_markdown_and_csv_agree(tmp_path: Path) -> None:
    files = write(tmp_path, findings())
    data = json.loads(files["clusters"].read_text())
    assert data["summary"]["groups"] == 2 and data["summary"]["rejected"] == 1
    first = data["clusters"][0]
    assert first["first_seen"] == "2026-01-05T00:00:00"
    assert first["weekly"] == {"2026-W02": 4, "2026-W09": 8}
    assert first["trend"] == {"recent_4_weeks": 40, "previous_4_weeks": 20, "direction": "up"}
    assert data["clusters"][1]["article"] is None
    md = files["markdown"].read_text()
    assert "## Write these next" in md and "Do you sell gift cards?" in md
    rows = list(csv.reader(files["assignments"].open()))
    assert rows[0] == ["ticket_id", "cluster_id"] and len(rows) == 22
    assert rows[-1] == ["csv/old", "-1"]


def test_report_with_no_recurring_question(tmp_path: Path) -> None:
    files = write(tmp_path, [])
    assert "No question came up often enough" in files["html"].read_text()
    assert json.loads(files["clusters"].read_text())["clusters"] == []


def test_drafts_use_customer_phrasings_once_and_skip_personal_placeholders(
    tmp_path: Path,
) -> None:
    items = findings()
    assert symptoms_for(items[1]) == ["do you sell gift cards?", "gift vouchers for a friend"]
    paths = write_drafts(tmp_path, items)
    assert [p.name for p in paths] == ["do-you-sell-gift-cards.md"]
    front = yaml.safe_load(paths[0].read_text().split("---\n")[1])
    assert front["title"] == "Do you sell gift cards?"
    assert "gift" in front["tags"]
    # A second run rewrites its own draft instead of adding another.
    assert write_drafts(tmp_path, items) == paths
    assert len(list((tmp_path / "_drafts").iterdir())) == 1


def test_most_asked_orders_by_customers(tmp_path: Path) -> None:
    items = findings()[::-1]
    path = write_most_asked(tmp_path, items)
    data = yaml.safe_load(path.read_text())
    assert [q["customers"] for q in data["questions"]] == [9, 5]
    assert data["questions"][0] == {
        "question": "Why was I <b>charged</b> twice?", "article": "charged-twice", "customers": 9,
    }  # fmt: skip
    assert data["questions"][1]["article"] is None


def many(gaps: int = 13, unfindable: int = 12, covered: int = 14) -> list[Finding]:
    """A report's worth of questions, customers falling down the list; long hostile labels."""
    out = []
    kinds = ["gap"] * gaps + ["unfindable"] * unfindable + ["covered"] * covered
    for n, status in enumerate(kinds, start=1):
        article = None if status == "gap" else "charged-twice"
        label = f"Question {n} ({status}) <script>alert({n})</script> " + "word" * (n % 3 * 12)
        cluster = Cluster(
            n, label, (), 100 - n, 100 - n, datetime(2026, 1, 5), datetime(2026, 3, 1),
            {"2026-W02": 3}, (f"example {n} &lt;i&gt;",), article, 0.5, status,
        )  # fmt: skip
        failed = ("wrong charge on my card", "two debits") if status == "unfindable" else ()
        out.append(
            Finding(cluster, recent=3, previous=3, phrasings=(label,), failed_phrasings=failed,
                    weekly_series=(3, 1, 4, 1, 5, 9, 2, 6, 5, 3))
        )  # fmt: skip
    return out


def test_report_leads_with_what_to_write_and_counts_every_gap(tmp_path: Path) -> None:
    drafts_dir = tmp_path / "content" / "_drafts"
    drafts_dir.mkdir(parents=True)
    drafts = [drafts_dir / f"draft-{n}.md" for n in range(1, 6)]
    files = write(tmp_path, many(), drafts=drafts)
    html = files["html"].read_text()
    # The order of the page: write these next, make these findable, then what is covered.
    write_next, findable, covered = (
        html.index('id="write-next"'), html.index('id="make-findable"'),
        html.index('id="covered-list"'),
    )  # fmt: skip
    assert write_next < findable < covered
    gaps = html[write_next:findable]
    assert gaps.index("Question 1 (gap)") < gaps.index("Question 2 (gap)")  # most customers first
    # The card counts every gap, not the ones shown.
    assert re.search(r'<b class="gap">13</b>questions with no article', html)
    # TOP shown, the rest behind "show all".
    shown, _, hidden = gaps.partition('<details class="more"')
    assert shown.count('<li class="q is-gap"') == TOP and "Show all 13" in hidden
    assert hidden.count('<li class="q is-gap"') == 13 - TOP
    # Each of the top gaps links its draft, relative to the report.
    assert 'href="content/_drafts/draft-1.md"' in gaps and "draft-5.md" in gaps
    assert "draft-6" not in html
    # Unfindable rows carry the phrasings to add; covered rows do not.
    assert html[findable:covered].count("“wrong charge on my card”") == 12
    assert "wrong charge" not in html[covered:]
    # Hostile text is escaped; entities a plain-text export left are decoded, then escaped.
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "example 1 &lt;i&gt;" in html and "&amp;lt;" not in html
    md = files["markdown"].read_text()
    assert md.index("## Write these next") < md.index("## Make these findable")
    assert "<script>" not in md and "&lt;script&gt;alert(1)" in md  # Markdown renders HTML
    assert "> example 1 &lt;i&gt;" in md


def test_not_a_question_count_is_shown_when_the_pipeline_gives_it(tmp_path: Path) -> None:
    assert 'id="not-questions"' not in write(tmp_path, many(2, 1, 1))["html"].read_text()
    breakdown = {"thanks": 31, "auto-reply": 7, "link only": 4}
    html = write(tmp_path, many(2, 1, 1), not_questions=breakdown)["html"].read_text()
    assert re.search(r'id="not-questions"><b>42</b>not a question', html)
    assert "thanks: 31" in html and "auto-reply: 7" in html
    html = write(tmp_path, many(2, 1, 1), not_questions=9)["html"].read_text()
    assert re.search(r'id="not-questions"><b>9</b>', html)


def test_overall_chart_marks_the_unfinished_week(tmp_path: Path) -> None:
    html = write(tmp_path, many(2, 1, 1))["html"].read_text()
    chart = html[html.index('id="trend"') :]
    assert chart.count('<div class="partial"') == 1
    assert "2026-W10 (not over)" in chart and "2026-W02" in chart


def flat_findings(groups: int = 60, per_group: int = 200, days: int = 180) -> list[Finding]:
    """Tickets at a steady rate over half a year; the data ends on a Wednesday, mid-week."""
    rng = np.random.default_rng(7)
    labels = np.repeat(np.arange(groups), per_group)
    start = np.datetime64("2026-01-01T09:00")  # a Thursday: 180 days on is a Wednesday
    created = start + rng.integers(0, days * 24 * 60, len(labels)).astype("timedelta64[m]")
    texts = [f"steady question number {g}" for g in labels]
    unique, inverse = np.unique(np.array(texts), return_inverse=True)
    grouping = Grouping(
        labels=labels.copy(), inverse=inverse, unique_similarity=np.ones(len(unique)),
        centres=np.zeros((groups, 1)), featurizer=None, k_discovered=groups,  # type: ignore[arg-type]
        sample_size=len(labels),
    )  # fmt: skip
    columns = TicketColumns(
        keys=np.array([f"t/{i}" for i in range(len(labels))], dtype=object),
        created=created.astype("datetime64[us]"),
        customers=np.array([f"c{i}" for i in range(len(labels))], dtype=object),
        texts=texts,
    )
    return rank(columns, grouping)


def test_steady_questions_read_steady() -> None:
    """Half a year of tickets at a steady rate, cut mid-week: the unfinished week must not
    read as a drop, nor chance as a trend."""
    found = flat_findings()
    trends = Counter(f.trend for f in found)
    assert trends["flat"] >= 0.85 * len(found), trends
    change = [f.trend_percent for f in found if f.trend_percent is not None]
    assert abs(float(np.median(change))) <= 10, np.median(change)


def test_a_growing_question_reads_up() -> None:
    cluster = Cluster(1, "q", (), 90, 90, datetime(2026, 1, 1), datetime(2026, 3, 1))
    assert Finding(cluster, recent=60, previous=30).trend == "up"
    assert Finding(cluster, recent=10, previous=40).trend == "down"
    assert Finding(cluster, recent=4, previous=3).trend == "flat"  # too few to tell
    # Two weeks of history before the recent four: compared per day, not as a drop.
    assert Finding(cluster, recent=40, previous=20, previous_days=14).trend == "flat"
    late = Cluster(2, "q", (), 9, 9, datetime(2026, 2, 20), datetime(2026, 3, 1))
    assert Finding(late, recent=9, previous=0).trend == "new"
    assert Finding(cluster, recent=9, previous=0).trend == "flat"  # old, quiet, back again
    assert timedelta(days=1)  # keeps the import honest


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 390])
def test_report_reads_on_a_laptop_and_a_phone(browser, tmp_path: Path, width: int) -> None:
    files = write(tmp_path, many())
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    try:
        page.goto(files["html"].as_uri())
        # Nothing wider than the screen: no sideways scrolling on a phone.
        scroll, inner = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
        assert scroll <= inner, (scroll, inner)
        # Chart labels as readable as body text.
        sizes = page.evaluate(
            """[...document.querySelectorAll('.bars li > span:first-child, .bars .n, .axis span')]
               .map(e => parseFloat(getComputedStyle(e).fontSize))"""
        )
        assert sizes and min(sizes) >= 12, sizes
        # "Write these next" comes before the covered list on the page.
        write_next = page.locator("#write-next").bounding_box()
        covered = page.locator("#covered-list").bounding_box()
        assert write_next and covered and write_next["y"] < covered["y"]
        # The rest of the list is behind "show all", and opens.
        hidden = page.locator("#all-gaps li.q").first
        assert not hidden.is_visible()
        page.locator("#all-gaps > summary").click()
        assert hidden.is_visible()
        assert page.locator("#write-next li.q").count() == 13
    finally:
        context.close()


def test_a_gap_an_article_may_answer_names_it_in_every_report(tmp_path: Path) -> None:
    covered, gap = findings()
    maybe = dataclasses.replace(gap.cluster, maybe_answered_by="refund-request")
    files = write(tmp_path, [covered, dataclasses.replace(gap, cluster=maybe)])
    markdown = files["markdown"].read_text()
    assert "maybe answered by `refund-request` already: check it first" in markdown
    assert "(5 customers); an article may answer 1 of them already: check first |" in markdown
    html = files["html"].read_text()
    assert "data-maybe-answered" in html and "<code>refund-request</code>" in html
    assert "an article may answer 1 of them already</div>" in html
    [record] = [c for c in json.loads(files["clusters"].read_text())["clusters"] if c["id"] == 2]
    assert record["status"] == "gap" and record["maybe_answered_by"] == "refund-request"
    assert record["maybe_answered_by_title"]  # the article's own title, from the content
    # A gap with no such article says nothing of the kind.
    (tmp_path / "plain").mkdir()
    plain = write(tmp_path / "plain", findings())
    assert "maybe answered" not in plain["markdown"].read_text()
    assert "may answer" not in plain["markdown"].read_text()
    assert "data-maybe-answered" not in plain["html"].read_text()
