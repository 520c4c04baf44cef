"""Build the lunr index (lunr.py) of a knowledge base, with what the search needs beside it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from lunr.builder import Builder
from lunr.field_ref import FieldRef
from lunr.idf import idf as Idf
from lunr.index import Index
from lunr.token import Token
from lunr.trimmer import trimmer
from lunr.vector import Vector

from kbgen import embeddings
from kbgen.content.model import Entry, KnowledgeBase
from kbgen.content.text import plain_text
from kbgen.search import meaning as meaning_mod
from kbgen.search import related
from kbgen.search.language import (
    Language,
    language,
    lunr_stemmer_for,
    lunr_stop_word_filter_for,
)
from kbgen.search.synonyms import build_table
from kbgen.search.typos import common_words, frequent_words

# Field boosts, tuned on the starter content's search tests (content/_search-tests.yml):
# the customer's own words (symptoms) and the title say what an article is about; the body
# mentions many things in passing.
FIELD_BOOSTS: dict[str, int] = {"title": 10, "symptoms": 8, "tags": 5, "summary": 3, "body": 1}


@dataclass(frozen=True)
class Document:
    """One article as the index and the result list see it."""

    ref: str  # short id in the index (refs repeat in every posting, so they are kept short)
    slug: str
    title: str
    summary: str
    url: str
    category: str
    category_title: str
    fields: dict[str, list[str]]  # field name -> search words


@dataclass(frozen=True)
class SearchData:
    """Everything one search needs: the lunr index, the documents, synonyms and vocabulary."""

    index: Index
    documents: dict[str, Document]
    synonyms: dict[str, list[str]]
    vocabulary: list[str]  # words of the articles, most used first, for typo correction
    terms: list[str]  # the index's terms (stemmed), sorted, for prefix checks while typing
    language: Language = field(default_factory=lambda: language(None))
    # the language's common words: spelt right, so never corrected (kbgen.search.typos)
    common_words: frozenset[str] = frozenset()
    # common words no article uses -> article words of like meaning (kbgen.search.related)
    related: dict[str, list[tuple[str, float]]] = field(default_factory=dict)
    # the tables of search by meaning (kbgen.search.meaning), where it is to be had
    meaning: meaning_mod.Meaning | None = None


def short_ref(number: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        number, rest = divmod(number, 36)
        out = digits[rest] + out
        if number == 0:
            return out


def document(entry: Entry, category_title: str, ref: str, lang: Language | None = None) -> Document:
    words = (lang or language(None)).words
    fields = {
        "title": words(entry.title),
        "symptoms": [w for symptom in entry.symptoms for w in words(symptom)],
        "tags": words(" ".join(entry.tags)),
        "summary": words(entry.summary),
        # The words a reader sees, as the checks read them, with code's words kept: a
        # customer types the error message or setting an article shows in code.
        "body": words(plain_text(entry.body, code=True)),
    }
    return Document(
        ref=ref,
        slug=entry.slug,
        title=entry.title,
        summary=entry.summary,
        url=entry.url,
        category=entry.category,
        category_title=category_title,
        fields=fields,
    )


# The last knowledge base's documents: a build reads them twice (related articles, then the
# index), and at 10,000 articles working them out takes seconds. Documents are frozen.
_last_documents: list[tuple[KnowledgeBase, Language, list[Document]]] = []


def documents_of(kb: KnowledgeBase, lang: Language | None = None) -> list[Document]:
    """The articles in the order they are indexed (category by category), each with a ref
    numbered by its URL's place in URL order, so that comparing refs (as numbers) breaks
    ties as `rank_key` does, without the URLs at hand (the browser loads only the articles
    it shows). `lang`: the language its text is analysed in (default English)."""
    lang = lang or language(None)
    if _last_documents and _last_documents[0][0] is kb and _last_documents[0][1] == lang:
        return list(_last_documents[0][2])
    docs = _documents_of(kb, lang)
    _last_documents[:] = [(kb, lang, docs)]
    return list(docs)


def _documents_of(kb: KnowledgeBase, lang: Language) -> list[Document]:
    pairs = [(category, entry) for category in kb.categories for entry in category.entries]
    number = {url: n for n, url in enumerate(sorted(entry.url for _, entry in pairs))}
    return [
        document(entry, category.title, short_ref(number[entry.url]), lang)
        for category, entry in pairs
    ]


# The metadata of every posting: kbgen records none (no positions), so one shared empty
# dict stands for all of them instead of a million empty ones. lunr only reads it (queries
# put it, by reference, in a result's match_data): never write into match_data metadata.
_NO_METADATA: dict[str, list[object]] = {}


class _CachedBuilder(Builder):
    """lunr.py's Builder, with each distinct word run through the pipeline only once.

    lunr.py tokenises and pipelines every occurrence of every word (copying metadata for each
    one), which dominated the build of large sites. The pipeline (trimmer, stop words,
    stemmer) depends only on the word, so caching it gives the same index, several times
    faster. Only used without metadata: positions are not recorded by kbgen.
    """

    def __init__(self) -> None:
        super().__init__()
        self._terms_of: dict[str, list[str]] = {}

    def _terms(self, word: str) -> list[str]:
        terms = self._terms_of.get(word)
        if terms is None:
            terms = [str(t) for t in self.pipeline.run([Token(word)])]
            self._terms_of[word] = terms
        return terms

    def add(self, doc: dict, attributes: dict | None = None) -> None:
        if self.metadata_whitelist:
            return super().add(doc, attributes)
        doc_ref = str(doc[self._ref])
        self._documents[doc_ref] = attributes or {}
        self.document_count += 1
        for field_name in self._fields:
            # Counted per distinct word, in first-seen order, as lunr counts per occurrence.
            field_terms: dict[str, int] = {}
            length = 0
            for word, count in Counter(doc[field_name]).items():
                for term in self._terms(word):
                    field_terms[term] = field_terms.get(term, 0) + count
                    length += count
            field_ref = str(FieldRef(doc_ref, field_name))
            self.field_term_frequencies[field_ref] = field_terms
            self.field_lengths[field_ref] = length
            for term in field_terms:
                posting = self.inverted_index.get(term)
                if posting is None:
                    posting = {name: {} for name in self._fields}
                    posting["_index"] = self.term_index
                    self.term_index += 1
                    self.inverted_index[term] = posting
                posting[field_name][doc_ref] = _NO_METADATA

    def _create_field_vectors(self) -> None:
        """lunr.py's own BM25 scoring, term for term, with each vector built sorted in one
        go instead of one binary-search insert per term (the same scores, in the same order)."""
        k1, b = self._k1, self._b
        idf_of: dict[str, float] = {}
        vectors: dict[str, Vector] = {}
        for field_ref, term_frequencies in self.field_term_frequencies.items():
            if not term_frequencies:  # e.g. no article has tags: the average length is 0
                vectors[field_ref] = Vector()
                continue
            ref = FieldRef.from_string(field_ref)
            average = self.average_field_length[ref.field_name]
            relative_length = self.field_lengths[field_ref] / average
            length_norm = k1 * (1 - b + b * relative_length)
            field_boost = self._fields[ref.field_name].boost
            doc_boost = self._documents[ref.doc_ref].get("boost", 1)
            scored: list[tuple[int, float]] = []
            for term, tf in term_frequencies.items():
                posting = self.inverted_index[term]
                idf = idf_of.get(term)
                if idf is None:
                    idf = idf_of[term] = Idf(posting, self.document_count)
                score = idf * ((k1 + 1) * tf) / (length_norm + tf)
                score *= field_boost
                score *= doc_boost
                scored.append((posting["_index"], round(score, 3)))
            scored.sort()
            vectors[field_ref] = Vector([x for pair in scored for x in pair])
        self.field_vectors = vectors


def build_index(docs: list[Document], lang: Language | None = None) -> Index:
    lang = lang or language(None)
    builder = _CachedBuilder()
    stemmer = lunr_stemmer_for(lang)
    builder.pipeline.add(trimmer, lunr_stop_word_filter_for(lang), stemmer)
    builder.search_pipeline.add(stemmer)
    builder.ref("ref")
    for name, boost in FIELD_BOOSTS.items():
        builder.field(name, boost=boost)
    for doc in docs:
        # Lists go in as ready-made tokens, so lunr's own tokenizer never splits differently.
        builder.add({"ref": doc.ref, **doc.fields})
    return builder.build()


def vocabulary_of(docs: list[Document], lang: Language | None = None) -> list[str]:
    is_stop_word = (lang or language(None)).is_stop_word
    counts: Counter[str] = Counter()
    for doc in docs:
        for field_words in doc.fields.values():
            counts.update(field_words)
    kept = [(w, n) for w, n in counts.items() if len(w) > 1 and not is_stop_word(w)]
    return [w for w, _ in sorted(kept, key=lambda item: (-item[1], item[0]))]


def build(
    kb: KnowledgeBase, lang: str | Language | None = None, *, semantic: bool = True
) -> SearchData:
    """The search of a knowledge base, in the language of its articles (`kb.lang`) unless
    `lang` says otherwise (a code such as "de" or "de-CH", as in `theme.language`).
    `semantic=False` leaves out the related terms (kbgen.search.related) and search by
    meaning (kbgen.search.meaning)."""
    lang = lang if isinstance(lang, Language) else language(lang or kb.lang)
    docs = documents_of(kb, lang)
    index = build_index(docs, lang)
    vocabulary = vocabulary_of(docs, lang)
    common = common_words(lang.code)
    return SearchData(
        index=index,
        documents={d.ref: d for d in docs},
        synonyms=build_table(kb.site.synonyms, lang),
        vocabulary=vocabulary,
        terms=sorted(index.inverted_index),
        language=lang,
        common_words=common,
        related=related_terms(kb, lang, vocabulary) if semantic else {},
        meaning=meaning_tables(kb, lang, docs, vocabulary) if semantic else None,
    )


def meaning_tables(
    kb: KnowledgeBase, lang: Language, docs: list[Document], vocabulary: list[str]
) -> meaning_mod.Meaning | None:
    """The tables of search by meaning (kbgen.search.meaning), or None without them."""
    if not lang.english or not embeddings.available():
        return None
    cache = related.cache_dir(kb.root)
    return meaning_mod.build(
        kb,
        lang,
        {d.slug: int(d.ref, 36) for d in docs},
        vocabulary,
        cache,
        related.common_cache_dir(cache),
        asked_words(lang),
    )


def related_terms(
    kb: KnowledgeBase, lang: Language, vocabulary: list[str]
) -> dict[str, list[tuple[str, float]]]:
    """The related-terms table (kbgen.search.related), or {} when the `semantic` extra is not
    installed (said once) or the articles are not in English (the model's language)."""
    if not lang.english:
        return {}
    if not embeddings.available():
        related.notice_missing()
        return {}
    return related.learn(asked_words(lang), vocabulary, lang.stem, related.cache_dir(kb.root))


def learn_related_soon(kb: KnowledgeBase, codes: Iterable[str]) -> None:
    """Start embedding the common words the related-terms tables of these languages need, in
    the model's process, while the caller goes on (`kbgen mine` reads its exports)."""
    if not embeddings.available():
        return
    for code in codes:
        lang = language(code)
        if lang.english:
            related.fill_cache_soon(asked_words(lang), related.cache_dir(kb.root))


def asked_words(lang: Language) -> list[str]:
    """The words the related-terms table is learned for: the language's common words."""
    return [
        w
        for w in frequent_words(lang.code)
        if len(w) >= related.MIN_WORD_LENGTH and not lang.is_stop_word(w)
    ]
