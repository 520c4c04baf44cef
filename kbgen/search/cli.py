"""`kbgen search`: search the help site from the command line, exactly as customers would."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from kbgen.content import safe_yaml
from kbgen.content.model import ContentError
from kbgen.content.safe_yaml import AnyTagLoader
from kbgen.search.engine import SearchEngine, SearchResult


def _mkdocs_config() -> dict | None:
    config = Path("mkdocs.yml")
    if not config.is_file():
        return None
    data, _, _ = safe_yaml.load(config.read_text(encoding="utf-8"), loader=AnyTagLoader)
    return data if isinstance(data, dict) else {}


def default_content_dir() -> Path:
    """docs_dir of ./mkdocs.yml when there is one, else ./content."""
    data = _mkdocs_config()
    if data is None:
        return Path("content")
    return Path(str(data["docs_dir"])) if data.get("docs_dir") else Path("docs")


def default_language() -> str | None:
    """theme.language of ./mkdocs.yml, as the site's search uses it (None: English)."""
    theme = (_mkdocs_config() or {}).get("theme")
    language = theme.get("language") if isinstance(theme, dict) else None
    return str(language) if language else None


def as_json(result: SearchResult) -> str:
    return json.dumps(
        {
            "query": result.query,
            "corrected": result.corrected,
            "no_match": not result.hits,
            "results": [
                {"slug": h.slug, "title": h.title, "url": h.url, "score": h.score}
                for h in result.hits
            ],
        },
        ensure_ascii=False,
    )


def print_table(console: Console, result: SearchResult) -> None:
    if result.corrected:
        console.print(f"Showing results for [bold]{result.corrected}[/bold]")
    if not result.hits:
        console.print(
            f"No good match for [bold]{escape(result.query)}[/bold]: the site shows its "
            "topics, the most asked articles and how to contact you instead."
        )
        return
    table = Table(title=f"Search: {result.query}", title_justify="left")
    table.add_column("#", justify="right")
    table.add_column("Title")
    table.add_column("URL")
    table.add_column("Score", justify="right")
    for rank, hit in enumerate(result.hits, 1):
        table.add_row(str(rank), hit.title, hit.url, f"{hit.score:.3f}")
    console.print(table)


@click.command("search")
@click.argument("queries", nargs=-1)
@click.option(
    "--kb",
    "kb_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="The content folder (default: docs_dir of ./mkdocs.yml, else ./content).",
)
@click.option(
    "--language",
    "--lang",
    "language",
    help="The articles' language, such as de (default: theme.language of ./mkdocs.yml, else "
    "en). On a site in several languages, the language whose articles to search; with --test "
    "and no --language, every language's tests run, each in its language.",
)
@click.option("--limit", default=10, show_default=True, help="How many articles to show.")
@click.option("--json", "json_output", is_flag=True, help="One JSON object per query per line.")
@click.option(
    "--test",
    "run_tests",
    is_flag=True,
    help="Run the search tests in _search-tests.yml; exit 1 if any article is not found.",
)
def search_command(
    queries: tuple[str, ...],
    kb_dir: Path | None,
    language: str | None,
    limit: int,
    json_output: bool,
    run_tests: bool,
) -> None:
    """Search the help articles as a customer would on the site.

    \b
      kbgen search "pasword wont work"
      kbgen search --json "money back" "file wont open"
      kbgen search - < queries.txt      (one query per line)
      kbgen search --test               (check content/_search-tests.yml)
      kbgen search --language de "passwort vergessen"
    """
    from kbgen.content.loader import load_kb

    console = Console()
    content = kb_dir or default_content_dir()
    if not content.is_dir():
        raise click.UsageError(f"no content folder at {content}: use --kb to point at it")
    try:
        kb = load_kb(content)
    except ContentError as exc:
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        sys.exit(1)
    site_kb = kb
    if language is not None and language != kb.lang:
        chosen = site_kb.in_language(language)
        if chosen is None and site_kb.translations:
            raise click.UsageError(
                f"the site has no language '{language}': it has {', '.join(site_kb.languages)}"
            )
        kb = chosen or kb  # one language: its articles read as `language`
    engine = SearchEngine.from_kb(
        kb, kb.lang if kb is not site_kb else (language or default_language())
    )

    if run_tests:
        from kbgen.search.searchtests import TESTS_FILE, run_search_tests

        if not (kb.root / TESTS_FILE).is_file():
            click.echo(f"no search tests: {kb.root / TESTS_FILE} does not exist", err=True)
            sys.exit(1)
        problems = run_search_tests(kb, engine)
        if language is None:  # and each translation's own tests, in its own language
            for translation in site_kb.translations.values():
                problems += run_search_tests(translation, language=translation.lang)
        for problem in problems:
            click.echo(str(problem), err=True)
        if problems:
            sys.exit(1)
        click.echo("All search tests pass.")
        if not queries:
            return

    texts: list[str] = []
    for query in queries:
        if query == "-":
            texts += [line.strip() for line in sys.stdin if line.strip()]
        else:
            texts.append(query)
    if not texts:
        raise click.UsageError('give a query, e.g. kbgen search "password wont work"')
    for text in texts:
        result = engine.search(text, limit=limit)
        if json_output:
            click.echo(as_json(result))
        else:
            print_table(console, result)
