"""Load the knowledge base from content/ and validate it, collecting every problem at once.

The walk over the folders is here; each job has its module: where files may sit (layout.py),
one article or topic (articles.py, through the field declarations in fields.py), the site's
YAML files (site_data.py) and the checks across articles (cross_checks.py)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from kbgen.content import content_links
from kbgen.content import languages as languages_mod
from kbgen.content.articles import load_article, load_category
from kbgen.content.cross_checks import check_links_between, check_originals
from kbgen.content.languages import Languages
from kbgen.content.layout import check_folder_name, is_hidden, misplaced, shown_folder
from kbgen.content.model import ContentError, Entry, KnowledgeBase, Problem
from kbgen.content.site_data import load_site_data, with_fallbacks
from kbgen.content.source_files import Collector

# kbgen.site.plugin and kbgen.check.rules.links import is_hidden from here.
__all__ = ["collect_kb", "is_hidden", "load_kb"]


def collect_kb(
    root: Path, languages: Languages | None = None
) -> tuple[KnowledgeBase, list[Problem]]:
    """Load everything under `root`, returning the knowledge base and every problem found.

    `languages` says which folders hold translations (default: read from the mkdocs.yml whose
    docs_dir is `root`, see kbgen/content/languages.py). The knowledge base returned is the
    default language's; each translation is in its `translations`."""
    root = Path(root)
    languages = languages or languages_mod.for_content(root)
    out = Collector()
    if not root.is_dir():
        out.add(
            root,
            1,
            "the content folder does not exist",
            "create it, or run 'kbgen init' to start a new knowledge base",
        )
        return KnowledgeBase(root, (), lang=languages.default), out.problems
    links = content_links.link_problems(root)  # links out of content/ are refused
    out.problems += links
    refused = {p.path for p in links}
    kb = _collect_language(root, languages.default, languages, refused, out, None)
    translations = {}
    for lang in languages.others:
        folder = languages.folder(root, lang)
        if not folder.is_dir() or not any(folder.glob("*/*.md")):
            out.problems.append(
                Problem(
                    folder,
                    1,
                    f"the language '{lang}' is listed in the site's languages, but there are no "
                    f"articles in {root.name}/{lang}/",
                    f"translate articles into {root.name}/{lang}/<topic>/<name>.md (the same "
                    f"paths as the originals), or remove '{lang}' from 'languages' in mkdocs.yml",
                    severity="warning",
                )
            )
        translations[lang] = _collect_language(folder, lang, languages, refused, out, kb)
    if translations:
        kb = replace(kb, translations=translations)
    return kb, out.problems


def _collect_language(
    root: Path,
    lang: str,
    languages: Languages,
    refused: set[Path],
    out: Collector,
    original: KnowledgeBase | None,
) -> KnowledgeBase:
    """The articles of one language: `root` is content/ for the default language (whose
    language folders are skipped), content/<lang>/ for a translation of `original`."""
    by_category: dict[Path, list[Entry]] = {}
    unlisted: set[str] = set()  # language-looking folders the config does not list
    for path in sorted(root.rglob("*.md")) if root.is_dir() else ():
        rel = path.relative_to(root)
        if is_hidden(rel) or path in refused:
            continue
        if original is None and len(rel.parts) > 1 and rel.parts[0] in languages.others:
            continue  # a translation: loaded with its language
        shown = shown_folder(root, original.root if original is not None else None)
        if misplaced(path, rel, root, shown, languages, original is not None, unlisted, out):
            continue
        by_category.setdefault(path.parent, [])
        if rel.name == "index.md":
            continue
        entry = load_article(path, root, out, lang)
        if entry is not None:
            by_category[path.parent].append(entry)

    categories = [
        load_category(folder, entries, out, original.category(folder.name) if original else None)
        for folder, entries in by_category.items()
    ]
    for folder in by_category:
        check_folder_name(folder, out)
    categories.sort(key=lambda c: (c.order if c.order is not None else 10**6, c.title.lower()))
    site = load_site_data(root, out)
    if original is not None:
        site = with_fallbacks(site, original.site)
    kb = KnowledgeBase(root, tuple(categories), site, lang=lang)
    check_links_between(kb, out, original)
    if original is not None:
        check_originals(kb, original, out)
    return kb


def load_kb(root: Path, languages: Languages | None = None) -> KnowledgeBase:
    """Load the knowledge base, raising ContentError listing every error found."""
    kb, problems = collect_kb(root, languages)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise ContentError(errors)
    return kb
