"""Grouping by meaning (the `semantic` extra: sentence embeddings) and the fallback to words.

The model is the real one from the installed wheel, loaded once per test process (it is
cached in kbgen.mine.embed). Tests that need it are skipped where the extra is not installed;
the fallback tests run everywhere.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from shared_data import shared_data
from sklearn.metrics import normalized_mutual_info_score

from kbgen.mine import embed
from kbgen.mine.cluster import ClusterSettings, count_questions, group_texts
from tests.support.paths import REPO

SAMPLE = REPO / "kbgen" / "samples" / "sample-zendesk.json"
SAMPLE_TOPICS = 15  # bench/make_sample.py's TOPICS
TRAIN = shared_data("banking77", "train.csv")
needs_model = pytest.mark.skipif(not embed.available(), reason="the semantic extra is missing")

# Four questions, each asked six ways that share no content word with each other.
PARAPHRASES = {
    "login": [
        "I can't get into my account", "Login keeps failing",
        "The sign-in page rejects me every time", "Unable to access my profile",
        "My credentials are not accepted", "Authentication error whenever I try to enter",
    ],
    "refund": [
        "I want my money back", "How do I get a refund?", "Please reimburse the purchase",
        "Could you return the payment to my card", "Can I be repaid for this order?",
        "I'd like compensation for that charge",
    ],
    "delivery": [
        "Where is my parcel?", "The package hasn't arrived yet",
        "When will the shipment reach me?", "Tracking shows nothing about my delivery",
        "My order is late", "Still waiting for the courier",
    ],
    "cancel": [
        "I want to cancel my subscription", "Stop the monthly plan please",
        "How do I end my membership?", "Terminate my contract",
        "Unsubscribe me from recurring billing", "I no longer wish to continue the service",
    ],
}  # fmt: skip


def _paraphrases() -> tuple[list[str], np.ndarray]:
    texts = [t for asked in PARAPHRASES.values() for t in asked]
    return texts, np.repeat(np.arange(len(PARAPHRASES)), 6)


@needs_model
def test_paraphrases_with_no_shared_words_group_by_meaning_not_by_words() -> None:
    texts, truth = _paraphrases()
    semantic = group_texts(texts, ClusterSettings(features="semantic"))
    words = group_texts(texts, ClusterSettings(features="words"))
    assert semantic.features == "semantic" and words.features == "words"
    # By meaning: one group per question, most of each question's phrasings in it.
    assert int(semantic.labels.max()) + 1 == len(PARAPHRASES)
    for intent in range(len(PARAPHRASES)):
        got = semantic.labels[truth == intent]
        top = np.bincount(got[got >= 0]).argmax()
        assert (got == top).sum() >= 4, (intent, got)
        assert not np.isin(semantic.labels[truth != intent], top).any()
    assert normalized_mutual_info_score(truth, semantic.labels) > 0.75
    # By words: nothing in common, so nothing recurs.
    assert (words.labels < 0).all()


@pytest.fixture(scope="module")
def intents() -> tuple[list[str], np.ndarray]:
    """Twenty BANKING77 intents, 20 questions each, as customers wrote them."""
    if not TRAIN.exists():
        pytest.skip("BANKING77 not available")
    with TRAIN.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    names = sorted({r["category"] for r in rows})[1::4][:20]
    picked: dict[str, list[str]] = {n: [] for n in names}
    for r in rows:
        bucket = picked.get(r["category"])
        if bucket is not None and len(bucket) < 20:
            bucket.append(r["text"])
    return [t for n in names for t in picked[n]], np.repeat(np.arange(len(names)), 20)


@needs_model
def test_the_count_follows_the_questions_and_holds_over_seeds(intents) -> None:
    texts, truth = intents
    settings = [ClusterSettings(features="semantic", random_state=seed) for seed in (0, 1)]
    runs = [group_texts(texts, s) for s in settings]
    for grouping in runs:
        groups = int(grouping.labels.max()) + 1
        assert 0.8 * 20 <= groups <= 1.3 * 20, groups
        assert normalized_mutual_info_score(truth, grouping.labels) > 0.8
    assert runs[0].k_discovered == runs[1].k_discovered
    # Word features group the same questions worse.
    words = group_texts(texts, ClusterSettings(features="words"))
    assert normalized_mutual_info_score(truth, words.labels) < min(
        normalized_mutual_info_score(truth, g.labels) for g in runs
    )
    # The count is the texts' own: half the texts of each question, the same count.
    vectors = embed.embed(texts)
    half = np.flatnonzero(np.arange(len(texts)) % 2 == 0)
    assert count_questions(vectors, ClusterSettings())[0] == pytest.approx(
        count_questions(vectors[half], ClusterSettings())[0], abs=2
    )


@needs_model
def test_the_model_runs_in_a_child_and_never_joins_the_mining_process() -> None:
    """At a million tickets the mining process holds every text: torch and the model (some
    300 MB) stay in a child of their own, started once, and its vectors come back."""
    code = (
        "import sys\n"
        "from kbgen.mine import embed\n"
        "a = embed.embed(['my card has not arrived', 'where is my new card?'])\n"
        "b = embed.embed(['how do I change my PIN'])\n"
        "print(a.shape, b.shape, round(float(a[0] @ a[1]), 2) > 0.5, 'torch' in sys.modules)\n"
    )
    done = _python(code)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["(2,", "384)", "(1,", "384)", "True", "False"]


@needs_model
def test_warm_loads_the_model_in_the_child_whose_threads_sleep_when_idle() -> None:
    """A run warms the child up before it needs it (the model loads while boilerplate is
    learned), and torch's threads there wait without spinning: on a busy machine spinning
    threads took the cores the other processes needed."""
    code = (
        "import os, sys\n"
        "from kbgen import embeddings\n"
        "embeddings.warm()\n"
        "child = embeddings._child()\n"
        "pid = child.submit(os.getpid).result()  # runs once the model is loaded\n"
        "rss = [l for l in open(f'/proc/{pid}/status') if l.startswith('VmRSS')][0]\n"
        "wait = child.submit(os.getenv, 'OMP_WAIT_POLICY').result()\n"
        "print(int(rss.split()[1]) > 150_000, wait, 'torch' in sys.modules)\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "OMP_WAIT_POLICY"}
    done = _python(code, env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True", "PASSIVE", "False"]


@needs_model
def test_tickets_beyond_the_embedded_sample_join_by_their_words(intents) -> None:
    texts, truth = intents
    grouping = group_texts(texts, ClusterSettings(features="semantic", embed_sample=250))
    assert grouping.sample_size == 250
    assert normalized_mutual_info_score(truth, grouping.labels) > 0.7


def test_features_resolve_and_refuse_clearly(monkeypatch: pytest.MonkeyPatch) -> None:
    assert embed.resolve("words") == "words"
    with pytest.raises(ValueError, match="auto, semantic, words"):
        embed.resolve("vectors")
    monkeypatch.setenv(embed.DISABLE_ENV, "1")
    assert not embed.available()
    assert embed.resolve("auto") == "words"
    with pytest.raises(embed.SemanticUnavailable, match=r"pip install 'kbgen\[semantic\]'"):
        embed.resolve("semantic")
    assert "semantic" in (embed.fallback_notice("auto") or "")
    assert embed.fallback_notice("words") is None
    monkeypatch.setenv(embed.DISABLE_ENV, "0")
    if embed.available():
        assert embed.resolve("auto") == "semantic"
        assert embed.resolve("auto", lang="de") == "words"  # an English model
        assert embed.fallback_notice("auto") is None


def _python(code: str, *args: str, **options: Any) -> subprocess.CompletedProcess[str]:
    """`python -c code args...` in a fresh process, from the repository, its output kept."""
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True, text=True, cwd=REPO, **{"timeout": 600, **options},
    )  # fmt: skip


def _mine(tmp: Path, *args: str, env: dict[str, str] | None = None, importtime: bool = False):
    """`kbgen mine` of the bundled sample as a user runs it, in a fresh process."""
    flags = ["-X", "importtime"] if importtime else []
    return subprocess.run(
        [sys.executable, *flags, "-m", "kbgen", "mine", str(SAMPLE), "--kb", str(REPO / "content"),
         "--out", str(tmp / "reports"), "--store", str(tmp / "tickets.duckdb"), *args],
        capture_output=True, text=True, cwd=tmp, timeout=600,
        env={**os.environ, "NO_COLOR": "1", "COLUMNS": "200", **(env or {})},
    )  # fmt: skip


def _summary(tmp: Path) -> dict:
    return json.loads((tmp / "reports" / "clusters.json").read_text(encoding="utf-8"))["summary"]


@pytest.fixture(scope="module")
def without_extra(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample mined where the extra cannot be used (as a plain `pip install kbgen`)."""
    tmp = tmp_path_factory.mktemp("plain")
    done = _mine(tmp, env={embed.DISABLE_ENV: "1"}, importtime=True)
    assert done.returncode == 0, done.stderr
    (tmp / "stderr.txt").write_text(done.stderr, encoding="utf-8")
    return tmp


def test_without_the_extra_auto_groups_by_words_with_a_one_line_notice(without_extra) -> None:
    stderr = (without_extra / "stderr.txt").read_text(encoding="utf-8")
    notices = [line for line in stderr.splitlines() if "'semantic' extra" in line]
    assert len(notices) == 1 and "pip install 'kbgen[semantic]'" in notices[0]
    # Nothing of the extra was imported: a plain install never needs it.
    imported = {line.split("|")[-1].strip() for line in stderr.splitlines() if "|" in line}
    assert not imported & {"torch", "sentence_transformers", "transformers"}
    summary = _summary(without_extra)
    assert summary["grouped_by"]["features"] == "words"
    assert all(lang["features"] == "words" for lang in summary["languages"])
    html = (without_extra / "reports" / "report.html").read_text(encoding="utf-8")
    assert 'data-grouped-by="words"' in html and "shared words" in html
    assert "shared words" in (without_extra / "reports" / "report.md").read_text(encoding="utf-8")


def test_asking_for_semantic_without_the_extra_stops_before_anything(tmp_path: Path) -> None:
    done = _mine(tmp_path, "--features", "semantic", env={embed.DISABLE_ENV: "1"})
    assert done.returncode == 2
    assert "pip install 'kbgen[semantic]'" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "tickets.duckdb").exists() and not (tmp_path / "reports").exists()


def test_words_output_does_not_depend_on_the_extra(without_extra, tmp_path: Path) -> None:
    done = _mine(tmp_path, "--features", "words")
    assert done.returncode == 0, done.stderr
    assert "'semantic' extra" not in done.stderr  # asked for words: no notice
    for name in ("assignments.csv", "report.md"):
        ours = (tmp_path / "reports" / name).read_text(encoding="utf-8")
        plain = (without_extra / "reports" / name).read_text(encoding="utf-8")
        assert ours == plain, name


@needs_model
def test_semantic_run_is_offline_and_its_count_follows_the_sample_topics(tmp_path: Path) -> None:
    # A hub that would refuse any connection, online mode asked for, and an empty cache: the
    # model must come from the installed wheel alone.
    offline = {
        "HF_HUB_OFFLINE": "0",
        "TRANSFORMERS_OFFLINE": "0",
        "HF_ENDPOINT": "http://127.0.0.1:9",
        "HF_HOME": str(tmp_path / "hf-home"),
    }
    done = _mine(tmp_path, "--features", "semantic", env=offline)
    assert done.returncode == 0, done.stderr
    assert not (tmp_path / "hf-home").exists() or not any((tmp_path / "hf-home").rglob("*.bin"))
    summary = _summary(tmp_path)
    assert summary["grouped_by"]["features"] == "semantic"
    assert "all-MiniLM-L6-v2" in summary["grouped_by"]["text"]
    assert 0.8 * SAMPLE_TOPICS <= summary["groups"] <= 1.3 * SAMPLE_TOPICS, summary["groups"]
    html = (tmp_path / "reports" / "report.html").read_text(encoding="utf-8")
    assert 'data-grouped-by="semantic"' in html
    assert "meaning (sentence embeddings)" in done.stdout


@needs_model
def test_a_first_run_in_a_project_never_built_keeps_the_model_out_of_the_mining_process(
    tmp_path: Path,
) -> None:
    """With nothing cached, the related words the run's search needs (the language's common
    words) are embedded in the model's process, started while the exports are read; the
    mining process never loads torch, and the next run finds them cached."""
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from kbgen.mine.cluster import ClusterSettings\n"
        "from kbgen.mine.pipeline import run\n"
        "from kbgen.mine.run_model import MineOptions\n"
        "tmp = Path(sys.argv[1])\n"
        f"options = MineOptions(exports=[Path({str(SAMPLE)!r})],"
        f" kb=Path({str(REPO / 'content')!r}), out=tmp / 'reports', store=tmp / 'tickets.duckdb',"
        " cluster=ClusterSettings(features='words'))\n"
        "result = run(options)\n"
        "print(len(result.findings) > 0, 'torch' in sys.modules)\n"
    )
    cache = tmp_path / "cache"
    done = _python(code, str(tmp_path), env={**os.environ, "KBGEN_CACHE": str(cache)}, timeout=900)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True", "False"]
    assert "learning related words" in done.stderr
    with np.load(cache / f"embeddings-{embed.MODEL_NAME}.npz") as saved:
        assert len(saved["texts"]) > 15_000


@needs_model
def test_a_model_process_that_dies_is_said_plainly_and_replaced() -> None:
    """Killed for memory, say: the run stops with what to do, and the next call starts a
    new process."""
    code = (
        "import os, signal\n"
        "from kbgen import embeddings\n"
        "from kbgen.mine import embed\n"
        "pid = embeddings.submit(os.getpid).result()\n"
        "embeddings.submit(signal.pause)\n"
        "os.kill(pid, signal.SIGKILL)\n"
        "try:\n"
        "    embed.embed(['where is my order'])\n"
        "except embeddings.ModelProcessStopped as exc:\n"
        "    print(str(exc))\n"
        "print(embed.embed(['where is my order']).shape)\n"
    )
    done = _python(code)
    assert done.returncode == 0, done.stderr
    said, shape = done.stdout.strip().splitlines()
    assert "stopped (out of memory?)" in said and said.endswith("or use --features words")
    assert shape == "(1, 384)"


@needs_model
@pytest.mark.parametrize("busy", [False, True], ids=["idle", "busy"])
def test_ctrl_c_ends_the_model_process_at_once_and_quietly(busy: bool) -> None:
    """Ctrl-C reaches the whole process group (`kbgen serve` with the model idle, `kbgen
    mine` while it embeds): the caller stops at once rather than waiting for the model's
    answer, and the model's process prints no traceback of its own."""
    work = (
        "embeddings.encode([f'where is my order {i}' for i in range(200_000)])\n"
        if busy
        else "time.sleep(120)\n"
    )
    code = (
        "import os, signal, threading, time\n"
        "from kbgen import embeddings\n"
        "embeddings.submit(os.getpid).result()  # started\n"
        "threading.Timer(3, os.killpg, (0, signal.SIGINT)).start()  # as a terminal's Ctrl-C\n"
        + work
    )
    start = time.monotonic()
    done = _python(code, start_new_session=True)
    assert done.returncode != 0 and done.stderr.count("Traceback") == 1, done.stderr
    assert "SpawnProcess" not in done.stderr and "leaked" not in done.stderr, done.stderr
    assert time.monotonic() - start < 60  # 200,000 texts take many minutes


@needs_model
def test_the_model_in_bfloat16_gives_the_float32_vectors_to_within_rounding() -> None:
    """Where the CPU has bfloat16 the model runs in it (1.8x as fast); its vectors must be
    the float32 ones for every purpose (grouping, matching, the site's tables). Run in a
    process of its own, as the model always is."""
    code = (
        "import numpy as np\n"
        "from kbgen import embeddings\n"
        "texts = ['my password doesnt work', 'is this a scam? the payment went through but "
        "no download and nobody answers', 'The download link has expired', 'refund']\n"
        "embeddings.bf16_native = lambda: True\n"
        "fast = embeddings._encode_here(texts, 2, 1)\n"
        "embeddings.bf16_native = lambda: False\n"
        "slow = embeddings._encode_here(texts, 2, 1)\n"
        "print(fast.dtype, slow.dtype, np.abs(fast - slow).max() > 0,\n"
        "      np.einsum('ij,ij->i', fast, slow).min() > 0.999)\n"
    )
    done = _python(code)
    assert done.returncode == 0, done.stderr
    # float32 both, different (it did run in another precision), the same for every purpose
    assert done.stdout.split() == ["float32", "float32", "True", "True"]


def test_float32_can_be_asked_for(monkeypatch: pytest.MonkeyPatch) -> None:
    from kbgen import embeddings

    embeddings.bf16_native.cache_clear()
    monkeypatch.setenv(embeddings.FP32_ENV, "1")
    try:
        assert embeddings.bf16_native() is False
    finally:
        embeddings.bf16_native.cache_clear()
