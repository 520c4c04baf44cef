"""`<kb>/_most-asked.yml`: the redacted aggregate the site shows as "Most asked".

Only question labels (already redacted), matched article slugs and customer counts go in:
safe to commit. Ordered by distinct customers.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import yaml

from kbgen.mine.rank import Finding
from kbgen.mine.redact import redact_findings

TOP = 10
HEADER = """\
# Most asked questions, shown on the help site's home page.
# Written by `kbgen mine --publish` from redacted ticket groups: no personal data.
# Safe to commit. Edit the wording if you like; the next --publish run rewrites this file.
"""


def most_asked(findings: list[Finding], top: int = TOP) -> list[dict[str, object]]:
    """The top questions by distinct customers, redacted again (labels are already redacted:
    this is the second line of defence for a file meant to be committed)."""
    ranked = sorted(findings, key=lambda f: (-f.cluster.customers, -f.cluster.tickets))
    ranked = redact_findings(ranked[:top])
    return [
        {
            "question": f.cluster.label.rstrip("…").strip(),
            "article": f.cluster.article,
            "customers": f.cluster.customers,
        }
        for f in ranked[:top]
    ]


def write_most_asked(kb_dir: Path, findings: list[Finding], top: int = TOP) -> Path:
    path = kb_dir / "_most-asked.yml"
    kb_dir.mkdir(parents=True, exist_ok=True)
    data = {"generated": date.today().isoformat(), "questions": most_asked(findings, top)}
    body = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    path.write_text(HEADER + body, encoding="utf-8")
    return path
