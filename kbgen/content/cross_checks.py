"""Checks across the articles of a language, once all are loaded: names are unique,
`related:` names articles that exist, and each translation has its original."""

from __future__ import annotations

import difflib

from kbgen.content.layout import shown_folder
from kbgen.content.model import Entry, KnowledgeBase
from kbgen.content.source_files import Collector


def check_links_between(
    kb: KnowledgeBase, out: Collector, original: KnowledgeBase | None = None
) -> None:
    """Slugs are unique, and `related:` names articles that exist. A translation may name an
    article not translated yet (its page leaves it out until it is)."""
    seen: dict[str, Entry] = {}
    for entry in kb.entries:
        first = seen.setdefault(entry.slug, entry)
        if first is not entry:
            out.add(
                entry.path,
                1,
                f"another article already uses the name '{entry.slug}' ({first.src_uri})",
                "rename one of the two files: each article needs its own file name",
            )
    for entry in kb.entries:
        for i, slug in enumerate(entry.related):
            if slug not in seen and original is not None and original.entry(slug) is not None:
                continue
            if slug in seen:
                if slug == entry.slug:
                    out.add(
                        entry.path,
                        entry.key_lines.get(f"related[{i}]", 1),
                        "an article cannot be related to itself",
                        f"remove '{slug}' from related",
                    )
                continue
            close = difflib.get_close_matches(slug, list(seen), n=1, cutoff=0.6)
            hint = (
                f"did you mean '{close[0]}'?"
                if close
                else "use the file name of another article, without .md"
            )
            out.add(
                entry.path,
                entry.key_lines.get(f"related[{i}]", entry.key_lines.get("related", 1)),
                f"related article '{slug}' does not exist",
                hint,
            )


def check_originals(kb: KnowledgeBase, original: KnowledgeBase, out: Collector) -> None:
    """Every translation has its original in the default language, at the same path: a file
    name that differs is almost always a slip, and would leave both languages' pages without
    their switcher link."""
    keys = [e.key for e in original.entries]
    for entry in kb.entries:
        if original.by_key(entry.key) is not None:
            continue
        close = difflib.get_close_matches(entry.key, keys, n=1, cutoff=0.6)
        hint = (
            f"did you mean {shown_folder(kb.root, original.root)}/{close[0]}.md? A translation "
            "has the same folder and file name as its original"
            if close
            else f"write the original first as {original.root.name}/{entry.key}.md, or give "
            "this file the folder and name of the article it translates"
        )
        out.add(
            entry.path,
            1,
            f"this article has no original in the site's default language "
            f"({original.root.name}/{entry.key}.md does not exist)",
            hint,
        )
    for category in kb.categories:
        if category.path is not None and original.category(category.slug) is None:
            out.add(
                category.path,
                1,
                f"there is no topic '{category.slug}' in the site's default language",
                f"make the folder {original.root.name}/{category.slug}/ first, or use the "
                "folder name of the topic this translates",
            )
