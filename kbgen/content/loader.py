"""Load the knowledge base from content/ and validate it, collecting every problem at once."""

from __future__ import annotations

import difflib
import re
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from kbgen.content import content_links, frontmatter
from kbgen.content import languages as languages_mod
from kbgen.content.languages import Languages, language_name, looks_like_language
from kbgen.content.model import (
    Category,
    Contact,
    ContentError,
    Entry,
    GlossaryTerm,
    KnowledgeBase,
    MostAsked,
    Problem,
    SiteData,
)
from kbgen.content.urls import WEB_OR_MAIL, icon_ok, url_problem

ARTICLE_KEYS = (
    "title",
    "summary",
    "symptoms",
    "tags",
    "related",
    "reviewed",
    "order",
    "featured",
    "check",
)
CATEGORY_KEYS = ("title", "description", "icon", "order")
# MkDocs and Material read these from front matter too; allowed so owners can use them.
PASSTHROUGH_KEYS = ("template", "hide", "search", "description", "status", "icon")
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

GLOSSARY_FILE = "_glossary.yml"
SYNONYMS_FILE = "_synonyms.yml"
CONTACT_FILE = "_contact.yml"
MOST_ASKED_FILE = "_most-asked.yml"


def is_hidden(rel: Path) -> bool:
    """Files and folders starting with `_` or `.` are data or drafts, never published pages."""
    return any(part.startswith(("_", ".")) for part in rel.parts)


def suggest_slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "article"


def humanise(slug: str) -> str:
    return slug.replace("-", " ").replace("_", " ").strip().capitalize()


class _Collector:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, path: Path, line: int, message: str, hint: str = "") -> None:
        self.problems.append(Problem(path, line, message, hint))


def _read_text(path: Path, out: _Collector) -> str | None:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        out.add(
            path,
            line,
            "the file is not UTF-8 text",
            "save it as UTF-8 (in most editors: Save As, Encoding: UTF-8)",
        )
        return None
    if not text.strip():
        out.add(
            path,
            1,
            "the file is empty",
            "add front matter with a title and a summary, or delete the file",
        )
        return None
    return text


def _unknown_keys(
    path: Path, fm: frontmatter.FrontMatter, allowed: tuple[str, ...], out: _Collector
) -> None:
    for key in fm.data:
        if key in allowed or key in PASSTHROUGH_KEYS:
            continue
        close = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}'?" if close else f"use one of: {', '.join(allowed)}"
        out.add(path, fm.key_lines.get(str(key), fm.start_line), f"unknown key '{key}'", hint)


def _text(
    path: Path, fm: frontmatter.FrontMatter, key: str, out: _Collector, *, required: bool
) -> str:
    value = fm.data.get(key)
    line = fm.key_lines.get(key, fm.start_line)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            example = {
                "title": "My password doesn't work",
                "summary": "Passwords are case-sensitive. Check Caps Lock.",
            }.get(key, "...")
            out.add(
                path,
                line,
                f"'{key}' is missing",
                f"add a line '{key}: {example}' to the front matter",
            )
        return ""
    if not isinstance(value, str | int | float):
        out.add(path, line, f"'{key}' must be a line of text", f"write it as '{key}: some text'")
        return ""
    return str(value).strip()


def _text_list(
    path: Path, fm: frontmatter.FrontMatter, key: str, out: _Collector
) -> tuple[str, ...]:
    value = fm.data.get(key)
    if value is None:
        return ()
    line = fm.key_lines.get(key, fm.start_line)
    if isinstance(value, str):  # "tags: login, password" is a common slip; accept it
        return tuple(v.strip() for v in value.split(",") if v.strip())
    if not isinstance(value, list):
        out.add(
            path,
            line,
            f"'{key}' must be a list",
            f"write it as '{key}: [first, second]' or one '- item' per line",
        )
        return ()
    items = []
    for i, item in enumerate(value):
        if isinstance(item, str | int | float) and str(item).strip():
            items.append(str(item).strip())
        else:
            out.add(
                path,
                fm.key_lines.get(f"{key}[{i}]", line),
                f"item {i + 1} of '{key}' is not text",
                "write each item as plain text after '- '",
            )
    return tuple(items)


def _date(path: Path, fm: frontmatter.FrontMatter, out: _Collector) -> date | None:
    value = fm.data.get("reviewed")
    if value is None:
        return None
    line = fm.key_lines.get("reviewed", fm.start_line)
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value.strip())
        except ValueError:
            pass
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        if value > date.today():
            out.add(
                path,
                line,
                f"'reviewed' is in the future ({value.isoformat()})",
                "use the date you last checked the article, such as 2026-10-01",
            )
        return value
    out.add(
        path,
        line,
        f"'reviewed' is not a valid date: {value!r}",
        "write it as YYYY-MM-DD, such as 'reviewed: 2026-10-01'",
    )
    return None


def _int(path: Path, fm: frontmatter.FrontMatter, key: str, out: _Collector) -> int | None:
    value = fm.data.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        out.add(
            path,
            fm.key_lines.get(key, fm.start_line),
            f"'{key}' must be a whole number",
            f"write it as '{key}: 1'",
        )
        return None
    return value


def _bool(path: Path, fm: frontmatter.FrontMatter, key: str, out: _Collector) -> bool:
    value = fm.data.get(key, False)
    if not isinstance(value, bool):
        out.add(
            path,
            fm.key_lines.get(key, fm.start_line),
            f"'{key}' must be true or false",
            f"write '{key}: true' or remove the line",
        )
        return False
    return value


def load_article(path: Path, root: Path, out: _Collector, lang: str = "en") -> Entry | None:
    text = _read_text(path, out)
    if text is None:
        return None
    fm = frontmatter.split(text)
    for line, message, hint in fm.errors:
        out.add(path, line, message, hint)
    if fm.errors:
        return None
    _unknown_keys(path, fm, ARTICLE_KEYS, out)
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
        title=_text(path, fm, "title", out, required=True),
        summary=_text(path, fm, "summary", out, required=True),
        body=fm.body,
        path=path,
        src_uri=path.relative_to(root).as_posix(),
        symptoms=_text_list(path, fm, "symptoms", out),
        tags=_text_list(path, fm, "tags", out),
        related=_text_list(path, fm, "related", out),
        reviewed=_date(path, fm, out),
        order=_int(path, fm, "order", out),
        featured=_bool(path, fm, "featured", out),
        body_line=fm.body_line,
        key_lines=fm.key_lines,
        lang=lang,
    )


def load_category(
    folder: Path, entries: list[Entry], out: _Collector, original: Category | None = None
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
    if index.is_file():
        text = _read_text(index, out)
        if text is not None:
            fm = frontmatter.split(text)
            for line, message, hint in fm.errors:
                out.add(index, line, message, hint)
            if not fm.errors:
                _unknown_keys(index, fm, CATEGORY_KEYS, out)
                title = _text(index, fm, "title", out, required=False) or title
                description = _text(index, fm, "description", out, required=False) or description
                icon = _text(index, fm, "icon", out, required=False) or icon
                if icon and not icon_ok(icon):
                    out.add(
                        index,
                        fm.key_lines.get("icon", fm.start_line),
                        f"'{icon}' is not an icon name",
                        "write a Material icon such as 'icon: material/key-variant', "
                        "or a single emoji",
                    )
                    icon = ""
                order = _int(index, fm, "order", out) if "order" in fm.data else order
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


def _load_yaml_file(path: Path, out: _Collector) -> tuple[Any, dict[str, int]]:
    text = _read_text(path, out)
    if text is None:
        return None, {}
    data, lines, errors = frontmatter.parse_yaml(text, offset=0)
    for line, message, hint in errors:
        out.add(path, line, message, hint)
    return data, lines


def load_site_data(root: Path, out: _Collector) -> SiteData:
    glossary: list[GlossaryTerm] = []
    path = root / GLOSSARY_FILE
    if path.is_file():
        data, _ = _load_yaml_file(path, out)
        terms = data.get("terms", []) if isinstance(data, dict) else None
        if data is not None and not isinstance(terms, list):
            out.add(
                path,
                1,
                "the glossary needs a 'terms:' list",
                "write 'terms:' then '- term: ...' and 'explanation: ...' for each word",
            )
        for item in terms or []:
            if not isinstance(item, dict) or not item.get("term") or not item.get("explanation"):
                out.add(
                    path,
                    _find_line(path, item),
                    "a glossary entry needs 'term' and 'explanation'",
                    "write '- term: cookie' and '  explanation: a small file a website saves'",
                )
                continue
            aliases = item.get("aliases") or []
            glossary.append(
                GlossaryTerm(
                    str(item["term"]).strip(),
                    str(item["explanation"]).strip(),
                    tuple(str(a).strip() for a in aliases),
                )
            )
    synonyms: dict[str, tuple[str, ...]] = {}
    path = root / SYNONYMS_FILE
    if path.is_file():
        data, lines = _load_yaml_file(path, out)
        if data is not None and not isinstance(data, dict):
            out.add(
                path,
                1,
                "synonyms must be 'customer word: word the articles use' lines",
                "write one per line, such as 'pwd: password'",
            )
        for word, meaning in (data or {}).items() if isinstance(data, dict) else ():
            values = meaning if isinstance(meaning, list) else [meaning]
            if not all(isinstance(v, str) and v.strip() for v in values):
                out.add(
                    path,
                    lines.get(str(word), 1),
                    f"the synonym for '{word}' is not text",
                    f"write it as '{word}: password' or '{word}: [one, two]'",
                )
                continue
            synonyms[str(word).lower().strip()] = tuple(v.lower().strip() for v in values)
    contact = Contact()
    path = root / CONTACT_FILE
    if path.is_file():
        data, lines = _load_yaml_file(path, out)
        if isinstance(data, dict):
            unknown = [k for k in data if k not in ("name", "email", "form_url", "reply_time")]
            for key in unknown:
                out.add(
                    path,
                    lines.get(str(key), 1),
                    f"unknown key '{key}'",
                    "use name, email, form_url and reply_time",
                )
            contact = Contact(
                **{
                    k: str(data.get(k) or "").strip()
                    for k in ("name", "email", "form_url", "reply_time")
                }
            )
            if contact.email and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", contact.email):
                out.add(
                    path,
                    lines.get("email", 1),
                    f"'{contact.email}' is not an email address",
                    "write it as 'email: help@yourshop.com'",
                )
            problem = contact.form_url and url_problem(contact.form_url, WEB_OR_MAIL)
            if problem:
                out.add(
                    path,
                    lines.get("form_url", 1),
                    problem,
                    "write the full address of your form, such as "
                    "'form_url: https://yourshop.com/contact'",
                )
                contact = replace(contact, form_url="")
        elif data is not None:
            out.add(
                path,
                1,
                "contact details must be 'key: value' lines",
                "write 'email: help@yourshop.com' and 'reply_time: within one working day'",
            )
    most_asked: list[MostAsked] = []
    path = root / MOST_ASKED_FILE
    if path.is_file():
        data, _ = _load_yaml_file(path, out)
        questions = data.get("questions", []) if isinstance(data, dict) else []
        for item in questions or []:
            if isinstance(item, dict) and item.get("question"):
                most_asked.append(
                    MostAsked(
                        str(item["question"]),
                        item.get("article") or None,
                        int(item.get("customers") or 0),
                    )
                )
    return SiteData(tuple(glossary), synonyms, contact, tuple(most_asked))


def _find_line(path: Path, item: Any) -> int:
    """Best-effort line of a YAML list item, by looking for its first value in the file."""
    if isinstance(item, dict) and item:
        needle = str(next(iter(item.values())))
        for number, line in enumerate(path.read_text("utf-8", "replace").splitlines(), 1):
            if needle in line:
                return number
    return 1


def collect_kb(
    root: Path, languages: Languages | None = None
) -> tuple[KnowledgeBase, list[Problem]]:
    """Load everything under `root`, returning the knowledge base and every problem found.

    `languages` says which folders hold translations (default: read from the mkdocs.yml whose
    docs_dir is `root`, see kbgen/content/languages.py). The knowledge base returned is the default
    language's; each translation is in its `translations`."""
    root = Path(root)
    languages = languages or languages_mod.for_content(root)
    out = _Collector()
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
    out: _Collector,
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
        if len(rel.parts) == 1:
            if rel.name != "index.md":
                out.add(
                    path,
                    1,
                    "articles must sit in a category folder",
                    f"move it to a folder such as {_shown(root, original)}/getting-help/{rel.name}",
                )
            else:
                out.add(
                    path,
                    1,
                    "kbgen makes the home page itself",
                    f"delete {_shown(root, original)}/index.md; set the site's name in mkdocs.yml "
                    "(site_name)",
                )
            continue
        if len(rel.parts) > 2:
            folder = rel.parts[0]
            if original is None and looks_like_language(folder):
                if folder not in unlisted and folder == languages.default:
                    unlisted.add(folder)
                    out.add(
                        root / folder,
                        1,
                        f"'{folder}/' is a folder for the site's default language "
                        f"({language_name(folder, 'en')}), whose articles sit at the root of "
                        f"{_shown(root, original)}/",
                        f"move the topic folders in {_shown(root, original)}/{folder}/ up into "
                        f"{_shown(root, original)}/ (the default language's pages are the "
                        "site's root pages)",
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
                continue
            out.add(
                path,
                1,
                "articles must sit directly in a category folder, not deeper",
                f"move it to {_shown(root, original)}/{rel.parts[0]}/{rel.name}",
            )
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
        if not SLUG_RE.match(folder.name):
            out.add(
                folder / "index.md",
                1,
                f"the folder name '{folder.name}' is not a valid address",
                f"rename the folder to '{suggest_slug(folder.name)}'",
            )
    categories.sort(key=lambda c: (c.order if c.order is not None else 10**6, c.title.lower()))
    site = load_site_data(root, out)
    if original is not None:
        site = _with_fallbacks(site, original.site)
    kb = KnowledgeBase(root, tuple(categories), site, lang=lang)
    _check_links_between(kb, out, original)
    if original is not None:
        _check_originals(kb, original, out)
    return kb


def _shown(root: Path, original: KnowledgeBase | None) -> str:
    """content, or content/de for a translation's folder, as messages name them."""
    return f"{original.root.name}/{root.name}" if original is not None else root.name


def _with_fallbacks(site: SiteData, original: SiteData) -> SiteData:
    """A translation's site data: its own files, contact details it leaves out taken from the
    default language's (there is one inbox). Glossary, synonyms and most asked are words of
    one language and never borrowed from another."""
    contact = replace(
        site.contact,
        **{
            name: getattr(original.contact, name)
            for name in ("name", "email", "form_url", "reply_time")
            if not getattr(site.contact, name)
        },
    )
    return replace(site, contact=contact)


def _check_originals(kb: KnowledgeBase, original: KnowledgeBase, out: _Collector) -> None:
    """Every translation has its original in the default language, at the same path: a file
    name that differs is almost always a slip, and would leave both languages' pages without
    their switcher link."""
    keys = [e.key for e in original.entries]
    for entry in kb.entries:
        if original.by_key(entry.key) is not None:
            continue
        close = difflib.get_close_matches(entry.key, keys, n=1, cutoff=0.6)
        hint = (
            f"did you mean {_shown(kb.root, original)}/{close[0]}.md? A translation has the "
            "same folder and file name as its original"
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


def _check_links_between(
    kb: KnowledgeBase, out: _Collector, original: KnowledgeBase | None = None
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


def load_kb(root: Path, languages: Languages | None = None) -> KnowledgeBase:
    """Load the knowledge base, raising ContentError listing every error found."""
    kb, problems = collect_kb(root, languages)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise ContentError(errors)
    return kb
