"""`kbgen check`: look for mistakes in the articles before publishing."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.console import Console
from rich.markup import escape

from kbgen.site.build_cli import config_option

FORMATS = ("text", "github", "json")


@click.command("check")
@config_option
@click.option("--strict", is_flag=True, help="Fail on warnings too, not only on errors.")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="text for people, github for GitHub Actions annotations, json for other tools.",
)
@click.option("--list-rules", is_flag=True, help="List the rules and their settings, then stop.")
def check_command(config_file: Path, strict: bool, output_format: str, list_rules: bool) -> None:
    """Look for mistakes in your articles, without building the site.

    Checks links, the shape of each article (summary, symptoms, quick fix, numbered
    steps), plain language, a kind tone, unexplained jargon, near-duplicate articles,
    old reviews and your search tests. Each finding names the file and line, and how
    to fix it.

    \b
    Switch a rule off or tune it in mkdocs.yml:
      plugins:
        - kbgen:
            check:
              tone: false
              reading-grade: {max: 9}
    or for one line:     <!-- kbgen: ignore tone -->
    or for one article:  check: {ignore: [reading-grade]}   (in its front matter)

    Exit code: 0 when nothing fails, 1 on errors (and on warnings with --strict),
    2 when the check could not run.
    """
    from kbgen.check.output import as_json, github_line, text_line
    from kbgen.check.runner import run_checks
    from kbgen.site.build import BuildError, quiet_mkdocs_logging

    console = Console(stderr=True, highlight=False, emoji=False)
    if list_rules:
        _list_rules()
        return
    quiet_mkdocs_logging()
    try:
        report = run_checks(config_file)
    except BuildError as exc:
        console.print(f"[bold red]Cannot check:[/] {escape(str(exc))}", markup=True)
        sys.exit(2)
    if output_format == "json":
        click.echo(as_json(report.findings))
    elif output_format == "github":
        for problem in report.findings:
            click.echo(github_line(problem))
    else:
        for problem in report.findings:
            click.echo(text_line(problem))
        for note in report.notes:
            console.print(f"[cyan]Not checked:[/] {escape(note)}", markup=True)
    errors, warnings = len(report.errors), len(report.warnings)
    if not report.findings:
        console.print(
            f"[green]All good:[/] {report.articles} articles, "
            f"{len(report.rules)} rules, no findings."
        )
    else:
        failing = report.failed(strict)
        colour = "red" if failing else "yellow"
        note = "" if strict or not warnings else " (warnings fail only with --strict)"
        console.print(
            f"[{colour}]{errors} error(s) and {warnings} warning(s)[/] in "
            f"{report.articles} articles{note}."
        )
    sys.exit(1 if report.failed(strict) else 0)


def _list_rules() -> None:
    from kbgen.check.registry import all_rules

    for rule in all_rules().values():
        options = ", ".join(f"{k}={v!r}" for k, v in rule.options.items())
        click.echo(f"{rule.id:16} {rule.severity:8} {rule.family:15} {rule.summary}")
        if options:
            click.echo(f"{'':16} options: {options}")
