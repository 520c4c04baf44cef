"""The report files: HTML for the owner, Markdown, JSON, CSV, drafts and the "Most asked" data."""

from __future__ import annotations

import csv
import json
import re
from datetime import datetime
from pathlib import Path

import numpy as np
import yaml

from kbgen.mine.drafts import symptoms_for, write_drafts
from kbgen.mine.model import Cluster
from kbgen.mine.pipeline import MineOptions, MineResult
from kbgen.mine.publish import write_most_asked
from kbgen.mine.rank import Finding
from kbgen.mine.report import sparkline, write_all

CONTENT = Path(__file__).resolve().parent.parent / "content"


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
        Finding(covered, recent=8, previous=4, phrasings=("Why was I charged twice?",),
                weekly_series=(4, 0, 0, 0, 0, 0, 0, 8)),
        Finding(gap, recent=0, previous=5, weekly_series=(0, 0, 0, 0, 5, 0, 0, 0),
                phrasings=("Do you sell gift cards?", "do you sell gift cards",
                           "Can I buy a gift card? I'm [name]", "gift vouchers for a friend")),
    ]  # fmt: skip


def write(tmp_path: Path, items: list[Finding]) -> dict[str, Path]:
    result = MineResult(read=20, new=20, rejected=1, clustered=20, findings=items, articles=18)
    result.summary = {
        "tickets": 20, "grouped_tickets": 17, "covered_tickets": 12, "unfindable_tickets": 0,
        "gap_tickets": 5, "coverage": 0.7059, "coverage_of_all": 0.6,
    }  # fmt: skip
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
    assert html.count("<polyline") == 2 and "+100% vs previous 4 weeks" in html
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
    assert first["trend"] == {"recent_4_weeks": 8, "previous_4_weeks": 4, "direction": "up"}
    assert data["clusters"][1]["article"] is None
    md = files["markdown"].read_text()
    assert "## Questions with no article" in md and "Do you sell gift cards?" in md
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
