"""`<kb>/_most-asked.yml`: the redacted aggregate the site shows as "Most asked".

Only question labels (already redacted), matched article slugs, customer counts, the
question's language and (when the site's events were mined) search counts go in: safe to
commit. Each language the site publishes gets the questions asked in it, beside its
articles. Ordered by distinct customers plus the searches for the question: each search is
someone asking it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from kbgen.content.languages import Languages
from kbgen.mine.rank import Finding
from kbgen.mine.redact import redact_findings

TOP = 10
HEADER = """\
# Most asked questions, shown on the help site's home page.
# Written by `kbgen mine --publish` from redacted ticket groups: no personal data.
# Safe to commit. Edit the wording if you like; the next --publish run rewrites this file.
"""


def most_asked(
    findings: list[Finding], top: int = TOP, searches: Mapping[int, Any] | None = None
) -> list[dict[str, object]]:
    """The top questions by distinct customers (plus searches for them, when given: group id
    -> an object with `.searches`), redacted again (labels are already redacted: this is the
    second line of defence for a file meant to be committed)."""
    searched = {k: int(getattr(v, "searches", 0)) for k, v in (searches or {}).items()}

    def asked(f: Finding) -> int:
        return f.cluster.customers + searched.get(f.cluster.id, 0)

    ranked = sorted(findings, key=lambda f: (-asked(f), -f.cluster.tickets))
    ranked = redact_findings(ranked[:top])
    out: list[dict[str, object]] = []
    for f in ranked[:top]:
        item: dict[str, object] = {
            "question": f.cluster.label.rstrip("…").strip(),
            "article": f.cluster.article,
            "customers": f.cluster.customers,
        }
        if f.cluster.lang:
            item["lang"] = f.cluster.lang
        if searches is not None:
            item["searches"] = searched.get(f.cluster.id, 0)
        out.append(item)
    return out


def write_most_asked(
    kb_dir: Path,
    findings: list[Finding],
    top: int = TOP,
    searches: Mapping[int, Any] | None = None,
    site: Languages | None = None,
) -> Path:
    """<kb>/_most-asked.yml with the questions asked in the site's language (and those whose
    language was not told); each other language the site publishes gets its own questions
    in <kb>/<lang>/_most-asked.yml, beside its articles. Returns the first file."""
    site = site or Languages()
    kb_dir.mkdir(parents=True, exist_ok=True)
    first = kb_dir / "_most-asked.yml"
    for lang in site.all:
        folder = kb_dir if lang == site.default else kb_dir / lang
        if lang != site.default and not folder.is_dir():
            continue  # no articles in that language yet
        ours = [f for f in findings if (f.cluster.lang or site.default) == lang]
        data = {
            "generated": date.today().isoformat(),
            "questions": most_asked(ours, top, searches or None),
        }
        body = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
        (folder / "_most-asked.yml").write_text(HEADER + body, encoding="utf-8")
    return first
