"""`kbgen build`, `kbgen serve` and `kbgen schema`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from rich.console import Console
from rich.markup import escape

from kbgen.console import error_console, stage_bars
from kbgen.content.model import ContentError
from kbgen.site.build import BuildError, build_site, quiet_mkdocs_logging

STAGE_TEXT = {
    "check": "Checking articles",
    "pages": "Writing pages",
    "search": "Building the search index",
}

config_option = click.option(
    "-f",
    "--config-file",
    type=click.Path(path_type=Path),
    default=Path("mkdocs.yml"),
    show_default=True,
    help="The site's settings file.",
)


def report_content_errors(error: ContentError, console: Console) -> None:
    console.print(f"[bold red]Found {len(error.problems)} problem(s) in your articles:[/]")
    for problem in error.problems:
        console.print(str(problem), markup=False, highlight=False)
    console.print("Nothing was published: your previous site is unchanged.")


@click.command("build")
@config_option
@click.option(
    "-d",
    "--site-dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Where to write the site (default: site_dir in mkdocs.yml, usually site/).",
)
@click.option("--strict", is_flag=True, help="Fail on any warning, such as a broken link.")
@click.option("-v", "--verbose", is_flag=True, help="Show every step of the build.")
def build_command(config_file: Path, site_dir: Path | None, strict: bool, verbose: bool) -> None:
    """Check your articles, then build the help site.

    The new site replaces the old one only when the build succeeds, so a mistake never
    takes your published site down.
    """
    console = error_console()
    quiet_mkdocs_logging(verbose)
    try:
        with stage_bars(console, STAGE_TEXT, counts=True, transient=True) as bars:
            result = build_site(config_file, site_dir=site_dir, strict=strict, progress=bars)
    except ContentError as exc:
        report_content_errors(exc, console)
        sys.exit(1)
    except BuildError as exc:
        console.print(f"[bold red]Build failed:[/] {escape(str(exc))}", highlight=False)
        console.print("Nothing was published: your previous site is unchanged.")
        sys.exit(1)
    site = _shown(result.site_dir)
    console.print(
        f"[green]Built {result.pages} pages[/] into {site} "
        f"in {result.seconds:.1f} s. Open {site}/index.html in a browser.",
        highlight=False,
    )


def _shown(path: Path) -> str:
    """A path relative to the current folder when inside it, as the owner would type it."""
    try:
        return path.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return str(path)


@click.command("serve")
@config_option
@click.option(
    "-a", "--dev-addr", default="127.0.0.1:8000", show_default=True, help="Address to serve on."
)
@click.option("--open", "open_browser", is_flag=True, help="Open the site in your browser.")
def serve_command(config_file: Path, dev_addr: str, open_browser: bool) -> None:
    """Preview the site while you write: pages reload as you save.

    A save with a mistake keeps the last good version on screen, with the problem shown in
    the terminal and at the top of every page, until the next save fixes it.
    """
    from kbgen.site.serve import serve_site

    console = error_console()
    quiet_mkdocs_logging(verbose=True)

    def failed(text: str) -> None:
        console.print(
            "[bold red]Your last save has a problem[/] (the preview still shows the last "
            "version that worked):",
            highlight=False,
        )
        console.print(text, markup=False, highlight=False)
        console.print("Fix it and save: the preview rebuilds by itself.", highlight=False)

    def fixed() -> None:
        console.print("[green]Fixed:[/] the preview shows your latest save again.")

    try:
        serve_site(
            config_file,
            dev_addr,
            open_in_browser=open_browser,
            on_failure=failed,
            on_recovery=fixed,
        )
    except ContentError as exc:
        report_content_errors(exc, console)
        sys.exit(1)
    except BuildError as exc:
        console.print(f"[bold red]Cannot serve:[/] {escape(str(exc))}", highlight=False)
        sys.exit(1)


@click.command("schema")
def schema_command() -> None:
    """Print the JSON Schema of an article's front matter (for editor autocomplete)."""
    from kbgen.content.fields import article_schema

    click.echo(json.dumps(article_schema(), indent=2))
