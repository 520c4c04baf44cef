"""Each language on its own: tickets grouped, and groups matched to articles, per language.

Tickets carry the language they were written in (kbgen/mine/language.py). A German and an
English ticket about the same password never share a group: each language's tickets get
their own boilerplate learning (a German export's "Mit freundlichen Grüßen" is found as an
English export's "Kind regards" is), their own clustering and ranking, and are matched only
to the articles written in their language. A group whose language has no article that
answers it is a gap for that language, even when an article in another language would
answer it: the report says "answered in English only" then, so the owner knows a
translation is what is missing.

Groups of all languages are then ranked together (by distinct customers, then tickets) and
numbered 1, 2, 3... as before, each carrying its language.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from kbgen.content.languages import Languages, for_content
from kbgen.content.model import KnowledgeBase
from kbgen.mine import embed
from kbgen.mine.boilerplate import prepare
from kbgen.mine.cluster import ClusterSettings, Grouping, group_texts
from kbgen.mine.match import GAP, Matcher, MatchSettings
from kbgen.mine.rank import Finding, TicketColumns, rank, shorten

EXAMPLES = 3  # example tickets shown for a language with too few tickets to group
# Asking the site's own articles about a group in another language: the customers' words
# meet the article's only where they share product words and cognates ("Download-Link",
# "Passwort"), so similarities run lower than within a language; a clear lead over the next
# article stands in for the missing height. Only ever a hint ("answered in English only"):
# the group stays a gap for its language.
# (no second look by meaning: the model reads English only)
ACROSS = MatchSettings(threshold=0.18, margin=0.05, meaning=False)


def site_languages(kb_dir: Path, kb: KnowledgeBase | None = None) -> Languages:
    """The site's languages: the knowledge base's own when it was loaded, else read from the
    mkdocs.yml beside the knowledge base folder (theme.language; English when there is none)."""
    if kb is not None:
        return Languages(kb.lang, tuple(kb.translations))
    return for_content(kb_dir)


def articles_by_language(kb: KnowledgeBase | None) -> dict[str, KnowledgeBase]:
    """Each language's articles: the knowledge base's own (in the site's language) and its
    translations, when the knowledge base holds several languages."""
    if kb is None:
        return {}
    return {kb.lang: kb, **kb.translations}


@dataclass
class LanguageResult:
    """One language's tickets: how many, how many ask something, and its groups."""

    lang: str
    tickets: int
    questions: int
    not_questions: dict[str, int]
    findings: list[Finding] = field(default_factory=list)
    grouping: Grouping | None = None
    rows: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))  # into the run
    examples: tuple[str, ...] = ()  # for a language too small to group: what its tickets ask
    centre_ids: np.ndarray | None = None  # per centre of `grouping`, its group's id

    @property
    def too_few(self) -> bool:
        """Tickets that ask something, but too few alike to form a group."""
        return self.questions > 0 and not self.findings


@dataclass
class Grouped:
    """Every language's groups, ranked together; `labels` is per ticket of the run (the
    group id, or -1: in no group, or not a question)."""

    languages: list[LanguageResult]
    findings: list[Finding]
    labels: np.ndarray

    def not_questions(self) -> dict[str, int]:
        total: Counter[str] = Counter()
        for result in self.languages:
            total.update(result.not_questions)
        return dict(total)

    def centre_ids(self, lang: str) -> tuple[Grouping | None, np.ndarray | None]:
        """One language's grouping, and per centre of it the group id it was given."""
        for result in self.languages:
            if result.lang == lang and result.grouping is not None:
                return result.grouping, result.centre_ids
        return None, None


def group_by_language(
    columns: TicketColumns,
    langs: np.ndarray,
    settings: ClusterSettings,
    progress: Callable[[float], None] | None = None,
) -> Grouped:
    """Group each language's tickets apart (boilerplate learned per language), rank the
    groups of all languages together, and number them 1, 2, 3... in that order."""
    tell = progress or (lambda fraction: None)
    names, counts = np.unique(langs, return_counts=True)  # none: no languages, no groups
    order = sorted(range(len(names)), key=lambda i: (-counts[i], names[i]))
    total = max(len(langs), 1)
    done = 0
    results: list[LanguageResult] = []
    if _embeds(settings, names):
        embed.warm()  # the model loads in its own process while boilerplate is learned
    for i in order:
        lang = str(names[i])
        rows = np.flatnonzero(langs == lang)
        sub = _take(columns, rows)
        prepared = prepare(sub.texts, sub.customers)
        asked = prepared.questions
        questions = TicketColumns(
            keys=sub.keys[asked],
            created=sub.created[asked],
            customers=sub.customers[asked],
            texts=[prepared.texts[j] for j in asked],
        )
        result = LanguageResult(lang, len(rows), len(asked), prepared.counts(), rows=rows[asked])
        if len(asked):
            share = len(rows) / total

            def step(fraction: float, start: float = done / total, share: float = share) -> None:
                tell(start + share * fraction)

            in_lang = dataclasses.replace(settings, lang=lang)
            grouping = group_texts(questions.texts, in_lang, progress=lambda _s, f: step(f))
            before = grouping.labels.copy()
            findings = rank(questions, grouping)
            result.grouping = grouping
            result.centre_ids = _centre_ids(grouping, before)
            result.findings = [_in_language(f, lang) for f in findings]
            if not findings:
                result.examples = _examples(questions.texts)
        done += len(rows)
        results.append(result)
    tell(1.0)
    return _number(results, len(langs))


def _embeds(settings: ClusterSettings, langs: Iterable[str]) -> bool:
    """Whether some language's tickets will be grouped by meaning."""
    try:
        return any(embed.resolve(settings.features, str(lang)) == "semantic" for lang in langs)
    except embed.SemanticUnavailable:
        return False  # said where the grouping asks for it


def _take(columns: TicketColumns, rows: np.ndarray) -> TicketColumns:
    return TicketColumns(
        keys=columns.keys[rows],
        created=columns.created[rows],
        customers=columns.customers[rows],
        texts=[columns.texts[j] for j in rows],
    )


def _in_language(f: Finding, lang: str) -> Finding:
    return dataclasses.replace(f, cluster=dataclasses.replace(f.cluster, lang=lang))


def _examples(texts: list[str]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for text in texts:
        seen.setdefault(shorten(text, 160), None)
        if len(seen) == EXAMPLES:
            break
    return tuple(seen)


def _centre_ids(grouping: Grouping, before: np.ndarray) -> np.ndarray:
    """Per centre of the grouping, the id its group got when ranked (-1: not ranked)."""
    ids = np.full(len(grouping.centres), -1, dtype=np.int64)
    grouped = before >= 0
    ids[before[grouped]] = grouping.labels[grouped]
    return ids


def _number(results: list[LanguageResult], n_tickets: int) -> Grouped:
    """All languages' groups ranked together; ids 1..K in that order, in every output."""
    ranked = [(f, r) for r in results for f in r.findings]
    position = {r.lang: n for n, r in enumerate(results)}
    ranked.sort(
        key=lambda fr: (
            -fr[0].cluster.customers,
            -fr[0].cluster.tickets,
            position[fr[1].lang],
            fr[0].cluster.id,
        )
    )
    new_id: dict[tuple[str, int], int] = {}
    findings = []
    for n, (f, r) in enumerate(ranked, start=1):
        new_id[(r.lang, f.cluster.id)] = n
        findings.append(dataclasses.replace(f, cluster=dataclasses.replace(f.cluster, id=n)))
    labels = np.full(n_tickets, -1, dtype=np.int64)
    for r in results:
        r.findings = [f for f in findings if f.cluster.lang == r.lang]
        if r.grouping is None:
            continue
        # rank() numbered this language's groups 1..k (-1: none): to the ids of all languages.
        table = np.full(len(r.findings) + 2, -1, dtype=np.int64)
        for (lang, old), new in new_id.items():
            if lang == r.lang:
                table[old] = new
        r.grouping.labels = _relabel(r.grouping.labels, table)
        labels[r.rows] = r.grouping.labels
        if r.centre_ids is not None:
            r.centre_ids = _relabel(r.centre_ids, table)
    return Grouped(results, findings, labels)


def _relabel(ids: np.ndarray, table: np.ndarray) -> np.ndarray:
    return np.where(ids >= 0, table[np.clip(ids, 0, len(table) - 1)], -1)


def match_by_language(
    findings: list[Finding],
    articles: Mapping[str, KnowledgeBase],
    default: str,
    meaning: bool = True,
) -> list[Finding]:
    """Each group matched to the articles of its own language only. A group left without an
    article, in a language other than the site's, is asked of the site's own articles too:
    when one answers it, the group stays a gap for its language, marked as answered in the
    site's language only (`answered_in`). `meaning`: give the groups the words leave as gaps
    a second look by meaning (kbgen/mine/match.py), where the model is installed."""
    own = MatchSettings(meaning=meaning)
    matchers: dict[tuple[str, bool], Matcher] = {}

    def matcher(lang: str, across: bool = False) -> Matcher | None:
        kb = articles.get(lang)
        if kb is None or not kb.entries:
            return None
        if (lang, across) not in matchers:
            matchers[(lang, across)] = Matcher(kb, ACROSS if across else own)
        return matchers[(lang, across)]

    by_lang: dict[str, list[int]] = {}
    for n, f in enumerate(findings):
        by_lang.setdefault(f.cluster.lang, []).append(n)
    out = list(findings)
    for lang, positions in by_lang.items():
        group = [findings[n] for n in positions]
        m = matcher(lang)
        matched = m.match(group) if m else [_gap(f) for f in group]
        gaps = [k for k, f in enumerate(matched) if f.cluster.status == GAP]
        other = matcher(default, across=True) if lang != default else None
        if other is not None and gaps:
            elsewhere = other.match([group[k] for k in gaps])
            for k, f in zip(gaps, elsewhere, strict=True):
                if f.cluster.article is not None:
                    cluster = dataclasses.replace(
                        matched[k].cluster, answered_in=default, answered_by=f.cluster.article
                    )
                    matched[k] = dataclasses.replace(matched[k], cluster=cluster)
        for n, f in zip(positions, matched, strict=True):
            out[n] = f
    return out


def _gap(f: Finding) -> Finding:
    cluster = dataclasses.replace(f.cluster, article=None, match_score=0.0, status=GAP)
    return dataclasses.replace(f, cluster=cluster, failed_phrasings=())
