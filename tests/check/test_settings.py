"""Owners switch rules off or tune them in mkdocs.yml, and excuse one line or one article
with a comment or a front-matter key; mistakes in those settings are findings too."""

from __future__ import annotations

from pathlib import Path

import pytest

from kbgen.check import check_kb, run_checks

DIDNT = "\n## If that didn't work\n"
TONE_FILE = "logging-in/no-login-email.md"


def plant(kb_copy: Path, rel: str, old: str, new: str) -> Path:
    path = kb_copy / "content" / rel
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")
    return path


def line_of(path: Path, needle: str) -> int:
    return next(i for i, t in enumerate(path.read_text("utf-8").splitlines(), 1) if needle in t)


def found(kb_copy: Path, **options: object) -> set[tuple[str, int, str]]:
    report = check_kb(kb_copy / "content", options=options or None)
    root = (kb_copy / "content").resolve()
    return {
        (p.path.resolve().relative_to(root).as_posix(), p.line, p.rule) for p in report.findings
    }


@pytest.fixture
def tone_copy(kb_copy: Path) -> Path:
    plant(kb_copy, TONE_FILE, DIDNT, "\nSimply wait a few minutes and look again.\n" + DIDNT)
    return kb_copy


def test_planted_tone_problem_is_found(tone_copy: Path) -> None:
    line = line_of(tone_copy / "content" / TONE_FILE, "Simply wait")
    assert found(tone_copy, **{"search-tests": False}) == {(TONE_FILE, line, "tone")}


def test_the_kinder_rewrite_leaves_the_word_out(tone_copy: Path) -> None:
    report = check_kb(tone_copy / "content", options={"search-tests": False})
    (problem,) = report.findings
    assert "'Simply'" in problem.message
    assert '"Wait a few minutes and look again."' in problem.hint


def test_the_kinder_rewrite_leaves_every_flagged_word_out(kb_copy: Path) -> None:
    plant(kb_copy, TONE_FILE, DIDNT, "\nSimply click the obvious button.\n" + DIDNT)
    report = check_kb(kb_copy / "content", options={"search-tests": False})
    flagged = {p.message.split("'")[1]: p.hint for p in report.findings}
    assert set(flagged) == {"Simply", "obvious"}
    for hint in flagged.values():
        assert hint == 'leave it out: "Click the button."'


@pytest.mark.parametrize(
    "comment",
    [
        "Simply wait a few minutes and look again. <!-- kbgen: ignore tone -->",
        "<!-- kbgen: ignore tone -->\nSimply wait a few minutes and look again.",
        "Simply wait a few minutes and look again. <!-- kbgen: ignore -->",
        "Simply wait a few minutes. <!-- kbgen: ignore jargon, tone -->",
    ],
)
def test_a_comment_excuses_its_line_or_the_block_after_it(kb_copy: Path, comment: str) -> None:
    plant(kb_copy, TONE_FILE, DIDNT, f"\n{comment}\n" + DIDNT)
    assert found(kb_copy, **{"search-tests": False}) == set()


def test_a_comment_for_another_rule_does_not_excuse(kb_copy: Path) -> None:
    path = plant(
        kb_copy,
        TONE_FILE,
        DIDNT,
        "\n<!-- kbgen: ignore jargon -->\nSimply wait.\n\n<!-- kbgen: ignore tone -->\n\n"
        "Of course, look again.\n\nClearly, it is late.\n" + DIDNT,
    )
    # The tone comment excuses the block after it, not the one after that.
    assert found(kb_copy, **{"search-tests": False}) == {
        (TONE_FILE, line_of(path, "Simply wait."), "tone"),
        (TONE_FILE, line_of(path, "Clearly,"), "tone"),
    }


def test_front_matter_excuses_the_whole_article(tone_copy: Path) -> None:
    plant(tone_copy, TONE_FILE, "---\n## Quick fix", "check: {ignore: [tone]}\n---\n## Quick fix")
    assert found(tone_copy, **{"search-tests": False}) == set()


def test_a_family_name_excuses_its_rules(tone_copy: Path) -> None:
    plant(tone_copy, TONE_FILE, "look again.", "look again. We NEVER phone you.")
    assert {r for *_, r in found(tone_copy, **{"search-tests": False})} == {"tone", "shouting"}
    plant(tone_copy, TONE_FILE, "---\n## Quick fix", "check:\n  ignore: [tone]\n---\n## Quick fix")
    assert found(tone_copy, **{"search-tests": False}) == set()


def test_a_yaml_comment_excuses_a_front_matter_line(kb_copy: Path) -> None:
    path = plant(kb_copy, TONE_FILE, "summary: ", "summary: Simply wait. ")
    assert found(kb_copy, **{"search-tests": False}) == {
        (TONE_FILE, line_of(path, "summary:"), "tone")
    }
    text = path.read_text("utf-8").splitlines()
    number = line_of(path, "summary:")
    text[number - 1] += "  # kbgen: ignore tone"
    path.write_text("\n".join(text) + "\n", "utf-8")
    assert found(kb_copy, **{"search-tests": False}) == set()


def test_an_unknown_rule_in_a_comment_is_reported(kb_copy: Path) -> None:
    path = plant(kb_copy, TONE_FILE, DIDNT, "\nWait a bit. <!-- kbgen: ignore tones -->\n" + DIDNT)
    report = check_kb(kb_copy / "content", options={"search-tests": False})
    (problem,) = report.findings
    assert (problem.rule, problem.line, problem.severity) == (
        "config",
        line_of(path, "ignore tones"),
        "error",
    )
    assert "did you mean 'tone'?" in problem.hint


def test_rules_can_be_switched_off_and_tuned(tone_copy: Path) -> None:
    assert found(tone_copy, tone=False, **{"search-tests": False}) == set()
    assert found(tone_copy, **{"tone": "off", "search-tests": False}) == set()
    report = check_kb(
        tone_copy / "content", options={"tone": {"severity": "error"}, "search-tests": False}
    )
    assert [p.severity for p in report.findings] == ["error"]
    path = plant(tone_copy, "downloads/install-font.md", "reviewed: 2026-", "reviewed: 2024-")
    stale = (f"downloads/{path.name}", line_of(path, "reviewed:"), "stale")
    assert stale in found(tone_copy, **{"search-tests": False})
    assert stale not in found(tone_copy, stale={"months": 48}, **{"search-tests": False})


def test_family_settings_apply_to_all_its_rules(kb_copy: Path) -> None:
    plant(kb_copy, TONE_FILE, DIDNT, "\nRead [this](nowhere.md).\n" + DIDNT)
    report = check_kb(
        kb_copy / "content", options={"links": {"severity": "warning"}, "search-tests": False}
    )
    assert [(p.rule, p.severity) for p in report.findings] == [("broken-link", "warning")]
    report = check_kb(kb_copy / "content", options={"links": False, "search-tests": False})
    assert report.findings == []


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"tones": False}, "no rule 'tones'"),
        ({"reading-grade": {"max": "eight"}}, "option 'max' of 'reading-grade' has the wrong type"),
        ({"reading-grade": {"maximum": 9}}, "rule 'reading-grade' has no option 'maximum'"),
        ({"stale": {"severity": "fatal"}}, "severity 'fatal'"),
        ({"content": False}, "'content' cannot be switched off"),
        ({"plain-language": {"max_word": 30}}, "rule family 'plain-language' has no option"),
    ],
)
def test_mistakes_in_the_settings_are_errors(kb_copy: Path, options: dict, message: str) -> None:
    report = check_kb(kb_copy / "content", options={**options, "search-tests": False})
    assert [(p.rule, p.severity) for p in report.findings] == [("config", "error")]
    assert message in report.findings[0].message


def test_settings_come_from_mkdocs_yml_with_their_line(kb_copy: Path) -> None:
    plant(kb_copy, TONE_FILE, DIDNT, "\nSimply wait.\n" + DIDNT)
    config = kb_copy / "mkdocs.yml"
    text = config.read_text("utf-8")
    config.write_text(
        text.replace(
            "  - kbgen:\n",
            "  - kbgen:\n      check:\n        search-tests: false\n        tone: false\n"
            "        tnoe: {severity: error}\n",
            1,
        ),
        "utf-8",
    )
    report = run_checks(config)
    assert [(p.rule, p.path.name, p.line) for p in report.findings] == [
        ("config", "mkdocs.yml", line_of(config, "tnoe:"))
    ]
    assert "did you mean 'tone'?" in report.findings[0].hint


def test_a_malformed_check_key_in_front_matter_is_reported(kb_copy: Path) -> None:
    path = plant(kb_copy, TONE_FILE, "---\n## Quick fix", "check: [tone]\n---\n## Quick fix")
    report = check_kb(kb_copy / "content", options={"search-tests": False})
    assert [(p.rule, p.line) for p in report.findings] == [("config", line_of(path, "check:"))]


def test_shouted_contractions_are_found_and_acronyms_are_not(kb_copy: Path) -> None:
    path = plant(
        kb_copy, TONE_FILE, DIDNT, "\nPlease DON'T pay twice. Send the PDF if it is OK.\n" + DIDNT
    )
    report = check_kb(kb_copy / "content", options={"search-tests": False})
    assert [(p.rule, p.line) for p in report.findings] == [("shouting", line_of(path, "DON'T"))]
    assert "'DON'T'" in report.findings[0].message and "don't" in report.findings[0].hint
    report = check_kb(
        kb_copy / "content", options={"search-tests": False, "shouting": {"acronyms": ["DON'T"]}}
    )
    assert report.findings == []
