"""`kbgen collect`: receive the help site's events (searches, feedback, contact) and keep them,
redacted, in the store `kbgen mine` reads."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import click
from rich.console import Console


def check_origin(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> list[str]:
    origins = []
    for value in values:
        parts = urlsplit(value.strip())
        if parts.scheme not in ("http", "https") or not parts.netloc or parts.path not in ("", "/"):
            raise click.BadParameter(
                f"{value!r} is not an origin; give the help site's scheme and host, "
                "for example --origin https://help.example.com",
                param_hint="--origin",
            )
        origins.append(f"{parts.scheme}://{parts.netloc.lower()}")
    return origins


@click.command("collect")
@click.option(
    "--origin",
    "origins",
    multiple=True,
    callback=check_origin,
    metavar="URL",
    help="The help site's origin (https://help.example.com). Only pages from there may send "
    "events. Repeat it for more than one.",
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8765, show_default=True, type=int, help="Port to listen on.")
@click.option(
    "--kb",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("content"),
    show_default=True,
    help="Your knowledge base folder: the store is .kbgen/tickets.duckdb beside it.",
)
@click.option(
    "--store",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="The DuckDB store (default: the one `kbgen mine` uses).",
)
@click.option(
    "--max-body",
    default=32 * 1024,
    show_default=True,
    type=click.IntRange(256),
    help="Largest request body accepted, in bytes.",
)
@click.option(
    "--rate",
    default=120.0,
    show_default=True,
    type=click.FloatRange(min=1),
    help="Requests per minute one client may send.",
)
@click.option(
    "--burst",
    default=60,
    show_default=True,
    type=click.IntRange(1),
    help="Requests one client may send at once before --rate applies.",
)
@click.option(
    "--trust-proxy",
    is_flag=True,
    help="Behind a reverse proxy on this machine: tell clients apart by X-Forwarded-For.",
)
@click.option(
    "--export",
    "export",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write every stored event to this NDJSON file and stop (no server).",
)
def collect_command(
    origins: list[str],
    host: str,
    port: int,
    kb: Path,
    store: Path | None,
    max_body: int,
    rate: float,
    burst: int,
    trust_proxy: bool,
    export: Path | None,
) -> None:
    """Receive the help site's events and keep them for `kbgen mine`.

    Set the site's feedback_url (in mkdocs.yml, under the kbgen plugin) to this server's
    /events address, then run it behind your site. Searches, "Was this helpful?" answers and
    visits to contact are checked, stripped of personal data and stored; IP addresses are
    never stored or logged.

    \b
    Example:
      kbgen collect --origin https://help.example.com --port 8765
      (feedback_url: https://help.example.com/events, proxied to port 8765)
    """
    store_path = store or kb.resolve().parent / ".kbgen" / "tickets.duckdb"
    console = Console(stderr=True)
    if export is not None:
        from kbgen.events.store import EventStore

        with EventStore(store_path) as events:
            n = events.export(export)
        console.print(f"Wrote {n:,} events to {export}")
        return
    if not origins:
        raise click.UsageError(
            "give the help site's origin, for example --origin https://help.example.com"
        )
    import uvicorn

    from kbgen.events.collector import CollectSettings, create_app

    settings = CollectSettings(
        origins=origins,
        store=store_path,
        max_body=max_body,
        rate=rate,
        burst=burst,
        trust_proxy=trust_proxy,
    )
    app = create_app(settings)
    console.print(
        f"Collecting events from {', '.join(origins)} on http://{host}:{port}/events "
        f"into {store_path} (Ctrl+C to stop)"
    )
    # No access log: it would write every client's address.
    uvicorn.run(
        app,
        host=host,
        port=port,
        access_log=False,
        log_level="warning",
        proxy_headers=False,
        server_header=False,
    )
