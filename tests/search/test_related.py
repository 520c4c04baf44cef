"""Related terms learned at build time (kbgen.search.related): the table, its use in the
Python search, and the plain install's fallback. The browser side is checked on built sites
in test_sets_browser.py."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kbgen import embeddings
from kbgen.content.loader import load_kb
from kbgen.search import related
from kbgen.search.engine import SearchEngine, SearchOptions
from kbgen.search.index import SearchData, build
from tests.support.paths import BENCH

pytestmark = pytest.mark.skipif(not embeddings.available(), reason="needs kbgen[semantic]")

BIKES = BENCH / "search_sets" / "bikes" / "content"


@pytest.fixture(scope="module")
def bikes() -> SearchData:
    return build(load_kb(BIKES))


def test_words_no_article_uses_get_the_articles_words_they_mean(bikes: SearchData) -> None:
    assert bikes.related["tire"][0] == ("tyres", pytest.approx(0.86, abs=0.02))
    assert "kids" in dict(bikes.related["kiddies"])
    vocabulary = set(bikes.vocabulary)
    assert all(word not in vocabulary for word in bikes.related)  # only words it lacks
    assert all(s >= related.THRESHOLD for near in bikes.related.values() for _, s in near)
    assert "quantum" not in bikes.related  # close to nothing a bike shop writes


def test_a_query_sharing_no_word_finds_its_article_through_them(bikes: SearchData) -> None:
    engine = SearchEngine(bikes)
    assert [h.slug for h in engine.search("tire").hits][:1] == ["puncture"]
    assert [h.slug for h in engine.search("kiddies helmet").hits][:1] == ["helmets-kids"]
    assert SearchEngine(bikes, SearchOptions(related=False)).search("tire").hits == []
    # Out of scope stays out: its words are near nothing the articles say.
    assert engine.search("quantum physics homework").hits == []
    assert engine.search("you are scammers").hits == []


def test_embeddings_are_cached_by_text(tmp_path: Path) -> None:
    cache = related.EmbeddingCache(tmp_path)
    first = cache.embed(["bicycle", "tyre"])
    saved = tmp_path / f"embeddings-{related.MODEL_NAME}.npz"
    assert saved.is_file() and first.shape == (2, 384)
    again = related.EmbeddingCache(tmp_path)
    assert set(again.vectors) == {"bicycle", "tyre"}
    assert (again.embed(["tyre"]) == first[1:]).all()
    saved.write_bytes(b"not an npz")  # a damaged cache is rebuilt, never fatal
    assert related.EmbeddingCache(tmp_path).vectors == {}


def test_common_words_are_embedded_once_per_machine(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The language's common words (half a minute to embed) go to the user's cache folder,
    shared by every project; each project keeps its articles' words."""
    monkeypatch.delenv(related.CACHE_ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    name = f"embeddings-{related.MODEL_NAME}.npz"
    common = ["tire", "kiddies", "wrecked"]
    first = related.learn(common, ["tyres", "kids"], str, tmp_path / "shop" / ".kbgen")
    assert first["tire"][0][0] == "tyres"
    shared = related.EmbeddingCache(tmp_path / "xdg" / "kbgen")
    assert set(shared.vectors) == set(common)
    assert (tmp_path / "xdg" / "kbgen" / name).is_file()
    assert set(related.EmbeddingCache(tmp_path / "shop" / ".kbgen").vectors) == {"tyres", "kids"}
    # A second project: its own words only; the common ones are read, not embedded again.
    stamp = (tmp_path / "xdg" / "kbgen" / name).stat().st_mtime_ns
    second = related.learn(common, ["bakery", "cakes"], str, tmp_path / "cafe" / ".kbgen")
    assert "tire" not in second
    assert (tmp_path / "xdg" / "kbgen" / name).stat().st_mtime_ns == stamp
    assert set(related.EmbeddingCache(tmp_path / "cafe" / ".kbgen").vectors) == {"bakery", "cakes"}


def test_without_the_extra_search_builds_as_before(tmp_path: Path) -> None:
    """A plain install (no sentence-transformers): one notice, no table, same search."""
    blocker = tmp_path / "sitecustomize.py"
    blocker.write_text(
        "import sys\nsys.modules['sentence_transformers'] = None\n", encoding="utf-8"
    )
    code = (
        "from kbgen.content.loader import load_kb\n"
        "from kbgen.search.index import build\n"
        "from kbgen.search.engine import SearchEngine\n"
        f"d = build(load_kb({str(BIKES)!r}))\n"
        "print(len(d.related), [h.slug for h in SearchEngine(d).search('flat tire').hits])\n"
    )
    env = {"PYTHONPATH": f"{tmp_path}:{Path.cwd()}", "PATH": "/usr/bin:/bin"}
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert run.stdout.split("\n")[0] == "0 ['puncture']"
    notices = [line for line in run.stderr.splitlines() if "related terms" in line]
    assert notices == [
        "kbgen: search builds without related terms (install kbgen[semantic] for them)"
    ]
