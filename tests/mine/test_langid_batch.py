"""Telling many tickets' languages at once gives what telling each one alone gives."""

from __future__ import annotations

from pathlib import Path

from kbgen.mine.langid_batch import classify_all
from kbgen.mine.language import LanguageDetector, _clip, _restricted, detection_text

SETS = Path(__file__).resolve().parents[2] / "bench" / "lang_sets"


def _texts() -> list[str]:
    texts = []
    for name in ("tune.tsv", "held_out.tsv"):
        for line in (SETS / name).read_text(encoding="utf-8").splitlines():
            if line and not line.startswith("#"):
                texts.append(line.split("\t", 1)[1])
    # Edge cases: nothing to tell by, one letter, capitals only, long and multi-byte text,
    # mixed languages (the two best scores close together).
    texts += ["", "1234 5678", "x", "MY PASSWORD DOES NOT WORK", "ñ" * 200, "é" * 3]
    texts += ["hallo merci gracias thanks dank", "ok", "Danke! Thanks! Merci!", "la la la"]
    texts += [t.upper() for t in texts[:20]] + [" ".join(texts[i : i + 4]) for i in range(40)]
    return texts


def test_batch_tells_each_text_what_classify_tells() -> None:
    languages = ("de", "en", "es", "fr", "nl")
    model = _restricted(languages)
    texts = _texts()
    assert len(texts) > 300
    expected = [model.classify(t)[0] for t in texts]
    assert classify_all(model, texts) == expected
    assert len(set(expected)) == 5  # every language among them
    # In any order and batch size: each text's answer is its own.
    assert classify_all(model, texts[::-1]) == expected[::-1]
    assert classify_all(model, texts[5:6]) == expected[5:6]


def test_detect_all_matches_detect() -> None:
    detector = LanguageDetector.for_site(["en", "de"], "en")
    texts = _texts() + ["[email] [phone]", "Help. [name]"] * 3
    assert detector.detect_all(texts) == [detector.detect(t) for t in texts]
    assert _clip(detection_text("a" * 500)) == "a" * 120
