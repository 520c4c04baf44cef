"""The kbgen MkDocs plugin: validates content, generates the help-centre pages, adds the theme.

MkDocs calls these events in order (see mkdocs/plugins.py): on_config (validate, theme layer,
nav), on_files (hide data files, add generated pages), on_page_markdown (pick each page's
template, add glossary tooltips), on_page_context (hand templates their data), on_post_build
(write the search index).
"""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path
from typing import Any, cast

import jinja2
from markupsafe import Markup, escape
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url
from mkdocs.utils.templates import TemplateContext

from kbgen import paths, templates
from kbgen.console import StageProgress
from kbgen.content import languages
from kbgen.content.glossary import abbreviations, by_letter, first_mentions_only
from kbgen.content.languages import CODE_RE, language_name
from kbgen.content.loader import collect_kb, is_hidden
from kbgen.content.model import Category, ContentError, Entry, KnowledgeBase, Problem
from kbgen.content.urls import WEB, url_problem
from kbgen.i18n import Catalog, load_catalog
from kbgen.site import pages
from kbgen.site.article_page import split_quick_fix
from kbgen.site.language_site import (
    PageKind,
    alternates,
    build_translation,
    hreflang_links,
    missing_pages,
    prefix,
    site_languages,
    written_in,
)
from kbgen.site.pages import GeneratedPage, generated_pages
from kbgen.site.placeholders import find_placeholders
from kbgen.site.sanitize import clean_html
from kbgen.site.structured import article_structured_data

log = logging.getLogger("mkdocs.plugins.kbgen")

# Markdown extensions the article format relies on (tooltips, attributes, notes).
REQUIRED_EXTENSIONS = ("abbr", "attr_list", "md_in_html", "admonition", "tables", "toc")
# Material's own default, which it loads from Google's servers on every page view.
MATERIAL_DEFAULT_FONT = {"text": "Roboto", "code": "Roboto Mono"}


def _material_search_off(config: MkDocsConfig, tell: bool) -> None:
    """kbgen's search serves the site: Material's own search plugin, listed by habit
    ("- search"), would add a second search box to every page and a second index of the
    whole site (its own `search_index.json`), which kbgen's box never reads."""
    for name, plugin in config.plugins.items():
        if not type(plugin).__module__.startswith("material.plugins.search"):
            continue
        settings = getattr(plugin, "config", None)
        if settings is not None and settings.get("enabled", True):
            settings["enabled"] = False
            if tell:
                log.info(
                    "kbgen: Material's '%s' plugin is turned off, kbgen's search serves this "
                    "site (remove it from 'plugins' in mkdocs.yml to silence this note)",
                    name,
                )


class KbgenConfig(Config):
    home_title = c.Type(str, default="")  # empty: "How can we help?" in the site's language
    feedback_url = c.Type(str, default="")  # receives the site's events as JSON (kbgen collect)
    most_asked_limit = c.Type(int, default=6)
    check = c.Type(dict, default={})  # `kbgen check` rules: off, severity, limits
    # Material's default Roboto comes from Google Fonts; kbgen uses system fonts unless asked.
    google_fonts = c.Type(bool, default=False)
    # The site's languages, in the switcher's order: theme.language's articles at content/'s
    # root, each other language's in content/<code>/ (kbgen/content/languages.py).
    languages = c.ListOfItems(c.Type(str), default=[])
    # The site's name in its other languages ({de: "Hilfe-Center"}); site_name is the main one's.
    site_names = c.Type(dict, default={})


def _human_date(value: date, language: str) -> str:
    """'1 October 2026', '1. Oktober 2026': Babel's long date in the site's language."""
    from babel.core import UnknownLocaleError
    from babel.dates import format_date

    try:
        return format_date(value, "long", locale=language.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return format_date(value, "long", locale="en")


class KbgenPlugin(BasePlugin[KbgenConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.kb: KnowledgeBase | None = None  # this build's language
        self.site_kb: KnowledgeBase | None = None  # the default language's, with translations
        self.content_root: Path | None = None  # content/, whichever language is built
        self.root_site_url = ""  # site_url of the default language's pages
        # Set by build_language: this build makes a translation's pages (site/<lang>/).
        self._language_build: tuple[str, KnowledgeBase] | None = None
        self.missing: dict[str, Entry] = {}  # src_uri -> untranslated article, "not available"
        self._directory_urls = True
        self.by_uri: dict[str, Entry] = {}
        self.generated: dict[str, GeneratedPage] = {}  # src_uri -> a page kbgen generates
        self.most_asked: list[tuple[str, Entry]] = []
        self.computed_related: dict[str, tuple[str, ...]] = {}
        self.strings: Catalog = load_catalog("en", None)[0]
        self._loaded: tuple[KnowledgeBase, list[Problem]] | None = None
        # Set by `kbgen build` to draw a progress bar; MkDocs' own commands leave it unset.
        self.progress: StageProgress | None = None
        self._pages_written = 0
        self._pages_total = 0

    def build_language(
        self,
        lang: str,
        site_kb: KnowledgeBase,
        content_root: Path,
        root_site_url: str,
        progress: StageProgress | None,
    ) -> None:
        """Make this build the pages of the translation `lang` (kbgen/site/language_site.py), from
        content the default language's build has loaded and checked."""
        self._language_build = (lang, site_kb)
        self.content_root, self.root_site_url, self.progress = content_root, root_site_url, progress

    def use_loaded(self, kb: KnowledgeBase, problems: list[Problem]) -> None:
        """Content the caller has just loaded and validated (`kbgen build`), so the next
        on_config does not read every file a second time."""
        self._loaded = (kb, problems)

    # -- configuration -------------------------------------------------------------------
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if config.theme.name != "material":
            raise PluginError(
                "kbgen needs the Material theme: set 'theme: {name: material}' in mkdocs.yml"
            )
        if self._language_build is not None:
            # Another language's pages carry the site's name in that language, if given.
            config.site_name = self.config.site_names.get(self._language_build[0]) or (
                config.site_name
            )
        # Material prints these as they are; kbgen's own (autoescaped) templates keep Markup.
        config.site_name = escape(config.site_name)
        if config.site_description:
            config.site_description = escape(config.site_description)
        overrides = str(paths.overrides_dir())
        if overrides not in config.theme.dirs:
            # Below the user's own custom_dir (which always wins), above Material itself.
            position = 1 if config.theme.custom_dir else 0
            config.theme.dirs.insert(position, overrides)
        for ext in REQUIRED_EXTENSIONS:
            if ext not in config.markdown_extensions:
                config.markdown_extensions.append(ext)
        self._system_fonts(config)
        # Told once: a site's other languages are built with the same mkdocs.yml.
        _material_search_off(config, tell=self._language_build is None)
        features = config.theme.setdefault("features", [])
        # Glossary tooltips; a "Back to top" button on long pages (the glossary on a phone).
        for feature in ("content.tooltips", "navigation.top"):
            if feature not in features:
                features.append(feature)

        if self._language_build is not None:
            lang, site_kb = self._language_build
            kb = site_kb.translations[lang]
            problems: list[Problem] = []  # the default language's build checks everything
        else:
            if self._loaded is not None:
                site_kb, problems = self._loaded
                self._loaded = None
            else:
                site_kb, problems = collect_kb(Path(config.docs_dir), languages.from_config(config))
            kb, self.content_root = site_kb, Path(config.docs_dir)
            self.root_site_url = config.site_url or ""
        assert self.content_root is not None
        self.site_kb = site_kb
        self._directory_urls = config.use_directory_urls
        self.strings, string_problems = load_catalog(
            config.theme.get("language"), self.content_root
        )
        problems = (
            problems
            + string_problems
            + self._icon_problems(kb, config)
            + self._option_problems(config)
        )
        errors = [p for p in problems if p.severity == "error"]
        for warning in (p for p in problems if p.severity != "error"):
            log.warning(str(warning))
        if errors:
            raise PluginError(str(ContentError(errors)))
        # Unwritten text: a preview shows it with a warning, `--strict` refuses to publish it
        # (and `kbgen check` reports it as an error).
        for problem in find_placeholders(kb):
            log.warning(str(problem))
        self.kb = kb
        self.by_uri = {e.src_uri: e for e in kb.entries}
        self.generated = {page.uri: page for page in generated_pages(kb)}
        self.most_asked = self._most_asked(kb)
        from kbgen.site.related import nearest_articles  # scikit-learn is only needed here

        self.computed_related = nearest_articles(kb)
        if config.nav is None:
            config.nav = self._nav(kb)
        return config

    def _system_fonts(self, config: MkDocsConfig) -> None:
        """No third-party request unless the owner asks for one: Material's default font is
        fetched from Google (a privacy problem for EU shops), so it becomes the system font.
        A font the owner names in `theme.font`, or `google_fonts: true`, is kept."""
        font = config.theme.get("font")
        if font == MATERIAL_DEFAULT_FONT and not self.config.google_fonts:
            config.theme["font"] = False

    @staticmethod
    def _icon_problems(kb: KnowledgeBase, config: MkDocsConfig) -> list[Problem]:
        problems: list[Problem] = []
        for cat in kb.categories:
            if (
                cat.icon
                and "/" in cat.icon
                and not any(
                    (Path(d) / ".icons" / f"{cat.icon}.svg").is_file() for d in config.theme.dirs
                )
            ):
                line = 1
                if cat.path:
                    lines = cat.path.read_text("utf-8").splitlines()
                    line = next((i for i, t in enumerate(lines, 1) if t.startswith("icon")), 1)
                problems.append(
                    Problem(
                        cat.path or kb.root,
                        line,
                        f"unknown icon '{cat.icon}'",
                        "pick one from https://pictogrammers.com/library/mdi/, "
                        "written like 'material/key-variant'",
                    )
                )
        return problems

    def _option_problems(self, config: MkDocsConfig) -> list[Problem]:
        """The plugin's own options (feedback_url, languages, site_names), reported at their line in
        mkdocs.yml."""
        path = Path(config.config_file_path or "mkdocs.yml")
        lines = path.read_text("utf-8").splitlines() if path.is_file() else []

        def line_of(key: str) -> int:
            return next((i for i, t in enumerate(lines, 1) if t.strip().startswith(key)), 1)

        problems = []
        url = self.config.feedback_url
        problem = url and url_problem(url.strip(), WEB, site_path=True)
        if problem:
            problems.append(
                Problem(
                    path,
                    line_of("feedback_url"),
                    f"feedback_url: {problem}",
                    "give the https:// address (or the /path on this site) that receives the "
                    "answers, or remove the line",
                )
            )
        for code in self.config.languages:
            if not CODE_RE.match(code):
                problems.append(
                    Problem(
                        path,
                        line_of("languages"),
                        f"languages: '{code}' is not a language code",
                        "write each language as its code, as theme.language has it, such as "
                        "'languages: [en, de, pt-BR]' (a folder of that name under content/ "
                        "holds its articles)",
                    )
                )
        # Checked in the main language's build (another language's build has its own
        # theme.language, so "the other languages" differ there).
        others = languages.from_config(config).others
        names = self.config.site_names if self._language_build is None else {}
        for code, name in names.items():
            if code not in others:
                problems.append(
                    Problem(
                        path,
                        line_of("site_names"),
                        f"site_names: '{code}' is not one of the site's other languages "
                        f"({', '.join(others) or 'none listed'})",
                        "name the site in the other languages listed in 'languages:' "
                        "(site_name itself is the main language's)",
                        severity="warning",  # the site is whole without it
                    )
                )
            elif not isinstance(name, str) or not name.strip():
                problems.append(
                    Problem(
                        path,
                        line_of("site_names"),
                        f"site_names: the name for '{code}' is empty or not text",
                        f"write the site's name in that language, such as '{code}: My Shop Help'",
                    )
                )
        return problems

    def _nav(self, kb: KnowledgeBase) -> list[Any]:
        """Help-centre navigation: only categories, never every article (keeps pages small).
        Titles come from contributed content, and Material prints nav titles as they are:
        they go in escaped."""
        t = self.strings.t
        titles = {"home": t("nav.home"), "glossary": t("nav.glossary"), "contact": t("nav.contact")}
        topics = {cat.slug: cat.title for cat in kb.categories}
        return [
            {escape(topics[page.key] if page.kind == "category" else titles[page.kind]): page.uri}
            for page in self.generated.values()
        ]

    # -- files ---------------------------------------------------------------------------
    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        assert self.kb is not None and self.site_kb is not None
        translations = set(self.site_kb.translations)
        for file in list(files):
            parts = Path(file.src_uri).parts
            if is_hidden(Path(file.src_uri)):
                files.remove(file)
            elif self._language_build is None and len(parts) > 1 and parts[0] in translations:
                files.remove(file)  # a translation: its own build makes its pages
            elif file.src_uri in self.by_uri:
                # Articles are reached from their category page, by design not from the nav.
                file.inclusion = InclusionLevel.NOT_IN_NAV
        env = templates.environment("pages")
        if self._language_build is not None:
            self._translation_files(files, config, env)

        def generate(src_uri: str, **meta: Any) -> None:
            if files.get_file_from_path(src_uri) is None:
                content = env.get_template("generated-page.md.j2").render(**meta)
                files.append(File.generated(config, src_uri, content=content))

        t = self.strings.t
        titles = {
            # home_title is written in the default language; translations use their own.
            "home": (self.config.home_title if self._language_build is None else "")
            or t("home.title"),
            "glossary": t("nav.glossary"),
            "contact": t("nav.contact"),
        }
        descriptions = {
            "glossary": t("glossary.description"),
            "contact": t("contact_page.description"),
        }
        categories = {cat.slug: cat for cat in self.kb.categories}
        for page in self.generated.values():
            meta: dict[str, Any] = {"template": page.template}
            if page.kind == "category":
                cat = categories[page.key]
                meta |= {"title": cat.title, "description": cat.description}
            else:
                meta["title"] = titles[page.kind]
            if page.kind == "home":
                meta["hide"] = ["navigation", "toc"]
            elif page.kind in descriptions:
                meta["description"] = descriptions[page.kind]
            generate(page.uri, **meta)
        return files

    def _translation_files(
        self, files: Files, config: MkDocsConfig, env: jinja2.Environment
    ) -> None:
        """A translation's build reads content/<lang>/; the files every language shares
        (images and downloads outside the language folders) come from content/ itself, so a
        translated article links them as its original does. And each article not translated
        yet gets a page at its address saying so."""
        assert self.content_root is not None and self.site_kb is not None and self.kb
        skip = set(self.site_kb.translations)
        for path in sorted(self.content_root.rglob("*")):
            rel = path.relative_to(self.content_root)
            if (
                not path.is_file()
                or path.suffix == ".md"
                or rel.parts[0] in skip
                or is_hidden(rel)
                or files.get_file_from_path(rel.as_posix()) is not None
            ):
                continue
            files.append(
                File(
                    rel.as_posix(),
                    str(self.content_root),
                    config.site_dir,
                    config.use_directory_urls,
                )
            )
        t = self.strings.t
        name = language_name(self.kb.lang, self.kb.lang, capitalize=False)
        self.missing = {}
        for entry in missing_pages(self.site_kb, self.kb):
            src_uri = entry.src_uri
            if files.get_file_from_path(src_uri) is not None:
                continue
            content = env.get_template("generated-page.md.j2").render(
                title=t("missing.title", language=name),
                template="kbgen/missing.html",
                description=t("missing.title", language=name),
            )
            file = File.generated(config, src_uri, content=content)
            file.inclusion = InclusionLevel.NOT_IN_NAV
            files.append(file)
            self.missing[src_uri] = entry

    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
        # Counted here, after every plugin's on_files (a blog plugin may add pages late).
        self._pages_written, self._pages_total = 0, len(files.documentation_pages())
        self._tell("pages", 0, self._pages_total)
        return nav

    def _tell(self, stage: str, done: float, total: float | None) -> None:
        if self.progress is not None:
            if self._language_build is not None:
                stage = f"{stage}:{self._language_build[0]}"  # "Writing pages (de)"
            self.progress(stage, done, total)

    def on_env(
        self, env: jinja2.Environment, /, *, config: MkDocsConfig, files: Files
    ) -> jinja2.Environment:
        """kbgen's strings for every template, macros included: kb_t('key', name=value) and
        kb_plural('key', count)."""
        env.globals.update(
            kb_t=self.strings.t,
            kb_t_html=self.strings.t_html,
            kb_plural=self.strings.plural,
            kb_script_strings=self.strings.for_script(),  # read by assets/kbgen/i18n.js
        )
        return env

    # -- pages ---------------------------------------------------------------------------
    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        assert self.kb is not None
        uri = page.file.src_uri
        entry = self.by_uri.get(uri)
        if entry is not None:
            page.meta.setdefault("template", "kbgen/article.html")
            page.meta.setdefault("description", entry.summary)
            return markdown + abbreviations(markdown, self.kb.site.glossary)
        cat = self._category_for(uri)
        if cat is not None:
            page.meta.setdefault("template", "kbgen/category.html")
            if cat.description:
                page.meta.setdefault("description", cat.description)
            if cat.icon and "/" in cat.icon:
                page.meta.setdefault("icon", cat.icon)  # a translation's topic: the original's
        return markdown

    def _category_for(self, uri: str) -> Category | None:
        assert self.kb is not None
        page = self.generated.get(uri)
        return self.kb.category(page.key) if page is not None and page.kind == "category" else None

    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        """Contributed Markdown may hold raw HTML: only the allow-listed markup stays. And
        Material prints front-matter values (title, description) into the page as they are,
        so they are handed on escaped (Markup: kbgen's autoescaped templates keep it as is)."""
        for key, value in page.meta.items():
            if isinstance(value, str) and not isinstance(value, Markup):
                page.meta[key] = escape(value)
        html = clean_html(html)
        return first_mentions_only(html) if page.file.src_uri in self.by_uri else html

    def on_page_context(
        self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        assert self.kb is not None
        kb = self.kb
        values = self._site_context()  # kbgen's own keys, beside MkDocs' TemplateContext
        entry = self.by_uri.get(page.file.src_uri)
        if entry is not None:
            category = kb.category(entry.category)
            related = entry.related or self.computed_related.get(entry.slug, ())
            parts = split_quick_fix(page.content or "", self.strings.t("article.quick_fix"))
            values.update(
                entry=entry,
                category=category,
                related=[e for e in (kb.entry(s) for s in related) if e is not None],
                quick_fix=Markup(parts.quick_fix),  # sanitized HTML (on_page_content)
                body=Markup(parts.rest),
                reviewed_text=(
                    _human_date(entry.reviewed, self.strings.language) if entry.reviewed else ""
                ),
                structured_data=article_structured_data(
                    entry, page.content or "", page.canonical_url or ""
                ),
            )
        else:
            values["category"] = self._category_for(page.file.src_uri)
        if page.file.src_uri == pages.GLOSSARY_URI:
            values["glossary_letters"] = by_letter(kb.site.glossary)
        original = self.missing.get(page.file.src_uri)
        if original is not None:
            assert self.site_kb is not None
            values.update(
                missing=original,
                missing_language=language_name(kb.lang, kb.lang, capitalize=False),
                written_in=[
                    (e, language_name(e.lang, kb.lang, capitalize=False), self._link_to(e, page))
                    for e in written_in(self.site_kb, original.key)
                ],
            )
        values.update(self._languages_context(self._page_kind(page), page.url))
        cast("dict[str, Any]", context).update(values)
        return context

    def _page_kind(self, page: Page) -> PageKind:
        return self._page_kind_of(page.file.src_uri)

    def _page_kind_of(self, uri: str) -> PageKind:
        entry = self.by_uri.get(uri)
        if entry is not None:
            return PageKind("article", entry.key)
        if uri in self.missing:
            return PageKind("missing", self.missing[uri].key)
        page = self.generated.get(uri)
        return PageKind(page.kind, page.key) if page is not None else PageKind("other")

    def _languages_context(
        self, kind: PageKind, page_url: str, *, absolute: bool = False
    ) -> dict[str, Any]:
        """The language switcher's entries and the hreflang links of one page (none on a
        one-language site)."""
        assert self.site_kb is not None and self.kb is not None
        if len(site_languages(self.site_kb)) < 2:
            return {"kb_alternates": [], "kb_hreflang": []}
        links = alternates(
            self.site_kb,
            self.kb.lang,
            kind,
            page_url,
            "" if self._directory_urls else "index.html",
            self.root_site_url,
            absolute=absolute,
        )
        return {"kb_alternates": links, "kb_hreflang": hreflang_links(links, kind)}

    def _link_to(self, entry: Entry, page: Page) -> str:
        """The page-relative address of `entry`'s page, in its own language's build."""
        assert self.site_kb is not None and self.kb is not None
        here = prefix(self.site_kb, self.kb.lang) + page.url
        target = prefix(self.site_kb, entry.lang) + (
            entry.url if self._directory_urls else f"{entry.category}/{entry.slug}.html"
        )
        return get_relative_url(target, here)

    def _site_context(self) -> dict[str, Any]:
        """What every kbgen template may use, pages and theme templates (404) alike."""
        assert self.kb is not None
        return {
            "kb": self.kb,
            "contact": self.kb.site.contact,
            "feedback_url": self.config.feedback_url,
            "glossary": self.kb.site.glossary,
            "most_asked": self.most_asked,
            "contact_page_url": pages.CONTACT_URI.replace(".md", "/"),
        }

    def on_template_context(
        self, context: TemplateContext, /, *, template_name: str, config: MkDocsConfig
    ) -> TemplateContext:
        """Theme templates that are not pages: the 404 page shows the search, topics and
        contact like the home page."""
        if self.kb is not None:
            values = self._site_context()
            if template_name == "404.html":
                values.update(self._languages_context(PageKind("other"), "404.html", absolute=True))
            elif template_name == "sitemap.xml" and self.root_site_url:
                values["kb_sitemap_hreflang"] = self._sitemap_hreflang(context.get("pages"))
            cast("dict[str, Any]", context).update(values)
        return context

    def _sitemap_hreflang(self, files: Any) -> dict[str, list[tuple[str, str]]]:
        """src_uri -> (hreflang, URL) of each page's translations, for sitemap.xml."""
        hreflang = {}
        for file in files or ():
            if file.page is None:
                continue
            kind = self._page_kind_of(file.src_uri)
            links = self._languages_context(kind, file.url)["kb_hreflang"]
            if links:
                hreflang[file.src_uri] = links
        return hreflang

    def _most_asked(self, kb: KnowledgeBase) -> list[tuple[str, Entry]]:
        """(question, article) pairs: mined data when published, else featured articles.
        Worked out once per build: every page shows the same list."""
        limit = self.config.most_asked_limit
        mined = kb.mined_most_asked()
        if mined:
            return mined[:limit]
        return [(e.title, e) for e in kb.entries if e.featured][:limit]

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        self._pages_written += 1
        self._tell("pages", self._pages_written, self._pages_total)
        return output

    # -- after the build -----------------------------------------------------------------
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        assert self.kb is not None and self.site_kb is not None
        from kbgen.search.site import write_search_files  # lunr is only needed here

        self._tell("search", 0, 1)
        # Each language's build indexes its own articles with its own stemmer and stop words.
        write_search_files(self.kb, Path(config.site_dir), self.kb.lang)
        self._tell("search", 1, 1)
        if self._language_build is None:
            assert self.content_root is not None
            for lang in site_languages(self.site_kb)[1:]:
                build_translation(config, lang, self.site_kb, self.content_root, self.progress)
