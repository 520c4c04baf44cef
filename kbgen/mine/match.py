"""Match each recurring question to the article that answers it, and say whether customers find it.

Evidence is gathered per customer phrasing, then averaged over the group's phrasings:

- text similarity (TF-IDF cosine, words + character n-grams) between the phrasing and the
  article: its closest single line (title, summary or a symptom) blended with the whole
  article; plus a keyword similarity on the site search's own terms (stemmed, stop words
  out, the customer's typos corrected and the site's synonyms added, as the search does).
  Typos are corrected before either is measured, so "pasword wont work" reads as it does to
  the site search.
- An article answers the group when its score (averaged over the phrasings, the first
  ones counting most) clears `threshold`. The site search never adds to the score: it
  answers something for nearly any query, so a search bonus lifts unrelated articles over
  the line.
- Where two unrelated articles are within `margin` of each other, the site search may settle
  the near-tie (the article it ranks first for at least half the phrasings); if it backs
  neither, the group is a `gap`: an ambiguous match is no answer.
- A second look, by meaning, at every group (where the `semantic` extra is installed and
  the articles are English, the model's language). An article the words picked stands
  only when words and meaning together pick it too (`FIRST_LOOK_FLOOR`). For the groups
  the words leave as gaps (or whose article does not stand): customers' short
  phrasings ("key box wont open", "can we bring our puppy") share few words with the
  article that answers them ("Getting the keys", "Dogs"). Each such group's likeliest
  article (words and meaning together) is scored on evidence that it answers the group
  (`MEANING_EVIDENCE`: its word and sentence similarity, how far it stands ahead of the next
  article on each, whether both agree, how often the site search ranks it first and in its
  top 3), and taken when that clears `MEANING_CUT`; when it only reaches even odds
  (`MAYBE_CUT`) the group stays a gap that names the article as one that may answer it.
  The weights were fitted (logistic regression, `bench/mine_match.py --fit`) on the groups
  the words left as gaps in eight knowledge bases, and checked on four others (figures in
  that script).
- The site search then decides findability. The phrasings are searched as customers would:
  if the article is in the top 3 for at least half of them the group is `covered`;
  otherwise it is `unfindable` (the article answers it, customers' words don't find it),
  with the phrasings that failed. Only `unfindable` groups carry failed phrasings.

Settings were calibrated with bench/mine_match.py on the example shop's labelled questions;
its second knowledge base (an online-course seller) is the held-out check.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy.sparse import hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from kbgen.content.model import Entry, KnowledgeBase
from kbgen.content.text import plain_text
from kbgen.embeddings import available
from kbgen.mine.embed import LANGUAGES as MODEL_LANGUAGES
from kbgen.mine.embed import embed
from kbgen.mine.entities import decode_entities
from kbgen.mine.featurize import normalise
from kbgen.mine.rank import Finding
from kbgen.search.analysis import is_stop_word, stem, words
from kbgen.search.language import Language
from kbgen.search.meaning import body_lines

COVERED, UNFINDABLE, GAP = "covered", "unfindable", "gap"
SEARCH_TOP = 3
PHRASINGS = 5  # central customer phrasings tried per group


@dataclass
class MatchSettings:
    threshold: float = 0.26  # averaged score an article needs to answer the group
    margin: float = 0.02  # articles this close to the best are a near-tie with it
    line_weight: float = 0.6  # phrasing-vs-closest-line similarity, against whole-article
    keyword_weight: float = 2 / 7  # the search-term similarity, against the text one
    meaning: bool = True  # the second look by meaning, where the model can read the articles


# The second look by meaning: evidence -> weight, in the order `Evidence` lists it, and the
# bias; an article is taken when the weighted sum clears MEANING_CUT (a probability of 0.85
# that it answers the group): the lowest cut at which the example shop's questions, the set
# bench/mine_match.py holds to precision 0.95, keep it (0.8 gave 0.939).
MEANING_EVIDENCE = (0.33, 0.85, 4.84, 4.43, 0.83, 1.15, 1.38)
MEANING_BIAS = -5.17
MEANING_CUT = math.log(0.85 / 0.15)
# The first look's article stands only when it is also the group's likeliest by words and
# meaning together, at odds of at least this (a probability of 0.12): words alone call "where
# is my refund" track-your-order, "trade in price dropped" how-trade-in-works. Picked on the
# tuned sets of bench/mine_match.py (precision 0.918 -> 0.952, recall 0.561 -> 0.555); on the
# held-out ones precision 0.887 -> 0.928, recall unchanged (0.492).
FIRST_LOOK_FLOOR = -2.0
# Between this (even odds) and MEANING_CUT the group stays a gap, with the article named as
# one that may answer it: such hints were right 184 times of 281 on the sets of
# bench/mine_match.py (two in three; 3 of 20 on the ticket-style shop and courses sets).
MAYBE_CUT = 0.0
# How the likeliest article is picked: word and sentence similarity, equally.
MEANING_BLEND = 0.5
MEANING_CANDIDATES = 30  # articles a group is compared with by meaning: its closest by words


@dataclass(frozen=True)
class Evidence:
    """Why one article may answer a group the words alone left as a gap (each 0..1 but the
    margins, which run -1..1): averaged over the group's phrasings, the first counting most."""

    article: int  # the likeliest article (its place in Matcher.entries)
    words: float  # its word similarity (the first look's score)
    words_margin: float  # ... less the best other article's
    meaning: float  # its sentence similarity (closest of its title, summary, symptoms, lines)
    meaning_margin: float  # ... less the best other article's
    agree: float  # 1 when it is first by words and by meaning alike
    search_first: float  # share of phrasings the site search ranks it first for
    search_top: float  # share of phrasings it is in the site search's top 3 for

    def values(self) -> tuple[float, ...]:
        return (
            self.words,
            self.words_margin,
            self.meaning,
            self.meaning_margin,
            self.agree,
            self.search_first,
            self.search_top,
        )

    def score(self) -> float:
        return MEANING_BIAS + sum(
            w * v for w, v in zip(MEANING_EVIDENCE, self.values(), strict=True)
        )


def load_articles(kb_dir: Path) -> KnowledgeBase | None:
    """The articles tickets are matched to, read leniently: mistakes in the knowledge base
    are `kbgen check`'s business. None when there is no knowledge base folder."""
    if not kb_dir.is_dir():
        return None
    from kbgen.content.loader import collect_kb

    kb, _problems = collect_kb(kb_dir)
    return kb


def article_text(entry: Entry) -> str:
    # Title, summary and symptoms are what the article is about; the body adds words but
    # also noise, so the first three count twice.
    head = " ".join([entry.title, entry.summary, *entry.symptoms])
    return f"{head} {head} {plain_text(entry.body, code=True)}"


# "won't work", "doesnt work" and "can't open" all say the same "not": one word for them all,
# so a customer's contraction meets the owner's.
_NOT = re.compile(
    r"\b(?:(?:do|does|did|is|are|was|were|has|have|had|could|would|should)n[\u2019']?t"
    r"|won[\u2019']?t|can[\u2019']?t|cannot|aint)\b",
    re.IGNORECASE,
)


def _fold(text: str) -> str:
    return _NOT.sub(" not ", text)


def _terms(text: str, language: Language | None = None) -> list[str]:
    """The site search's terms of a text: stemmed, stop words out, in the articles' language
    (English as the search always did, other languages by their own stemmer)."""
    if language is None or language.english:
        return [stem(w) for w in words(text) if not is_stop_word(w)]
    return [language.stem(w) for w in language.words(text) if not language.is_stop_word(w)]


def _split(text: str) -> list[str]:
    return text.split()


class Matcher:
    def __init__(self, kb: KnowledgeBase, settings: MatchSettings | None = None):
        self.settings = settings or MatchSettings()
        self.entries = list(kb.entries)
        self.engine = None
        self.words_engine = None
        self.language: Language | None = None
        self.by_meaning = self.settings.meaning and kb.lang in MODEL_LANGUAGES and available()
        self._lines: dict[int, np.ndarray] = {}  # article -> its lines, embedded
        self._searched: dict[str, list[str]] = {}  # phrasing -> the site search's top articles
        if self.entries:
            from kbgen.search.engine import SearchEngine, SearchOptions

            # Findability: the site's own search, in the articles' language.
            self.engine = SearchEngine.from_kb(kb, kb.lang)
            self.language = self.engine.language
            # Evidence that an article answers a question comes from the customer's words
            # (typos corrected, the owner's synonyms added), not from the help-desk lexicon's
            # meanings: those lean every payment question towards any payment article.
            self.words_engine = SearchEngine(self.engine.data, SearchOptions(lexicon=False))

    def _query(self, phrasing: str) -> tuple[str, str]:
        """The phrasing with typos corrected, and its search terms (synonyms added)."""
        assert self.words_engine is not None
        phrasing = decode_entities(phrasing)  # "can&#39;t" is "can't"
        plan = self.words_engine.plan(phrasing + " ")  # the trailing space: no word is half typed
        language = self.language
        root = stem if language is None or language.english else language.stem
        terms = [root(c.term) for c in plan.clauses if not c.prefix]
        return plan.corrected or phrasing, " ".join(terms)

    def _similarities(self, phrasings: Sequence[str]) -> np.ndarray:
        """Per phrasing and article, how alike they are (0..1)."""
        settings = self.settings
        queries = [self._query(p) for p in phrasings]
        units: list[str] = []
        owner: list[int] = []
        for i, e in enumerate(self.entries):
            for line in (e.title, e.summary, *e.symptoms):
                units.append(normalise(_fold(line)))
                owner.append(i)
        articles = [article_text(e) for e in self.entries]
        docs = [normalise(_fold(text)) for text in articles]
        texts = [normalise(_fold(text)) for text, _ in queries]
        word_vec = TfidfVectorizer(sublinear_tf=True, ngram_range=(1, 2))
        char_vec = TfidfVectorizer(sublinear_tf=True, analyzer="char_wb", ngram_range=(3, 5))
        # Fitted on articles and tickets together so both sides share one vocabulary and idf.
        word_vec.fit(docs + units + texts)
        char_vec.fit(docs + units + texts)

        def embed(items: list[str]):
            return normalize(hstack([word_vec.transform(items), char_vec.transform(items)]).tocsr())

        queries_m = embed(texts)
        line_sims = (queries_m @ embed(units).T).toarray()
        owners = np.asarray(owner)
        closest = np.zeros((len(texts), len(self.entries)))
        for j in range(len(self.entries)):
            closest[:, j] = line_sims[:, owners == j].max(axis=1)
        whole = (queries_m @ embed(docs).T).toarray()
        text_sim = settings.line_weight * closest + (1 - settings.line_weight) * whole

        # The site search's view of the words: stemmed terms, corrected, synonyms added.
        article_terms = [" ".join(_terms(text, self.language)) for text in articles]
        keys = TfidfVectorizer(sublinear_tf=True, analyzer=_split).fit(article_terms)
        keyword_sim = (
            normalize(keys.transform([t for _, t in queries]))
            @ normalize(keys.transform(article_terms)).T
        ).toarray()
        return (1 - settings.keyword_weight) * text_sim + settings.keyword_weight * keyword_sim

    def match(self, findings: list[Finding]) -> list[Finding]:
        """The findings with article, match_score and status filled in."""
        if not self.entries or not findings:
            return [_with(f, None, 0.0, GAP) for f in findings]
        groups = [list(f.phrasings[:PHRASINGS]) or [f.cluster.label] for f in findings]
        flat = [p for g in groups for p in g]
        per_phrasing = self._similarities(flat)
        slugs = [e.slug for e in self.entries]
        position = {slug: i for i, slug in enumerate(slugs)}
        # Articles the owner linked as related (either way) may run close: not ambiguity.
        related = [{i} for i in range(len(slugs))]
        for i, e in enumerate(self.entries):
            for slug in e.related:
                if slug in position:
                    related[i].add(position[slug])
                    related[position[slug]].add(i)
        out = []
        rows_of = []
        start = 0
        for f, tries in zip(findings, groups, strict=True):
            rows = per_phrasing[start : start + len(tries)]
            rows_of.append(rows)
            start += len(tries)
            out.append(self._decide(f, tries, _averaged(rows), related))
        if self.by_meaning:
            for n, evidence in enumerate(self.evidence(groups, rows_of)):
                if out[n].cluster.status != GAP:
                    if (
                        self.entries[evidence.article].slug == out[n].cluster.article
                        and evidence.score() >= FIRST_LOOK_FLOOR
                    ):
                        continue
                    # The words picked an article that words and meaning together do not
                    # back: no answer, unless the second look finds one.
                    out[n] = _with(out[n], None, out[n].cluster.match_score, GAP)
                if evidence.score() >= MEANING_CUT:
                    out[n] = self._found(out[n], groups[n], evidence.article, evidence.words)
                elif evidence.score() >= MAYBE_CUT:
                    maybe = self.entries[evidence.article].slug
                    cluster = dataclasses.replace(out[n].cluster, maybe_answered_by=maybe)
                    out[n] = dataclasses.replace(out[n], cluster=cluster)
        return out

    def evidence(self, groups: list[list[str]], word_rows: list[np.ndarray]) -> list[Evidence]:
        """For each group (its phrasings, and their word similarities to every article), the
        evidence that its likeliest article answers it (see the module's docstring). Each
        group is compared by meaning with its MEANING_CANDIDATES closest articles by words
        (all of them on a knowledge base that small), so a large one costs no more."""
        if not groups:
            return []
        vectors = embed([decode_entities(p) for g in groups for p in g])
        by_words = [_averaged(rows) for rows in word_rows]
        picked = [self._candidates(w) for w in by_words]
        self._embed_articles(sorted({int(j) for js in picked for j in js}))
        out = []
        start = 0
        for tries, by_word, js in zip(groups, by_words, picked, strict=True):
            phrasings = vectors[start : start + len(tries)]
            start += len(tries)
            meaning = np.empty((len(tries), len(js)))
            for k, j in enumerate(js):
                meaning[:, k] = (phrasings @ self._lines[int(j)].T).max(axis=1)
            by_meaning = np.full(len(self.entries), -1.0)  # articles not compared: least alike
            by_meaning[js] = _averaged(meaning)
            blend = MEANING_BLEND * by_word[js] + (1 - MEANING_BLEND) * by_meaning[js]
            best = int(js[int(np.argmax(blend))])
            results = [self._top(q) for q in tries]
            slug = self.entries[best].slug
            out.append(
                Evidence(
                    article=best,
                    words=float(by_word[best]),
                    words_margin=_margin(by_word, best),
                    meaning=float(by_meaning[best]),
                    meaning_margin=_margin(by_meaning, best),
                    agree=float(
                        int(np.argmax(by_word)) == best and int(np.argmax(by_meaning)) == best
                    ),
                    search_first=float(np.mean([bool(r) and r[0] == slug for r in results])),
                    search_top=float(np.mean([slug in r for r in results])),
                )
            )
        return out

    def _candidates(self, by_words: np.ndarray) -> np.ndarray:
        """The articles a group is compared with by meaning: all, or its closest by words."""
        if len(self.entries) <= MEANING_CANDIDATES:
            return np.arange(len(self.entries))
        return np.argsort(-by_words, kind="stable")[:MEANING_CANDIDATES]

    def _embed_articles(self, articles: list[int]) -> None:
        """Each article's title, summary, symptoms, title with summary and the lines of its
        text (where the answer to a short question often is: "For leaks, turn the water off
        at the tap"), embedded once, in one batch for those still to do."""
        todo = [j for j in articles if j not in self._lines]
        if not todo:
            return
        lines: list[str] = []
        owner: list[int] = []
        for j in todo:
            e = self.entries[j]
            for line in (e.title, e.summary, *e.symptoms, f"{e.title}. {e.summary}"):
                lines.append(line)
                owner.append(j)
            for line in body_lines(e.body):
                lines.append(line)
                owner.append(j)
        vectors = embed(lines)
        owners = np.asarray(owner)
        for j in todo:
            self._lines[j] = vectors[owners == j]

    def _decide(
        self, f: Finding, tries: list[str], score: np.ndarray, related: list[set[int]]
    ) -> Finding:
        settings = self.settings
        slugs = [e.slug for e in self.entries]
        order = [int(j) for j in np.argsort(-score)]
        top = float(score[order[0]])
        if top < settings.threshold:
            return _with(f, None, top, GAP)
        # Articles within `margin` of the best are a near-tie (articles the owner linked as
        # related excepted: they may run close). The site search may settle a near-tie,
        # never lift an article into one.
        close = [j for j in order if score[j] >= top - settings.margin]
        best = order[0]
        results = [self._top(q) for q in tries]
        if any(j not in related[best] for j in close):
            firsts = Counter(r[0] for r in results if r)
            backed = [j for j in close if firsts[slugs[j]] * 2 >= len(tries)]
            if not backed:
                return _with(f, None, top, GAP)
            best = backed[0]
        return self._found(f, tries, best, float(score[best]))

    def _found(self, f: Finding, tries: list[str], best: int, value: float) -> Finding:
        """The group answered by article `best`: covered when the site search finds it for
        at least half the phrasings, else not findable, with the phrasings that failed."""
        slug = self.entries[best].slug
        results = [self._top(q) for q in tries]
        failed = tuple(q for q, r in zip(tries, results, strict=True) if slug not in r)
        if len(failed) * 2 <= len(tries):
            return _with(f, slug, value, COVERED)
        return _with(f, slug, value, UNFINDABLE, failed)

    def _top(self, query: str) -> list[str]:
        """The site search's first SEARCH_TOP articles for a phrasing, searched once: the
        near-tie rule, the second look and findability all ask."""
        found = self._searched.get(query)
        if found is None:
            assert self.engine is not None
            hits = self.engine.search(decode_entities(query), limit=SEARCH_TOP).hits
            found = self._searched[query] = [h.slug for h in hits]
        return found


def _averaged(rows: np.ndarray) -> np.ndarray:
    """Per article, the phrasings' similarities averaged: phrasings come best first (the
    first is the label), and the nearer the top, the more a phrasing counts."""
    weights = 1 / np.arange(1, len(rows) + 1)
    return weights @ rows / weights.sum()


def _margin(scores: np.ndarray, best: int) -> float:
    """How far article `best` stands ahead of the best other one (0 with no other)."""
    others = np.delete(scores, best)
    return float(scores[best] - others.max()) if len(others) else 0.0


def _with(
    f: Finding, slug: str | None, score: float, status: str, failed: tuple[str, ...] = ()
) -> Finding:
    cluster = dataclasses.replace(
        f.cluster, article=slug, match_score=round(score, 3), status=status
    )
    return dataclasses.replace(f, cluster=cluster, failed_phrasings=failed)


def coverage(findings: Sequence[Finding], total_tickets: int) -> dict[str, float | int]:
    """Share of tickets whose question has a findable article (and the other two shares)."""
    by: Counter[str] = Counter()
    for f in findings:
        by[f.cluster.status] += f.cluster.tickets
    grouped = sum(by.values())
    denominator = max(total_tickets, 1)
    return {
        "tickets": total_tickets,
        "grouped_tickets": grouped,
        "covered_tickets": by[COVERED],
        "unfindable_tickets": by[UNFINDABLE],
        "gap_tickets": by[GAP],
        "coverage": round(by[COVERED] / max(grouped, 1), 4),
        "coverage_of_all": round(by[COVERED] / denominator, 4),
    }
