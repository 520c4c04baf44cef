"""Links are resolved as MkDocs resolves them, anchors against the ids the page really gets."""

from __future__ import annotations

from pathlib import Path

import pytest

from kbgen.check import check_kb

ARTICLE = "logging-in/password-not-working.md"
GOOD = """
Fine: [a](reset-password.md), [b](../getting-help/contact-support.md#quick-fix),
[c](#step-by-step), [d](#if-that-didnt-work), [e](../glossary.md#cookies),
[f](../contact.md), [g](../downloads/index.md), [h](https://example.com/x "web"),
[i](mailto:help@shop.example), ![j](img/ok.png), [k](<reset-password.md>), [l][ref].

Code is not a link: `[x](nope.md)`. <!-- [y](nope.md) -->

```
[z](nope.md)
```

[ref]: username-not-recognised.md
"""
BAD = {
    "[m](reset-pasword.md)": ("broken-link", "did you mean 'reset-password.md'?"),
    "[n](reset-password.md#nope)": ("broken-anchor", ""),
    "[o](#quick-fixes)": ("broken-anchor", "did you mean '#quick-fix'?"),
    "[p](/logging-in/reset-password/)": ("broken-link", "relative"),
    "[q](reset-password/)": ("broken-link", "reset-password.md"),
    "[r](../reset-password/)": ("broken-link", "'reset-password.md'"),
    "![s](img/none.png)": ("missing-image", ""),
    "[t](../../outside.md)": ("broken-link", "inside content/"),
    "[u](../_drafts/idea.md)": ("broken-link", "not published"),
    "[v][missing-ref]\n\n[missing-ref]: gone.md": ("broken-link", ""),
    '<img src="img/absent.png" alt="x">': ("missing-image", ""),
}


@pytest.fixture
def linked(kb_copy: Path) -> Path:
    content = kb_copy / "content"
    (content / "logging-in/img").mkdir()
    (content / "logging-in/img/ok.png").write_bytes(b"\x89PNG\r\n")
    (content / "_drafts").mkdir()
    (content / "_drafts/idea.md").write_text("---\ntitle: Idea\nsummary: Later.\n---\n")
    path = content / ARTICLE
    text = path.read_text("utf-8")
    path.write_text(text + GOOD + "".join(f"\n{case}\n" for case in BAD), "utf-8")
    return kb_copy


def test_links_are_checked_like_mkdocs_resolves_them(linked: Path) -> None:
    report = check_kb(linked / "content", options={"search-tests": False})
    lines = (linked / "content" / ARTICLE).read_text("utf-8").splitlines()
    got = {(p.line, p.rule): p for p in report.findings}
    expected = set()
    for case, (rule, hint) in BAD.items():
        marker = case.splitlines()[-1]
        line = lines.index(marker) + 1
        expected.add((line, rule))
        assert (line, rule) in got, f"{case}: {[str(p) for p in report.findings]}"
        assert hint in got[(line, rule)].hint, (case, got[(line, rule)].hint)
    assert set(got) == expected, [str(p) for p in report.findings]
    assert all(p.path.name == "password-not-working.md" for p in report.findings)
