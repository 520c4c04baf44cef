"""`kbgen init` and `kbgen new`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kbgen.console import error_console
from kbgen.site import install_source
from kbgen.site.install_source import InstallSource
from kbgen.site.scaffold import EXAMPLE_EMAIL, ScaffoldError, init_project, new_article


@click.command("init")
@click.argument("directory", type=click.Path(path_type=Path), default=Path("."))
@click.option(
    "--name",
    "site_name",
    default="Help Centre",
    show_default=True,
    help="Your help site's name, shown at the top of every page.",
)
@click.option(
    "--email",
    default=EXAMPLE_EMAIL,
    show_default=True,
    help="Where customers can email you when the articles don't help.",
)
@click.option(
    "--install-from",
    "requirement",
    default=None,
    help="What the GitHub workflow gives `pip install` to get kbgen, such as "
    '"kbgen @ git+https://github.com/you/kbgen@v0.1.0" (default: where this kbgen came from, '
    "pinned to its commit or version).",
)
@click.option("--force", is_flag=True, help="Overwrite files that already exist.")
def init_command(
    directory: Path, site_name: str, email: str, requirement: str | None, force: bool
) -> None:
    """Start a new knowledge base in DIRECTORY (default: here).

    It holds four topics with one example article each, settings, and a GitHub Actions
    workflow that checks, builds and publishes the site. Build it with `kbgen build`.
    """
    console = error_console()
    source = InstallSource(requirement, True) if requirement else install_source.current()
    try:
        written = init_project(
            directory,
            site_name=site_name,
            email=email,
            install_command=source.command,
            force=force,
        )
    except ScaffoldError as exc:
        console.print(f"[bold red]Error:[/] {exc}", highlight=False)
        sys.exit(1)
    console.print(
        f"[green]Created a knowledge base[/] in {directory} ({len(written)} files).",
        highlight=False,
    )
    console.print(f"The GitHub workflow installs kbgen with: {source.command}", highlight=False)
    if not source.reachable:
        console.print(
            "[yellow]Only this machine can install kbgen from there.[/] Push your kbgen "
            "checkout where your CI can reach it, then run init again with --force and "
            '--install-from "kbgen @ git+https://...@COMMIT" (or edit '
            ".github/workflows/help-site.yml).",
            highlight=False,
        )
    if email == EXAMPLE_EMAIL:
        console.print(
            f"Put your own address in {directory / 'content' / '_contact.yml'} and "
            "content/getting-help/contact-support.md: `kbgen check` reports "
            f"{EXAMPLE_EMAIL} until you do (or run init again with --email and --force).",
            highlight=False,
        )
    console.print(
        f"Next: cd {directory} && kbgen serve   (then open http://127.0.0.1:8000)", highlight=False
    )


@click.command("new")
@click.argument("title")
@click.option(
    "-c",
    "--category",
    required=True,
    help='The topic folder, such as "downloads" (made if it does not exist).',
)
@click.option("--slug", default=None, help="The file name (default: made from the title).")
@click.option(
    "--kb",
    "content_dir",
    type=click.Path(path_type=Path),
    default=Path("content"),
    show_default=True,
    help="The knowledge base folder.",
)
@click.option(
    "--lang",
    "language",
    default=None,
    help="Another of your site's languages (such as de): the article goes in content/<lang>/, "
    "with its section headings in that language. A translation takes the original's file "
    "name: pass --slug.",
)
def new_command(
    title: str, category: str, slug: str | None, content_dir: Path, language: str | None
) -> None:
    """Start a new article called TITLE, from the article template.

    Example: kbgen new "My download won't open" --category downloads

    A translation: kbgen new "Mein Download öffnet sich nicht" -c downloads --lang de
    --slug download-wont-open
    """
    console = error_console()
    try:
        path = new_article(content_dir, title, category, slug, language)
    except ScaffoldError as exc:
        console.print(f"[bold red]Error:[/] {exc}", highlight=False)
        sys.exit(1)
    click.echo(str(path))
    console.print("Fill in the summary, the symptoms and the steps, then run `kbgen build`.")
