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
_PLACEHOLDER = re.compile(r"\[[a-z_]{2,20}\]")
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
    """The part of a stored ticket that tells its language: placeholders and generic
    subjects or device footers ("Help", "Sent from my iPhone") left out."""
    if "[" in text:
        text = _PLACEHOLDER.sub(" ", text)
    parts = [p for p in segments(text) if not is_seed_sentence(p)]
    return " ".join(parts) if parts else text


@dataclass(frozen=True)
class LanguageDetector:
    """Tells each ticket's language among `languages`; `fallback` (the site's language) for
    a ticket with no words to tell it by."""

    languages: tuple[str, ...] = SHIPPED
    fallback: str = "en"
    english_words: bool = True  # tell plainly English tickets by their words (False: the model)

    @classmethod
    def for_site(cls, site_languages: Sequence[str] = (), default: str = "en") -> LanguageDetector:
        fallback = base_code(default or "en")
        return cls(candidates([*site_languages, fallback]), fallback)

    @property
    def key(self) -> str:
        """What the store remembers its tickets' languages were told among."""
        return ",".join(self.languages)

    def detect(self, text: str) -> str:
        text = detection_text(text)
        if _LETTER.search(text) is None:
            return self.fallback
        clipped = _clip(text)
        if self._plainly_english(clipped):
            return "en"
        return _classify(clipped, self.languages)

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
            for j, lang in zip(told[start:], _classify_all(batch, self.languages), strict=False):
                langs[j] = lang
        return [langs[j] for j in index]


_BATCH = 4096  # texts told together: bounds the arrays the batch needs (a few MiB)


def _clip(text: str) -> str:
    if len(text) <= MAX_BYTES // 4:  # surely under MAX_BYTES bytes in UTF-8
        return text
    raw = unicodedata.normalize("NFC", text).encode("utf-8", "surrogatepass")[:MAX_BYTES]
    return raw.decode("utf-8", "ignore")


_restricted_to: list[tuple[str, ...]] = [()]


def _restricted(languages: tuple[str, ...]) -> LanguageIdentifier:
    model = _model()
    if _restricted_to[0] != languages:
        # A code the model does not know (a site in Klingon) cannot be told: left out.
        model.set_languages(None)
        model.set_languages([c for c in languages if c in model.labels] or ["en"])
        _restricted_to[0] = languages
    return model


def _classify(text: str, languages: tuple[str, ...]) -> str:
    return _restricted(languages).classify(text)[0]


def _classify_all(texts: Sequence[str], languages: tuple[str, ...]) -> list[str]:
    from kbgen.mine.langid_batch import classify_all

    return classify_all(_restricted(languages), texts)
