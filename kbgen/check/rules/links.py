"""Links that lead nowhere: missing pages, missing anchors, missing images.

Relative `.md` links resolve from the article's folder, as MkDocs resolves them; anchors
are checked against the ids the target page really gets, by rendering its Markdown with
the site's own extensions (so the toc extension's slugify, attr_list ids and duplicates
numbered `_1` all count).
"""

from __future__ import annotations

import difflib
import posixpath
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from kbgen.check.context import CheckContext
from kbgen.check.document import Document
from kbgen.check.registry import rule
from kbgen.content.glossary import by_letter
from kbgen.content.loader import is_hidden
from kbgen.content.model import Problem
from kbgen.content.text import LINK_DEF_RE
from kbgen.site.pages import GLOSSARY_URI, article_ids, generated_pages, is_furniture

INLINE_RE = re.compile(r"(!?)\[((?:[^\[\]]|\[[^\]]*\])*)\]\(\s*<?([^)\s>]*)>?(?:\s+[\"'(][^)]*)?\)")
REF_USE_RE = re.compile(r"(!?)\[((?:[^\[\]]|\[[^\]]*\])*)\]\[([^\]]*)\]")
HTML_ATTR_RE = re.compile(r"<(a|img)\b[^>]*?\b(href|src)\s*=\s*[\"']([^\"']*)[\"']", re.I)
INLINE_CODE_RE = re.compile(r"(`+).+?\1")
SCHEME_RE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//")
ID_RE = re.compile(r"""\bid=["']([^"']+)["']""")


@dataclass(frozen=True)
class Link:
    line: int
    target: str
    image: bool
    text: str


def find_links(doc: Document) -> Iterator[Link]:
    """Every link and image in the body, with its line (code and comments are masked)."""
    refs: dict[str, str] = {}
    for raw in doc.masked.values():
        match = LINK_DEF_RE.match(raw)
        if match:
            refs[match.group(1).strip().lower()] = match.group(2)
    for number, raw in sorted(doc.masked.items()):
        raw = INLINE_CODE_RE.sub(lambda m: " " * len(m.group(0)), raw)
        definition = LINK_DEF_RE.match(raw)
        if definition:
            yield Link(number, definition.group(2), False, definition.group(1))
            continue
        for match in INLINE_RE.finditer(raw):
            yield Link(number, match.group(3), bool(match.group(1)), match.group(2))
        for match in REF_USE_RE.finditer(raw):
            label = (match.group(3) or match.group(2)).strip().lower()
            if label in refs and match.group(1):  # images by reference; links come from defs
                yield Link(number, refs[label], True, match.group(2))
        for match in HTML_ATTR_RE.finditer(raw):
            yield Link(number, match.group(3), match.group(1).lower() == "img", "")


class Site:
    """The pages and files the built site will have, and each page's anchors."""

    def __init__(self, ctx: CheckContext):
        self.ctx = ctx
        root = ctx.docs_dir
        self.pages: dict[str, Document | None] = {
            page.uri: None for page in generated_pages(ctx.kb)
        }
        for doc in ctx.documents:
            assert doc.entry is not None
            self.pages[doc.entry.src_uri] = doc
        self.files = {
            p.relative_to(root).as_posix()
            for p in root.rglob("*")
            if p.is_file() and not is_hidden(p.relative_to(root))
        }
        if ctx.original is not None:
            # A translation's build has a page at each original's address (the article, or
            # "not available in this language yet") and the files outside language folders.
            for entry in ctx.original.entries:
                self.pages.setdefault(entry.src_uri, None)
            shared = ctx.original.root
            self.files |= {
                p.relative_to(shared).as_posix()
                for p in shared.rglob("*")
                if p.is_file()
                and not is_hidden(p.relative_to(shared))
                and p.relative_to(shared).parts[0] not in ctx.original.translations
            }
        self._ids: dict[Path, set[str]] = {}
        self._suggestions: dict[str, str] = {}
        self._md: Any = None
        self.urls = {
            (
                "" if uri == "index.md" else uri.removesuffix("index.md").removesuffix(".md") + "/"
            ).replace("//", "/"): uri
            for uri in self.pages
        }

    def suggest_page(self, name: str) -> str:
        """The page file name closest to `name` (remembered: one typo is often copied)."""
        if name not in self._suggestions:
            names = {uri.rsplit("/", 1)[-1] for uri in self.pages}
            self._suggestions[name] = _suggest(name, names)
        return self._suggestions[name]

    def anchors(self, uri: str) -> set[str] | None:
        """Ids on the page from `uri`, or None when kbgen cannot know them (generated pages)."""
        doc = self.pages.get(uri)
        if doc is not None:
            return self._rendered_ids(doc.path) | article_ids()
        if uri == GLOSSARY_URI:
            glossary = self.ctx.kb.site.glossary
            return {t.anchor for t in glossary} | {g.anchor for g in by_letter(glossary)}
        return None

    def _rendered_ids(self, path: Path) -> set[str]:
        if path not in self._ids:
            import markdown

            from kbgen.content import frontmatter

            if self._md is None:
                extensions = list(self.ctx.markdown_extensions) or ["toc", "attr_list"]
                if "toc" not in extensions:
                    extensions.append("toc")
                self._md = markdown.Markdown(
                    extensions=extensions, extension_configs=self.ctx.mdx_configs
                )
            body = frontmatter.split(path.read_text("utf-8-sig")).body
            self._ids[path] = set(ID_RE.findall(self._md.reset().convert(body)))
        return self._ids[path]


def _suggest(name: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(name, list(choices), n=1, cutoff=0.6)
    return close[0] if close else ""


def _relative(from_uri: str, to_uri: str) -> str:
    return posixpath.relpath(to_uri, posixpath.dirname(from_uri) or ".")


def check_link(site: Site, doc: Document, link: Link) -> Problem | None:
    assert doc.entry is not None
    here = doc.entry.src_uri
    target = link.target.strip()
    image = link.image
    rule_id = "missing-image" if image else "broken-link"
    what = "image" if image else "link"

    def problem(message: str, hint: str, rule_id: str = rule_id) -> Problem:
        return Problem(doc.path, link.line, message, hint, rule=rule_id)

    if not target or SCHEME_RE.match(target):
        if not target and not image:
            return problem("a link has no address", "put the page's file name in the ( )")
        return None  # web addresses, mailto: and tel: are not checked offline
    path, _, fragment = target.partition("#")
    path = unquote(path.split("?", 1)[0])
    fragment = unquote(fragment)
    if path.startswith("/"):
        return problem(
            f"the {what} '{target}' starts with '/', which breaks when the site is not at the "
            "root of its domain (such as GitHub Pages)",
            "link to the file relative to this article, such as '../logging-in/reset-password.md'",
        )
    if not path:
        uri = here
    else:
        uri = posixpath.normpath(posixpath.join(posixpath.dirname(here), path))
        if uri.startswith("../") or uri == "..":
            return problem(
                f"the {what} '{target}' points outside the content folder",
                "link only to files inside content/",
            )
        if not path.endswith(".md") and (path.endswith("/") or "." not in posixpath.basename(path)):
            # A site URL instead of a file: MkDocs leaves it as typed, relative to the page URL.
            url = posixpath.normpath(posixpath.join(doc.entry.url, path)).strip("/") + "/"
            url = "" if url in ("./", "/") else url
            known = site.urls.get(url)
            better = _relative(here, known) if known else ""
            if known is None:
                guess = site.suggest_page(path.strip("/").rsplit("/", 1)[-1] + ".md")
                return problem(
                    f"the link '{target}' leads to no page",
                    f"link to the article's file, such as '{guess}'"
                    if guess
                    else "link to an article's .md file, relative to this one",
                )
            return problem(
                f"the link '{target}' is a web address, so it breaks if pages move",
                f"link to the file instead: '{better}'",
            )
        if path.endswith(".md"):
            if uri not in site.pages:
                hidden = is_hidden(Path(uri)) and uri in {
                    p.relative_to(site.ctx.docs_dir).as_posix()
                    for p in site.ctx.docs_dir.rglob("*.md")
                }
                guess = site.suggest_page(posixpath.basename(uri))
                guess_uri = next(
                    (p for p in site.pages if p.endswith("/" + guess) or p == guess), ""
                )
                if hidden:
                    hint = "that file is a draft or data file and is not published"
                elif guess_uri:
                    hint = f"did you mean '{_relative(here, guess_uri)}'?"
                else:
                    hint = "check the file name; links are relative to this article's folder"
                return problem(
                    f"the link '{target}' leads to no article ({uri} does not exist)", hint
                )
        elif uri not in site.files:
            guess = _suggest(uri, site.files)
            return problem(
                f"the {what} '{target}' does not exist ({uri})",
                f"did you mean '{_relative(here, guess)}'?"
                if guess
                else "add the file under content/, or fix the name (names are case-sensitive)",
            )
    if fragment and (uri.endswith(".md") or not path):
        anchors = site.anchors(uri)
        if anchors is not None and fragment not in anchors:
            guess = _suggest(fragment, {a for a in anchors if not is_furniture(a)})
            return problem(
                f"the link '{target}' points to a heading '#{fragment}' that "
                f"{'this page' if not path else posixpath.basename(uri)} does not have",
                f"did you mean '#{guess}'?"
                if guess
                else "use the heading's text in lowercase with hyphens, such as '#step-by-step'",
                "broken-anchor",
            )
    return None


@rule(
    "broken-link",
    family="links",
    severity="error",
    summary="links to articles or files that do not exist",
)
def broken_links(ctx: CheckContext, options: dict[str, Any]) -> Iterable[Problem]:
    yield from _by_rule(ctx, "broken-link")


@rule(
    "broken-anchor",
    family="links",
    severity="error",
    summary="links to a heading (#anchor) the page does not have",
)
def broken_anchors(ctx: CheckContext, options: dict[str, Any]) -> Iterable[Problem]:
    yield from _by_rule(ctx, "broken-anchor")


@rule("missing-image", family="links", severity="error", summary="images whose file does not exist")
def missing_images(ctx: CheckContext, options: dict[str, Any]) -> Iterable[Problem]:
    yield from _by_rule(ctx, "missing-image")


def _by_rule(ctx: CheckContext, rule_id: str) -> list[Problem]:
    if "links" not in ctx.shared:  # the three link rules share one pass over the links
        site = Site(ctx)
        ctx.shared["links"] = [
            p
            for doc in ctx.documents
            for link in find_links(doc)
            if (p := check_link(site, doc, link)) is not None
        ]
    cache: list[Problem] = ctx.shared["links"]
    return [p for p in cache if p.rule == rule_id]
