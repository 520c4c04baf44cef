"""One `kbgen mine` run's typed options and result.

The pipeline (kbgen/mine/pipeline.py) fills a MineResult from MineOptions; the report, the
CLI's summary and the benchmarks read both. They live here, below all of those, so the
report needs nothing from the pipeline that calls it. (The tickets' and groups' own types
are in kbgen/mine/model.py.)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kbgen.mine.cluster import ClusterSettings
from kbgen.mine.workers import THRESHOLD

if TYPE_CHECKING:
    from kbgen.mine.by_language import Grouped
    from kbgen.mine.rank import Finding, Weekly
    from kbgen.mine.site_loop import SiteLoop


@dataclass
class MineOptions:
    exports: Sequence[Path]
    kb: Path = Path("content")
    out: Path = Path("reports")
    store: Path | None = None  # default: <kb>/../.kbgen/tickets.duckdb
    since: datetime | None = None
    fmt: str | None = None
    mapping: Mapping[str, str] | None = None
    drafts: bool = False
    publish: bool = False
    searches: Sequence[Path] = ()  # site event exports (collector NDJSON, GA4, Plausible, Matomo)
    top_drafts: int = 5
    cluster: ClusterSettings = field(default_factory=ClusterSettings)
    workers_above: int = THRESHOLD  # tickets in a run above which worker processes redact
    # False: every ticket is taken to be in the site's language (one group of languages, as
    # kbgen did before it told languages apart; bench/mine_lang.py's baseline).
    detect_languages: bool = True

    @property
    def store_path(self) -> Path:
        return self.store or self.kb.resolve().parent / ".kbgen" / "tickets.duckdb"


@dataclass
class MineResult:
    read: int = 0  # tickets read from the exports this run
    new: int = 0
    existing: int = 0
    rejected: int = 0
    team_replies: int = 0  # rows the shop's team wrote (told by a column such as "inbound")
    follow_ups: int = 0  # customers' replies in a conversation (a column such as "in_reply_to")
    clustered: int = 0  # tickets grouped (the store's, within --since)
    findings: list[Finding] = field(default_factory=list)
    summary: dict[str, Any] = field(default_factory=dict)  # counts; not_questions_by_kind
    files: dict[str, Path] = field(default_factory=dict)
    drafts: list[Path] = field(default_factory=list)
    published: Path | None = None
    seconds: dict[str, float] = field(default_factory=dict)
    articles: int = 0
    site: SiteLoop | None = None  # what the help site saw: searches, feedback, contact
    events_read: int = 0  # site events read from --searches files this run
    events_new: int = 0
    weekly: Weekly | None = None  # all tickets per week, for the report's chart
    grouped: Grouped | None = None  # the groups of each language
    site_language: str = "en"  # the site's own language (theme.language)
