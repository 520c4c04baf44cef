"""Does `kbgen mine` group questions, not boilerplate? Scored on exports it has not seen.

Generates Zendesk-JSON exports whose questions are BANKING77 questions (so every ticket
has a known intent) dressed as tickets with the boilerplate real exports carry: greetings,
signature blocks with names, generic subjects ("Help", "(no subject)"), personal data,
plus tickets that ask nothing (thank-you replies, bare links, auto-replies, out-of-office
notices, greetings, empty bodies). Then runs the whole `kbgen mine` pipeline on each with
its defaults and prints:

* NMI of the groups against the intents (question tickets; "no group" is one cluster);
* groups found against the true intents, and intents split over several groups (a group
  holding at least 10% of an intent's tickets counts);
* the share of the top-10 labels that are a real customer question (a sentence, or the
  start of one, from the intent questions: not a signature, a name or a generic subject);
* not-a-question tickets counted, and how many of them still ended in a group.

Two exports with nothing in common, so one can be tuned on and the other reported:

* ``tune``: intents of one half of BANKING77 (train.csv questions), boilerplate set A;
* ``report``: the other half of the intents (test.csv questions), boilerplate set B.

    .venv/bin/python bench/mine_boilerplate.py [--sets tune report] [--tickets 4000]

Set PYTHONPATH to another checkout to score an older kbgen on the same exports.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import tempfile
import time
from collections import Counter, defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
from shared_data import shared_data
from sklearn.metrics import normalized_mutual_info_score

DATA = shared_data("banking77")

FIRST = ["Mark", "Priya", "Olga", "Tomás", "Aisha", "Lukas", "Mei", "Daniel", "Fatima",
         "Jonas", "Grace", "Ravi", "Sofia", "Kwame", "Elena", "Hugo", "Yuki", "Nadia", "Pedro",
         "Ingrid"]  # fmt: skip
LAST = ["Silva", "Kowalski", "Okafor", "Nguyen", "Hansen", "Fischer", "Moreau", "Patel",
        "Larsen", "Rossi", "Brennan", "Haddad", "Svensson", "Mensah", "Ortega",
        "Tanaka"]  # fmt: skip

# Boilerplate sets: what tickets carry besides the question. A is tuned on, B reported on.
SETS = {
    "A": {
        "greetings": ["Hi,", "Hello team,", "Hi {agent},", "Good morning,", ""],
        "signatures": [
            "Thanks,\n{first}",
            "Kind regards,\n{first} {last}\n{phone}",
            "{first} {last}\n{company}\n{phone}",
            "Please help ASAP\n{first} {last}\n{email}",
            "Sent from my iPhone",
            "--\n{first} {last} | Owner | {company}",
            "",
        ],
        "subjects": ["Help", "Question", "(no subject)", "Problem", "Issue with my account"],
        "personal": ["My order number is #{order}.", "My email is {email}.", ""],
        "companies": ["Silva Design Studio", "Okafor Prints", "Nguyen Photo", "Hansen Bakery"],
        "not_questions": [
            ("thanks", "Re: {subject}", "Thanks guys!"),
            ("thanks", "Re: {subject}", "Worked 👌"),
            ("thanks", "Re: {subject}", "That worked, thank you so much!\n\n{first}"),
            ("link", "{subject}", "https://bit.ly/3xYz{n}"),
            ("link", "Re: {subject}", "see https://imgur.com/a/Xy{n}"),
            (
                "auto-reply",
                "Automatic reply: {subject}",
                "Thank you for your email. This is an automated reply to confirm we received "
                "your message.",
            ),
            (
                "out-of-office",
                "Out of Office: {subject}",
                "I am out of the office until Monday with limited access to email.\n\n{first}",
            ),
            ("greeting", "Hi", "Hello?"),
            ("empty", "(no subject)", ""),
        ],
    },
    "B": {
        "greetings": [
            "Dear Support,",
            "Hey there!",
            "Hiya {agent},",
            "To whom it may concern,",
            "",
        ],
        "signatures": [
            "Best wishes\n{first}",
            "{first} {last}\nCustomer since 2019\n{phone}",
            "Cheers\n{first} {last}\n{company} Ltd\nwww.{domain}.com",
            "Looking forward to your reply.\n{first}",
            "Sent from Yahoo Mail on Android",
            "Get Outlook for iOS",
            "{first} {last}\nThis message may contain confidential information. If you are not "
            "the intended recipient, please delete it.",
            "Regards\n{first} {last}\nDirector, {company}",
            "",
        ],
        "subjects": ["Support request", "Need help", "Inquiry", "Hello", "Account issue", "Query"],
        "personal": ["Account ref {order}.", "You can reach me on {phone}.", ""],
        "companies": ["Larsen Tiles", "Rossi Imports", "Mensah Media", "Tanaka Garden Supplies"],
        "not_questions": [
            ("thanks", "Re: {subject}", "Cheers, all good now"),
            ("thanks", "Re: {subject}", "Got it, thanks!"),
            ("thanks", "Re: {subject}", "Perfect, sorted 👍\n\n{first} {last}"),
            ("link", "{subject}", "https://drive.google.com/file/d/1AbC{n}/view"),
            (
                "auto-reply",
                "Re: {subject}",
                "Your request #{order} has been received and is being reviewed by our team. "
                "Please do not reply to this email.",
            ),
            (
                "out-of-office",
                "Automatic reply: {subject}",
                "I'm on annual leave until 3 March, returning on Monday. For anything urgent "
                "contact {colleague}.",
            ),
            ("greeting", "Hello", "Hi there"),
            ("empty", "Re: {subject}", ""),
        ],
    },
}
EXPORTS = {  # name: (boilerplate set, intent half, BANKING77 file)
    "tune": ("A", 0, "train.csv"),
    "report": ("B", 1, "test.csv"),
}


def intents_of(half: int, file: str) -> dict[str, list[str]]:
    with (DATA / file).open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    names = sorted({r["category"] for r in rows})
    keep = set(names[half::2])
    out: dict[str, list[str]] = defaultdict(list)
    for r in rows:
        if r["category"] in keep:
            out[r["category"]].append(r["text"])
    return dict(out)


def make_export(name: str, n: int, seed: int = 9) -> tuple[dict, dict[int, str], dict]:
    """A Zendesk export, the truth per ticket id (an intent or "not:<kind>"), and the
    intent questions (for checking labels)."""
    set_name, half, file = EXPORTS[name]
    bp = SETS[set_name]
    rng = random.Random(seed)
    intents = intents_of(half, file)
    names = sorted(intents)
    people = []
    for i in range(max(40, n // 3)):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        people.append((first, last, f"{first.lower()}.{last.lower()}{i}@mail.example"))
    start = datetime(2026, 1, 1, tzinfo=UTC)
    tickets, users, truth = [], {}, {}
    for i in range(n):
        person = people[int(len(people) * rng.random() ** 2)]
        first, last, email = person
        uid = 50_000 + people.index(person)
        users[uid] = person
        fill = {
            "first": first,
            "last": last,
            "email": email,
            "agent": rng.choice(["Anna", "Sam", "team"]),
            "phone": f"+44 7700 9{rng.randrange(10**5):05d}",
            "company": rng.choice(bp["companies"]),
            "domain": last.lower() + "shop",
            "order": f"{rng.randrange(10**5, 10**6)}",
            "n": rng.randrange(100, 999),
            "colleague": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
        }
        tid = 1000 + i
        if rng.random() < 0.12:
            kind, subject, body = rng.choice(bp["not_questions"])
            fill["subject"] = rng.choice(bp["subjects"] + ["your order"])
            subject, body = subject.format(**fill), body.format(**fill)
            truth[tid] = f"not:{kind}"
        else:
            intent = rng.choice(names)
            question = rng.choice(intents[intent])
            truth[tid] = intent
            parts = [rng.choice(bp["greetings"]).format(**fill)]
            personal = rng.choice(bp["personal"]).format(**fill)
            q = question if question.rstrip().endswith(("?", ".", "!")) else question + "."
            parts.append(f"{q} {personal}".strip() if rng.random() < 0.6 else f"{personal} {q}")
            parts.append(rng.choice(bp["signatures"]).format(**fill))
            body = "\n\n".join(p.strip() for p in parts if p.strip())
            r = rng.random()
            subject = rng.choice(bp["subjects"]) if r < 0.6 else (question[:50] if r < 0.8 else "")
        when = start + timedelta(days=rng.randrange(120), minutes=rng.randrange(600))
        tickets.append(
            {
                "id": tid,
                "created_at": when.strftime("%Y-%m-%dT%H:%M:%SZ"),
                "subject": subject,
                "description": body,
                "requester_id": uid,
                "via": {"channel": "email"},
            }
        )
    export = {
        "tickets": tickets,
        "users": [{"id": u, "name": f"{p[0]} {p[1]}", "email": p[2]} for u, p in users.items()],
        "next_page": None,
        "end_of_stream": True,
    }
    return export, truth, intents


_WORD = re.compile(r"[a-z0-9']+")


def is_real_question(label: str, questions: list[str]) -> bool:
    """The label is (the start of) a sentence customers asked: at least three of its words,
    in order, found in one intent question, and no name or generic subject in it."""
    text = label.rstrip("…").strip().lower()
    words = _WORD.findall(text)
    if len(words) < 3 or any(w.lower() in text.split() for w in (*FIRST, *LAST)):
        return False
    needle = " ".join(words)
    return any(needle in " ".join(_WORD.findall(q.lower())) for q in questions)


def score(name: str, n: int, work: Path) -> dict:
    from kbgen.mine.pipeline import run
    from kbgen.mine.run_model import MineOptions

    export, truth, intents = make_export(name, n)
    path = work / f"{name}.json"
    path.write_text(json.dumps(export), encoding="utf-8")
    start = time.perf_counter()
    result = run(
        MineOptions(
            exports=[path],
            kb=work / "no-content",
            out=work / f"out-{name}",
            store=work / f"{name}.db",
        )
    )
    took = time.perf_counter() - start
    with (work / f"out-{name}" / "assignments.csv").open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        next(reader)
        group = {int(row[0].rsplit("/", 1)[1]): int(row[1]) for row in reader}
    ids = sorted(truth)
    asked = [t for t in ids if not truth[t].startswith("not:")]
    names = sorted(intents)
    y = np.array([names.index(truth[t]) for t in asked])
    g = np.array([group.get(t, -1) for t in asked])
    per_intent: dict[int, Counter] = defaultdict(Counter)
    for yi, gi in zip(y, g, strict=True):
        if gi >= 0:
            per_intent[yi][gi] += 1
    spread = []
    for yi in range(len(names)):
        total = int((y == yi).sum())
        spread.append(sum(1 for c in per_intent[yi].values() if c >= max(2, 0.1 * total)))
    questions = [q for qs in intents.values() for q in qs]
    top = [f.cluster.label for f in result.findings[:10]]
    not_q = [t for t in ids if truth[t].startswith("not:")]
    summary = result.summary
    return {
        "nmi": float(normalized_mutual_info_score(y, g)),
        "groups": len(result.findings),
        "intents": len(names),
        "split": sum(1 for s in spread if s > 1),
        "max_split": max(spread),
        "top10_real": sum(is_real_question(lab, questions) for lab in top) / max(len(top), 1),
        "top10": top,
        "not_q_true": len(not_q),
        "not_q_counted": summary.get("not_questions"),
        "not_q_grouped": sum(1 for t in not_q if group.get(t, -1) >= 0),
        "questions_ungrouped": float((g < 0).mean()),
        "seconds": took,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", nargs="+", default=list(EXPORTS), choices=list(EXPORTS))
    parser.add_argument("--tickets", type=int, default=4000)
    parser.add_argument("--labels", action="store_true", help="print the top-10 labels")
    args = parser.parse_args()
    for name in args.sets:
        with tempfile.TemporaryDirectory(prefix="kbgen-bp-") as tmp:
            s = score(name, args.tickets, Path(tmp))
        print(
            f"{name:<7} NMI {s['nmi']:.3f} | {s['groups']} groups for {s['intents']} intents "
            f"({s['groups'] / s['intents']:.2f}x) | {s['split']} intents split (max over "
            f"{s['max_split']}) | top-10 labels real questions {s['top10_real']:.0%} | "
            f"not a question: {s['not_q_counted']} counted of {s['not_q_true']}, "
            f"{s['not_q_grouped']} grouped | questions in no group {s['questions_ungrouped']:.1%}"
            f" | {s['seconds']:.1f}s",
            flush=True,
        )
        if args.labels:
            for i, label in enumerate(s["top10"], 1):
                print(f"    {i:>2}. {label}")


if __name__ == "__main__":
    main()
