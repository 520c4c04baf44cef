"""`kbgen mine` run as the owner runs it, on the bundled sample export and the format fixtures."""

from __future__ import annotations

import csv
import json
import re
import shutil
from pathlib import Path

import duckdb
import pytest
import yaml

from tests.support.cli import bare_env, kbgen
from tests.support.paths import EXPORTS, REPO, SAMPLE

CLUSTER_KEYS = {
    "id", "label", "tickets", "customers", "first_seen", "last_seen", "weekly", "examples",
    "article", "match_score", "status",
}  # fmt: skip


def copy_project(dest: Path) -> Path:
    shutil.copytree(
        REPO / "content",
        dest / "content",
        ignore=shutil.ignore_patterns("_drafts", "_most-asked.yml"),
    )
    return dest


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict:
    project = copy_project(tmp_path_factory.mktemp("shop"))
    first = kbgen("mine", str(SAMPLE), "--drafts", "--publish", cwd=project, env=bare_env())
    assert first.returncode == 0, first.stderr
    out = project / "reports"
    snapshot = json.loads((out / "clusters.json").read_text())
    first_html = (out / "report.html").read_text()  # the --drafts run's report
    second = kbgen("mine", str(SAMPLE), cwd=project, env=bare_env())
    assert second.returncode == 0, second.stderr
    return {
        "project": project, "out": out, "first": first, "second": second, "json": snapshot,
        "html": first_html,
    }  # fmt: skip


def sample_ids() -> list[str]:
    return [str(t["id"]) for t in json.loads(SAMPLE.read_text())["tickets"]]


def test_clusters_json_schema(runs: dict) -> None:
    data = runs["json"]
    summary, clusters = data["summary"], data["clusters"]
    assert summary["read"] == summary["new"] > 0
    assert summary["groups"] == len(clusters) >= 5
    assert 0 < summary["coverage"] <= 1
    for rank, c in enumerate(clusters, start=1):
        assert CLUSTER_KEYS <= set(c), c.keys()
        assert c["id"] == rank
        assert c["status"] in ("covered", "unfindable", "gap")
        assert (c["article"] is None) == (c["status"] == "gap")
        assert 1 <= c["customers"] <= c["tickets"]
        assert sum(c["weekly"].values()) <= c["tickets"]
        assert all(re.fullmatch(r"\d{4}-W\d\d", week) for week in c["weekly"])
        assert c["first_seen"] <= c["last_seen"]
        assert 1 <= len(c["examples"]) <= 3 and c["label"]
    # Ranked by distinct customers, then tickets.
    keys = [(-c["customers"], -c["tickets"]) for c in clusters]
    assert keys == sorted(keys)
    statuses = {c["article"]: c["status"] for c in clusters if c["article"]}
    assert "refund-request" in statuses and "charged-twice" in statuses
    labels = " ".join(c["label"].lower() for c in clusters if c["status"] == "gap")
    assert "gift" in labels or "voucher" in labels


def test_assignments_list_every_ticket_once(runs: dict) -> None:
    rows = list(csv.DictReader((runs["out"] / "assignments.csv").open()))
    assert list(rows[0]) == ["ticket_id", "cluster_id"]
    ids = [r["ticket_id"] for r in rows]
    assert len(ids) == len(set(ids)) == runs["json"]["summary"]["read"]
    read = {i.split("/", 1)[1] for i in ids}
    rejected = len(list(csv.DictReader((runs["out"] / "rejected.csv").open())))
    assert len(read) + rejected == len(sample_ids())
    assert read < set(sample_ids())
    groups = {int(r["cluster_id"]) for r in rows}
    assert groups <= {-1, *range(1, runs["json"]["summary"]["groups"] + 1)}
    sizes = {c["id"]: c["tickets"] for c in runs["json"]["clusters"]}
    for gid, size in sizes.items():
        assert sum(1 for r in rows if int(r["cluster_id"]) == gid) == size


def test_rejected_rows_name_source_and_line(runs: dict) -> None:
    rows = list(csv.DictReader((runs["out"] / "rejected.csv").open()))
    assert rows and len(rows) == runs["json"]["summary"]["rejected"]
    for r in rows:
        assert r["source"].endswith("sample-zendesk.json")
        assert int(r["line"]) > 0 and r["reason"]
    assert "rejected" in runs["first"].stdout.lower()


def test_html_report_is_self_contained(runs: dict) -> None:
    html = (runs["out"] / "report.html").read_text()
    assert "<svg" in html and "<style>" in html
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", html, re.I)
    assert not re.search(r"<script[^>]+src|<link[^>]+stylesheet|@import|url\(", html, re.I)
    top = runs["json"]["clusters"][0]
    assert top["label"].replace("'", "&#39;") in html
    md = (runs["out"] / "report.md").read_text()
    assert "| # | Question |" in md and top["label"] in md


def test_drafts_for_gaps_use_the_content_format(runs: dict) -> None:
    drafts = sorted((runs["project"] / "content" / "_drafts").glob("*.md"))
    gaps = [c for c in runs["json"]["clusters"] if c["status"] == "gap"]
    assert len(drafts) == min(5, len(gaps)) > 0
    for path in drafts:
        text = path.read_text()
        front, body = text.split("---\n")[1:3]
        meta = yaml.safe_load(front)
        assert set(meta) == {"title", "summary", "symptoms", "tags", "reviewed"}
        assert meta["summary"].startswith("TODO") and meta["symptoms"]
        assert len({s.lower() for s in meta["symptoms"]}) == len(meta["symptoms"])
        for heading in ("## Quick fix", "## Step by step", "## Why this happens"):
            assert heading in body


def test_most_asked_is_read_by_the_site(runs: dict) -> None:
    from kbgen.content.loader import collect_kb

    path = runs["project"] / "content" / "_most-asked.yml"
    assert path.read_text().startswith("#")
    data = yaml.safe_load(path.read_text())
    assert data["generated"] and 0 < len(data["questions"]) <= 10
    customers = [q["customers"] for q in data["questions"]]
    assert customers == sorted(customers, reverse=True)
    kb, _ = collect_kb(runs["project"] / "content")
    assert [m.question for m in kb.site.most_asked] == [q["question"] for q in data["questions"]]
    slugs = {e.slug for e in kb.entries}
    assert all(q["article"] is None or q["article"] in slugs for q in data["questions"])


def test_second_import_adds_nothing_and_counts_the_same(runs: dict) -> None:
    again = json.loads((runs["out"] / "clusters.json").read_text())
    assert again["summary"]["new"] == 0
    assert again["summary"]["already_stored"] == runs["json"]["summary"]["read"]
    assert again["summary"]["tickets"] == runs["json"]["summary"]["tickets"]
    sizes = [c["tickets"] for c in runs["json"]["clusters"]]
    assert [c["tickets"] for c in again["clusters"]] == sizes
    assert "0 / " in runs["second"].stdout  # the summary table: 0 new / N already stored


PLANTED = {
    "email": "anna.planted@example.org",
    "phone": "+44 7700 900123",
    "card": "4111 1111 1111 1111",
    "password": "Hunter2Secret",
    "address": "12 Acacia Avenue",
}
PLANT = (
    f"My password doesn't work. Call me on {PLANTED['phone']}, card {PLANTED['card']}. "
    f"My password is {PLANTED['password']} and my mail is {PLANTED['email']}. "
    f"I live at {PLANTED['address']}. "
)


def test_personal_data_reaches_no_output(tmp_path: Path) -> None:
    """Plant personal data in every format fixture; none may survive in any file kbgen writes,
    the ticket store included."""
    exports = tmp_path / "exports"
    shutil.copytree(EXPORTS, exports)
    planted_in = []
    for path in sorted(p for p in exports.rglob("*") if p.is_file()):
        text = path.read_text(encoding="utf-8", errors="surrogateescape")
        if "My password doesn't work" in text:
            path.write_text(
                text.replace("My password doesn't work", PLANT.rstrip(". ")),
                encoding="utf-8",
                errors="surrogateescape",
            )
            planted_in.append(path)
    assert len(planted_in) >= 13
    project = copy_project(tmp_path / "shop")
    inputs = [str(p) for p in sorted(exports.iterdir()) if p.name != "custom-columns.csv"]
    result = kbgen("mine", *inputs, "--drafts", "--publish", cwd=project, env=bare_env())
    assert result.returncode == 0, result.stderr
    # The export only a column mapping can read goes into the same store, its own report.
    mapping = ["id=Case", "created=Opened", "requester=Who", "subject=Topic", "body=Notes"]
    custom = [str(exports / "custom-columns.csv"), "--out", "reports-custom"]
    result = kbgen(
        "mine", *custom, *(a for m in mapping for a in ("--map", m)), cwd=project, env=bare_env()
    )
    assert result.returncode == 0, result.stderr
    summary = json.loads((project / "reports" / "clusters.json").read_text())["summary"]
    assert summary["read"] >= 100

    secrets = [*PLANTED.values(), PLANTED["card"].replace(" ", ""), "Sunshine2024", "7700 900"]
    secrets.append("Acacia")  # the street's name alone is personal data too
    store = project / ".kbgen" / "tickets.duckdb"
    written = [p for p in project.rglob("*") if p.is_file() and "content" not in p.parts]
    written += list((project / "content" / "_drafts").glob("*.md"))
    written.append(project / "content" / "_most-asked.yml")
    assert store in written and (project / "reports" / "report.html") in written
    for path in written:
        data = path.read_bytes()
        for secret in secrets:
            assert secret.encode() not in data, f"{secret!r} found in {path}"
            assert secret.encode("utf-16-le") not in data, f"{secret!r} found in {path}"
    with duckdb.connect(str(store), read_only=True) as con:
        # The planted tickets were stored (redacted), so the checks above had something to find.
        texts = [r[0] for r in con.execute("SELECT text FROM tickets").fetchall()]
        kinds = ("[card]", "[password]", "[address]")
        assert sum(all(k in t for k in kinds) for t in texts) >= len(planted_in)
        query = "SELECT table_name FROM information_schema.tables"
        tables = [r[0] for r in con.execute(query).fetchall()]
        for table in tables:
            for row in con.execute(f'SELECT * FROM "{table}"').fetchall():
                cells = " ".join(str(v) for v in row)
                for secret in secrets:
                    assert secret not in cells, f"{secret!r} in table {table}"
                assert "@example" not in cells, f"an email address in table {table}"


@pytest.mark.browser
def test_published_most_asked_appears_on_the_home_page(runs: dict, browser) -> None:

    from kbgen.content.loader import load_kb
    from kbgen.site.build import build_site
    from tests.support.serving import serve_dir

    project = runs["project"]
    shutil.copy(REPO / "mkdocs.yml", project / "mkdocs.yml")
    kb = load_kb(project / "content")
    expected = [question for question, _ in kb.mined_most_asked()][:6]
    assert expected, "the sample export should publish questions that have articles"
    site = build_site(project / "mkdocs.yml", site_dir=project / "site-most-asked").site_dir
    server, url = serve_dir(site)
    page = browser.new_page()
    try:
        page.goto(url)
        items = page.locator(".kb-most-asked li a")
        assert items.all_inner_texts() == expected
        # Featured articles give way to what customers really asked.
        featured = [e.title for e in kb.entries if e.featured]
        assert items.all_inner_texts() != featured[: len(expected)]
        items.first.click()
        page.wait_for_load_state()
        assert page.locator("h1").inner_text() == kb.mined_most_asked()[0][1].title
    finally:
        page.close()
        server.shutdown()


def test_bundled_sample_is_the_generator_output_and_carries_the_pitfalls() -> None:
    from make_sample import sample_tickets

    data = json.loads(SAMPLE.read_text())
    assert data == sample_tickets()  # regenerate with: python bench/make_sample.py
    tickets = data["tickets"]
    subjects = [t.get("subject", "") for t in tickets]
    bodies = [t.get("description", "") for t in tickets]
    assert {"Help", "Question", "(no subject)"} <= set(subjects)
    assert sum(s.startswith(("Automatic reply", "Out of Office", "Auto:")) for s in subjects) >= 5
    assert sum(b.startswith("Thank") or b.startswith("Worked") for b in bodies) >= 5
    assert sum(re.fullmatch(r"https?://\S+", b) is not None for b in bodies) >= 5
    assert sum("&#39;" in b or "&lt;" in b for b in bodies) >= 5
    assert sum(re.search(r"\n\w+ \w+ \| Owner \| ", b) is not None for b in bodies) >= 3


def test_coverage_on_the_sample_is_believable(runs: dict) -> None:
    clusters = runs["json"]["clusters"]
    for c in clusters:
        # A covered group is one customers find: it never also lists phrasings search misses.
        if c["status"] == "covered":
            assert c["failed_phrasings"] == [], c
        if c["status"] == "unfindable":
            assert c["failed_phrasings"], c
    by_label = {c["label"].lower(): c for c in clusters}
    typo = next(c for label, c in by_label.items() if label.startswith("pasword wont work"))
    assert (typo["status"], typo["article"]) == ("covered", "password-not-working")
    unzip = next(c for label, c in by_label.items() if "unzip" in label)
    assert unzip["article"] in ("open-zip-file", "download-wont-open")
    # No draft for the password question an article answers.
    drafts = [p.name for p in (runs["project"] / "content" / "_drafts").glob("*.md")]
    assert not any(name.startswith("pasword") for name in drafts), drafts


def test_report_on_the_sample_leads_with_action_and_decodes_entities(runs: dict) -> None:
    html = runs["html"]
    assert html.index('id="write-next"') < html.index('id="covered-list"')
    gaps = [c for c in runs["json"]["clusters"] if c["status"] == "gap"]
    assert re.search(rf'<b class="gap">{len(gaps)}</b>questions with no article', html)
    assert 'href="../content/_drafts/' in html  # each drafted gap links its draft
    assert "&amp;#39;" not in html and "&amp;lt;" not in html  # decoded, then escaped once
    assert "&#39;" not in (runs["out"] / "clusters.json").read_text()


def test_examples_say_each_sentence_once(runs: dict) -> None:
    """The sample repeats subjects in bodies after a sentence of context, and cuts some short;
    the stored text keeps both, the examples shown say each sentence once."""
    from kbgen.mine.boilerplate import segment_key, segments

    examples = [e for c in runs["json"]["clusters"] for e in c["examples"]]
    assert len(examples) >= 20
    for example in examples:
        keys = [segment_key(s) for s in segments(example.removesuffix("…"))]
        keys = [k for k in keys if k]
        assert len(keys) == len(set(keys)), example
        assert not any(
            a.count(" ") >= 3 and b != a and b.startswith(a)
            for i, a in enumerate(keys)
            for b in keys[i + 1 :]
        ), example
