"""A generated knowledge base where a few common words occur in most articles, as on a large
help site ("card", "account" in thousands of articles): the case where scoring every match
is slow and cutting to the top k has something to cut."""

from __future__ import annotations

import random
from pathlib import Path

COMMON = ("card", "account", "payment", "money", "app", "help", "still", "order")
TOPICS = (
    "refund",
    "delivery",
    "password",
    "transfer",
    "limit",
    "fee",
    "statement",
    "pin",
    "freeze",
    "address",
    "currency",
    "cashback",
    "invoice",
    "receipt",
    "dispute",
    "phone",
    "email",
    "verify",
    "identity",
    "travel",
    "abroad",
    "contactless",
    "wallet",
    "cheque",
    "overdraft",
    "interest",
    "savings",
    "loan",
    "mortgage",
    "pension",
    "tax",
    "gift",
)
CATEGORIES = ("cards", "payments", "account", "security")


def write_kb(content: Path, count: int, seed: int = 3) -> list[str]:
    """Write `count` articles under content/<category>/ and return some queries for them."""
    rng = random.Random(seed)
    for category in CATEGORIES:
        (content / category).mkdir(parents=True, exist_ok=True)
        (content / category / "index.md").write_text(
            f"---\ntitle: {category.capitalize()}\n---\n", encoding="utf-8"
        )
    for i in range(count):
        topic = rng.sample(TOPICS, 2)
        common = rng.sample(COMMON, 3)
        title = f"{topic[0].capitalize()} {common[0]} {topic[1]} {i}"
        body = " ".join(
            f"The {rng.choice(COMMON)} {rng.choice(TOPICS)} needs {rng.choice(COMMON)} "
            f"{'and ' + rng.choice(TOPICS) if rng.random() < 0.5 else 'today'}."
            for _ in range(rng.randint(3, 12))
        )
        (content / CATEGORIES[i % len(CATEGORIES)] / f"article-{i}.md").write_text(
            "---\n"
            f"title: {title}\n"
            f"summary: What to do about the {common[1]} {topic[0]}, in plain steps.\n"
            f"symptoms:\n  - my {common[2]} {topic[1]} does not work\n"
            f"  - {rng.choice(COMMON)} {rng.choice(TOPICS)} problem\n"
            f"tags: [{topic[0]}, {common[0]}]\n"
            "---\n"
            f"## Quick fix\n\n{body}\n",
            encoding="utf-8",
        )
    queries = [*COMMON, "card account", "my card still hasnt arrived", "money help app order"]
    queries += [f"{rng.choice(COMMON)} {rng.choice(TOPICS)}" for _ in range(12)]
    queries += [f"{rng.choice(COMMON)} {rng.choice(COMMON)} {rng.choice(TOPICS)}" for _ in range(8)]
    queries += ["acount", "paymnt refund", "car", "acc", "card ref", "please help", "xylophone"]
    return queries
