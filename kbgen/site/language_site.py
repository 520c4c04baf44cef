"""A help site in several languages: one MkDocs build per language, linked page to page.

The default language is built at the site's root as before; each translation is its own MkDocs
build of `content/<lang>/` into `site/<lang>/`, with `theme.language` set to it, the way
mkdocs-static-i18n builds its languages. Each build has its own pages (home, topics, glossary,
contact), strings, glossary and search index, so a German page searches German articles.

Every page learns its counterparts in the other languages (`alternates`): the language
switcher in the header and the sitemap's `hreflang` links (themes/overrides/sitemap.xml says
why the sitemap rather than each page's `<head>`) are made from them. An article
not translated into a language is never linked to a page in another language: that
language's build has a page at the article's address saying it is not available in that
language yet, with links to the languages it is written in.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, cast
from urllib.parse import urljoin, urlsplit

from mkdocs.utils import get_relative_url

from kbgen.content.languages import language_name
from kbgen.content.model import Entry, KnowledgeBase

log = logging.getLogger("mkdocs.plugins.kbgen")

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

    from kbgen.console import StageProgress


class _LanguageBuild(Protocol):
    """What a translation's build needs of the kbgen plugin (kbgen/site/plugin.py), named here
    so this module need not import the plugin that imports it."""

    def build_language(
        self,
        lang: str,
        site_kb: KnowledgeBase,
        content_root: Path,
        root_site_url: str,
        progress: StageProgress | None,
    ) -> None: ...


@dataclass(frozen=True)
class PageKind:
    """What a page is, so its counterpart in another language can be found: an article (or
    the "not available" page standing in for one) by its translation key, a topic by its
    folder, the generated pages by their name."""

    kind: str  # "article" | "missing" | "category" | "glossary" | "contact" | "home" | "other"
    key: str = ""


@dataclass(frozen=True)
class Alternate:
    """The page in one of the site's languages, as the switcher and the sitemap link to it."""

    lang: str
    name: str  # the language's own name: "Deutsch"
    href: str  # relative to the page showing the link
    url: str  # absolute when the site has a site_url (what hreflang wants), else as href
    available: bool  # the page exists in this language (else the link goes to its home)
    current: bool  # the page being shown
    missing: bool = False  # an article not written in this language yet: the switcher says so


def site_languages(kb: KnowledgeBase) -> tuple[str, ...]:
    """The languages the site is built in: the default, then each translation that has
    articles (a listed language with none yet is reported and left out)."""
    return (kb.lang, *(lang for lang, t in kb.translations.items() if t.entries))


def prefix(kb: KnowledgeBase, lang: str) -> str:
    """Where a language's pages start on the site: "" for the default, "de/"."""
    return "" if lang == kb.lang else f"{lang}/"


def _exists(kb: KnowledgeBase, page: PageKind) -> bool:
    if page.kind in ("article", "missing"):
        return kb.by_key(page.key) is not None
    if page.kind == "category":
        return kb.category(page.key) is not None
    if page.kind == "glossary":
        return bool(kb.site.glossary)
    return page.kind in ("contact", "home")


def alternates(
    site_kb: KnowledgeBase,
    here_lang: str,
    page: PageKind,
    page_url: str,
    home_url: str,
    root_site_url: str,
    *,
    absolute: bool = False,
) -> list[Alternate]:
    """The page at `page_url` (as MkDocs gives it, within its language's build) in every
    language of the site. A page with no counterpart in a language leads to that language's
    home page, except an article: it leads to the "not available" page at its address.
    `absolute`: links from the site's root path (the 404 page, served at any address)."""
    here = prefix(site_kb, here_lang) + page_url
    root_path = (urlsplit(root_site_url).path or "/") if root_site_url else "/"
    result = []
    for lang in site_languages(site_kb):
        kb = site_kb.in_language(lang)
        assert kb is not None
        exists = _exists(kb, page)
        article = page.kind in ("article", "missing")
        target = prefix(site_kb, lang) + (page_url if exists or article else home_url)
        if absolute:
            href = root_path.rstrip("/") + "/" + target
        else:
            href = get_relative_url(target, here)
            if (target == "" or target.endswith("/")) and not href.endswith("/"):
                href += "/"
        result.append(
            Alternate(
                lang=lang,
                name=language_name(lang),
                href=href,
                url=urljoin(root_site_url, target) if root_site_url else href,
                available=exists,
                current=lang == here_lang,
                missing=article and not exists,
            )
        )
    return result


def hreflang_links(links: list[Alternate], page: PageKind) -> list[tuple[str, str]]:
    """(hreflang, URL) for `<link rel="alternate">`: only the languages the page really
    exists in, and x-default for the default language's. None on a "not available" page
    (it is not indexed) or a page only one language has."""
    real = [a for a in links if a.available]
    if page.kind in ("missing", "other") or len(real) < 2:
        return []
    return [(a.lang, a.url) for a in real] + [("x-default", links[0].url)]


def missing_pages(site_kb: KnowledgeBase, kb: KnowledgeBase) -> list[Entry]:
    """The default language's articles that `kb`'s language has no translation of yet."""
    return [e for e in site_kb.entries if kb.by_key(e.key) is None]


def written_in(site_kb: KnowledgeBase, key: str) -> list[Entry]:
    """The article `key` in each language it is written in, in the site's order."""
    found = []
    for lang in site_languages(site_kb):
        kb = site_kb.in_language(lang)
        entry = kb.by_key(key) if kb is not None else None
        if entry is not None:
            found.append(entry)
    return found


def build_translation(
    parent: MkDocsConfig,
    lang: str,
    site_kb: KnowledgeBase,
    content_root: Path,
    progress: StageProgress | None,
) -> None:
    """Build `lang`'s pages into `<site_dir>/<lang>/` with a fresh MkDocs configuration from
    the same mkdocs.yml (fresh plugin instances: nothing of the default language's build
    leaks in), `theme.language` set to the language and the content already loaded."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import PluginError

    if not parent.config_file_path:
        raise PluginError(
            "a help site in several languages is built from a mkdocs.yml file: run "
            "'kbgen build' or 'mkdocs build' where it is"
        )
    overrides: dict[str, Any] = {
        "docs_dir": str(Path(parent.docs_dir) / lang),
        "site_dir": str(Path(parent.site_dir) / lang),
        "strict": parent.strict,
        "use_directory_urls": parent.use_directory_urls,
    }
    if parent.site_url:
        overrides["site_url"] = urljoin(parent.site_url.rstrip("/") + "/", f"{lang}/")
    config = load_config(config_file=parent.config_file_path, **overrides)
    config.theme["language"] = lang
    plugin = config.plugins.get("kbgen")
    if plugin is None or not hasattr(plugin, "build_language"):
        raise PluginError("the kbgen plugin is missing from the plugins of mkdocs.yml")
    cast(_LanguageBuild, plugin).build_language(
        lang, site_kb, content_root, parent.site_url or "", progress
    )
    log.info(f"Building the {language_name(lang, 'en')} pages into {config.site_dir}")
    mkdocs_build(config)
