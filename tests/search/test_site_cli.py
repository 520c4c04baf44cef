"""The index files written into a built site, and `kbgen search` on the command line."""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from kbgen import embeddings
from kbgen.content.loader import load_kb
from kbgen.search.cli import search_command
from kbgen.search.index import build
from kbgen.search.site import lunr_js_source, write_search_files
from tests.support.paths import REPO

CONTENT = REPO / "content"


def read_part(path: Path) -> tuple[str, Any]:
    """A written index file: the part it hands to kbgenSearch.receive, and its content."""
    text = path.read_text(encoding="utf-8")
    match = re.fullmatch(r'kbgenSearch\.receive\(("[a-z0-9]+"),(.*)\);\n', text, re.DOTALL)
    assert match, f"{path} is not a kbgen index file"
    return json.loads(match[1]), json.loads(match[2])


# The word table of search by meaning, in parts (kbgen.search.meaning): with the extra only.
MEANING = ["m"] if embeddings.available() else []


def read_index(site: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """The index file's content and every part, inline or from its own file."""
    name, meta = read_part(site / "search" / "kbgen-index.js")
    assert name == "index"
    parts = dict(meta.get("parts", {}))
    for path in sorted((site / "search" / "kbgen-index").glob("*.js")):
        part, content = read_part(path)
        assert part == path.stem and part not in parts
        parts[part] = content
    return meta, parts


def rebuilt_lunr(meta: dict[str, Any], parts: dict[str, Any]) -> tuple[dict, dict]:
    """lunr's inverted index and field vectors, put back together from the term shards."""
    fields = meta["lunr"]["fields"]
    inverted: dict[str, dict] = {}
    vectors: dict[str, list[tuple[int, float]]] = {}
    shards = sorted((p for p in parts if p[0] == "t"), key=lambda p: int(p[1:]))
    assert [parts[p][0][0] for p in shards] == meta["layout"]["terms"]
    terms = [row[0] for p in shards for row in parts[p]]
    assert terms == sorted(terms, key=lambda t: t.encode("utf-16-be"))  # lunr.js's order
    for p in shards:
        for term, term_index, *cells in parts[p]:
            posting: dict[str, Any] = {"_index": term_index}
            for name, cell in zip(fields, cells, strict=True):
                number, refs = 0, {}
                for gap, weight in zip(cell[::2], cell[1::2], strict=True):
                    number += gap
                    refs[number] = {}
                    vectors.setdefault(f"{name}/{number}", []).append((term_index, weight))
                posting[name] = refs
            inverted[term] = posting
    return inverted, {ref: sorted(pairs) for ref, pairs in vectors.items()}


def test_index_parts_hold_the_whole_lunr_index(tmp_path: Path) -> None:
    kb = load_kb(CONTENT)
    data = build(kb)
    write_search_files(kb, tmp_path, single_file_limit=0, shard_bytes=3000, doc_block_bytes=600)
    meta, parts = read_index(tmp_path)
    assert "parts" not in meta and len(meta["layout"]["terms"]) > 5
    assert meta["lunr"] == {
        "version": "2.3.9",  # what lunr.js 2.3.x loads
        "fields": ["title", "symptoms", "tags", "summary", "body"],
        "pipeline": ["stemmer"],
    }
    inverted, vectors = rebuilt_lunr(meta, parts)
    serialized = data.index.serialize()
    number = {ref: int(ref, 36) for ref in data.documents}
    assert inverted == {
        term: {k: v if k == "_index" else {number[r]: {} for r in v} for k, v in posting.items()}
        for term, posting in serialized["invertedIndex"]
    }
    expected = {}
    for field_ref, elements in serialized["fieldVectors"]:
        name, ref = field_ref.split("/")
        if elements:
            pairs = zip(elements[::2], elements[1::2], strict=True)
            expected[f"{name}/{number[ref]}"] = list(pairs)
    assert vectors == expected
    # Vocabulary by length, merged back by rank: the same words in the same order.
    ranked = []
    for length in meta["layout"]["words"]:
        bucket = parts[f"w{length}"]
        assert {len(w) for w in bucket["words"]} == {length}
        ranked += zip(itertools.accumulate(bucket["ranks"]), bucket["words"], strict=True)
    assert [w for _, w in sorted(ranked)] == data.vocabulary
    # Articles by ref number, which is their place in URL order.
    blocks = sorted((p for p in parts if p[0] == "d"), key=lambda p: int(p[1:]))
    rows = [row for p in blocks for row in parts[p]]
    assert [row[3] for row in rows] == sorted(e.url for e in kb.entries)
    assert len(blocks) > 3 and meta["layout"]["docs"][0] == 0
    by_url = {row[3]: row for row in rows}
    assert by_url["logging-in/password-not-working/"] == [
        "My password doesn't work",
        kb.entry("password-not-working").summary,
        "Logging in",
        "logging-in/password-not-working/",
    ]


def test_small_index_is_one_file(tmp_path: Path) -> None:
    kb = load_kb(CONTENT)
    write_search_files(kb, tmp_path)
    # Beside one file, only the language's common words, which few queries read, and the
    # word table of search by meaning (with the extra), of which a query reads its words'.
    kinds = {p.name[0] for p in (tmp_path / "search" / "kbgen-index").glob("*.js")}
    assert kinds == {"c", *MEANING}
    meta, parts = read_index(tmp_path)
    assert set(meta["parts"]) == {p for p in parts if p[0] not in "cm"}
    assert [p for p in parts if p[0] in "td"] == ["t0", "d0"]
    assert meta["layout"]["common"] == sorted(int(p[1:]) for p in parts if p[0] == "c")
    assert "passport" in parts["c8"]["words"] and "pasword" not in parts["c7"]["words"]
    assert len(parts["d0"]) == len(kb.entries)
    assert meta["synonyms"]["typeface"] == ["font"]  # the owner's, from _synonyms.yml
    assert meta["contact"]["email"] == "help@brightleaf.example"
    assert meta["categories"] and meta["mostAsked"]
    assert re.fullmatch("[0-9a-f]{12}", meta["build"])
    lunr_js = (tmp_path / "assets" / "kbgen" / "lunr.js").read_text(encoding="utf-8")
    assert lunr_js == lunr_js_source().read_text(encoding="utf-8") and "2.3." in lunr_js[:200]
    # A rebuild that shards leaves no stale parts behind, and a small one removes them.
    write_search_files(kb, tmp_path, single_file_limit=0)
    write_search_files(kb, tmp_path)
    kinds = {p.name[0] for p in (tmp_path / "search" / "kbgen-index").glob("*.js")}
    assert kinds == {"c", *MEANING}


def test_rebuild_removes_parts_of_an_older_build(tmp_path: Path) -> None:
    kb = load_kb(CONTENT)
    write_search_files(kb, tmp_path, single_file_limit=0, shard_bytes=1000)
    many = len(list((tmp_path / "search" / "kbgen-index").glob("*.js")))
    write_search_files(kb, tmp_path, single_file_limit=0, shard_bytes=8000)
    meta, parts = read_index(tmp_path)
    assert len(parts) < many and "parts" not in meta
    write_search_files(kb, tmp_path)
    kinds = {p.name[0] for p in (tmp_path / "search" / "kbgen-index").glob("*.js")}
    assert kinds == {"c", *MEANING}


def run(*args: str, stdin: str | None = None):
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
