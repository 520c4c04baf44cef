"""Write the mining results: report.html, report.md, clusters.json and assignments.csv.

The HTML report is one self-contained page (inline CSS and SVG, no scripts or fonts from
anywhere) so the owner can open it from disk or mail it. Pages are made from the Jinja
templates in themes/mine/. It leads with what to do: the questions with no article (most
customers first, each with its draft when --drafts wrote one), then the articles customers
don't find (with the phrasings to add), then what is covered; TOP of each, the rest behind
"show all". Ticket text is escaped in every page (autoescape): tickets are hostile.
"""

from __future__ import annotations

import csv
import dataclasses
import json
import os
from collections import Counter
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from jinja2 import Environment

from kbgen import templates
from kbgen.mine.embed import MODEL_NAME
from kbgen.mine.entities import decode_entities
from kbgen.mine.match import COVERED, GAP, UNFINDABLE, load_articles
from kbgen.mine.rank import TREND_WEEKS, Finding, Weekly
from kbgen.mine.redact import redact, redact_findings
from kbgen.mine.site_report import question_searches, site_record

if TYPE_CHECKING:
    from kbgen.mine.run_model import MineOptions, MineResult

TOP = 10  # questions shown per section before "show all"

STATUS_TEXT = {
    COVERED: "Covered",
    UNFINDABLE: "Not findable",
    GAP: "No article",
}
STATUS_HELP = {
    COVERED: "An article answers this and the site search finds it from customers' words.",
    UNFINDABLE: "An article answers this, but customers' own words don't find it: add these "
    "phrasings to its symptoms (or to synonyms).",
    GAP: "No article answers this yet: write one (kbgen mine --drafts starts it for you).",
}


def environment() -> Environment:
    env = templates.environment("mine", trim_blocks=True)
    env.filters["day"] = lambda d: d.strftime("%d %b %Y") if d else "—"
    env.filters["thousands"] = lambda n: f"{n:,}"
    env.filters["percent"] = lambda x: f"{100 * x:.0f}%"
    # Markdown viewers render raw HTML: ticket text goes into report.md with <, > and & escaped.
    env.filters["md"] = lambda text: (
        str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    )
    return env


def sparkline(series: Sequence[int], width: int = 120, height: int = 28) -> str:
    """SVG polyline points for a weekly series, scaled to the box."""
    if not series:
        return ""
    top = max(max(series), 1)
    step = width / max(len(series) - 1, 1)
    return " ".join(
        f"{i * step:.1f},{height - 2 - (v / top) * (height - 4):.1f}" for i, v in enumerate(series)
    )


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _unique(texts: Sequence[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(texts))


def _decoded(f: Finding) -> Finding:
    """The finding with character references decoded (and phrasings that were the same but
    for them listed once)."""
    c = f.cluster
    cluster = dataclasses.replace(
        c, label=decode_entities(c.label), examples=tuple(map(decode_entities, c.examples))
    )
    return dataclasses.replace(
        f,
        cluster=cluster,
        phrasings=_unique([decode_entities(p) for p in f.phrasings]),
        failed_phrasings=_unique([decode_entities(p) for p in f.failed_phrasings]),
    )


def trend_text(f: Finding) -> str:
    if f.trend == "new":
        return f"new in the last {TREND_WEEKS} weeks"
    if f.trend == "flat" or f.trend_percent is None:
        return "steady"
    weeks = TREND_WEEKS
    return f"{f.trend} {f.trend_percent:+d}% (a day, last {weeks} weeks vs the {weeks} before)"


def not_questions(summary: dict[str, Any]) -> tuple[int | None, list[tuple[str, int]]]:
    """The "not a question" count (thanks, auto-replies, bare links...) and its breakdown,
    when the pipeline gives one: an int, or a mapping of kind to count."""
    value = summary.get("not_questions")
    if value is None:
        return None, []
    if isinstance(value, dict):
        kinds = value.get("by_kind", value)
        parts = [(str(k), int(v)) for k, v in kinds.items() if isinstance(v, int) and k != "total"]
        parts.sort(key=lambda kv: -kv[1])
        total = value.get("total")
        return (int(total) if isinstance(total, int) else sum(v for _, v in parts)), parts
    breakdown = summary.get("not_questions_by_kind") or {}
    parts = sorted(((str(k), int(v)) for k, v in breakdown.items()), key=lambda kv: -kv[1])
    return int(value), parts


def weekly_chart(weekly: Weekly | None) -> list[dict[str, Any]]:
    if weekly is None or not weekly.counts:
        return []
    top = max(max(weekly.counts), 1)
    last = len(weekly.counts) - 1
    return [
        {
            "name": name,
            "count": count,
            "height": round(100 * count / top, 1),
            "partial": i == last and not weekly.last_complete,
        }
        for i, (name, count) in enumerate(zip(weekly.names, weekly.counts, strict=True))
    ]


def language_name(code: str) -> str:
    """ "de" -> "German": the report speaks English, so languages are named in English."""
    if not code:
        return "unknown"
    try:
        from babel import Locale

        return Locale.parse(code.replace("-", "_")).get_display_name("en") or code
    except (ValueError, TypeError, LookupError):
        return code


def cluster_record(f: Finding, kb_titles: dict[str, str]) -> dict[str, Any]:
    c = f.cluster
    return {
        "id": c.id,
        "lang": c.lang,
        "label": c.label,
        "tickets": c.tickets,
        "customers": c.customers,
        "first_seen": _iso(c.first_seen),
        "last_seen": _iso(c.last_seen),
        "weekly": c.weekly,
        "examples": list(c.examples),
        "article": c.article,
        "article_title": kb_titles.get(c.article) if c.article else None,
        "match_score": c.match_score,
        "status": c.status,
        # A gap in its language that an article in the site's language answers.
        "answered_in": c.answered_in or None,
        "answered_by": c.answered_by,
        # A gap an article may answer after all: check it before writing a new one.
        "maybe_answered_by": c.maybe_answered_by,
        "maybe_answered_by_title": kb_titles.get(c.maybe_answered_by)
        if c.maybe_answered_by
        else None,
        "trend": {"recent_4_weeks": f.recent, "previous_4_weeks": f.previous, "direction": f.trend},
        "phrasings": list(f.phrasings[:8]),
        "failed_phrasings": list(f.failed_phrasings),
    }


def summary_record(result: MineResult, options: MineOptions, groups: int) -> dict[str, Any]:
    s = dict(result.summary)
    s.update(
        {
            "generated": datetime.now().replace(microsecond=0).isoformat(),
            "read": result.read,
            "new": result.new,
            "already_stored": result.existing,
            "rejected": result.rejected,
            "team_replies": result.team_replies,
            "follow_ups": result.follow_ups,
            "groups": groups,
            "articles": result.articles,
            "since": options.since.date().isoformat() if options.since else None,
            "exports": [p.name for p in options.exports],
            "site_language": result.site_language,
            "languages": languages_record(result),
            "grouped_by": grouped_by(result),
        }
    )
    return s


FEATURES_TEXT = {
    "semantic": f"meaning (sentence embeddings, {MODEL_NAME})",
    "words": "shared words (word features)",
}


def grouped_by(result: MineResult) -> dict[str, Any]:
    """What grouped the tickets: per language "semantic" or "words", and one line saying it
    ("Grouped by meaning (sentence embeddings, all-MiniLM-L6-v2)")."""
    used = {
        r.lang: r.grouping.features
        for r in (result.grouped.languages if result.grouped else [])
        if r.grouping is not None
    }
    kinds = sorted(set(used.values()))
    if not kinds:
        text = ""
    elif len(kinds) == 1:
        text = f"Tickets grouped by {FEATURES_TEXT[kinds[0]]}."
    else:
        parts = [
            f"{language_name(lang)} by {FEATURES_TEXT[kind]}"
            for lang, kind in sorted(used.items(), key=lambda lk: (lk[1] != "semantic", lk[0]))
        ]
        text = "Tickets grouped: " + "; ".join(parts) + "."
    return {
        "features": kinds[0] if len(kinds) == 1 else "mixed" if kinds else None,
        "by_language": used,
        "text": text,
    }


def languages_record(result: MineResult) -> list[dict[str, Any]]:
    """Per language, most tickets first: its tickets, questions, groups and their coverage;
    a language with too few tickets to group shows what they ask (redacted again)."""
    if result.grouped is None:
        return []
    out = []
    for lang in result.grouped.languages:
        # The matched findings (the grouping's own are from before matching).
        ours = [f for f in result.findings if f.cluster.lang == lang.lang]
        status = Counter(f.cluster.status for f in ours)
        out.append(
            {
                "lang": lang.lang,
                "name": language_name(lang.lang),
                "tickets": lang.tickets,
                "questions": lang.questions,
                "groups": len(ours),
                "covered": status[COVERED],
                "unfindable": status[UNFINDABLE],
                "gaps": status[GAP],
                "answered_elsewhere": sum(1 for f in ours if f.cluster.answered_in),
                "too_few_to_group": lang.too_few,
                "features": lang.grouping.features if lang.grouping is not None else None,
                "examples": [redact(e) for e in lang.examples],
            }
        )
    return out


def write_all(
    out: Path,
    findings: list[Finding],
    result: MineResult,
    keys: np.ndarray,
    labels: np.ndarray,
    outside_window: Sequence[str],
    options: MineOptions,
) -> dict[str, Path]:
    findings = [_decoded(f) for f in findings]  # before redacting: "&#64;" is an "@"
    findings = redact_findings(findings)  # the second line of defence: redacted again
    titles = _article_titles(options.kb)
    summary = summary_record(result, options, len(findings))
    records = [cluster_record(f, titles) for f in findings]
    site = site_record(result.site)
    for record in records:
        record["site_searches"] = question_searches(result.site, record["id"])
    files = {
        "assignments": out / "assignments.csv",
        "clusters": out / "clusters.json",
        "markdown": out / "report.md",
        "html": out / "report.html",
    }
    write_assignments(files["assignments"], keys, labels, outside_window)
    files["clusters"].write_text(
        json.dumps(
            {"summary": summary, "clusters": records, "site": site}, indent=2, ensure_ascii=False
        )
        + "\n",
        encoding="utf-8",
    )
    drafts = _draft_links(out, findings, result.drafts)
    context = _context(findings, records, summary, drafts, result.weekly)
    context["languages"] = summary["languages"]
    context["several_languages"] = len(summary["languages"]) > 1
    context["site_language_name"] = language_name(result.site_language)
    context["site"] = site
    env = environment()
    for name, template in (("markdown", "report.md.j2"), ("html", "report.html.j2")):
        files[name].write_text(env.get_template(template).render(**context), encoding="utf-8")
    return files


def write_assignments(
    path: Path, keys: np.ndarray, labels: np.ndarray, outside_window: Sequence[str] = ()
) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["ticket_id", "cluster_id"])
        writer.writerows(zip(keys.tolist(), labels.tolist(), strict=True))
        writer.writerows((k, -1) for k in outside_window)


def _article_titles(kb_dir: Path) -> dict[str, str]:
    kb = load_articles(kb_dir)
    return {e.slug: e.title for e in kb.entries} if kb else {}


def _draft_links(out: Path, findings: list[Finding], drafts: Sequence[Path]) -> dict[int, dict]:
    """Group id → its draft, as a link relative to the report. write_drafts drafts the first
    gaps in ranking order, one file each, so the n-th draft is the n-th gap's."""
    gaps = [f for f in findings if f.cluster.status == GAP]
    links = {}
    for f, path in zip(gaps, drafts, strict=False):
        href = Path(os.path.relpath(path.resolve(), out.resolve())).as_posix()
        links[f.cluster.id] = {"href": href, "name": path.name}
    return links


def _context(
    findings: list[Finding],
    records: list[dict[str, Any]],
    summary: dict[str, Any],
    drafts: dict[int, dict] | None = None,
    weekly: Weekly | None = None,
) -> dict[str, Any]:
    total = max(int(summary["tickets"]), 1)
    shares = {
        COVERED: summary["covered_tickets"] / total,
        UNFINDABLE: summary["unfindable_tickets"] / total,
        GAP: summary["gap_tickets"] / total,
        "none": (total - summary["grouped_tickets"]) / total if summary["tickets"] else 0,
    }
    top = findings[:TOP]
    most = max((f.cluster.customers for f in top), default=1) or 1
    bars = [
        {
            "id": f.cluster.id,
            "label": f.cluster.label,
            "customers": f.cluster.customers,
            "status": f.cluster.status,
            "width": 100 * f.cluster.customers / most,
        }
        for f in top
    ]
    rows = []
    for f, record in zip(findings, records, strict=True):
        rows.append(
            {
                **record,
                "first_seen": f.cluster.first_seen,
                "last_seen": f.cluster.last_seen,
                "spark": sparkline(f.weekly_series),
                "trend_percent": f.trend_percent,
                "trend_text": trend_text(f),
                "status_text": STATUS_TEXT[f.cluster.status],
                "lang_name": language_name(f.cluster.lang),
                "answered_in_name": language_name(f.cluster.answered_in)
                if f.cluster.answered_in
                else None,
                "draft": (drafts or {}).get(f.cluster.id),
            }
        )
    by_status = {key: [r for r in rows if r["status"] == key] for key in (GAP, UNFINDABLE, COVERED)}
    not_q, not_q_parts = not_questions(summary)
    return {
        "summary": summary,
        "rows": rows,
        "bars": bars,
        "shares": shares,
        "status_text": STATUS_TEXT,
        "status_help": STATUS_HELP,
        "today": date.today(),
        "gaps": by_status[GAP],
        "unfindable": by_status[UNFINDABLE],
        "covered": by_status[COVERED],
        "customers_by_status": {k: sum(r["customers"] for r in v) for k, v in by_status.items()},
        "top": TOP,
        "weeks": weekly_chart(weekly),
        "trend_weeks": TREND_WEEKS,
        "not_questions": not_q,
        "not_question_kinds": not_q_parts,
        "drafts_written": bool(drafts),
    }
