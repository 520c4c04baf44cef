"""The one way kbgen makes a Jinja environment for the files it writes from templates.

Generated pages (themes/pages/), `kbgen init`/`kbgen new` (themes/scaffold/) and the mine
report and drafts (themes/mine/) all render through `environment()`, so they agree on the
rules that matter: HTML templates are autoescaped (ticket text and owners' words go into
them), Markdown and YAML templates are not, front-matter values go through the `yaml`
filter, and a file keeps its last newline. (The site's own pages are rendered by MkDocs'
environment, which the plugin extends in `on_env`.)
"""

from __future__ import annotations

import jinja2

from kbgen import paths
from kbgen.content import safe_yaml


def environment(
    folder: str = "", *, strict: bool = False, trim_blocks: bool = False
) -> jinja2.Environment:
    """An environment over themes/<folder>. `strict`: a missing value is an error (files an
    owner will edit must never say "None"); `trim_blocks`: block tags leave no blank lines."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(paths.templates_dir() / folder),
        autoescape=jinja2.select_autoescape(["html", "html.j2"], default_for_string=False),
        undefined=jinja2.StrictUndefined if strict else jinja2.Undefined,
        trim_blocks=trim_blocks,
        lstrip_blocks=trim_blocks,
        keep_trailing_newline=True,
    )
    env.filters["yaml"] = safe_yaml.inline
    return env
