"""Typed data passed between kbgen's stages: content is loaded into these, never dicts."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong in the owner's content, with where it is and how to fix it."""

    path: Path
    line: int
    message: str
    hint: str = ""
    rule: str = "content"
    severity: str = "error"  # "error" | "warning"

    @property
    def shown_path(self) -> str:
        """The path as the owner typed it: relative to the current folder when inside it.

        Only the folder is resolved, not the file: a file that is a link to somewhere else is
        shown where it sits, never by where it points."""
        try:
            real = Path(os.path.realpath(self.path.parent)) / self.path.name
            return real.relative_to(Path.cwd()).as_posix()
        except ValueError:
            return str(self.path)

    def __str__(self) -> str:
        text = f"{self.shown_path}:{self.line}: {self.message}"
        return f"{text} — {self.hint}" if self.hint else text


class ContentError(Exception):
    """Raised with every problem found, so the owner sees them all at once."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        lines = "\n".join(str(p) for p in problems)
        super().__init__(f"{len(problems)} problem(s) in the content:\n{lines}")


@dataclass(frozen=True)
class Entry:
    """One article: a common customer problem and its answer."""

    slug: str
    category: str  # the folder name under content/
    title: str
    summary: str
    body: str  # Markdown after the front matter
    path: Path  # the source file
    src_uri: str  # path in its language's folder, e.g. "logging-in/password-not-working.md"
    symptoms: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    reviewed: date | None = None
    order: int | None = None
    featured: bool = False
    body_line: int = 1  # line number in the file where the body starts
    key_lines: dict[str, int] = field(default_factory=dict, compare=False, hash=False)
    # The language the article is written in: the site's (theme.language) for content/'s own
    # articles, the folder's for content/<lang>/ (see kbgen/content/languages.py).
    lang: str = "en"

    @property
    def url(self) -> str:
        """URL relative to its language's site root, with MkDocs' directory URLs:
        "logging-in/password-not-working/" (the German copy's page is under de/ on the site)."""
        return f"{self.category}/{self.slug}/"

    @property
    def key(self) -> str:
        """What links an article with its translations: the same path in every language's
        folder, "logging-in/password-not-working"."""
        return f"{self.category}/{self.slug}"


@dataclass(frozen=True)
class Category:
    slug: str  # the folder name
    title: str
    description: str = ""
    icon: str = ""  # a Material icon name such as "material/key", or an emoji
    order: int | None = None
    entries: tuple[Entry, ...] = ()
    path: Path | None = None  # the category's index.md, when it has one

    @property
    def url(self) -> str:
        return f"{self.slug}/"


@dataclass(frozen=True)
class GlossaryTerm:
    term: str
    explanation: str  # plain words, one or two sentences
    aliases: tuple[str, ...] = ()

    @property
    def anchor(self) -> str:
        """The id of the term's entry on the glossary page, for links to it (#anchor)."""
        return self.term.lower().replace(" ", "-")


@dataclass(frozen=True)
class Contact:
    """How a customer reaches a human when self-help fails."""

    email: str = ""
    form_url: str = ""
    reply_time: str = ""  # e.g. "within one working day"
    name: str = ""  # who answers, e.g. "the Pixel & Co support team"

    @property
    def configured(self) -> bool:
        return bool(self.email or self.form_url)


@dataclass(frozen=True)
class MostAsked:
    """One line of the home page's "Most asked" list (from `kbgen mine --publish`)."""

    question: str
    slug: str | None  # the matched article, if any
    customers: int = 0


@dataclass(frozen=True)
class SiteData:
    """Site-wide data from the small YAML files under content/."""

    glossary: tuple[GlossaryTerm, ...] = ()
    synonyms: dict[str, tuple[str, ...]] = field(default_factory=dict)  # word -> what it means
    contact: Contact = field(default_factory=Contact)
    most_asked: tuple[MostAsked, ...] = ()


@dataclass(frozen=True)
class KnowledgeBase:
    """The articles of one language. The default language's knowledge base (what the loader
    returns) also holds the other languages' in `translations`, in the order the site lists
    them; a one-language site has none."""

    root: Path  # the content/ folder (a translation's: content/<lang>/)
    categories: tuple[Category, ...]
    site: SiteData = field(default_factory=SiteData)
    lang: str = "en"  # the language of these articles
    translations: dict[str, KnowledgeBase] = field(
        default_factory=dict, repr=False, compare=False, hash=False
    )

    entries: tuple[Entry, ...] = field(init=False, repr=False, compare=False)
    _by_slug: dict[str, Entry] = field(init=False, repr=False, compare=False)
    _categories: dict[str, Category] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Lookups by slug happen once per page; keep them constant-time for large sites.
        entries = tuple(e for c in self.categories for e in c.entries)
        object.__setattr__(self, "entries", entries)
        by_slug: dict[str, Entry] = {}
        for e in entries:
            by_slug.setdefault(e.slug, e)  # the first wins, as duplicate slugs are an error
        object.__setattr__(self, "_by_slug", by_slug)
        object.__setattr__(self, "_categories", {c.slug: c for c in self.categories})

    def entry(self, slug: str) -> Entry | None:
        return self._by_slug.get(slug)

    @property
    def languages(self) -> tuple[str, ...]:
        """This knowledge base's language, then its translations' ("en", "de")."""
        return (self.lang, *self.translations)

    def in_language(self, lang: str) -> KnowledgeBase | None:
        """The knowledge base of `lang`: this one, or one of its translations."""
        return self if lang == self.lang else self.translations.get(lang)

    def by_key(self, key: str) -> Entry | None:
        """The article with translation key `key` ("logging-in/reset-password") in this
        language, if it has been written in it."""
        category, _, slug = key.partition("/")
        entry = self._by_slug.get(slug)
        return entry if entry is not None and entry.category == category else None

    def category(self, slug: str) -> Category | None:
        return self._categories.get(slug)

    def mined_most_asked(self) -> list[tuple[str, Entry]]:
        """(customer question, article) from `kbgen mine --publish`, one line per article,
        in the order customers asked most; questions without an article are left out."""
        pairs: dict[str, tuple[str, Entry]] = {}
        for item in self.site.most_asked:
            entry = self.entry(item.slug) if item.slug else None
            if entry is not None:
                pairs.setdefault(entry.slug, (item.question, entry))
        return list(pairs.values())
