"""One article file, and one topic folder with its index.md, read into the model through the
field declarations (kbgen/content/fields.py)."""

from __future__ import annotations

from pathlib import Path

from kbgen.content.fields import ARTICLE_FIELDS, CATEGORY_FIELDS
from kbgen.content.layout import SLUG_RE, humanise, suggest_slug
from kbgen.content.model import Category, Entry
from kbgen.content.source_files import Collector, read_front_matter


def load_article(path: Path, root: Path, out: Collector, lang: str = "en") -> Entry | None:
    fm = read_front_matter(path, out)
    if fm is None:
        return None
    report = out.reporter(path)
    ARTICLE_FIELDS.unknown_keys(fm, report)
    slug = path.stem
    if not SLUG_RE.match(slug):
        out.add(
            path,
            1,
            f"the file name '{path.name}' is not a valid address for a page",
            f"rename it to '{suggest_slug(slug)}.md' (lowercase letters, digits and hyphens)",
        )
    return Entry(
        slug=slug,
        category=path.parent.name,
        body=fm.body,
        path=path,
        src_uri=path.relative_to(root).as_posix(),
        body_line=fm.body_line,
        key_lines=fm.key_lines,
        lang=lang,
        **ARTICLE_FIELDS.read(fm, report),
    )


def load_category(
    folder: Path, entries: list[Entry], out: Collector, original: Category | None = None
) -> Category:
    """A topic folder with its articles. A translation's topic takes what its own index.md
    leaves out (all of it, when it has none) from the default language's, `original`."""
    index = folder / "index.md"
    title, description, icon, order = humanise(folder.name), "", "", None
    if original is not None:
        title, description, icon, order = (
            original.title,
            original.description,
            original.icon,
            original.order,
        )
    fm = read_front_matter(index, out) if index.is_file() else None
    if fm is not None:
        report = out.reporter(index)
        CATEGORY_FIELDS.unknown_keys(fm, report)
        given = CATEGORY_FIELDS.read_given(fm, report)
        title = given.get("title") or title
        description = given.get("description") or description
        icon = given.get("icon") or icon
        order = given["order"] if "order" in given else order
    entries.sort(key=lambda e: (e.order if e.order is not None else 10**6, e.title.lower()))
    return Category(
        folder.name,
        title,
        description,
        icon,
        order,
        tuple(entries),
        index if index.is_file() else None,
    )
