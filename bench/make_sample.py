"""Synthetic ticket exports: the bundled sample and large benchmark files.

    python bench/make_sample.py                    # rewrites kbgen/samples/sample-zendesk.json
    python bench/make_sample.py --banking77 bench.csv --tickets 1000000 [--data DIR]
    from make_sample import write_banking77        # with bench/ on sys.path
    write_banking77(Path("bench.csv"), 1_000_000)  # BANKING77 questions dressed as tickets

Everything is generated from a fixed seed: the same call always writes the same file. All
names, addresses and numbers are made up.

The sample carries what real exports carry besides questions, so `kbgen mine` shows how it
copes: signature blocks with names, titles and phone numbers; generic subjects ("Help",
"Question", "(no subject)"); thank-you replies; bare links; auto-replies and out-of-office
notices; and HTML character references (`&#39;`, `&amp;`, `&lt;`) in plain-text bodies.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

from shared_data import BANKING77, REPO

SAMPLE = REPO / "kbgen" / "samples" / "sample-zendesk.json"

# Questions customers of a shop selling downloadable products ask, in their own words.
# (topic, weight, phrasings); the last three topics have no article in the starter content.
TOPICS: list[tuple[str, int, list[str]]] = [
    (
        "password-not-working",
        14,
        [
            "My password doesn't work, it says invalid username or password",
            "pasword wont work even though I typed it right",
            "it keeps saying my login is wrong",
            "I can't log in, the password is rejected every time",
            "Why does it say incorrect password? I copied it from the email",
        ],
    ),
    (
        "case-sensitive",
        6,
        [
            "Does it matter if I type capital letters in the password?",
            "I typed my password in small letters and it fails, is it case sensitive?",
            "caps lock was on, is that why my password doesnt work",
        ],
    ),
    (
        "reset-password",
        8,
        [
            "I forgot my password, how do I reset it?",
            "forgot password and the reset link never arrives",
            "How can I change my password?",
        ],
    ),
    (
        "download-corrupt",
        10,
        [
            "The file I downloaded is corrupt",
            "download is broken, it says the archive is damaged",
            "the file seems corrupted, it stops at 99%",
            "My download is only 2 KB and won't open",
        ],
    ),
    (
        "download-wont-open",
        10,
        [
            "I can't open the ZIP file",
            "file wont open on my computer, what program do I need",
            "How do I unzip the download on my Mac?",
            "double clicking the download does nothing",
        ],
    ),
    (
        "download-link-expired",
        9,
        [
            "The download link expired before I could use it",
            "link says expired, can you send a new one?",
            "my download link doesnt work anymore",
        ],
    ),
    (
        "download-limit-reached",
        5,
        [
            "It says download limit reached",
            "I downloaded it 3 times and now it says no downloads left",
        ],
    ),
    (
        "download-on-phone",
        4,
        [
            "How do I download on my iPhone?",
            "can i get the files on my android phone",
        ],
    ),
    (
        "refund-request",
        7,
        [
            "I want a refund please",
            "Can I get my money back? The product is not what I expected",
            "how do I ask for a refund",
        ],
    ),
    (
        "charged-twice",
        6,
        [
            "I was charged twice for the same order",
            "there are two payments on my card for one purchase",
            "double charge on my bank statement",
        ],
    ),
    (
        "no-order-confirmation",
        6,
        [
            "I paid but got no confirmation email",
            "never received the order email with my download",
            "where is my receipt? nothing arrived",
        ],
    ),
    (
        "is-this-a-scam",
        3,
        [
            "I got an email asking me to log in, is this a scam?",
            "is this email really from you or is it phishing?",
        ],
    ),
    (
        "gift-cards",
        4,
        [
            "Do you sell gift cards?",
            "can I buy a voucher for a friend",
            "Is it possible to give a product as a gift?",
        ],
    ),
    (
        "commercial-licence",
        5,
        [
            "Can I use the font commercially?",
            "Does the licence allow use in a logo for my business?",
            "what licence do I need for commercial use of the templates",
        ],
    ),
    (
        "vat-invoice",
        4,
        [
            "I need an invoice with my company VAT number",
            "can you add our VAT ID to the invoice?",
            "invoice for my business with VAT please",
        ],
    ),
]

FIRST = [
    "Anna",
    "John",
    "Maria",
    "Piet",
    "Sofia",
    "Liam",
    "Chloe",
    "Omar",
    "Yuki",
    "Grace",
    "Tom",
    "Ines",
    "Lars",
    "Nadia",
    "Ben",
    "Aisha",
    "Marco",
    "Eva",
    "Raj",
    "Lucy",
]
LAST = [
    "Smith",
    "Jansen",
    "Lopez",
    "Miller",
    "Okafor",
    "Dubois",
    "Rossi",
    "Kowalski",
    "Nguyen",
    "Brown",
    "Fischer",
    "Silva",
]
GREETINGS = [
    "Hi there,",
    "Hello,",
    "Hi,",
    "Dear Support,",
    "Hello {first},",
    "Hey,",
    "",
    "",
    "Good morning,",
    "Hi team,",
]
COMPANIES = ["Silva Design Studio", "Miller & Sons Bakery", "Okafor Prints", "Nguyen Photo"]
SIGNOFFS = [
    "Thanks,\n{first}",
    "Kind regards,\n{first} {last}",
    "Best regards,\n{first} {last}\n{phone}",
    "Cheers, {first}",
    "Thank you!",
    "",
    "",
    "Sent from my iPhone",
    "--\n{first} {last}\n{phone}",
    "Many thanks,\n{first}",
]
# The bundled sample's sign-offs also have signature blocks, as mail clients add them.
SAMPLE_SIGNOFFS = [
    *SIGNOFFS,
    "Best,\n{first} {last}\n{company}\nMobile: {phone}",
    "Regards\n\n{first} {last} | Owner | {company}\nTel {phone}",
    "Thanks in advance\n{first}\n\nSent from my iPhone",
    "{first} {last}\n{company}\nThis email and any attachments are confidential.",
]
GENERIC_SUBJECTS = [
    "Help", "Problem", "Question", "Urgent!!", "Download", "Account", "(no subject)", "Hi",
    "Re: Your order", "Fwd: download",
]  # fmt: skip
# Tickets that ask nothing: replies, notices and links. (kind, subject, body)
NOT_QUESTIONS: list[tuple[str, str, str]] = [
    ("thanks", "Re: {subject}", "Thanks, that worked!"),
    ("thanks", "Re: {subject}", "Thank you so much!!\n\n{first}"),
    ("thanks", "Re: {subject}", "Worked 👌"),
    ("thanks", "Re: {subject}", "Great, all sorted now. Thanks guys!\n\nSent from my iPhone"),
    ("thanks", "Re: {subject}", "Got it, thank you."),
    (
        "auto-reply",
        "Automatic reply: {subject}",
        "I am out of the office until Monday with limited access to email. For urgent matters "
        "please contact my colleague {colleague} at {colleague_email}.\n\n{first} {last}",
    ),
    (
        "auto-reply",
        "Out of Office: {subject}",
        "Thank you for your email. I'm away on holiday and will reply when I'm back.",
    ),
    (
        "auto-reply",
        "Auto: Re: {subject}",
        "This is an automated message: your email has been received by {company}.",
    ),
    ("link", "(no subject)", "https://drive.example.com/file/d/1aB2cD3eF4/view"),
    ("link", "Help", "https://pixelandco.example/account/orders"),
    ("link", "", "http://bit.example/3xYz9"),
]


def _card(rng: random.Random) -> str:
    digits = [4] + [rng.randint(0, 9) for _ in range(14)]
    for check in range(10):
        full = digits + [check]
        total = sum(
            (d * 2 - 9 if d > 4 else d * 2) if i % 2 else d for i, d in enumerate(reversed(full))
        )
        if total % 10 == 0:
            s = "".join(map(str, full))
            return " ".join(s[i : i + 4] for i in range(0, 16, 4))
    raise AssertionError


def _personal(rng: random.Random, first: str, last: str, email: str) -> str:
    """A sentence with personal data in it, as customers write them."""
    return rng.choice(
        [
            f"My order number is BL-2026-{rng.randint(1, 9999):04d}.",
            f"Order #{rng.randint(10000, 99999)}.",
            f"You can reach me at {email} or {_phone(rng)}.",
            f"My password is {rng.choice(['Sunshine', 'Tulip', 'Rocket'])}{rng.randint(10, 99)}!",
            f"I paid with my card {_card(rng)}.",
            f"I'm {first} {last}, I bought it last week.",
            f"My IP is {rng.randint(11, 223)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}.9.",
            f"I live at 12 High Street, London SW1A {rng.randint(1, 9)}AA.",
            f"my name is {first.lower()} {last.lower()}.",
            "",
            "",
            "",
        ]
    )


def _phone(rng: random.Random) -> str:
    return rng.choice(
        [
            f"+44 20 {rng.randint(1000, 9999)} {rng.randint(1000, 9999)}",
            f"06{rng.randint(10000000, 99999999)}",
            f"({rng.randint(200, 999)}) {rng.randint(200, 999)}-{rng.randint(1000, 9999)}",
        ]
    )


def _customers(rng: random.Random, n: int) -> list[tuple[str, str, str]]:
    people = []
    for i in range(n):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        domain = rng.choice(["example.com", "example.org", "mail.example", "example.net"])
        people.append((first, last, f"{first.lower()}.{last.lower()}{i}@{domain}"))
    return people


def _entities(text: str) -> str:
    """The text as some help desks export plain-text bodies: with character references."""
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;")
    )


def _dress(
    rng: random.Random,
    question: str,
    person: tuple[str, str, str],
    signoffs: list[str] = SIGNOFFS,
) -> str:
    """Wrap a question in the greeting, personal data and sign-off of a real ticket."""
    first, last, email = person
    greeting = rng.choice(GREETINGS).format(first=rng.choice(["Anna", "Sam", "team"]))
    extra = _personal(rng, first, last, email)
    company = COMPANIES[len(last) % len(COMPANIES)]
    signoff = rng.choice(signoffs).format(
        first=first, last=last, phone=_phone(rng), company=company
    )
    text = question if question.endswith(("?", ".", "!")) else question + "."
    if extra:
        text = f"{text} {extra}" if rng.random() < 0.6 else f"{extra} {text}"
    parts = [p for p in (greeting, text, signoff) if p]
    return "\n\n".join(parts)


def sample_tickets(n: int = 480, seed: int = 2026) -> dict:
    """A Zendesk Incremental Export document with n tickets over six months of 2026."""
    rng = random.Random(seed)
    people = _customers(rng, 220)
    repeaters = people[:25]  # a few customers write again and again
    start = datetime(2026, 1, 1, 8, tzinfo=UTC)
    weights = [w for _, w, _ in TOPICS]
    tickets, users = [], {}
    for i in range(n):
        topic, _, phrasings = rng.choices(TOPICS, weights)[0]
        # link-expired tickets grow over the half year: a trend for the report to show
        if topic == "download-link-expired":
            day = int(181 * rng.random() ** 0.5)
        else:
            day = rng.randrange(181)
        when = start + timedelta(days=day, minutes=rng.randrange(600))
        person = rng.choice(repeaters) if rng.random() < 0.3 else rng.choice(people)
        uid = 10_000 + people.index(person)
        users[uid] = person
        question = rng.choice(phrasings)
        subject = question if rng.random() < 0.4 else rng.choice([*GENERIC_SUBJECTS, question[:40]])
        body = _dress(rng, question, person, SAMPLE_SIGNOFFS)
        if rng.random() < 0.12:  # a reply, a notice or a link: no question in it
            _kind, subject_form, body_form = rng.choice(NOT_QUESTIONS)
            colleague = rng.choice(people)
            subject = subject_form.format(subject=subject)
            body = body_form.format(
                first=person[0],
                last=person[1],
                company=rng.choice(COMPANIES),
                colleague=f"{colleague[0]} {colleague[1]}",
                colleague_email=colleague[2],
            )
        elif rng.random() < 0.08:  # exported with character references
            body = _entities(body + rng.choice(["", "\n\n<image001.png>"]))
        tickets.append(
            {
                "url": f"https://pixelandco.zendesk.com/api/v2/tickets/{1000 + i}.json",
                "id": 1000 + i,
                "via": {"channel": rng.choice(["email", "web"])},
                "created_at": when.strftime("%Y-%m-%dT%H:%M:%SZ"),
                "updated_at": (when + timedelta(hours=5)).strftime("%Y-%m-%dT%H:%M:%SZ"),
                "type": "question",
                "subject": subject,
                "description": body,
                "status": "solved",
                "requester_id": uid,
                "submitter_id": uid,
                "tags": [topic.split("-")[0]],
            }
        )
    tickets.sort(key=lambda t: t["created_at"])
    # a couple of malformed tickets, as real exports have
    tickets.insert(
        57,
        {
            "id": 9001,
            "created_at": "31/02/2026 25:00",
            "subject": "Download",
            "description": "cannot download",
            "requester_id": 10_001,
            "via": {"channel": "web"},
        },
    )
    tickets.insert(
        211,
        {
            "id": 9002,
            "created_at": "2026-03-03T10:00:00Z",
            "subject": "",
            "description": "",
            "requester_id": 10_002,
            "via": {"channel": "web"},
        },
    )
    return {
        "tickets": tickets,
        "users": [{"id": uid, "name": f"{p[0]} {p[1]}", "email": p[2]} for uid, p in users.items()],
        "next_page": None,
        "count": len(tickets),
        "end_of_stream": True,
    }


def write_sample(path: Path = SAMPLE, n: int = 480, seed: int = 2026) -> Path:
    path.write_text(json.dumps(sample_tickets(n, seed), indent=1) + "\n", encoding="utf-8")
    return path


def banking77_texts(folder: Path = BANKING77) -> list[str]:
    texts = []
    for name in ("train.csv", "test.csv"):
        with (folder / name).open(encoding="utf-8", newline="") as fh:
            texts.extend(row["text"] for row in csv.DictReader(fh))
    return texts


def banking77_rows(n: int, seed: int = 77, folder: Path = BANKING77) -> Iterator[tuple]:
    """n tickets (id, created, email, subject, body) from BANKING77 questions, with greetings,
    signatures, personal data, repeat customers and a year of dates."""
    rng = random.Random(seed)
    texts = banking77_texts(folder)
    people = _customers(rng, max(50, n // 4))
    start = datetime(2025, 1, 1, tzinfo=UTC)
    for i in range(n):
        person = people[int(len(people) * rng.random() ** 2)]  # some customers write often
        when = start + timedelta(seconds=rng.randrange(365 * 86_400))
        body = _dress(rng, rng.choice(texts), person)
        yield i + 1, when.strftime("%Y-%m-%d %H:%M:%S"), person[2], "", body


def write_banking77(
    path: Path, n: int, fmt: str = "csv", seed: int = 77, folder: Path = BANKING77
) -> Path:
    """Write n benchmark tickets as a generic CSV (id, created, email, subject, body) or NDJSON."""
    rows = banking77_rows(n, seed, folder)
    with path.open("w", encoding="utf-8", newline="") as fh:
        if fmt == "csv":
            w = csv.writer(fh)
            w.writerow(["id", "created", "email", "subject", "body"])
            w.writerows(rows)
        elif fmt == "ndjson":
            keys = ("id", "created", "email", "subject", "body")
            for row in rows:
                fh.write(json.dumps(dict(zip(keys, row, strict=True))) + "\n")
        else:
            raise ValueError(f"fmt must be csv or ndjson, not {fmt!r}")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(
        description="Write the bundled sample export or a BANKING77 benchmark export."
    )
    parser.add_argument("--banking77", type=Path, help="write a BANKING77 export here instead")
    parser.add_argument("--tickets", type=int, default=100_000, help="tickets in that export")
    parser.add_argument("--format", choices=("csv", "ndjson"), default="csv")
    parser.add_argument("--data", type=Path, default=BANKING77, help="the BANKING77 folder")
    args = parser.parse_args()
    if args.banking77:
        print(
            f"wrote {write_banking77(args.banking77, args.tickets, args.format, folder=args.data)}"
        )
    else:
        print(f"wrote {write_sample()}")


if __name__ == "__main__":
    main()
