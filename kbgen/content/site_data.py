"""The site-wide YAML files under content/ (each language folder has its own): the glossary,
customers' synonyms, the contact details and the mined "Most asked" list."""

from __future__ import annotations

import re
from dataclasses import fields, replace
from pathlib import Path
from typing import Any

from kbgen.content.model import Contact, GlossaryTerm, MostAsked, SiteData
from kbgen.content.source_files import Collector, load_yaml_file
from kbgen.content.urls import WEB_OR_MAIL, url_problem

GLOSSARY_FILE = "_glossary.yml"
SYNONYMS_FILE = "_synonyms.yml"
CONTACT_FILE = "_contact.yml"
MOST_ASKED_FILE = "_most-asked.yml"

CONTACT_KEYS = tuple(f.name for f in fields(Contact))  # name, email, form_url, reply_time


def load_site_data(root: Path, out: Collector) -> SiteData:
    return SiteData(
        load_glossary(root / GLOSSARY_FILE, out),
        load_synonyms(root / SYNONYMS_FILE, out),
        load_contact(root / CONTACT_FILE, out),
        load_most_asked(root / MOST_ASKED_FILE, out),
    )


def load_glossary(path: Path, out: Collector) -> tuple[GlossaryTerm, ...]:
    if not path.is_file():
        return ()
    glossary: list[GlossaryTerm] = []
    data, _ = load_yaml_file(path, out)
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
    return tuple(glossary)


def _find_line(path: Path, item: Any) -> int:
    """Best-effort line of a YAML list item, by looking for its first value in the file."""
    if isinstance(item, dict) and item:
        needle = str(next(iter(item.values())))
        for number, line in enumerate(path.read_text("utf-8", "replace").splitlines(), 1):
            if needle in line:
                return number
    return 1


def load_synonyms(path: Path, out: Collector) -> dict[str, tuple[str, ...]]:
    """Customer word -> the words the articles use for it."""
    synonyms: dict[str, tuple[str, ...]] = {}
    if not path.is_file():
        return synonyms
    data, lines = load_yaml_file(path, out)
    if data is not None and not isinstance(data, dict):
        out.add(
            path,
            1,
            "synonyms must be 'customer word: word the articles use' lines",
            "write one per line, such as 'pwd: password'",
        )
    for word, meaning in data.items() if isinstance(data, dict) else ():
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
    return synonyms


def load_contact(path: Path, out: Collector) -> Contact:
    if not path.is_file():
        return Contact()
    data, lines = load_yaml_file(path, out)
    if not isinstance(data, dict):
        if data is not None:
            out.add(
                path,
                1,
                "contact details must be 'key: value' lines",
                "write 'email: help@yourshop.com' and 'reply_time: within one working day'",
            )
        return Contact()
    for key in (k for k in data if k not in CONTACT_KEYS):
        out.add(
            path,
            lines.get(str(key), 1),
            f"unknown key '{key}'",
            "use name, email, form_url and reply_time",
        )
    contact = Contact(**{k: str(data.get(k) or "").strip() for k in CONTACT_KEYS})
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
            "write the full address of your form, such as 'form_url: https://yourshop.com/contact'",
        )
        contact = replace(contact, form_url="")
    return contact


def load_most_asked(path: Path, out: Collector) -> tuple[MostAsked, ...]:
    """Written by `kbgen mine --publish`; read leniently (a line it cannot use is left out)."""
    if not path.is_file():
        return ()
    most_asked: list[MostAsked] = []
    data, _ = load_yaml_file(path, out)
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
    return tuple(most_asked)


def with_fallbacks(site: SiteData, original: SiteData) -> SiteData:
    """A translation's site data: its own files, contact details it leaves out taken from the
    default language's (there is one inbox). Glossary, synonyms and most asked are words of
    one language and never borrowed from another."""
    contact = replace(
        site.contact,
        **{
            name: getattr(original.contact, name)
            for name in CONTACT_KEYS
            if not getattr(site.contact, name)
        },
    )
    return replace(site, contact=contact)
