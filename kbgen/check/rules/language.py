"""The site's language: kbgen's interface strings that are shown in English because the
site's language lacks them (kbgen ships en, de, fr, es, nl; an owner adds the rest)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from kbgen.check.context import CheckContext
from kbgen.check.registry import rule
from kbgen.i18n.catalog import owner_file, shipped_languages
from kbgen.model import Problem


@rule(
    "interface-strings",
    family="language",
    severity="warning",
    summary="every interface string kbgen shows exists in the site's language (theme.language)",
)
def interface_strings(ctx: CheckContext, options: dict[str, Any]) -> Iterable[Problem]:
    strings = ctx.strings
    if strings is None or not strings.missing:
        return
    path = strings.owner_path or owner_file(ctx.docs_dir, strings.language)
    line = 1
    if strings.owner_path is None:
        where = (
            f"kbgen has no strings for language '{strings.language}' "
            f"(it ships {', '.join(shipped_languages())})"
        )
    else:
        where = f"{path.name} lacks some strings"
        line = max(1, len(path.read_text("utf-8", "replace").splitlines()))
    if len(strings.missing) == len(strings.strings):
        shown = f"all {len(strings.missing)} interface strings are shown in English"
    else:
        shown = f"{len(strings.missing)} shown in English: {', '.join(strings.missing)}"
    yield Problem(
        path,
        line,
        f"{where}: {shown}",
        f"add them to {path.name}, translated (copy the lines from kbgen's "
        "kbgen/i18n/strings/en.yml)",
        rule="interface-strings",
        severity="warning",
    )
