"""The site loop as the report writers need it: plain JSON-ready data, redacted again."""

from __future__ import annotations

from typing import Any

from kbgen.mine.redact import redact
from kbgen.mine.site_loop import SiteLoop


def _rate(value: float | None) -> float | None:
    return round(value, 4) if value is not None else None


def site_record(loop: SiteLoop | None) -> dict[str, Any] | None:
    if loop is None or loop.empty:
        return None
    return {
        "events": loop.events,
        "searches": loop.searches,
        "failed_searches": loop.failed_searches,
        "no_result_searches": loop.no_result_searches,
        "contacts": loop.contacts,
        "feedback": loop.feedback,
        "searched_nothing": [
            {
                "label": redact(g.label),
                "failed": g.failed,
                "no_results": g.no_results,
                "contacted": g.contacted,
                "contact_share": _rate(g.contacted / g.failed if g.failed else None),
                "queries": [redact(q) for q in g.queries],
                "question": g.finding,
                "tickets": g.tickets,
                "customers": g.customers,
                "status": g.status or None,
                "article": g.article,
            }
            for g in loop.groups
        ],
        "articles": [
            {
                "page": a.page,
                "title": a.title,
                "reads": a.reads,
                "from_search": a.from_search,
                "helpful": a.helpful,
                "not_helpful": a.not_helpful,
                "helpful_rate": _rate(a.helpful_rate),
                "contacts": a.contacts,
                "contact_rate": _rate(a.contact_rate),
                "comments": [redact(c) for c in a.comments],
            }
            for a in loop.articles
        ],
    }


def question_searches(loop: SiteLoop | None, question: int) -> dict[str, Any] | None:
    """A recurring ticket question's searches on the site, for its report entry."""
    if loop is None or question not in loop.by_finding:
        return None
    q = loop.by_finding[question]
    return {
        "searches": q.searches,
        "found_nothing": q.failed,
        "ended_in_contact": q.contacted,
        "contact_share": _rate(q.contact_share),
    }
