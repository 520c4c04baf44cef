"""Realistic generated help articles for benchmarks, written from BANKING77 customer questions.

Each article answers one customer intent: its title and symptoms are real customer questions
of that intent, its body a few paragraphs of plain help-desk prose around the intent's words.
"""

from __future__ import annotations

import csv
import random
import re
from collections import defaultdict
from pathlib import Path

from shared_data import shared_data

BANKING77 = shared_data("banking77", "train.csv")
CATEGORIES = (
    "cards",
    "payments",
    "transfers",
    "account",
    "top-ups",
    "security",
    "fees",
    "exchange",
)
SENTENCES = (
    "First, check that you are signed in to the account you used when you {verb} it.",
    "Most of the time this is fixed in a few minutes: {topic} usually needs no more than that.",
    "If you see an error message, write it down exactly as it appears; it helps us find {topic}.",
    "Open the app, go to {place}, and look for {topic} near the top of the page.",
    "This can happen when {topic} is still being processed, which takes up to two working days.",
    "Still stuck? Tell us what you tried and we will look at {topic} for you.",
    "On a phone, pull down to refresh the page before you try again.",
    "We never ask for your full card number or your password by email.",
)
PLACES = ("Settings", "My account", "Payments", "Cards", "Activity", "Help")
VERBS = ("ordered", "set up", "made", "started", "requested", "changed")


def _questions() -> dict[str, list[str]]:
    by_intent: dict[str, list[str]] = defaultdict(list)
    with BANKING77.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            by_intent[row["category"]].append(row["text"].strip())
    return by_intent


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:50].strip("-") or "article"


def write_articles(content: Path, count: int, seed: int = 7) -> list[tuple[str, str]]:
    """Write `count` articles under content/<category>/; returns (slug, a customer question)."""
    rng = random.Random(seed)
    by_intent = _questions()
    intents = sorted(by_intent)
    made: list[tuple[str, str]] = []
    used: set[str] = set()
    for i in range(count):
        intent = intents[i % len(intents)]
        questions = by_intent[intent]
        title, *symptoms = rng.sample(questions, min(5, len(questions)))
        topic = intent.replace("_", " ")
        category = CATEGORIES[intents.index(intent) % len(CATEGORIES)]
        slug = _slug(title)
        if slug in used:
            slug = f"{slug}-{i}"
        used.add(slug)
        paragraphs = []
        for heading in ("Quick fix", "Step by step", "Why this happens"):
            lines = [
                rng.choice(SENTENCES).format(
                    topic=topic, place=rng.choice(PLACES), verb=rng.choice(VERBS)
                )
                for _ in range(4)
            ]
            lines.append(rng.choice(questions))
            paragraphs.append(f"## {heading}\n\n" + " ".join(lines))
        front = [
            "---",
            f"title: {_yaml(title)}",
            f"summary: {_yaml(f'What to do about {topic}, in a few plain steps.')}",
            "symptoms:",
            *[f"  - {_yaml(s)}" for s in symptoms[:4]],
            f"tags: [{', '.join(_yaml(t) for t in topic.split()[:3])}]",
            "---",
        ]
        folder = content / category
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{slug}.md").write_text(
            "\n".join(front) + "\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8"
        )
        made.append((slug, symptoms[0] if symptoms else title))
    for category in CATEGORIES:
        (content / category).mkdir(parents=True, exist_ok=True)
        (content / category / "index.md").write_text(
            f"---\ntitle: {category.replace('-', ' ').capitalize()}\n---\n", encoding="utf-8"
        )
    return made


def _yaml(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
