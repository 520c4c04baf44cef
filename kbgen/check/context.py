"""What every rule gets: the loaded knowledge base, each article read line by line, settings."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any

from kbgen.check.document import Document, read_document
from kbgen.content.model import KnowledgeBase, Problem
from kbgen.i18n import Catalog


@dataclass
class CheckContext:
    kb: KnowledgeBase
    load_problems: list[Problem]  # everything the build's own validation found
    config_file: Path | None = None
    markdown_extensions: list[Any] = field(default_factory=list)
    mdx_configs: dict[str, Any] = field(default_factory=dict)
    today: date = field(default_factory=date.today)
    shared: dict[str, Any] = field(default_factory=dict)  # work rules of one family share
    strings: Catalog | None = None  # the interface strings in the site's language
    notes: list[str] = field(default_factory=list)  # what a rule could not judge, and why
    # For a translation's articles (content/<lang>/): the default language's knowledge base.
    original: KnowledgeBase | None = None

    @property
    def language(self) -> str:
        """The language the articles are written in: the site's (theme.language), or the
        translation's."""
        return self.strings.language if self.strings is not None else "en"

    @cached_property
    def documents(self) -> list[Document]:
        """One Document per article that loaded, in the knowledge base's order."""
        return [read_document(e.path, e) for e in self.kb.entries]

    @property
    def docs_dir(self) -> Path:
        """Where these articles are: content/, or content/<lang>/ for a translation."""
        return self.kb.root

    @property
    def content_root(self) -> Path:
        """content/ itself, where the site-wide files such as _strings.<lang>.yml are."""
        return self.original.root if self.original is not None else self.kb.root
