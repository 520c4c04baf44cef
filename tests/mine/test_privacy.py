"""No secret or personal data gets out of the tickets: planted in every export format kbgen
reads, looked for in every file `kbgen mine --drafts --publish` writes and in the store.

Each export (an Excel workbook and Excel's UTF-16 "Unicode Text" among them) is written here
the way its help desk writes it (vendor keys and columns, the customer's name in the vendor's
own field), with tickets that carry one planted string of each kind. The CLI runs once over
all of them, as an owner runs it, and every planted string is looked for in the DuckDB rows,
clusters.json, report.html, report.md, report.json (when written), assignments.csv,
rejected.csv, the drafts (text and file names) and content/_most-asked.yml.
"""

from __future__ import annotations

import calendar
import csv
import html
import json
import random
import re
import shutil
import string
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

import duckdb
import pytest

from kbgen.mine.redact import _FIRST_NAMES
from tests.support.cli import bare_env, kbgen
from tests.support.paths import REPO

START = datetime(2026, 3, 2, 9, tzinfo=UTC)

FIRST = [
    "Ottilie", "Leopold", "Henrike", "Bartholomew", "Philippa", "Casimir", "Rosalind",
    "Evander", "Marisol", "Thaddeus", "Ingeborg", "Lucian", "Perpetua", "Anselm", "Clementine",
    "Ignatius", "Wilhelmina", "Florian", "Seraphina", "Octavian",
    # Names that start with a letter outside A-Z, as many European customers' do.
    "Élodie", "Øystein", "Åsa", "Łukasz", "Ümit", "Ólafur",
]  # fmt: skip
LAST = [
    "Quigley", "Fairweather", "Oyelaran", "Vandermeer", "Castellanos", "Przybylski",
    "Achterberg", "Nakashima", "Lindqvist", "Abernathy", "Okonkwo", "Delacroix", "Haverkamp",
    "Tremblay", "Zielinski", "Marchetti", "Rasmussen", "Szabados", "Whitcombe", "Kowalczyk",
    "Østergaard", "Çelik", "Żukowski", "Ólafsdóttir", "Ébrard",
]  # fmt: skip

# The questions the planted tickets ask: one the starter content answers, three it doesn't
# (so drafts are written), each phrasing with a slot for a planted string inside the sentence.
QUESTIONS = [
    "My password doesn't work and I can't log in, {secret} what should I do?",
    "The download link expired before I could get the file, {secret} can you send a new one?",
    "Can I buy a gift voucher for a friend, {secret} is that possible?",
    "I need an invoice with my company VAT number on it, {secret} how do I get one?",
]


def _rand(rng: random.Random, chars: str, n: int) -> str:
    return "".join(rng.choice(chars) for _ in range(n))


ALNUM = string.ascii_letters + string.digits
UPPER = string.ascii_uppercase + string.digits


def _ascii(name: str) -> str:
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()


def _password(rng: random.Random) -> tuple[str, str]:
    value = _rand(rng, string.ascii_letters, 5) + _rand(rng, string.digits, 2) + rng.choice("!#$%")
    phrase = rng.choice(
        [
            "my password is {}",
            "pw: {}",
            "the password I use is {}",
            "login: bob / pass: {}",
            "my pass is {}",
            "password = {}",
            "pwd {}",
            "Passwort: {}",
            "mot de passe : {}",
            "contraseña: {}",
            "wachtwoord: {}",
            "Password was {}",
        ]
    )
    return value, phrase.format(value)


def _token(rng: random.Random) -> tuple[str, str]:
    kind = rng.randrange(7)
    if kind == 0:
        value = "sk_live_" + _rand(rng, ALNUM, 24)
    elif kind == 1:
        value = "ghp_" + _rand(rng, ALNUM, 36)
    elif kind == 2:
        value = "AKIA" + _rand(rng, UPPER, 16)
    elif kind == 3:
        value = f"xoxb-{_rand(rng, string.digits, 12)}-{_rand(rng, string.digits, 12)}-"
        value += _rand(rng, string.ascii_lowercase + string.digits, 24)
    elif kind == 4:
        value = "AIza" + _rand(rng, ALNUM + "_-", 35)
    elif kind == 5:
        value = "eyJhbGciOiJIUzI1NiJ9." + _rand(rng, ALNUM, 30) + "." + _rand(rng, ALNUM, 43)
    else:
        value = _rand(rng, ALNUM + "+/", 64)
        return value, (
            f"my key -----BEGIN RSA PRIVATE KEY----- {value} -----END RSA PRIVATE KEY-----"
        )
    return value, rng.choice(["the api key {}", "token: {}", "I pasted {}", "key={}"]).format(value)


def _licence(rng: random.Random) -> tuple[str, str]:
    alphabet = rng.choice([string.ascii_uppercase + string.digits, string.ascii_uppercase])
    value = "-".join(_rand(rng, alphabet, rng.choice([4, 5])) for _ in range(4))
    phrase = rng.choice(["my licence key {}", "licence key: {}", "product key is {}", "key {}"])
    return value, phrase.format(value)


def _obfuscated_email(rng: random.Random) -> tuple[str, str]:
    local = rng.choice(FIRST).lower() + "." + rng.choice(LAST).lower() + str(rng.randrange(99))
    provider = rng.choice(["gmail", "yahoo", "hotmail", "webmail"])
    form = rng.choice(
        [
            "{l} at {p} dot com",
            "{l} [at] {p} [dot] com",
            "{l}(at){p}.com",
            "{l} (at) {p} (dot) com",
            "{l} @ {p} . com",
        ]
    )
    return local, "write to " + form.format(l=local, p=provider)


def _name_mid(rng: random.Random) -> tuple[str, str]:
    first, last = rng.choice(FIRST), rng.choice(LAST)
    phrase = rng.choice(
        [
            f"my husband {first} {last} bought it",
            f"my wife {first} ordered it",
            f"it was ordered by {first} {last}",
            f"it is for my son {first}",
            f"my colleague {first} {last} paid",
            f"my mother, {first} {last}, bought it",
            f"the order is under the name {first} {last}",
        ]
    )
    return first, phrase


def _full_name(rng: random.Random) -> tuple[str, str]:
    """A full name no word introduces: caught when kbgen knows the first name."""
    first, last = rng.choice([f for f in FIRST if f.lower() in _FIRST_NAMES]), rng.choice(LAST)
    phrase = rng.choice(
        [
            f"please send the invoice to {first} {last}",
            f"the account is registered to {first} {last}",
            f"({first} {last}) bought it",
        ]
    )
    return last, phrase


def _phone(rng: random.Random) -> tuple[str, str]:
    d = _rand(rng, string.digits, 10)
    value = rng.choice(
        [
            f"+44 20 {d[:4]} {d[4:8]}",
            f"({d[:3]}) {d[3:6]}-{d[6:]}",
            f"0176 {d[:8]}",
            f"{d[:3]}-{d[3:6]}-{d[6:]}",
            f"+1 ({d[:3]}) {d[3:6]}-{d[6:]}",
            f"06 {d[:2]} {d[2:4]} {d[4:6]} {d[6:8]}",
            f"0{d[:3]}/{d[3:10]}",  # German: "0176/1234567"
        ]
    )
    return value, f"call me on {value}"


def _card(rng: random.Random) -> tuple[str, str]:
    digits = [4] + [rng.randrange(10) for _ in range(14)]
    for check in range(10):
        full = digits + [check]
        total = sum(
            (d * 2 - 9 if d > 4 else d * 2) if i % 2 else d for i, d in enumerate(reversed(full))
        )
        if total % 10 == 0:
            break
    value = " ".join("".join(map(str, full[i : i + 4])) for i in range(0, 16, 4))
    return value, f"card {value}"


def _birth_date(rng: random.Random) -> tuple[str, str]:
    day, month, year = rng.randint(1, 28), rng.randint(1, 12), rng.randint(1940, 2005)
    value = rng.choice(
        [
            f"{day:02d}/{month:02d}/{year}",
            f"{day} {calendar.month_name[month]} {year}",  # in words: "3 March 1985"
            f"{calendar.month_abbr[month]} {day}, {year}",
        ]
    )
    form = rng.choice(
        ["DOB {}", "date of birth: {}", "my date of birth is {}", "D.O.B. {}", "born on {}"]
    )
    return value, form.format(value)


def _address(rng: random.Random) -> tuple[str, str]:
    street = rng.choice(["Hauptstraße", "Calle Mayor", "Rua Augusta", "Lindenweg", "Piazza Navona"])
    value = f"{street} {rng.randint(1, 200)}"
    postcode = f"{rng.randint(10000, 99999)}"
    return value, f"send it to {value}, {postcode} {rng.choice(['Berlin', 'Madrid', 'Roma'])}"


def _handle(rng: random.Random) -> tuple[str, str]:
    # Handles are ASCII letters, digits and "_" (as the networks allow): "Élodie" is "elodie".
    first = _ascii(rng.choice(FIRST))
    value = f"{first.lower()}_{_rand(rng, string.ascii_lowercase, 5)}{rng.randrange(99)}"
    form = rng.choice(["my handle is @{}", "@{} here, any news?", "dm me at @{}"])
    return value, form.format(value)


def _email(rng: random.Random) -> tuple[str, str]:
    value = f"{rng.choice(FIRST).lower()}{rng.randrange(999)}@example.org"
    return value, f"mail me at {value}"


PLANTERS = {
    "password": _password,
    "api token / key": _token,
    "licence key": _licence,
    "obfuscated email": _obfuscated_email,
    "name mid-sentence": _name_mid,
    "full name": _full_name,
    "phone": _phone,
    "card": _card,
    "email": _email,
    "social media handle": _handle,
    "date of birth": _birth_date,
    "street address": _address,
}
SIGNATURES = [
    "Thanks,\n{first}",
    "Kind regards,\n{first} {last}",
    "{first} {last}",
    "Best,\n{first} {last}\nAcme Widgets Ltd",
    "cheers {first}",
    "thank you\n{first}",
    "signed, {first}",
    "xoxo {first}",
    "— {first} {last}",
]


@dataclass
class Planted:
    """The planted strings, by kind, and where they went."""

    by_kind: dict[str, set[str]] = field(default_factory=dict)

    def add(self, kind: str, value: str) -> None:
        self.by_kind.setdefault(kind, set()).add(value)


@dataclass
class Person:
    first: str
    last: str
    email: str


def make_tickets(fmt: str, rng: random.Random, planted: Planted) -> list[dict]:
    """Tickets (id, created, person, subject, body) for one export: every question asked by
    six customers, each ticket carrying planted strings of several kinds."""
    tickets = []
    base = 1000 * (FORMATS.index(fmt) + 1)  # ids unique across exports of the same help desk
    start = START
    kinds = list(PLANTERS)
    n = 0
    for q, question in enumerate(QUESTIONS):
        for k in range(6):
            n += 1
            person = Person(
                rng.choice(FIRST), rng.choice(LAST), f"cust-{fmt}-{n}@example.net".lower()
            )
            if fmt == "contact-form-csv" and n % 2:  # the name only in "anna.fischer1985@"
                person.email = f"{_ascii(person.first)}.{_ascii(person.last)}{n}@example.net"
            inside_kind = kinds[(q * 6 + k) % len(kinds)]
            value, phrase = PLANTERS[inside_kind](rng)
            planted.add(inside_kind, value)
            extra_kind = kinds[(q * 6 + k + 3) % len(kinds)]
            extra_value, extra_phrase = PLANTERS[extra_kind](rng)
            planted.add(extra_kind, extra_value)
            greeting = rng.choice(["Hi there,", "Hello,", f"Hi {rng.choice(FIRST)},", ""])
            signature = rng.choice(SIGNATURES).format(first=person.first, last=person.last)
            planted.add("requester name", person.first)
            planted.add("requester name", person.last)
            mention = rng.choice(
                [
                    f"It's {person.first} again.",
                    f"{person.first} here.",
                    # Typed small: the first name is caught as the signature's, the surname
                    # only as a name after "my name is".
                    f"my name is {person.first.lower()} {person.last.lower()}.",
                    "",
                    "",
                ]
            )
            body = "\n\n".join(
                p
                for p in (
                    greeting,
                    f"{mention} {question.format(secret=phrase)}".strip(),
                    f"Also {extra_phrase}.",
                    signature,
                )
                if p
            )
            if fmt == "contact-form-csv" and n % 3 == 0:  # a form's fields in the body
                body = (
                    f"First name: {person.first}\nLast name: {person.last}\n"
                    f"Message: {question.format(secret=phrase)}\nAlso {extra_phrase}."
                )
            subject = rng.choice(
                ["Help", f"Question from {person.first} {person.last}", question.split(",")[0]]
            )
            tickets.append(
                {
                    "id": f"{fmt}-{n}",
                    "num": base + n,
                    "created": start + timedelta(days=n, hours=k),
                    "person": person,
                    "subject": subject,
                    "body": body,
                }
            )
    # One row whose date field holds personal data: it goes to rejected.csv.
    value, phrase = _phone(rng)
    planted.add("phone", value)
    tickets.append(
        {
            "id": f"{fmt}-bad",
            "num": base + 999,
            "created": phrase,
            "person": Person("Ottilie", "Quigley", f"bad-{fmt}@example.net"),
            "subject": "Refund",
            "body": "I would like a refund please.",
        }
    )
    return tickets


def _iso(when: object) -> object:
    return when.isoformat() if isinstance(when, datetime) else when


def _csv(path: Path, header: list[str], rows: list[list[object]], delimiter: str = ",") -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, delimiter=delimiter)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def write_export(fmt: str, folder: Path, tickets: list[dict]) -> Path:
    """The export as `fmt`'s help desk writes it."""
    if fmt == "zendesk-json":
        doc = {
            "tickets": [
                {
                    "id": t["num"],
                    "via": {"channel": "email"},
                    "created_at": _iso(t["created"]),
                    "subject": t["subject"],
                    "raw_subject": t["subject"],
                    "description": t["body"],
                    "requester_id": 5000 + t["num"],
                    "submitter_id": 5000 + t["num"],
                }
                for t in tickets
            ],
            "users": [
                {
                    "id": 5000 + t["num"],
                    "name": f"{t['person'].first} {t['person'].last}",
                    "email": t["person"].email,
                }
                for t in tickets
            ],
        }
        path = folder / "zendesk.json"
        path.write_text(json.dumps(doc), encoding="utf-8")
        return path
    if fmt == "zendesk-csv":
        header = ["Id", "Requester", "Requester id", "Requester email", "Subject", "Via"]
        header += ["Created at", "Description"]
        rows = [
            [
                t["num"],
                f"{t['person'].first} {t['person'].last}",
                5000 + t["num"],
                t["person"].email,
                t["subject"],
                "Mail",
                _iso(t["created"]),
                t["body"],
            ]
            for t in tickets
        ]
        return _csv(folder / "zendesk.csv", header, rows)
    if fmt == "freshdesk-json":
        doc = [
            {
                "id": t["num"],
                "fr_escalated": False,
                "subject": t["subject"],
                "description": "<div>" + html.escape(t["body"]).replace("\n", "<br>") + "</div>",
                "description_text": t["body"],
                "created_at": _iso(t["created"]),
                "requester_id": 700 + t["num"],
                "requester": {
                    "id": 700 + t["num"],
                    "name": f"{t['person'].first} {t['person'].last}",
                    "email": t["person"].email,
                },
            }
            for t in tickets
        ]
        path = folder / "freshdesk.json"
        path.write_text(json.dumps(doc), encoding="utf-8")
        return path
    if fmt == "freshdesk-csv":
        header = ["Ticket ID", "Subject", "Description", "Status", "Created time"]
        header += ["Due by Time", "Full name", "Contact ID", "Email"]
        rows = [
            [
                t["num"],
                t["subject"],
                t["body"],
                "Closed",
                _iso(t["created"]),
                "",
                f"{t['person'].first} {t['person'].last}",
                700 + t["num"],
                t["person"].email,
            ]
            for t in tickets
        ]
        return _csv(folder / "freshdesk.csv", header, rows)
    if fmt == "helpscout-json":
        conversations = []
        for t in tickets:
            customer = {"first": t["person"].first, "last": t["person"].last}
            customer["email"] = t["person"].email
            conversations.append(
                {
                    "id": t["num"],
                    "number": t["num"],
                    "subject": t["subject"],
                    "createdAt": _iso(t["created"]),
                    "primaryCustomer": customer,
                    "_embedded": {
                        "threads": [
                            {
                                "type": "customer",
                                "body": t["body"],
                                "createdAt": _iso(t["created"]),
                                "customer": customer,
                            }
                        ]
                    },
                }
            )
        path = folder / "helpscout.json"
        path.write_text(json.dumps({"_embedded": {"conversations": conversations}}), "utf-8")
        return path
    if fmt == "helpscout-csv":
        header = ["Conversation ID", "Conversation Number", "Mailbox", "Subject"]
        header += ["Customer Name", "Customer Email", "Created At", "Preview"]
        rows = [
            [
                t["num"],
                t["num"],
                "Support",
                t["subject"],
                f"{t['person'].first} {t['person'].last}",
                t["person"].email,
                _iso(t["created"]),
                t["body"],
            ]
            for t in tickets
        ]
        return _csv(folder / "helpscout.csv", header, rows)
    if fmt == "intercom-json":
        conversations = [
            {
                "type": "conversation",
                "id": str(t["num"]),
                "created_at": (
                    int(t["created"].timestamp())
                    if isinstance(t["created"], datetime)
                    else t["created"]
                ),
                "title": t["subject"],
                "source": {
                    "type": "conversation",
                    "subject": "",
                    "body": "<p>" + html.escape(t["body"]).replace("\n", "<br>") + "</p>",
                    "author": {
                        "type": "user",
                        "id": f"u{t['num']}",
                        "name": f"{t['person'].first} {t['person'].last}",
                        "email": t["person"].email,
                    },
                },
            }
            for t in tickets
        ]
        doc = {"type": "conversation.list", "conversations": conversations}
        path = folder / "intercom.json"
        path.write_text(json.dumps(doc), encoding="utf-8")
        return path
    if fmt == "gorgias-json":
        data = [
            {
                "id": t["num"],
                "created_datetime": _iso(t["created"]),
                "subject": t["subject"],
                "customer": {
                    "id": 300 + t["num"],
                    "email": t["person"].email,
                    "name": f"{t['person'].first} {t['person'].last}",
                    "firstname": t["person"].first,
                    "lastname": t["person"].last,
                },
                "messages": [{"from_agent": False, "body_text": t["body"]}],
            }
            for t in tickets
        ]
        path = folder / "gorgias.json"
        path.write_text(json.dumps({"data": data}), encoding="utf-8")
        return path
    if fmt == "gorgias-csv":
        header = ["Ticket ID", "Channel", "Status", "Subject", "Customer Email"]
        header += ["Customer Name", "Created Datetime", "First Message"]
        rows = [
            [
                t["num"],
                "email",
                "closed",
                t["subject"],
                t["person"].email,
                f"{t['person'].first} {t['person'].last}",
                _iso(t["created"]),
                t["body"],
            ]
            for t in tickets
        ]
        return _csv(folder / "gorgias.csv", header, rows, delimiter=";")
    if fmt in ("mbox", "eml"):
        messages = []
        for t in tickets:
            msg = EmailMessage()
            msg["From"] = f"{t['person'].first} {t['person'].last} <{t['person'].email}>"
            msg["To"] = "help@shop.example"
            msg["Subject"] = t["subject"]
            created = t["created"]
            msg["Date"] = format_datetime(created if isinstance(created, datetime) else START)
            msg["Message-ID"] = f"<{t['id']}@mail.example>"
            msg.set_content(t["body"])
            data = msg.as_bytes()
            if not isinstance(created, datetime):  # a Date header that is no date
                data = data.replace(format_datetime(START).encode(), str(created).encode())
            messages.append(data)
        if fmt == "eml":
            folder = folder / "eml"
            folder.mkdir()
            for i, data in enumerate(messages, 1):
                (folder / f"{i:03d}.eml").write_bytes(data)
            return folder
        path = folder / "support.mbox"
        with path.open("wb") as fh:
            for data in messages:
                fh.write(b"From customer@example.net Mon Mar 02 09:00:00 2026\n")
                fh.write(data.replace(b"\nFrom ", b"\n>From ") + b"\n")
        return path
    if fmt == "xlsx":  # a HubSpot-style workbook below a report title, with date cells
        import openpyxl

        book = openpyxl.Workbook()
        sheet = book.active
        sheet.append(["Tickets report"])
        sheet.append(["Ticket ID", "Ticket name", "Ticket description", "Create date",
                      "Associated Contact", "Email"])  # fmt: skip
        for t in tickets:
            created = t["created"]
            sheet.append([
                t["num"], t["subject"], t["body"],
                created.replace(tzinfo=None) if isinstance(created, datetime) else created,
                f"{t['person'].first} {t['person'].last}", t["person"].email,
            ])  # fmt: skip
        book.save(folder / "hubspot.xlsx")
        return folder / "hubspot.xlsx"
    header = ["id", "created", "email", "name", "subject", "body"]
    records = [
        {
            "id": t["id"],
            "created": _iso(t["created"]),
            "email": t["person"].email,
            "name": f"{t['person'].first} {t['person'].last}",
            "subject": t["subject"],
            "body": t["body"],
        }
        for t in tickets
    ]
    if fmt == "generic-csv":
        return _csv(folder / "generic.csv", header, [list(r.values()) for r in records])
    if fmt == "contact-form-csv":  # a web form's export: no name field, only the address
        rows = [[v for k, v in r.items() if k != "name"] for r in records]
        return _csv(folder / "form.csv", [h for h in header if h != "name"], rows)
    if fmt == "excel-unicode-text":  # Excel's "Unicode Text": UTF-16 with a BOM, tab-separated
        path = _csv(folder / "unicode.txt", header, [list(r.values()) for r in records], "\t")
        path.write_text(path.read_text("utf-8"), encoding="utf-16")
        return path
    if fmt == "generic-json":
        path = folder / "generic.json"
        path.write_text(json.dumps(records), encoding="utf-8")
        return path
    assert fmt == "generic-ndjson"
    path = folder / "generic.ndjson"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


FORMATS = [
    "zendesk-json", "zendesk-csv", "freshdesk-json", "freshdesk-csv", "helpscout-json",
    "helpscout-csv", "intercom-json", "gorgias-json", "gorgias-csv", "mbox", "eml",
    "generic-csv", "generic-json", "generic-ndjson", "xlsx", "excel-unicode-text",
    "contact-form-csv",
]  # fmt: skip


def mine_planted(tmp: Path, seed: int = 15) -> tuple[Path, Planted, dict[str, Path]]:
    """Write every format's export, run `kbgen mine ... --drafts --publish` over them all."""
    rng = random.Random(seed)
    planted = Planted()
    exports = tmp / "exports"
    exports.mkdir()
    paths = {}
    for fmt in FORMATS:
        paths[fmt] = write_export(fmt, exports, make_tickets(fmt, rng, planted))
    project = tmp / "shop"
    shutil.copytree(
        REPO / "content",
        project / "content",
        ignore=shutil.ignore_patterns("_drafts", "_most-asked.yml"),
    )
    # Help Scout's API JSON holds "conversations" and is taken for Intercom's: it is read on
    # its own with --format, into the same store, before the run over all the others.
    first = ["mine", str(paths["helpscout-json"]), "--format", "helpscout"]
    result = kbgen(
        *first,
        "--kb",
        "content",
        "--out",
        "reports-helpscout",
        cwd=project,
        env=bare_env(),
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    rest = [str(p) for f, p in paths.items() if f != "helpscout-json"]
    options = ["--kb", "content", "--out", "reports", "--drafts", "--publish"]
    result = kbgen("mine", *rest, *options, cwd=project, env=bare_env(), timeout=600)
    assert result.returncode == 0, result.stderr
    return project, planted, paths


def _words(text: str) -> str:
    return " ".join(text.split())


def outputs(project: Path) -> dict[str, str]:
    """Every file kbgen wrote (text, whitespace collapsed), the store's rows and draft names."""
    out: dict[str, str] = {}
    for path in sorted(project.glob("reports*/**/*")):
        if path.is_file():
            out[str(path.relative_to(project))] = _words(path.read_text("utf-8", "replace"))
    drafts = project / "content" / "_drafts"
    for path in sorted(drafts.glob("*")):
        out[str(path.relative_to(project))] = _words(path.read_text("utf-8", "replace"))
    out["draft file names"] = " ".join(p.name.replace("-", " ") for p in drafts.glob("*"))
    most = project / "content" / "_most-asked.yml"
    out["content/_most-asked.yml"] = _words(most.read_text("utf-8")) if most.exists() else ""
    store = project / ".kbgen" / "tickets.duckdb"
    with duckdb.connect(str(store), read_only=True) as con:
        tables = [
            r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()
        ]
        rows = []
        for table in tables:
            for row in con.execute(f'SELECT * FROM "{table}"').fetchall():
                rows.append(" ".join(str(v) for v in row))
    out["store rows"] = _words("\n".join(rows))
    return out


def _found(value: str, text: str) -> bool:
    lower = text.lower()
    for form in {
        value,
        html.escape(value),
        html.escape(value, quote=False),
        value.replace("-", " "),
        json.dumps(value)[1:-1],  # "\u00c9lodie" in a JSON file written ASCII-only
    }:
        if re.search(rf"(?<![\w]){re.escape(form.lower())}(?![\w])", lower):
            return True
    return False


def leaks(project: Path, planted: Planted) -> dict[str, dict[str, list[str]]]:
    """kind -> output -> the planted strings of that kind found in that output."""
    found: dict[str, dict[str, list[str]]] = {}
    files = outputs(project)
    for kind, values in planted.by_kind.items():
        for name, text in files.items():
            hits = sorted(v for v in values if _found(v, text))
            if hits:
                found.setdefault(kind, {})[name] = hits
    return found


def summarise(planted: Planted, found: dict[str, dict[str, list[str]]]) -> dict[str, str]:
    """kind -> "k of n planted strings found in some output"."""
    out = {}
    for kind, values in sorted(planted.by_kind.items()):
        hit = set().union(*found.get(kind, {}).values()) if kind in found else set()
        out[kind] = f"{len(hit)} of {len(values)}"
    return out


@pytest.fixture(scope="module")
def mined(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Planted, dict[str, Path]]:
    return mine_planted(tmp_path_factory.mktemp("privacy"))


def test_every_format_was_read_and_written(mined: tuple[Path, Planted, dict[str, Path]]) -> None:
    project, _planted, paths = mined
    summary = json.loads((project / "reports" / "clusters.json").read_text())["summary"]
    assert summary["tickets"] == 24 * len(paths), summary
    rejected = [
        row
        for path in project.glob("reports*/rejected.csv")
        for row in csv.DictReader(path.open(encoding="utf-8"))
    ]
    assert len(rejected) >= len(paths)  # the planted bad date of every export
    assert all("unreadable date" in r["reason"] for r in rejected), rejected
    assert list((project / "content" / "_drafts").glob("*.md"))
    assert (project / "content" / "_most-asked.yml").exists()


def test_no_planted_string_reaches_any_output(mined: tuple[Path, Planted, dict[str, Path]]) -> None:
    project, planted, _paths = mined
    found = leaks(project, planted)
    assert not found, json.dumps(
        {"summary": summarise(planted, found), "found": found}, indent=1, ensure_ascii=False
    )


# -- the second line of defence: every writer redacts again ------------------------------------

RAW = {
    "password": "Hunter2!x",
    "phone": "+44 20 7946 0958",
    "token": "sk_live_4eC39HqLyjWDarjtT1zdp7dc",
    "email": "anna.smith@example.org",
    "obfuscated email": "anna.smith at gmail dot com",
    "licence": "7HJ2K-99XQW-PLM34-ZZ8TR",
    "name": "Ottilie Quigley",
}
RAW_TEXT = (
    f"My password doesn't work, pw: {RAW['password']} call {RAW['phone']} "
    f"or write to {RAW['obfuscated email']}"
)
RAW_PHRASINGS = (
    RAW_TEXT,
    f"my api key {RAW['token']} fails",
    f"mail {RAW['email']} about licence key {RAW['licence']}",
    f"my wife {RAW['name']} bought it",
)


def raw_findings() -> list:
    """Findings as a store written before a pattern existed would give them: raw text."""
    from kbgen.mine.model import Cluster
    from kbgen.mine.rank import Finding

    out = []
    for n, status in enumerate(("gap", "gap", "covered"), 1):
        cluster = Cluster(
            n, RAW_TEXT, (), 9 - n, 8 - n, START, START + timedelta(days=20),
            {"2026-W10": 9 - n}, RAW_PHRASINGS[:3],
            "charged-twice" if status == "covered" else None, 0.6, status,
        )  # fmt: skip
        phrasings = RAW_PHRASINGS[n - 1 :] + RAW_PHRASINGS[: n - 1]
        out.append(
            Finding(cluster, recent=5, previous=4, phrasings=phrasings, failed_phrasings=phrasings)
        )
    return out


def _secrets_in(text: str) -> list[str]:
    text = _words(text)
    found = [k for k, v in RAW.items() if _found(v, text)]
    found += [
        f"{k} (part)"
        for k, v in RAW.items()
        for part in v.split()
        if len(part) > 5 and part in text
    ]
    return found


def test_most_asked_and_drafts_redact_again(tmp_path: Path) -> None:
    from kbgen.mine.drafts import write_drafts
    from kbgen.mine.publish import write_most_asked

    kb = tmp_path / "content"
    published = write_most_asked(kb, raw_findings())
    assert not _secrets_in(published.read_text(encoding="utf-8"))
    drafts = write_drafts(kb, raw_findings())
    assert drafts
    for path in drafts:
        assert not _secrets_in(path.name.replace("-", " ")), path.name
        assert not _secrets_in(path.read_text(encoding="utf-8")), path.read_text()


def test_reports_redact_again(tmp_path: Path) -> None:
    from tests.mine.test_report import write

    files = write(tmp_path, raw_findings())
    assert {"html", "markdown", "clusters"} <= set(files)
    for path in files.values():
        text = path.read_text(encoding="utf-8")
        assert not _secrets_in(text), (path.name, _secrets_in(text))


@pytest.mark.parametrize(
    "reason",
    [
        "unreadable date 'call +44 20 7946 0958'",
        "item 3: unreadable date 'pw: Hunter2!x'",
        "unreadable date 'Ottilie Quigley'",
        'not a date: "anna.smith at gmail dot com"',
    ],
)
def test_rejected_reasons_quote_no_raw_value(reason: str) -> None:
    from kbgen.mine.redact import redact_quoted

    out = redact_quoted(reason)
    assert not _secrets_in(out) and "Quigley" not in out, out
    assert out.split("'")[0].split('"')[0] == reason.split("'")[0].split('"')[0]


def test_rejected_reasons_keep_dates_they_quote() -> None:
    from kbgen.mine.redact import redact_quoted

    assert redact_quoted("unreadable date '31/02/2026'") == "unreadable date '31/02/2026'"
    assert redact_quoted("unreadable date 'Feb 31, 2026'") == "unreadable date 'Feb 31, 2026'"
