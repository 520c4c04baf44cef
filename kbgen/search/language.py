"""The language an index is made for: how its text becomes search words, stems and stop words.

English keeps kbgen's own steps (`analysis.py`: contractions, help-desk phrases, lunr's
Porter stemmer and stop words, the help-desk lexicon). Every other language gets:

- the Snowball stemmer of lunr-languages (`lunr.<code>.js`, which MkDocs' search plugin
  ships and the browser loads) and, in Python, NLTK's Snowball stemmer, which lunr.py's own
  language support uses. The two agree word for word on German, Dutch and French text with
  accents folded (tests/search/test_language.py compares them on the test sets' words); on
  Spanish NLTK also strips the suffixes "acion" and "ucion" written without their accent,
  which the JavaScript does not, so kbgen's Spanish stemmer leaves those out too.
- the stop words of that same `lunr.<code>.js` (read from MkDocs' copy), folded as the text is;
- accents folded as in English ("Bestätigung" -> "bestatigung", so a customer who types no
  umlaut still matches) and "ß" as "ss" ("Straße" -> "strasse");
- query words the index does not know, respelled before any typo correction: German
  customers write "ae", "oe", "ue" for "ä", "ö", "ü" ("rueckerstattung" is "rückerstattung");
- none of the English tables: no English contractions ("im" is German, not "I'm"), no
  help-desk lexicon or built-in English synonyms (the owner's `_synonyms.yml` still applies),
  and typo correction only towards words of this language's own articles.

The browser gets the same tables in the index file (`site.meta`) and loads
`lunr.stemmer.support.js` and `lunr.<code>.js` for the stemmer.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import mkdocs

from kbgen.search import analysis

if TYPE_CHECKING:
    from lunr.token import Token

ENGLISH = "en"
# Languages with a stemmer on both sides: lunr-languages' file name -> NLTK's Snowball name.
SNOWBALL: dict[str, str] = {"de": "german", "fr": "french", "es": "spanish", "nl": "dutch"}

# Compounds written apart that mean one word in every language kbgen ships ("E-Mail" is
# "e mail" once the hyphen is gone).
# fmt: off
SHARED_PHRASES: dict[str, str] = {
    "e mail": "email", "e mails": "email", "wi fi": "wifi", "w lan": "wlan",
    "pay pal": "paypal", "web site": "website", "log in": "login", "e book": "ebook",
    "e books": "ebook",
}
# fmt: on

# Words around the question that say nothing about it ("bitte", "hilfe"), as in English
# (`lexicon.CHATTER`): searched, but not a part of the question an article must cover.
# fmt: off
CHATTER: dict[str, frozenset[str]] = {
    "de": frozenset({"hallo", "bitte", "danke", "hilfe", "dringend", "moin", "servus",
                     "gruss", "grusse", "hi", "frage", "eigentlich", "irgendwie", "mal", "halt",
                     "mache", "tun"}),
    "fr": frozenset({"bonjour", "merci", "svp", "aide", "urgent", "salut"}),
    "es": frozenset({"hola", "gracias", "favor", "ayuda", "urgente"}),
    "nl": frozenset({"hallo", "alstublieft", "aub", "bedankt", "dank", "help", "hulp", "dringend"}),
}
# fmt: on

# Everyday German help-desk words, as `lexicon.INTENTS` is for English: (meanings, phrases
# customers use for them). Generic only (logging in, "doesn't work", money back, scams,
# twice); a shop's own words belong in its `_synonyms.yml`. Phrases are spelt right: their
# words are typo targets too ("einlogen" -> "einloggen"). Tuned on bench/search_sets/
# de-example, reported on de-kaffee (bench/search_quality.py).
# fmt: off
INTENTS: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "de": (
        ("anmelden anmeldung", ("einloggen", "eingeloggt", "login", "log in", "reinkommen",
                                "komme nicht rein")),
        ("funktioniert klappt", ("klappt nicht", "funzt nicht", "tut nicht")),
        ("erstattung erstatten", ("geld zurück", "geld wieder", "geld wiederhaben",
                                  "zurückerstatten", "zurückbekommen")),
        ("betrug", ("abzocke", "abgezockt", "betrüger", "fake", "seriös", "unseriös", "echt",
                    "phishing", "betrügerisch")),
        ("passwort", ("kennwort", "password", "pw", "passwortes")),
        ("zweimal doppelt", ("2 mal", "zwei mal", "2x", "doppelt", "zweifach")),
    ),
}
# fmt: on

# Query words written without their umlaut letter: tried, in this order, when the index does
# not know the word as typed ("ue" -> "u": the index holds "ü" folded to "u").
RESPELLINGS: dict[str, tuple[tuple[str, str], ...]] = {
    "de": (("ae", "a"), ("oe", "o"), ("ue", "u")),
}

# Stop words that fold into a word that means something: "andern" (others) is "ändern"
# (to change) once the umlaut is folded.
NOT_STOP_WORDS: dict[str, frozenset[str]] = {"de": frozenset({"andern"})}

_STOP_LIST = re.compile(r"generateStopWordFilter\(\s*'([^']*)'")


def lunr_languages_dir() -> Path:
    """MkDocs' copy of lunr-languages (the browser loads the same files)."""
    return Path(mkdocs.__file__).parent / "contrib" / "search" / "lunr-language"


def fold_text(text: str) -> str:
    """What every language does to a token beyond English: "ß" is "ss"."""
    return text.replace("ß", "ss")


def _transliterate(text: str) -> str:
    """Umlauts as customers without them type: "zurück" -> "zurueck"."""
    for letter, spelling in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(letter, spelling)
    return text


def _fold_word(word: str) -> str:
    return " ".join(fold_text(t) for t in analysis.tokens(word))


@functools.cache
def stop_words_of(code: str) -> frozenset[str]:
    """The stop words of lunr.<code>.js, folded as text is (German "für" -> "fur")."""
    source = (lunr_languages_dir() / f"lunr.{code}.js").read_text(encoding="utf-8")
    found = _STOP_LIST.search(source)
    if found is None:
        raise RuntimeError(f"no stop word list in lunr.{code}.js")
    folded = {_fold_word(w) for w in found.group(1).split()} - {""}
    return frozenset(folded - NOT_STOP_WORDS.get(code, frozenset()))


@functools.cache
def _snowball(code: str) -> Callable[[str], str]:
    from nltk.stem.snowball import SnowballStemmer  # only non-English sites pay its import

    stemmer = SnowballStemmer(SNOWBALL[code]).stemmer
    if code == "es":
        # NLTK adds "acion" and "ucion" without their accent; the JavaScript stemmer does not.
        extra = {"acion", "ucion"}
        suffixes = stemmer._SpanishStemmer__step1_suffixes
        stemmer._SpanishStemmer__step1_suffixes = tuple(s for s in suffixes if s not in extra)
    return functools.lru_cache(maxsize=200_000)(stemmer.stem)


@dataclass(frozen=True)
class Language:
    """How one language's articles and queries become search words (see the module text)."""

    code: str
    phrases: Mapping[str, str] = field(default_factory=dict)
    chatter: frozenset[str] = frozenset()
    respellings: tuple[tuple[str, str], ...] = ()

    @property
    def english(self) -> bool:
        return self.code == ENGLISH

    @property
    def stemmer_label(self) -> str:
        """The name lunr.js knows the stemmer by ("stemmer", "stemmer-de")."""
        return "stemmer" if self.english else f"stemmer-{self.code}"

    @property
    def script(self) -> str | None:
        """The lunr-languages file the browser needs for this language's stemmer."""
        return None if self.english else f"lunr.{self.code}.js"

    @property
    def stop_words(self) -> frozenset[str]:
        return analysis.LUNR_STOP_WORDS if self.english else stop_words_of(self.code)

    def words(self, text: str) -> list[str]:
        if self.english:
            return analysis.words(text)
        return analysis.fold_phrases(
            [w for t in analysis.tokens(text) for w in self._untangle(t)], self.phrases
        )

    @staticmethod
    def _untangle(token: str) -> tuple[str, ...]:
        """A token with apostrophes -> its longest part ("l'application", "geht's")."""
        token = fold_text(token)
        if "'" not in token:
            return (token,)
        parts = [p for p in token.split("'") if p]
        return (max(parts, key=len),) if parts else ()

    def intents(self) -> dict[str, list[str]]:
        """The language's everyday lexicon as `lexicon.build_intents` gives English's: phrase
        (search words) -> meanings. Each phrase also as typed without umlaut letters."""
        table: dict[str, list[str]] = {}
        for meanings, phrases in INTENTS.get(self.code, ()):
            meaning_words = [w for w in self.words(meanings) if not self.is_stop_word(w)]
            for phrase in phrases:
                for spelling in (phrase, _transliterate(phrase)):
                    key = " ".join(self.words(spelling))
                    own = set(key.split())
                    current = table.setdefault(key, [])
                    current += [w for w in meaning_words if w not in own and w not in current]
                    if not current:
                        del table[key]
        return table

    def is_stop_word(self, word: str) -> bool:
        return word in self.stop_words

    def stem(self, word: str) -> str:
        return analysis.stem(word) if self.english else _snowball(self.code)(word)

    def respell(self, word: str) -> list[str]:
        """Other spellings of a word the index does not know, to try before a typo correction."""
        out: list[str] = []
        for typed, meant in self.respellings:
            if typed in word:
                out.append(word.replace(typed, meant))
        if len(out) > 1:  # all at once last ("schoen ueberweisen" style words with several)
            every = word
            for typed, meant in self.respellings:
                every = every.replace(typed, meant)
            out.append(every)
        return list(dict.fromkeys(out))


@functools.cache
def language(code: str | None) -> Language:
    """The search language of a site language code ("de", "de-CH", "pt-BR"; None: English).

    A language kbgen has no stemmer for is searched as English, the way lunr.js does by default.
    """
    base = (code or ENGLISH).replace("_", "-").split("-")[0].lower()
    if base not in SNOWBALL:
        return Language(ENGLISH)
    return Language(
        base,
        phrases=dict(SHARED_PHRASES),
        chatter=CHATTER.get(base, frozenset()),
        respellings=RESPELLINGS.get(base, ()),
    )


def lunr_stop_word_filter_for(lang: Language) -> Callable:
    """lunr.py pipeline function dropping the language's stop words ("stopWordFilter-de")."""
    from lunr.stop_word_filter import stop_word_filter

    return stop_word_filter if lang.english else _stop_word_filter(lang.code)


@functools.cache  # lunr registers each filter by name: make it once
def _stop_word_filter(code: str) -> Callable:
    from lunr.stop_word_filter import generate_stop_word_filter

    return generate_stop_word_filter(sorted(stop_words_of(code)), language=code)


def lunr_stemmer_for(lang: Language) -> Callable:
    """lunr.py pipeline function for the language's stemmer, labelled as lunr.js knows it."""
    if lang.english:
        return analysis.lunr_stemmer
    from lunr.pipeline import Pipeline

    registered = Pipeline.registered_functions.get(lang.stemmer_label)
    if registered is not None and getattr(registered, "kbgen", False):
        return registered
    stem = lang.stem

    # lunr's pipeline signature: the token, its place and the token list
    def stemmer(token: Token, i: int | None = None, tokens: list[Token] | None = None) -> Token:
        return token.update(lambda word, metadata=None: stem(word))

    stemmer.kbgen = True  # type: ignore[attr-defined]
    Pipeline.register_function(stemmer, lang.stemmer_label)
    return stemmer
