"""The site's languages: kbgen's interface strings that are shown in English because the
site's language lacks them (kbgen ships en, de, fr, es, nl; an owner adds the rest), and a
translation's topics and contact details left in the default language."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from kbgen.check.context import CheckContext
from kbgen.check.registry import rule
from kbgen.content.languages import language_name
from kbgen.content.model import Problem
from kbgen.i18n.catalog import owner_file, shipped_languages


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
    path = strings.owner_path or owner_file(ctx.content_root, strings.language)
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


@rule(
    "untranslated-site-text",
    family="language",
    severity="warning",
    summary="a translation's topics and contact details are written in its language",
)
def untranslated_site_text(ctx: CheckContext, options: dict[str, Any]) -> Iterable[Problem]:
    """What a translation's pages borrow from the default language when its folder lacks it:
    a topic's title (content/de/<topic>/index.md) and the reply time (content/de/_contact.yml)
    would show in the default language on every page of the translation."""
    original = ctx.original
    if original is None:
        return
    folder = f"{ctx.content_root.name}/{ctx.kb.lang}"
    language = language_name(ctx.kb.lang, "en")
    for category in ctx.kb.categories:
        if category.path is None:
            yield Problem(
                ctx.docs_dir / category.slug,
                1,
                f"the topic '{category.slug}' has no {language} title, so its {language} pages "
                f"show '{category.title}'",
                f"add {folder}/{category.slug}/index.md with 'title:' and 'description:' in "
                f"{language}",
                rule="untranslated-site-text",
            )
    contact_file = ctx.docs_dir / "_contact.yml"
    if original.site.contact.reply_time and not contact_file.is_file():
        yield Problem(
            contact_file,
            1,
            f"the {language} pages say when you reply in the default language: "
            f"'{original.site.contact.reply_time}'",
            f"add {folder}/_contact.yml with 'reply_time:' in {language} (the rest of your "
            "contact details come from the default language's file)",
            rule="untranslated-site-text",
        )
