"""Where things go under content/: which files are pages, which names make valid addresses,
and where articles must sit (directly in a topic folder; translations in a language folder)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from kbgen.content.languages import Languages, language_name, looks_like_language

if TYPE_CHECKING:
    from kbgen.content.source_files import Collector

# A page's address part: a file or folder name such as "password-not-working".
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def is_hidden(rel: Path) -> bool:
    """Files and folders starting with `_` or `.` are data or drafts, never published pages."""
    return any(part.startswith(("_", ".")) for part in rel.parts)


def suggest_slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "article"


def humanise(slug: str) -> str:
    return slug.replace("-", " ").replace("_", " ").strip().capitalize()


def shown_folder(root: Path, default_root: Path | None) -> str:
    """How messages name a language's folder: content, or content/de for a translation (whose
    default language's folder is `default_root`)."""
    return f"{default_root.name}/{root.name}" if default_root is not None else root.name


def misplaced(
    path: Path,
    rel: Path,
    root: Path,
    shown: str,
    languages: Languages,
    translation: bool,
    unlisted: set[str],
    out: Collector,
) -> bool:
    """Whether the Markdown file `path` (`rel` inside `root`, which messages call `shown`)
    is somewhere an article cannot be, reporting why. A folder that looks like a language the
    site does not list is reported once (`unlisted` remembers it), not each file in it."""
    if len(rel.parts) == 1:
        if rel.name != "index.md":
            out.add(
                path,
                1,
                "articles must sit in a category folder",
                f"move it to a folder such as {shown}/getting-help/{rel.name}",
            )
        else:
            out.add(
                path,
                1,
                "kbgen makes the home page itself",
                f"delete {shown}/index.md; set the site's name in mkdocs.yml (site_name)",
            )
        return True
    if len(rel.parts) > 2:
        folder = rel.parts[0]
        if not translation and looks_like_language(folder):
            if folder not in unlisted and folder == languages.default:
                unlisted.add(folder)
                out.add(
                    root / folder,
                    1,
                    f"'{folder}/' is a folder for the site's default language "
                    f"({language_name(folder, 'en')}), whose articles sit at the root of "
                    f"{shown}/",
                    f"move the topic folders in {shown}/{folder}/ up into {shown}/ (the "
                    "default language's pages are the site's root pages)",
                )
            elif folder not in unlisted:
                unlisted.add(folder)
                listed = ", ".join(languages.all + (folder,))
                out.add(
                    root / folder,
                    1,
                    f"'{folder}/' looks like a folder of articles in "
                    f"{language_name(folder, 'en')}, but '{folder}' is not one of the "
                    f"site's languages ({', '.join(languages.all)})",
                    f"add it under the kbgen plugin in mkdocs.yml: 'languages: [{listed}]'; "
                    f"to keep a translation unpublished while you write it, name the "
                    f"folder '_{folder}'",
                )
            return True
        out.add(
            path,
            1,
            "articles must sit directly in a category folder, not deeper",
            f"move it to {shown}/{rel.parts[0]}/{rel.name}",
        )
        return True
    return False


def check_folder_name(folder: Path, out: Collector) -> None:
    """A topic folder's name is part of its pages' addresses."""
    if not SLUG_RE.match(folder.name):
        out.add(
            folder / "index.md",
            1,
            f"the folder name '{folder.name}' is not a valid address",
            f"rename the folder to '{suggest_slug(folder.name)}'",
        )
