"""The index file written into a built site, and `kbgen search` on the command line."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from kbgen.loader import load_kb
from kbgen.search.cli import search_command
from kbgen.search.site import lunr_js_source, write_search_files

REPO = Path(__file__).resolve().parent.parent
CONTENT = REPO / "content"


def test_write_search_files(tmp_path: Path) -> None:
    kb = load_kb(CONTENT)
    write_search_files(kb, tmp_path)
    data = json.loads((tmp_path / "search" / "kbgen-index.json").read_text(encoding="utf-8"))
    assert data["index"]["version"].startswith("2.3")  # what lunr.js 2.3.x loads
    assert data["index"]["pipeline"] == ["stemmer"]
    assert [f for f in data["index"]["fields"]] == ["title", "symptoms", "tags", "summary", "body"]
    by_url = {d["u"]: d for d in data["docs"].values()}
    assert set(by_url) == {e.url for e in kb.entries}
    assert all(len(ref) <= 2 for ref in data["docs"])  # short refs keep the index small
    doc = by_url["logging-in/password-not-working/"]
    assert doc == {
        "t": "My password doesn't work",
        "s": kb.entry("password-not-working").summary,
        "c": "Logging in",
        "u": "logging-in/password-not-working/",
    }
    assert "password" in data["vocabulary"][:50]
    assert data["synonyms"]["typeface"] == ["font"]  # the owner's, from _synonyms.yml
    assert data["contact"]["email"] == "help@brightleaf.example"
    assert data["categories"] and data["mostAsked"]
    lunr_js = (tmp_path / "assets" / "kbgen" / "lunr.js").read_text(encoding="utf-8")
    assert lunr_js == lunr_js_source().read_text(encoding="utf-8") and "2.3." in lunr_js[:200]


def run(*args: str, stdin: str | None = None):  # noqa: ANN201
    return CliRunner().invoke(search_command, ["--kb", str(CONTENT), *args], input=stdin)


def test_cli_json_one_line_per_query() -> None:
    out = run("--json", "--limit", "2", "pasword wont work", "-", stdin="money back\n\n")
    assert out.exit_code == 0, out.output
    rows = [json.loads(line) for line in out.output.splitlines()]
    assert [r["query"] for r in rows] == ["pasword wont work", "money back"]
    assert rows[0]["corrected"] == "password wont work"
    assert rows[0]["results"][0]["slug"] == "password-not-working"
    assert set(rows[0]["results"][0]) == {"slug", "title", "url", "score"}
    assert len(rows[1]["results"]) == 2 and rows[1]["corrected"] is None


def test_cli_table() -> None:
    out = run("pasword wont work")
    assert out.exit_code == 0
    assert "Showing results for password wont work" in out.output
    assert "My password doesn't work" in out.output


def test_cli_test_mode(kb_copy: Path) -> None:
    assert run("--test").exit_code == 0
    tests_file = kb_copy / "content" / "_search-tests.yml"
    tests_file.write_text("cases:\n  - {query: install font, expect: refund-request, top: 1}\n")
    out = CliRunner().invoke(search_command, ["--kb", str(kb_copy / "content"), "--test"])
    assert out.exit_code == 1
    assert f"{tests_file}:2:" in out.output and "'install font'" in out.output


def test_cli_needs_a_query() -> None:
    assert run().exit_code == 2
