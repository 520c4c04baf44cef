"""kbgen's one Jinja environment factory (kbgen/templates.py): the rules every file it
writes from a template shares."""

from __future__ import annotations

import jinja2
import pytest

from kbgen import templates


def test_html_templates_are_autoescaped_and_markdown_ones_are_not() -> None:
    env = templates.environment("mine")
    assert env.autoescape("report.html.j2") is True
    assert env.autoescape("report.md.j2") is False
    html = env.from_string("{{ x }}").render(x="<b>")
    assert html == "<b>"  # strings are templates kbgen writes itself: not escaped


def test_strict_environments_refuse_a_missing_value() -> None:
    with pytest.raises(jinja2.UndefinedError):
        templates.environment("scaffold", strict=True).from_string("{{ title }}").render()
    assert templates.environment("scaffold").from_string("[{{ title }}]").render() == "[]"


def test_front_matter_values_go_through_the_yaml_filter_and_files_keep_their_last_newline() -> None:
    env = templates.environment()
    assert env.from_string("title: {{ t | yaml }}\n").render(t="Yes: no") == "title: 'Yes: no'\n"
