"""Markdown as text (kbgen.content.text): the one reading the search index and the checks
share, construct by construct, and both pipelines reading an article through it."""

from __future__ import annotations

import json
from pathlib import Path

from kbgen.content.loader import load_kb
from kbgen.content.text import mask_code_and_comments, plain_text, text_blocks
from kbgen.search.engine import SearchEngine
from tests.support.cli import kbgen

BODY = """\
## Quick fix {#quick}

Open **Settings** and pick [Billing](../billing/invoices.md "Billing") or see <https://example.com/help>.
Press ++ctrl+alt+del++, then type `restart-now` and read https://example.com/x.

<!-- kbgen: ignore tone -->
<!-- a note
over two lines -->
!!! warning "Before you start"
    Save your _work_ first.

??? note
    Hidden detail.

```bash
# not a heading
rm -rf cache
```

1. First step with an ![screenshot](shot.png) image.
2. Second step[^1].
- A bullet with <kbd>Esc</kbd> in HTML.

| Plan | Price |
|------|------:|
| Basic | `B5` |

*[HTML]: Hyper Text Markup Language
[billing]: ../billing/invoices.md
[^1]: A footnote.
"""


def test_the_words_a_reader_sees_without_code() -> None:
    # What the checks judge: link text but no targets or URLs, no HTML tags, comments,
    # attribute lists, emphasis marks, list numbers, images, footnote marks, reference or
    # abbreviation definitions, admonition types; code, inline code and keys left out.
    assert plain_text(BODY).splitlines() == [
        "Quick fix",
        "Open Settings and pick Billing or see . Press , then type and read",
        "Before you start",
        "Save your work first.",
        "Hidden detail.",
        "First step with an image.",
        "Second step.",
        "A bullet with Esc in HTML.",
        "Plan. Price Basic",
        ": A footnote.",
    ]


def test_code_keeps_its_words_for_the_search() -> None:
    # A customer types the error message or setting an article shows in code.
    assert plain_text(BODY, code=True).splitlines() == [
        "Quick fix",
        "Open Settings and pick Billing or see . Press ctrl alt del , then type restart-now"
        " and read",
        "Before you start",
        "Save your work first.",
        "Hidden detail.",
        "# not a heading rm -rf cache",
        "First step with an image.",
        "Second step.",
        "A bullet with Esc in HTML.",
        "Plan. Price Basic. B5",
        ": A footnote.",
    ]


def test_blocks_keep_their_kind_level_and_file_lines() -> None:
    blocks = text_blocks(["---", "title: x", "---", *BODY.splitlines()], first=4, code=True)
    assert [(b.kind, b.level, [n for n, _ in b.lines]) for b in blocks] == [
        ("heading", 2, [4]),
        ("paragraph", 0, [6, 7]),
        ("admonition-title", 0, [12]),
        ("paragraph", 0, [13]),
        ("paragraph", 0, [16]),
        ("code", 0, [19, 20]),  # the fence lines themselves are not text
        ("ordered", 0, [23]),
        ("ordered", 0, [24]),
        ("bullet", 0, [25]),
        ("table", 0, [27, 29]),  # the rule line is not a row
        ("paragraph", 0, [33]),
    ]
    # Without code, the code block is gone and nothing else changes.
    assert [b.kind for b in text_blocks(BODY.splitlines())].count("code") == 0
    assert len(text_blocks(BODY.splitlines())) == len(blocks) - 1


def test_sentences_start_on_their_file_line() -> None:
    (block,) = text_blocks(["It broke. Try again", "later. Then call us!"])
    assert [(s.text, s.line) for s in block.sentences()] == [
        ("It broke.", 1),
        ("Try again later.", 1),
        ("Then call us!", 2),
    ]
    assert block.words == 8


def test_masking_blanks_code_and_comments_but_keeps_line_numbers() -> None:
    lines = ["Text <!-- hidden --> shown", "```", "code", "```", "<!-- two", "lines -->after"]
    assert mask_code_and_comments(lines) == {
        1: "Text  shown",
        2: "",
        3: "",
        4: "",
        5: "",
        6: "after",
    }
    assert mask_code_and_comments(lines, first=6) == {6: "lines -->after"}


def _kb_with_article(kb_copy: Path) -> Path:
    article = kb_copy / "content" / "logging-in" / "app-crashes.md"
    article.write_text(
        "---\ntitle: The app closes by itself\nsummary: Restart it with the command below.\n"
        "symptoms:\n  - app closes\ntags: [app]\nreviewed: 2026-11-01\n---\n" + BODY,
        encoding="utf-8",
    )
    return article


def test_search_indexes_what_a_reader_sees_and_code(kb_copy: Path) -> None:
    _kb_with_article(kb_copy)
    engine = SearchEngine.from_kb(load_kb(kb_copy / "content"))
    slugs = {q: [h.slug for h in engine.search(q).hits][:1] for q in ("restart-now", "B5")}
    assert slugs == {"restart-now": ["app-crashes"], "B5": ["app-crashes"]}
    body = next(d for d in engine.data.documents.values() if d.slug == "app-crashes")
    words = set(body.fields["body"])
    # Link targets, URLs, image alt text and reference definitions are not the article's words.
    assert not words & {"invoices", "example", "https", "screenshot", "shot", "png", "markup"}
    assert {"billing", "restart", "ctrl", "del", "cache"} <= words


def test_check_reads_prose_without_code(kb_copy: Path) -> None:
    # The same article through `kbgen check`: capitals in code, inline code and a comment
    # are not shouting; the same word in prose is, on its file line.
    article = _kb_with_article(kb_copy)
    text = article.read_text(encoding="utf-8")
    text = text.replace("rm -rf cache", "DELETE EVERYTHING").replace("`B5`", "`ALWAYS`")
    text = text.replace("a note", "a NOTE").replace("Second step", "Second step, ALWAYS")
    article.write_text(text, encoding="utf-8")
    result = kbgen("check", "--format", "json", cwd=kb_copy)
    assert result.returncode in (0, 1), result.stderr  # 1: the made-up links are broken
    shouting = [f for f in json.loads(result.stdout) if f["rule"] == "shouting"]
    line = text.splitlines().index("2. Second step, ALWAYS[^1].") + 1
    assert [(Path(f["path"]).name, f["line"]) for f in shouting] == [("app-crashes.md", line)]
