"""Turn ticket texts into dense vectors: word + character n-gram TF-IDF, reduced with SVD.

Runs on the CPU with no model download. The vocabulary and the SVD are fitted on a sample
of (deduplicated) ticket texts and then applied to every text in batches, so the cost of
fitting does not grow with the export and memory stays flat.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from scipy.sparse import csr_matrix, hstack
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from kbgen.search.analysis import stem as porter_stem
from kbgen.search.language import language

# Words every ticket carries whatever it asks: greetings, politeness, filler. Left in, they pull
# unrelated tickets together ("Hi, please help" looks like every other ticket).
DOMAIN_STOP_WORDS = frozenset(
    """
    hi hello hey hiya dear morning afternoon evening greetings
    please pls plz kindly thanks thank thx ty cheers regards best wishes sincerely
    help helping assist assistance support team urgent urgently asap
    sir madam hopefully appreciate appreciated
    """.split()
)

_TOKEN = re.compile(r"[a-z0-9]+")
# What the redactor leaves in place of personal data, e.g. "[email]" or "<phone>": the kind of
# thing removed says nothing about the question asked.
_PLACEHOLDER = re.compile(r"\[[a-z_ -]{2,20}\]|<[a-z_ -]{2,20}>|\{[a-z_ -]{2,20}\}")


# What a message ends with that is no part of its question: mentions, emoji, the placeholders
# of a handle, link or order number, and hashtags of mood ("Are dogs allowed #fail", "Late
# checkout please 🙄", "... order #[order]"). Shared by tickets that ask different things,
# they pull them into one group, and they cost a phrasing its match to the article that
# answers it. Other hashtags keep their word: "do you sell #giftcards" asks about gift cards.
_EMOJI = "\U0001f000-\U0001faff\u2600-\u27bf\u2300-\u23ff\u2b00-\u2bff\u203c\u2049\ufe0f\u200d"
_TAG = re.compile(rf"(?:[#@][\w-]*|#?\[(?:order|username|url)\]|[{_EMOJI}])+")
_EMOJI_CHAR = re.compile(f"[{_EMOJI}]")
_HASHTAG = re.compile(r"#([\w-]+)")
# Hashtags that say how the customer feels, not what they ask (the commonest on support
# accounts); compared lower case.
MOOD_TAGS = frozenset(
    """
    fail epicfail fails customerservicefail servicefail notimpressed unimpressed disappointed
    disappointing annoyed angry frustrated frustrating ridiculous unacceptable shame shameful
    poorservice badservice terribleservice customerservice neveragain joke wtf smh sad upset
    help helpme please pls urgent asap thanks thankyou thx love happy rant complaint fml ugh
    seriously sigh yikes why fix fixit sortitout
    """.split()
)

_SENTENCE = re.compile(r"(?<=[.?!])\s+|\n+")
_REDACTED = re.compile(r"\[[a-z]{2,12}\]")
INTRO_WORDS = 7


def is_introduction(sentence: str) -> bool:
    """A short sentence built around redacted personal data ("I'm [name]", "Order #[order].",
    "My password is [password]"): the customer saying who they are, not what they ask."""
    if not _REDACTED.search(sentence):
        return False
    return len(_TOKEN.findall(_REDACTED.sub(" ", sentence.lower()))) <= INTRO_WORDS


def without_trailing_tags(text: str) -> str:
    """The text less the tags it ends with (`_TAG`; emoji written onto its last word too: "not
    opening😡😡"), each hashtag among them that is not a mood (`MOOD_TAGS`) kept as its word
    where no sentence ended before them: "do you sell #giftcards #fail" is "do you sell
    giftcards", "Is it waterproof? #camping" is "Is it waterproof?". Read by words from the end (a
    regex searched from every position costs the square of a long run of tags)."""
    final = text.rsplit(None, 1)[-1:]  # cheap: most texts end in a word and are left as they are
    if not final or not (
        _TAG.fullmatch(final[0]) or _EMOJI_CHAR.match(final[0], len(final[0]) - 1)
    ):
        return text
    tokens = text.split()
    n = len(tokens)
    while n and _TAG.fullmatch(tokens[n - 1]):
        n -= 1
    if n == 0:
        return text  # nothing but tags
    head = tokens[:n]
    word = head[-1]
    end = len(word)  # > 0: a word of nothing but emoji is a tag
    while _EMOJI_CHAR.match(word, end - 1):
        end -= 1
    head[-1] = word[:end]
    if head[-1][-1:] in ".?!":
        return " ".join(head)  # tags after a finished sentence are only tags
    for tag in tokens[n:]:
        for found in _HASHTAG.finditer(tag):
            if found.group(1).lower() not in MOOD_TAGS:
                head.append(found.group(1))
    return " ".join(head)


def question_text(text: str) -> str:
    """The ticket without its introductions and the tags it ends with: they would otherwise
    group tickets by who wrote them, or how they felt, rather than by what they ask."""
    if "[" in text:
        kept = [p for p in _SENTENCE.split(text) if p.strip() and not is_introduction(p)]
        text = " ".join(kept) if kept else text
    return without_trailing_tags(text)


@lru_cache(maxsize=200_000)
def _stem(word: str) -> str:
    # The site search's own (Porter) stemmer: one notion of "the same word" across kbgen.
    return porter_stem(word)


def normalise(text: str, lang: str = "en") -> str:
    """Lower-case, drop placeholders and domain stop words, stem ("refunds" -> "refund").

    Another language's text is stemmed and its stop words dropped as that language's site
    search does ("Rechnungen" -> "rechnung"), so its tickets group by the words they share."""
    text = _PLACEHOLDER.sub(" ", text.lower()).replace("'", "").replace("\u2019", "")
    if lang == "en":
        return " ".join(_stem(w) for w in _TOKEN.findall(text) if w not in DOMAIN_STOP_WORDS)
    search = language(lang)
    if search.english:  # a language kbgen has no stemmer for: as English
        return normalise(text)
    words = search.words(text)  # the search's tokens: any script, accents folded, ß as ss
    return " ".join(search.stem(w) for w in words if not search.is_stop_word(w))


@dataclass
class FeatureSettings:
    dims: int = 200  # SVD components kept (one more is fitted and the first dropped)
    word_ngrams: tuple[int, int] = (1, 2)
    char_ngrams: tuple[int, int] = (2, 5)
    min_df: int = 2
    batch_size: int = 20_000
    random_state: int = 0
    # Below this many texts an SVD has too little to learn from; the TF-IDF rows are used as
    # they are (dense: a few hundred rows by their vocabulary is small).
    min_svd_texts: int = 300


@dataclass
class Featurizer:
    """Fitted TF-IDF + SVD; `transform` maps normalised texts to unit-length float32 rows."""

    settings: FeatureSettings = field(default_factory=FeatureSettings)
    words: TfidfVectorizer | None = None
    chars: TfidfVectorizer | None = None
    svd: TruncatedSVD | None = None
    drop_first: bool = True
    lang: str = "en"  # the language its texts were normalised in (`normalise(text, lang)`)

    def fit(self, texts: Sequence[str]) -> Featurizer:
        self.fit_transform(texts)
        return self

    def fit_transform(self, texts: Sequence[str]) -> np.ndarray:
        """Fit on texts and return their vectors (as `transform` would, without redoing it)."""
        s = self.settings
        # Tiny exports: every n-gram may be rare, so accept them all rather than fail.
        min_df = s.min_df if len(texts) >= 50 else 1
        self.words = TfidfVectorizer(
            ngram_range=s.word_ngrams, sublinear_tf=True, min_df=min_df, dtype=np.float32
        )
        self.chars = TfidfVectorizer(
            analyzer="char_wb",
            ngram_range=s.char_ngrams,
            sublinear_tf=True,
            min_df=min_df,
            dtype=np.float32,
        )
        texts = [t or "_" for t in texts]
        matrix = hstack([self.words.fit_transform(texts), self.chars.fit_transform(texts)]).tocsr()
        if len(texts) < s.min_svd_texts:
            self.svd = None
            return normalize(matrix).toarray().astype(np.float32, copy=False)
        n_comp = max(1, min(s.dims + 1, matrix.shape[1] - 1, len(texts) - 1))
        self.svd = TruncatedSVD(n_comp, random_state=s.random_state, algorithm="randomized")
        reduced = self.svd.fit_transform(matrix)
        # The first component of an un-centred SVD is the "average ticket" every text shares;
        # dropping it sharpens similarity between questions (as in SIF sentence embeddings).
        self.drop_first = n_comp > 2
        if self.drop_first:
            reduced = reduced[:, 1:]
        return normalize(reduced).astype(np.float32, copy=False)

    def _sparse(self, texts: Sequence[str]) -> csr_matrix:
        assert self.words is not None and self.chars is not None
        texts = [t or "_" for t in texts]
        return hstack([self.words.transform(texts), self.chars.transform(texts)]).tocsr()

    def sparse_vectors(self, texts: Sequence[str]) -> csr_matrix:
        """Unit-length word + character TF-IDF rows, before the SVD."""
        return normalize(self._sparse(texts))

    def word_vectors(self, texts: Sequence[str]) -> csr_matrix:
        """Unit-length word TF-IDF rows: far cheaper than `transform`, for assigning many texts."""
        assert self.words is not None
        return normalize(self.words.transform([t or "_" for t in texts]))

    def transform(self, texts: Sequence[str]) -> np.ndarray:
        """Unit-length vectors for normalised texts, computed in batches."""
        return np.vstack(list(self.transform_batches(texts))) if texts else self._empty()

    def transform_batches(self, texts: Sequence[str]) -> Iterator[np.ndarray]:
        step = self.settings.batch_size
        for start in range(0, len(texts), step):
            sparse = self._sparse(texts[start : start + step])
            if self.svd is None:
                yield normalize(sparse).toarray().astype(np.float32, copy=False)
                continue
            reduced = self.svd.transform(sparse)
            if self.drop_first:
                reduced = reduced[:, 1:]
            yield normalize(reduced).astype(np.float32, copy=False)

    def _empty(self) -> np.ndarray:
        if self.svd is None:
            assert self.words is not None and self.chars is not None
            width = len(self.words.vocabulary_) + len(self.chars.vocabulary_)
            return np.zeros((0, width), dtype=np.float32)
        width = self.svd.n_components - (1 if self.drop_first else 0)
        return np.zeros((0, width), dtype=np.float32)


def dedupe(texts: Iterable[str]) -> tuple[list[str], np.ndarray]:
    """Unique normalised texts and, per input, the index of its unique text."""
    index: dict[str, int] = {}
    inverse = [index.setdefault(t, len(index)) for t in texts]
    return list(index), np.asarray(inverse, dtype=np.int64)


def dedupe_normalised(texts: Sequence[str], lang: str = "en") -> tuple[list[str], np.ndarray]:
    """`dedupe` of the texts' normalised questions, each distinct text normalised once: a
    large export repeats the same question in the same words many times over."""
    raw, raw_inverse = dedupe(texts)
    unique, inverse = dedupe(normalise(question_text(t), lang) for t in raw)
    return unique, inverse[raw_inverse]
