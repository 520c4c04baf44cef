"""`kbgen check` output: `path:line: rule-id: message — hint` for people, GitHub Actions
annotations (escaped per the workflow-command spec), and exit codes CI can rely on."""

from __future__ import annotations

import re
from pathlib import Path

from kbgen.check.output import github_line, text_line
from kbgen.content.model import Problem
from tests.support.cli import kbgen

TEXT_RE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+): (?P<rule>[a-z-]+): (?P<message>.+) — .+$")
# ::warning file={name},line={line},title={title}::{message}; no raw newline, and no ',' or
# ':' inside a property value.
GITHUB_RE = re.compile(
    r"^::(?P<level>error|warning) file=(?P<file>[^,:\r\n]+),line=(?P<line>\d+),"
    r"title=(?P<title>[^,:\r\n]+)::(?P<message>[^\r\n]+)$"
)


def test_github_annotations_escape_data_and_properties() -> None:
    problem = Problem(
        Path("/elsewhere/odd, name: v2.md"),
        7,
        "100% sure\nreally\r",
        "fix it, then: rerun",
        rule="tone",
        severity="warning",
    )
    assert github_line(problem) == (
        "::warning file=/elsewhere/odd%2C name%3A v2.md,line=7,title=tone::"
        "100%25 sure%0Areally%0D — fix it, then: rerun"
    )
    assert GITHUB_RE.match(github_line(problem))
    error = Problem(Path("/x/a.md"), 3, "broken", rule="broken-link")
    assert github_line(error) == "::error file=/x/a.md,line=3,title=broken-link::broken"


def test_text_lines_name_path_line_rule_message_and_fix() -> None:
    problem = Problem(
        Path("/x/a.md"), 3, "a link leads nowhere", "fix the name", rule="broken-link"
    )
    assert text_line(problem) == "/x/a.md:3: broken-link: a link leads nowhere — fix the name"


def test_warnings_fail_only_with_strict_and_follow_the_formats(kb_copy: Path) -> None:
    article = kb_copy / "content/logging-in/no-login-email.md"
    text = article.read_text("utf-8")
    article.write_text(
        text.replace(
            "\n## If that didn't work\n",
            "\nSimply wait, then look again.\n\n## If that didn't work\n",
        ),
        "utf-8",
    )
    line = article.read_text("utf-8").splitlines().index("Simply wait, then look again.") + 1

    plain = kbgen("check", cwd=kb_copy)
    assert plain.returncode == 0, plain.stdout + plain.stderr
    (finding,) = plain.stdout.splitlines()
    match = TEXT_RE.match(finding)
    assert match, finding
    assert match["path"] == "content/logging-in/no-login-email.md"
    assert (int(match["line"]), match["rule"]) == (line, "tone")
    assert "warning" in plain.stderr

    strict = kbgen("check", "--strict", "--format", "github", cwd=kb_copy)
    assert strict.returncode == 1
    (annotation,) = strict.stdout.splitlines()
    match = GITHUB_RE.match(annotation)
    assert match, annotation
    assert (match["level"], match["file"], match["line"], match["title"]) == (
        "warning",
        "content/logging-in/no-login-email.md",
        str(line),
        "tone",
    )


def test_a_missing_settings_file_is_a_clear_failure(tmp_path: Path) -> None:
    result = kbgen("check", cwd=tmp_path)
    assert result.returncode == 2
    assert "mkdocs.yml" in result.stderr and "kbgen init" in result.stderr
