"""Create a new knowledge base (`kbgen init`) or a new article (`kbgen new`) from templates."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from pathlib import Path

import jinja2

from kbgen import paths, templates
from kbgen.content.languages import for_content
from kbgen.content.layout import humanise
from kbgen.i18n.catalog import load_catalog
from kbgen.site import install_source

# The address `kbgen init` writes when it is given none; `kbgen check` reports it until the
# owner puts their own in (rule `placeholder`).
EXAMPLE_EMAIL = "help@example.com"


class ScaffoldError(Exception):
    """The files could not be written; the message says why and what to do."""


def _env() -> jinja2.Environment:
    return templates.environment("scaffold", strict=True)


def slugify(title: str) -> str:
    """ "My password doesn't work!" -> "my-password-doesnt-work"."""
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    ascii_text = re.sub(r"['’]", "", ascii_text.lower())
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


def _target_name(rel: Path) -> Path:
    # Dot-files are stored without the dot so every packaging tool carries them.
    parts = [("." + p[len("dot-") :]) if p.startswith("dot-") else p for p in rel.parts]
    name = parts[-1]
    parts[-1] = name[: -len(".j2")] if name.endswith(".j2") else name
    return Path(*parts)


def init_project(
    target: Path,
    *,
    site_name: str = "Help Centre",
    email: str = EXAMPLE_EMAIL,
    install_command: str | None = None,
    force: bool = False,
) -> list[Path]:
    """Write a knowledge base that builds straight away. Returns the files written."""
    root = paths.themes_dir() / "scaffold" / "project"
    files = [p for p in sorted(root.rglob("*")) if p.is_file()]
    planned = {p: target / _target_name(p.relative_to(root)) for p in files}
    existing = [dest for dest in planned.values() if dest.exists()]
    if existing and not force:
        shown = ", ".join(str(p) for p in existing[:3])
        raise ScaffoldError(
            f"{target} already has a knowledge base ({shown}) — pick an empty "
            "folder, or add --force to overwrite these files"
        )
    env = _env()
    values = {
        "site_name": site_name,
        "email": email,
        "install_command": install_command or install_source.current().command,
        "today": date.today().isoformat(),
    }
    for source, dest in planned.items():
        template = env.get_template(source.relative_to(root.parent).as_posix())
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_text(template.render(**values), encoding="utf-8")
    return list(planned.values())


def new_article(
    content_dir: Path,
    title: str,
    category: str,
    slug: str | None = None,
    language: str | None = None,
) -> Path:
    """Write content/<category>/<slug>.md from the article template; never overwrite.

    `language`, another of the site's languages, puts it in content/<language>/<category>/
    with the template's section headings in that language."""
    if not content_dir.is_dir():
        raise ScaffoldError(
            f"{content_dir}: no content folder here — run this in your knowledge "
            "base folder, or pass --kb"
        )
    if "/" in category or "\\" in category:
        raise ScaffoldError(
            f"'{category}': a category is one folder name, such as 'downloads'; for an article "
            "in another of your site's languages, add --lang (--lang de)"
        )
    languages = for_content(content_dir)
    language = language or languages.default
    if language not in languages.all:
        raise ScaffoldError(
            f"'{language}' is not one of your site's languages ({', '.join(languages.all)}): "
            "list it under the kbgen plugin's `languages:` in mkdocs.yml first"
        )
    category_slug = slugify(category)
    slug = slug or slugify(title)
    if not category_slug or not slug:
        raise ScaffoldError("the title and category need at least one letter or digit")
    folder = languages.folder(content_dir, language) / category_slug
    path = folder / f"{slug}.md"
    if path.exists():
        raise ScaffoldError(f"{path} already exists — choose another title or pass --slug")
    if language != languages.default:
        _need_original(content_dir, folder, category_slug, slug)
    env = _env()
    folder.mkdir(parents=True, exist_ok=True)
    index = folder / "index.md"
    if not index.exists():
        index.write_text(
            env.get_template("category-index.md.j2").render(
                title=humanise(category_slug) if category == category_slug else category,
                description="",
                icon="material/help-circle-outline",
            ),
            encoding="utf-8",
        )
    strings, _ = load_catalog(language, content_dir)
    headings = {key: strings.t(f"article.{key}") for key in ("quick_fix", "step_by_step", "why")}
    path.write_text(
        env.get_template("article.md.j2").render(
            title=title, today=date.today().isoformat(), **headings
        ),
        encoding="utf-8",
    )
    return path


def _need_original(content_dir: Path, folder: Path, category: str, slug: str) -> None:
    """A translation has its original's topic folder and file name (`kbgen check` says so
    too): refuse one without, naming the originals still to translate."""
    original = content_dir / category / f"{slug}.md"
    if original.is_file():
        return
    untranslated = sorted(
        p.stem
        for p in (content_dir / category).glob("*.md")
        if p.stem != "index" and not (folder / p.name).exists()
    )
    hint = (
        f"pass --slug with the original's file name; not yet translated in {category}/: "
        + ", ".join(untranslated)
        if untranslated
        else f"write the original in your main language first (kbgen new ... -c {category})"
    )
    raise ScaffoldError(
        f"{original} does not exist: a translation has its original's topic folder and file "
        f"name — {hint}"
    )
