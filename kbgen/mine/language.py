"""The language a ticket is written in, told from the customer's own words.

py3langid (langid.py's maintained fork: a naive Bayes model over byte n-grams, shipped in
the package, no download) picks among a few candidate languages only: the ones kbgen ships
interface strings for plus the site's own. Restricting the candidates is what makes it
reliable on short tickets ("mijn wachtwoord werkt niet" is Dutch, not Afrikaans) and keeps
it cheap. It reads the ticket as stored (cleaned and redacted: quoted replies, greetings
and sign-offs are gone at ingest), with placeholders such as "[email]" and generic subjects
("Help", "Question") left out, and at most its first MAX_BYTES bytes: a sentence or two
tells the language, and the cost grows with the length.

bench/mine_lang.py measures it on short labelled tickets in en, de, fr, es and nl.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, cached_property
from typing import TYPE_CHECKING

from kbgen.i18n import shipped_languages
from kbgen.mine.boilerplate import is_seed_sentence, segments

if TYPE_CHECKING:
    from py3langid.langid import LanguageIdentifier

SHIPPED = tuple(shipped_languages())  # kbgen's interface languages: en, de, fr, es, nl
MAX_BYTES = 120  # of a ticket's text read to tell its language: some 20 words
# A ticket is in one of the site's languages unless its words tell another by more than this
# (in the model's log-likelihood: a prior of about 50 to 1 for each site language against
# each other candidate). Without it a two-word English question goes to whichever language
# a few letter n-grams lean to ("broken screen" nl, "refund pls" de, "promo code" es) and is
# grouped apart from the same question asked at length. On the queries of three words or
# fewer in bench/search_sets, English site: English ones told English 0.890 -> 0.985, German
# ones told German 0.881 -> 0.810; German site: German 0.881 -> 0.929, English 0.888 ->
# 0.838. A shop's tickets are mostly in its site's language: with 80% of them, 3, 4 and 5
# come out alike (4 best); with fewer, a lower prior loses less.
SITE_PRIOR = 4.0
_PLACEHOLDER = re.compile(r"\[[a-z_]{2,20}\]")
_URL = re.compile(r"\S+://\S*|\bwww\.\S+")
_LETTER = re.compile(r"[^\W\d_]{2}")
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")

# English tickets are full of these words, and none is a word of German, French, Spanish or
# Dutch ("is", "in", "on", "me", "was", "of", "but", "so", "no" are, and are left out). A
# ticket where they are at least a third of its words, and at least three, is told English
# without the model (see `_plainly_english`). Only among these languages: a site in another
# may have such words ("i" and "do" are Italian and Portuguese words).
_ENGLISH_WORDS = frozenset(
    "the my i to and it for you can with this that have not how what your do get from be "
    "are been they would could should did does doesnt dont didnt cant wont isnt im ive "
    "i'm i've don't can't won't didn't doesn't isn't it's".split()
)
_WORDS_CHECKED = frozenset({"en", "de", "fr", "es", "nl"})


@cache
def _model() -> LanguageIdentifier:  # loaded once per process: ~1 s
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE)


def base_code(code: str) -> str:
    """ "pt-BR" -> "pt", "zh_Hant" -> "zh": the model tells languages, not regions."""
    return re.split(r"[-_]", code.strip().lower(), maxsplit=1)[0]


def candidates(site_languages: Iterable[str] = ()) -> tuple[str, ...]:
    """The languages a ticket may be told to be in: kbgen's own and the site's, sorted."""
    return tuple(sorted({base_code(c) for c in (*SHIPPED, *site_languages) if c}))


def detection_text(text: str) -> str:
    """The part of a stored ticket that tells its language: placeholders, links and generic
    subjects or device footers ("Help", "Sent from my iPhone", "(no subject)") left out;
    nothing when nothing else is left (the site's language is taken)."""
    if "[" in text:
        text = _PLACEHOLDER.sub(" ", text)
    if "://" in text or "www." in text:
        text = _URL.sub(" ", text)
    parts = [p for p in segments(text) if not is_seed_sentence(p)]
    return " ".join(parts)


@dataclass(frozen=True)
class LanguageDetector:
    """Tells each ticket's language among `languages`; `fallback` (the site's language) for
    a ticket with no words to tell it by. The `site` languages are favoured by SITE_PRIOR."""

    languages: tuple[str, ...] = SHIPPED
    fallback: str = "en"
    english_words: bool = True  # tell plainly English tickets by their words (False: the model)
    site: tuple[str, ...] = ()

    @classmethod
    def for_site(cls, site_languages: Sequence[str] = (), default: str = "en") -> LanguageDetector:
        fallback = base_code(default or "en")
        site = tuple(sorted({base_code(c) for c in (*site_languages, fallback) if c}))
        return cls(candidates(site), fallback, site=site)

    @property
    def key(self) -> str:
        """What the store remembers its tickets' languages were told among (and how)."""
        told = ",".join(self.languages)
        return f"{told};site={','.join(self.site)}@{SITE_PRIOR:g}" if self.site else told

    def detect(self, text: str) -> str:
        text = detection_text(text)
        if _LETTER.search(text) is None:
            return self.fallback
        clipped = _clip(text)
        if self._plainly_english(clipped):
            return "en"
        return _classify(clipped, self.languages, self.site)

    @cached_property
    def _by_english_words(self) -> bool:
        """Whether `_plainly_english` may answer at all: asked once, not once a ticket."""
        return (
            self.english_words
            and "en" in self.languages
            and _WORDS_CHECKED.issuperset(self.languages)
        )

    def _plainly_english(self, clipped: str) -> bool:
        """Told English by its words alone, at a few microseconds instead of some 20 for the
        model (bench/mine_lang.py checks the model gives the same answer)."""
        if not self._by_english_words:
            return False
        words = _WORD.findall(clipped.lower())
        english = sum(w in _ENGLISH_WORDS for w in words)
        return english >= 3 and 3 * english >= len(words)

    def detect_all(self, texts: Iterable[str]) -> list[str]:
        """One language per text, the same `detect` tells; a text that comes again is told
        once, and the rest are told together (kbgen/mine/langid_batch.py), far cheaper."""
        seen: dict[str, int] = {}
        unique: list[str] = []
        index = []
        for text in texts:
            j = seen.get(text)
            if j is None:
                j = seen[text] = len(unique)
                unique.append(text)
            index.append(j)
        langs = [self.fallback] * len(unique)
        told, clipped = [], []
        for j, text in enumerate(unique):
            text = detection_text(text)
            if _LETTER.search(text) is not None:
                short = _clip(text)
                if self._plainly_english(short):
                    langs[j] = "en"
                    continue
                told.append(j)
                clipped.append(short)
        for start in range(0, len(told), _BATCH):
            batch = clipped[start : start + _BATCH]
            for j, lang in zip(
                told[start:], _classify_all(batch, self.languages, self.site), strict=False
            ):
                langs[j] = lang
        return [langs[j] for j in index]


_BATCH = 4096  # texts told together: bounds the arrays the batch needs (a few MiB)


def _clip(text: str) -> str:
    if len(text) <= MAX_BYTES // 4:  # surely under MAX_BYTES bytes in UTF-8
        return text
    raw = unicodedata.normalize("NFC", text).encode("utf-8", "surrogatepass")[:MAX_BYTES]
    return raw.decode("utf-8", "ignore")


_restricted_to: list[tuple[tuple[str, ...], tuple[str, ...]]] = [((), ())]


def _restricted(languages: tuple[str, ...], site: tuple[str, ...] = ()) -> LanguageIdentifier:
    """The model, choosing among `languages` only, with the `site` languages' prior raised by
    SITE_PRIOR (both `classify` and langid_batch read the prior from `nb_pc`)."""
    model = _model()
    if _restricted_to[0] != (languages, site):
        # A code the model does not know (a site in Klingon) cannot be told: left out.
        model.set_languages(None)
        model.set_languages([c for c in languages if c in model.labels] or ["en"])
        favoured = [c in site for c in model.nb_classes]
        if any(favoured) and not all(favoured):
            import numpy as np

            prior = np.asarray(favoured, dtype=model.nb_pc.dtype) * SITE_PRIOR
            model.nb_pc = model.nb_pc + prior
        _restricted_to[0] = (languages, site)
    return model


def _classify(text: str, languages: tuple[str, ...], site: tuple[str, ...] = ()) -> str:
    return _restricted(languages, site).classify(text)[0]


def _classify_all(
    texts: Sequence[str], languages: tuple[str, ...], site: tuple[str, ...] = ()
) -> list[str]:
    from kbgen.mine.langid_batch import classify_all

    return classify_all(_restricted(languages, site), texts)
