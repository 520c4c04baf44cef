"""The `kbgen` command. Subcommands live in their own modules and are loaded on demand."""

from __future__ import annotations

import importlib

import click

from kbgen import __version__

# name -> "module:attribute" of a click command; loaded only when used, so `kbgen --help`
# stays fast and one feature's heavy imports (scikit-learn, DuckDB) never slow another.
SUBCOMMANDS: dict[str, str] = {
    "init": "kbgen.site.scaffold_cli:init_command",
    "new": "kbgen.site.scaffold_cli:new_command",
    "build": "kbgen.site.build_cli:build_command",
    "serve": "kbgen.site.build_cli:serve_command",
    "schema": "kbgen.site.build_cli:schema_command",
    "check": "kbgen.check.cli:check_command",
    "search": "kbgen.search.cli:search_command",
    "mine": "kbgen.mine.cli:mine_command",
    "collect": "kbgen.events.cli:collect_command",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return [name for name in SUBCOMMANDS if self._load(name) is not None]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        return self._load(cmd_name)

    @staticmethod
    def _load(name: str) -> click.Command | None:
        target = SUBCOMMANDS.get(name)
        if target is None:
            return None
        module_name, attr = target.split(":")
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            # A feature module that is not there yet; any other missing module is a real error.
            if exc.name and module_name.startswith(exc.name):
                return None
            raise
        return getattr(module, attr)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kbgen")
def main() -> None:
    """Make a help site from your answers to common customer problems.

    Write one Markdown file per problem under content/<category>/, then:

    \b
      kbgen check      look for mistakes before you publish
      kbgen build      make the site in site/
      kbgen serve      preview it at http://127.0.0.1:8000 as you write
      kbgen mine FILE  find the questions customers keep asking in a ticket export

    Run `kbgen COMMAND --help` to learn more about a command.
    """
