"""What the help site itself saw (searches, feedback, contact), set beside the tickets.

- searches that found nothing (no result opened; zero results counted apart) are grouped by
  question: each joins the ticket group that asks the same thing when it is close enough
  to that group's centre (in the tickets' own feature space), the rest are grouped among
  themselves with the same clustering the tickets get;
- per article: readers, the helpful rate, the "what was missing?" comments (redacted), and
  how often readers contacted the shop after reading it;
- per recurring ticket question: its searches, and the share of them that ended in contact.

A search "ended in contact" when a contact event carries its search_id (the collector's
events), or, for exports without one (Plausible, Matomo reports), when a contact event
carries the same query.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from kbgen.content.model import KnowledgeBase
from kbgen.events.model import SiteEvent
from kbgen.mine.cluster import ClusterSettings, Grouping, group_texts
from kbgen.mine.featurize import normalise, question_text
from kbgen.mine.rank import Finding
from kbgen.mine.redact import redact


@dataclass
class SiteLoopSettings:
    # A query joins a ticket group this close to its centre: chosen on bench/site_join.py's
    # tuning set (a wrong merge misleads more than a missed one, which is still listed).
    join_similarity: float = 0.4
    min_group: int = 2  # failed searches a group of searches alone needs to be listed
    max_weight: int = 50  # copies of one query used for clustering (counts stay exact)
    comments: int = 20  # comments listed per article


@dataclass
class QueryStats:
    query: str  # as the customer typed it (redacted)
    searches: int = 0
    failed: int = 0  # no result opened
    no_results: int = 0  # zero results shown
    contacted: int = 0  # searches that ended in contact


@dataclass
class SearchGroup:
    """Searches for one question that found nothing."""

    label: str
    failed: int  # searches with no result opened
    no_results: int
    contacted: int  # of the failed searches, how many ended in contact
    queries: tuple[str, ...]  # the customers' words, most searched first
    finding: int | None = None  # the ticket group asking the same thing
    tickets: int = 0
    customers: int = 0
    status: str = ""  # the ticket group's status (gap, unfindable, covered)
    article: str | None = None


@dataclass
class ArticleStats:
    page: str
    title: str
    reads: int = 0
    from_search: int = 0
    helpful: int = 0
    not_helpful: int = 0
    comments: list[str] = field(default_factory=list)
    contacts: int = 0  # contacts after reading this article

    @property
    def answers(self) -> int:
        return self.helpful + self.not_helpful

    @property
    def helpful_rate(self) -> float | None:
        return self.helpful / self.answers if self.answers else None

    @property
    def contact_rate(self) -> float | None:
        return self.contacts / self.reads if self.reads else None


@dataclass
class QuestionSearches:
    searches: int = 0
    failed: int = 0
    contacted: int = 0

    @property
    def contact_share(self) -> float | None:
        return self.contacted / self.searches if self.searches else None


@dataclass
class SiteLoop:
    events: int = 0
    searches: int = 0
    failed_searches: int = 0
    no_result_searches: int = 0
    contacts: int = 0
    feedback: int = 0
    groups: list[SearchGroup] = field(default_factory=list)
    articles: list[ArticleStats] = field(default_factory=list)
    by_finding: dict[int, QuestionSearches] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return self.events == 0


def _key(query: str) -> str:
    return normalise(question_text(query)) or query.lower()


def _queries(events: Sequence[SiteEvent]) -> dict[str, QueryStats]:
    searches = [e for e in events if e.type == "search" and e.query]
    contacts = [e for e in events if e.type == "contact"]
    known_ids = {e.search_id for e in searches if e.search_id}
    contacted_ids = {e.search_id for e in contacts if e.search_id in known_ids}
    # Contacts that name no search this data holds are matched on the query's words.
    by_query: Counter[str] = Counter()
    for e in contacts:
        if e.query and e.search_id not in known_ids:
            by_query[_key(e.query)] += e.count
    stats: dict[str, QueryStats] = {}
    for e in searches:
        key = _key(e.query)
        s = stats.setdefault(key, QueryStats(e.query))
        s.searches += e.count
        if not e.opened:
            s.failed += e.count
            if e.results == 0:
                s.no_results += e.count
        if e.search_id and e.search_id in contacted_ids:
            s.contacted += e.count
    for key, n in by_query.items():
        if key in stats:
            s = stats[key]
            s.contacted = min(s.searches, s.contacted + n)
    return stats


def _articles(
    events: Iterable[SiteEvent], kb: KnowledgeBase | None, limit: int
) -> list[ArticleStats]:
    titles = {e.url.strip("/"): e.title for e in kb.entries} if kb else {}
    stats: dict[str, ArticleStats] = {}

    def of(page: str) -> ArticleStats:
        page = page.strip("/")
        return stats.setdefault(page, ArticleStats(page, titles.get(page, page)))

    for e in events:
        if e.type == "read" and e.page:
            a = of(e.page)
            a.reads += e.count
            a.from_search += e.count if e.query or e.search_id else 0
        elif e.type == "feedback" and e.page:
            a = of(e.page)
            if e.helpful:
                a.helpful += e.count
            else:
                a.not_helpful += e.count
            comment = redact(e.missing)  # stored redacted; redacted again, as every writer does
            if comment and comment not in a.comments and len(a.comments) < limit:
                a.comments.append(comment)
        elif e.type == "contact" and e.article:
            of(e.article).contacts += e.count
    return sorted(
        stats.values(),
        key=lambda a: (-a.not_helpful, -(a.contact_rate or 0), -a.reads, a.page),
    )


def _assign(
    keys: list[str],
    grouping: Grouping | None,
    centre_ids: np.ndarray | None,
    settings: SiteLoopSettings,
) -> tuple[np.ndarray, np.ndarray]:
    """Each query's ticket group id (-1 for none) and its closeness to that group's centre.
    `centre_ids[c]` is the group id (the finding's cluster id) of the grouping's centre c."""
    labels = np.full(len(keys), -1, dtype=np.int64)
    sims = np.zeros(len(keys), dtype=np.float32)
    if grouping is None or centre_ids is None or not keys or len(grouping.centres) == 0:
        return labels, sims
    vectors = grouping.featurizer.transform(keys)
    scores = vectors @ grouping.centres.T
    scores[:, centre_ids < 0] = -np.inf  # centres of groups too small to be ranked
    best = scores.argmax(axis=1)
    top = scores[np.arange(len(keys)), best]
    labels = np.where(top >= settings.join_similarity, centre_ids[best], -1)
    return labels, top


def analyse(
    events: Sequence[SiteEvent],
    findings: Sequence[Finding],
    grouping: Grouping | None,
    centre_ids: np.ndarray | None,
    kb: KnowledgeBase | None,
    settings: SiteLoopSettings | None = None,
) -> SiteLoop:
    s = settings or SiteLoopSettings()
    loop = SiteLoop(events=sum(e.count for e in events))
    if not events:
        return loop
    stats = _queries(events)
    loop.searches = sum(q.searches for q in stats.values())
    loop.failed_searches = sum(q.failed for q in stats.values())
    loop.no_result_searches = sum(q.no_results for q in stats.values())
    loop.contacts = sum(e.count for e in events if e.type == "contact")
    loop.feedback = sum(e.count for e in events if e.type == "feedback")
    loop.articles = _articles(events, kb, s.comments)

    keys = list(stats)
    labels, _sims = _assign(keys, grouping, centre_ids, s)
    by_id = {f.cluster.id: f for f in findings}
    members: dict[int, list[str]] = defaultdict(list)
    for key, label in zip(keys, labels.tolist(), strict=True):
        if label < 0 or label not in by_id:
            continue
        finding = by_id[label]
        q = loop.by_finding.setdefault(finding.cluster.id, QuestionSearches())
        st = stats[key]
        q.searches += st.searches
        q.failed += st.failed
        q.contacted += st.contacted
        if st.failed:
            members[label].append(key)

    groups = [_group([stats[k] for k in ks], by_id[label]) for label, ks in members.items()]
    # Failed searches asking what no ticket group asks: grouped among themselves.
    rest = [k for k, label in zip(keys, labels.tolist(), strict=True) if label < 0]
    rest = [k for k in rest if stats[k].failed]
    groups.extend(_group_alone(rest, stats, s))
    loop.groups = sorted(groups, key=lambda g: (-g.failed, -g.tickets, g.label))
    return loop


def _group(members: list[QueryStats], finding: Finding | None) -> SearchGroup:
    members = sorted(members, key=lambda q: (-q.failed, q.query))
    group = SearchGroup(
        label=members[0].query,
        failed=sum(q.failed for q in members),
        no_results=sum(q.no_results for q in members),
        contacted=sum(min(q.contacted, q.failed) for q in members),
        queries=tuple(q.query for q in members[:8]),
    )
    if finding is not None:
        c = finding.cluster
        group.finding, group.tickets, group.customers = c.id, c.tickets, c.customers
        group.label, group.status, group.article = c.label, c.status, c.article
    return group


def _group_alone(
    keys: list[str], stats: dict[str, QueryStats], s: SiteLoopSettings
) -> list[SearchGroup]:
    if not keys:
        return []
    texts: list[str] = []
    owner: list[int] = []
    for i, k in enumerate(keys):
        copies = min(stats[k].failed, s.max_weight)
        texts.extend([k] * copies)
        owner.extend([i] * copies)
    settings = ClusterSettings(min_size=s.min_group)
    if len(keys) == 1:
        labels = np.zeros(len(texts), dtype=np.int64)
    else:
        labels = group_texts(texts, settings).labels
    members: dict[int, set[int]] = defaultdict(set)
    for i, label in zip(owner, labels.tolist(), strict=True):
        if label >= 0:
            members[label].add(i)
    groups = [_group([stats[keys[i]] for i in sorted(m)], None) for m in members.values()]
    return [g for g in groups if g.failed >= s.min_group]
