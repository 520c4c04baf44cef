"""Draft articles for the top gaps, in `<kb>/_drafts/` (never published: the site skips `_`).

Each draft's symptoms are the customers' own phrasings (redacted, deduplicated), so the
article is findable from day one; the answer itself is left as TODOs for the owner.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from datetime import date
from pathlib import Path

from kbgen.content.languages import Languages
from kbgen.mine.featurize import DOMAIN_STOP_WORDS, normalise
from kbgen.mine.match import GAP
from kbgen.mine.rank import Finding
from kbgen.mine.redact import redact_findings
from kbgen.mine.report import environment, language_name

MAX_SYMPTOMS = 8
_GERMAN = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
# Placeholders the redactor leaves: a phrasing that had personal data in it reads badly.
_PLACEHOLDER = re.compile(r"\[[a-z_ -]{2,20}\]")
_WORD = re.compile(r"[a-z]{3,}")
_COMMON = (
    frozenset(
        "the and for you your with have has had but not this that what when where why how can "
        "cant could would will just get got dont does did was were are its into from there they "
        "them then than been being any all our out now still".split()
    )
    | DOMAIN_STOP_WORDS
)


def slug_for(label: str, taken: set[str]) -> str:
    # Letters of other languages spelt in ASCII: "Können" -> "koennen", "Grüße" -> "gruesse".
    label = label.lower().translate(_GERMAN)
    label = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", label)[:8]
    base = "-".join(words)[:60].strip("-") or "question"
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug


def symptoms_for(f: Finding) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    for phrasing in f.phrasings:
        text = phrasing.rstrip("…").strip().rstrip(".!")
        if not text or _PLACEHOLDER.search(text) or len(text) > 120:
            continue
        key = normalise(text)
        if key and key not in seen:
            seen.add(key)
            out.append(text[:1].lower() + text[1:] if not text[:2].isupper() else text)
        if len(out) == MAX_SYMPTOMS:
            break
    return out


def tags_for(f: Finding, n: int = 3) -> list[str]:
    words = Counter(
        w for p in f.phrasings for w in set(_WORD.findall(p.lower())) if w not in _COMMON
    )
    return [w for w, _ in words.most_common(n)]


def folder_for(kb_dir: Path, lang: str, site: Languages) -> Path:
    """Where a draft in `lang` goes: where an article in that language would go. The site's
    own language drafts in <kb>/_drafts/, each other language the site publishes in
    <kb>/<lang>/_drafts/; a language the site does not publish in <kb>/_drafts/<lang>/."""
    if not lang or lang == site.default:
        return kb_dir / "_drafts"
    if lang in site.others:
        return kb_dir / lang / "_drafts"
    return kb_dir / "_drafts" / lang


def write_drafts(
    kb_dir: Path, findings: list[Finding], top: int = 5, site: Languages | None = None
) -> list[Path]:
    """Write a draft for each of the `top` gaps (most customers first), each in the folder
    of its language (see folder_for); returns the paths."""
    site = site or Languages()
    # Redacted again before anything (text or file name) is made from them.
    gaps = redact_findings([f for f in findings if f.cluster.status == GAP][:top])
    if not gaps:
        return []
    template = environment().get_template("draft.md.j2")
    written = []
    for f in gaps:
        folder = folder_for(kb_dir, f.cluster.lang, site)
        folder.mkdir(parents=True, exist_ok=True)
        taken = {p.stem for p in folder.glob("*.md")}
        title = f.cluster.label.rstrip("…").strip()
        # Re-running mine rewrites the same draft rather than piling up copies.
        slug = slug_for(title, set())
        path = folder / f"{slug}.md"
        if path.exists() and "kbgen mine --drafts" not in path.read_text(encoding="utf-8"):
            slug = slug_for(title, taken)  # the owner's own file of that name: keep it
            path = folder / f"{slug}.md"
        text = template.render(
            title=title,
            slug=slug,
            symptoms=symptoms_for(f) or [title.lower()],
            tags=tags_for(f),
            today=date.today().isoformat(),
            customers=f.cluster.customers,
            tickets=f.cluster.tickets,
            suggested_category=None,
            # Where its article goes: the language's folder (content/de/ for German).
            folder="/".join(
                [
                    kb_dir.name,
                    *([f.cluster.lang] if f.cluster.lang not in ("", site.default) else []),
                ]
            ),
            language=language_name(f.cluster.lang) if f.cluster.lang else None,
            answered_in=language_name(f.cluster.answered_in) if f.cluster.answered_in else None,
            answered_by=f.cluster.answered_by,
            maybe_answered_by=f.cluster.maybe_answered_by,
        )
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
