"""Turn article text and customer queries into the words the search index holds.

The browser runs the same steps in `themes/overrides/assets/kbgen/search-engine.js` (`words()`);
the tables below travel to it inside the index file, so only the few regular expressions
exist twice. Tests check that both sides give the same words for the same text.

Steps: fold accents and curly apostrophes, lower-case, turn everything but letters, digits
and apostrophes into spaces, expand or drop contractions ("can't", "cant", "doesnt"), then
replace phrases that mean one thing ("log in", "sign in" -> "login"). Negations end up as
lunr stop words: help articles are all about things that do not work, so "not" says nothing.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Mapping

from lunr.stemmer import PorterStemmer
from lunr.stop_word_filter import WORDS as LUNR_STOP_WORDS
from lunr.token import Token

# Whole tokens (after lower-casing and apostrophe folding) rewritten before phrases apply.
# Apostrophe-less forms are what customers type; the ones with apostrophes are what articles say.
# fmt: off
CONTRACTIONS: dict[str, str] = {
    "can't": "cannot", "cant": "cannot", "won't": "will not", "wont": "will not",
    "shan't": "shall not", "ain't": "is not", "dont": "do not", "doesnt": "does not",
    "didnt": "did not", "isnt": "is not", "arent": "are not", "wasnt": "was not",
    "werent": "were not", "havent": "have not", "hasnt": "has not", "hadnt": "had not",
    "couldnt": "could not", "wouldnt": "would not", "shouldnt": "should not",
    "dosent": "does not", "dosnt": "does not", "doesent": "does not", "doesn": "does not",
    "didn": "did not", "isn": "is not", "wasn": "was not", "couldn": "could not",
    "im": "i am", "ive": "i have", "youre": "you are", "thats": "that is",
    "whats": "what is", "wheres": "where is", "hows": "how is", "whos": "who is",
    "theres": "there is", "weve": "we have", "youve": "you have", "theyre": "they are",
    "hes": "he is", "shes": "she is",
}
# fmt: on
# Suffixes after an apostrophe that carry no search meaning ("it's", "we'll", "I'd").
DROPPED_SUFFIXES: tuple[str, ...] = ("'s", "'re", "'ve", "'ll", "'d", "'m")

# Word sequences that mean one thing, folded to one word in articles and queries alike.
# Keys are space-joined words after contractions; values are what replaces them.
# fmt: off
PHRASES: dict[str, str] = {
    "can not": "cannot",
    "log in": "login", "log on": "login", "logon": "login", "logging in": "login",
    "logged in": "login", "sign in": "login", "signin": "login", "signing in": "login",
    "signed in": "login", "sign on": "login", "login in": "login",
    "log out": "logout", "sign out": "logout", "signout": "logout", "logged out": "logout",
    "sign up": "signup", "signing up": "signup", "signed up": "signup",
    "e mail": "email", "emails": "email", "e mails": "email", "emailed": "email",
    "user name": "username", "usernames": "username",
    "pass word": "password", "pwd": "password", "pw": "password", "passwd": "password",
    "passwrd": "password", "pword": "password", "passcode": "password",
    "wi fi": "wifi", "web site": "website", "check out": "checkout", "pay pal": "paypal",
    "un zip": "unzip", "zip file": "zip", "zipped": "zip", "zip files": "zip",
    "spam folder": "spam", "junk folder": "spam", "junk mail": "spam",
}
# fmt: on
MAX_PHRASE_WORDS = 3
_PHRASE_STARTS = frozenset(key.split()[0] for key in PHRASES)

_APOSTROPHES = re.compile(r"[\u2018\u2019\u201b\u02bc\u02b9`\u00b4\uff07]")
# Python's \w is letters, digits and "_"; the browser uses [\p{L}\p{N}] to the same effect
# ("_" becomes a space first).
_TOKEN = re.compile(r"[\w']+")
_COMBINING_MARKS = re.compile(r"[\u0300-\u036f]")


def tokens(text: str) -> list[str]:
    """Lower-cased runs of letters, digits and apostrophes, with accents and apostrophes folded."""
    text = text.lower()
    if not text.isascii():  # most text is plain ASCII: skip the accent folding for it
        text = _COMBINING_MARKS.sub("", unicodedata.normalize("NFKD", text))
    text = _APOSTROPHES.sub("'", text)  # "`" is ASCII
    return _TOKEN.findall(text.replace("_", " "))


@functools.lru_cache(maxsize=65536)  # a site's text repeats the same few thousand tokens
def _untangle(token: str) -> tuple[str, ...]:
    """One raw token -> words without apostrophes ("doesn't" -> ("does", "not"))."""
    if "'" not in token and token not in CONTRACTIONS:
        return (token,)
    token = token.strip("'")
    if not token:
        return ()
    if token in CONTRACTIONS:
        return tuple(CONTRACTIONS[token].split())
    if token.endswith("n't"):
        return tuple(w for w in (token[:-3], "not") if w)
    for suffix in DROPPED_SUFFIXES:
        if token.endswith(suffix):
            token = token[: -len(suffix)]
            break
    token = token.replace("'", "")
    if token in CONTRACTIONS:
        return tuple(CONTRACTIONS[token].split())
    return (token,) if token else ()


def fold_phrases(words: list[str], phrases: Mapping[str, str] = PHRASES) -> list[str]:
    """Replace the longest known phrase starting at each position, left to right."""
    starts = _PHRASE_STARTS if phrases is PHRASES else {k.split()[0] for k in phrases}
    if starts.isdisjoint(words):  # the common case: nothing to fold
        return words
    out: list[str] = []
    done = 0  # words[:done] are already in out
    for i in [i for i, word in enumerate(words) if word in starts]:
        if i < done:  # inside a phrase already folded
            continue
        for n in range(min(MAX_PHRASE_WORDS, len(words) - i), 0, -1):
            key = " ".join(words[i : i + n])
            if key in phrases:
                out.extend(words[done:i])
                out.extend(phrases[key].split())
                done = i + n
                break
    out.extend(words[done:])
    return out


def words(text: str) -> list[str]:
    """The search words of a text, in order, stop words included (lunr drops those itself)."""
    return fold_phrases([w for token in tokens(text) for w in _untangle(token)])


def is_stop_word(word: str) -> bool:
    return word in LUNR_STOP_WORDS


class _LunrJsPorterStemmer(PorterStemmer):
    """lunr.py's Porter stemmer with lunr.js 2.3's step 1c, so both sides stem alike.

    lunr.js turns a final y into i only after a consonant that is not the first letter
    ("cry" -> "cri", "pay" -> "pay"); lunr.py does it after any vowel in the stem
    ("pay" -> "pai"), so an index stemmed in Python would never match "pay" typed in the
    browser. Every other step already agrees (checked in tests over real vocabulary).
    """

    b: str  # the word being stemmed (lunr.py's buffer)
    k: int  # the index of its last letter

    def step1c(self) -> None:
        if self.ends("y") and self.k >= 2 and self.b[self.k - 1] not in "aeiou":
            self.b = self.b[: self.k] + "i" + self.b[self.k + 1 :]


_stemmer = _LunrJsPorterStemmer()


@functools.lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    return _stemmer.stem(word)


def _stem_token(word: str, metadata: object = None) -> str:
    return stem(word)


def lunr_stemmer(token: Token, i: int | None = None, tokens: list[Token] | None = None) -> Token:
    """Pipeline function serialised as "stemmer", which lunr.js maps to its own stemmer."""
    return token.update(_stem_token)


lunr_stemmer.label = "stemmer"  # type: ignore[attr-defined]


def fnv1a(word: str, seed: int = 0x811C9DC5) -> int:
    """32-bit FNV-1a of a word's UTF-16 code units, as JavaScript sees a string
    (search-index.js, `fnv1a`): the Bloom filter of known words and the word table of
    search by meaning hash words with it."""
    h = seed
    units = word.encode("utf-16-le")
    for i in range(0, len(units), 2):
        h = ((h ^ (units[i] | units[i + 1] << 8)) * 0x01000193) & 0xFFFFFFFF
    return h
