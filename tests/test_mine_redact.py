"""Redaction: planted personal data never survives; ordinary support text does."""

from __future__ import annotations

import string
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kbgen.mine.model import RawTicket
from kbgen.mine.redact import customer_key, redact, to_ticket

# -- generators of personal data --------------------------------------------------------

words = st.sampled_from("my download is broken please help the file says error again today".split())
sentence = st.lists(words, min_size=1, max_size=6).map(" ".join)
alnum = string.ascii_lowercase + string.digits


@st.composite
def emails(draw: st.DrawFn) -> str:
    local = draw(st.text(alnum + "._+", min_size=1, max_size=12).filter(lambda s: s[0] in alnum))
    domain = draw(st.text(string.ascii_lowercase, min_size=2, max_size=10))
    tld = draw(st.sampled_from(["com", "co.uk", "nl", "de", "io"]))
    return f"{local}@{domain}.{tld}"


@st.composite
def phones(draw: st.DrawFn) -> str:
    kind = draw(st.integers(0, 3))
    d = [draw(st.integers(0, 9)) for _ in range(10)]
    s = "".join(map(str, d))
    if kind == 0:
        return f"+{draw(st.integers(1, 99))} {s[:2]} {s[2:6]} {s[6:]}"
    if kind == 1:
        return f"0{s[:3]}-{s[3:6]}-{s[6:9]}"
    if kind == 2:
        return f"({s[:3]}) {s[3:6]}-{s[6:]}"
    return "0" + s


def _luhn_complete(digits: list[int]) -> list[int]:
    for check in range(10):
        full = digits + [check]
        total = 0
        for i, d in enumerate(reversed(full)):
            if i % 2:
                d = d * 2 - 9 if d > 4 else d * 2
            total += d
        if total % 10 == 0:
            return full
    raise AssertionError


@st.composite
def cards(draw: st.DrawFn) -> str:
    length = draw(st.sampled_from([13, 15, 16, 19]))
    body = [draw(st.integers(1, 9))] + [draw(st.integers(0, 9)) for _ in range(length - 2)]
    s = "".join(map(str, _luhn_complete(body)))
    sep = draw(st.sampled_from(["", " ", "-"]))
    return sep.join(s[i : i + 4] for i in range(0, len(s), 4))


@st.composite
def ibans(draw: st.DrawFn) -> str:
    country = draw(st.sampled_from(["DE", "GB", "NL", "FR", "ES"]))
    bban = draw(st.text(string.digits + string.ascii_uppercase, min_size=14, max_size=26))
    numeric = "".join(str(int(c, 36)) for c in bban + country + "00")
    check = 98 - int(numeric) % 97
    iban = f"{country}{check:02d}{bban}"
    if draw(st.booleans()):
        iban = " ".join(iban[i : i + 4] for i in range(0, len(iban), 4))
    return iban


ipv4 = st.tuples(*[st.integers(0, 255)] * 4).map(lambda t: ".".join(map(str, t)))
ipv6 = st.ip_addresses(v=6).map(str).filter(lambda a: len(a.replace(":", "")) >= 4)  # not "::1"
passwords = st.text(string.ascii_letters + string.digits + "!$%*_", min_size=6, max_size=16).filter(
    lambda p: any(c.isdigit() for c in p) or any(c in "!$%*_" for c in p)
)
password_phrases = st.sampled_from(
    ["my password is {}", "password: {}", "pwd = {}", "Password was {}", "my pin is {}"]
)


STREET_NAMES = ["Baker", "Acacia", "Pennsylvania", "High", "Old Mill", "Saint John's", "Kingsway"]
STREET_NAMES += ["Haupt", "Bahnhof", "Linden", "Keizers"]
STREET_WORDS = "Street St. Road Rd Avenue Lane Drive Way Close Crescent Court Place Gardens".split()


@st.composite
def street_addresses(draw: st.DrawFn) -> str:
    number = f"{draw(st.integers(1, 9999))}{draw(st.sampled_from(['', 'B', 'a']))}"
    name = draw(st.sampled_from(STREET_NAMES))
    kind = draw(st.integers(0, 3))
    if kind == 0:
        word = draw(st.sampled_from(STREET_WORDS))
        return f"{number} {name} {word}"
    if kind == 1:  # typed in lower case
        return f"{number} {name.lower()} {draw(st.sampled_from(['street', 'road', 'avenue']))}"
    if kind == 2:
        return f"{number} rue de la {name}"
    name = draw(st.sampled_from(["Haupt", "Bahnhof", "Linden", "Keizers"]))
    ending = draw(st.sampled_from(["straße", "strasse", "weg", "gracht"]))
    return f"{name}{ending} {number}"


def planted(secret: st.SearchStrategy[str]) -> st.SearchStrategy[tuple[str, str]]:
    return st.tuples(sentence, secret, sentence).map(lambda t: (t[1], f"{t[0]} {t[1]} {t[2]}."))


def digit_groups(s: str) -> list[str]:
    return [g for g in "".join(c if c.isdigit() else " " for c in s).split() if len(g) >= 3]


@settings(max_examples=150, deadline=None)
@given(planted(emails()))
def test_no_email_survives(case: tuple[str, str]) -> None:
    secret, text = case
    out = redact(text)
    assert secret not in out and "@" not in out and "[email]" in out


@settings(max_examples=150, deadline=None)
@given(planted(phones()))
def test_no_phone_survives(case: tuple[str, str]) -> None:
    secret, text = case
    out = redact(text)
    assert "".join(c for c in secret if c.isdigit()) not in "".join(c for c in out if c.isdigit())


@settings(max_examples=150, deadline=None)
@given(planted(cards()))
def test_no_card_survives(case: tuple[str, str]) -> None:
    secret, text = case
    out = redact(text)
    assert "[card]" in out
    assert not any(c.isdigit() for c in out)


@settings(max_examples=150, deadline=None)
@given(planted(ibans()))
def test_no_iban_survives(case: tuple[str, str]) -> None:
    secret, text = case
    out = redact(text)
    assert "[iban]" in out and secret not in out


@settings(max_examples=150, deadline=None)
@given(planted(st.one_of(ipv4, ipv6)))
def test_no_ip_survives(case: tuple[str, str]) -> None:
    secret, text = case
    out = redact(text)
    assert secret not in out
    assert "[ip]" in out or not digit_groups(out)


@settings(max_examples=150, deadline=None)
@given(planted(street_addresses()))
def test_no_street_address_survives(case: tuple[str, str]) -> None:
    secret, text = case
    out = redact(text)
    assert "[address]" in out, out
    name = next(
        n for n in STREET_NAMES if n.lower().replace(" ", "") in secret.lower().replace(" ", "")
    )
    assert name.lower() not in out.lower() and name.replace(" ", "") not in out, out


@settings(max_examples=150, deadline=None)
@given(sentence, password_phrases, passwords)
def test_no_pasted_password_survives(before: str, phrase: str, secret: str) -> None:
    out = redact(f"{before} {phrase.format(secret)} thanks")
    assert secret not in out and "[password]" in out


@settings(max_examples=100, deadline=None)
@given(st.lists(st.one_of(emails(), phones(), cards(), ibans(), ipv4), min_size=2, max_size=4))
def test_several_kinds_together(secrets_: list[str]) -> None:
    text = "Hi, " + ", and ".join(f"here is {s}" for s in secrets_) + "."
    out = redact(text)
    for s in secrets_:
        assert s not in out


ORDINARY = [
    "My password is case-sensitive, right?",
    "I updated to version 2.1 and waited 3 days.",
    "The download is 2 GB and stops at 45%.",
    "Error 404 on Windows 10 since 2026-01-05 at 10:30.",
    "Is the font licence valid for commercial use?",
    "My password is not working after the reset.",
    "I'm trying to open the ZIP file on my Mac.",
    "Thanks for the quick reply, it works now.",
    "Can I download it again? The link expired after 24 hours.",
    "Hi Support, I am unable to log in.",
    "I tried 3 times on the way home and it still fails.",
    "I waited 2 days on the road for the file.",
    "It says Windows 10 Home on page 5 of the Terms.",
    "I have 2 hard drives and 1 Drive folder.",
    "I have 2 Google Drive accounts and a USB 3 Flash Drive.",
    "It is on my 4 TB External Drive, or the Office 365 Shared Drive.",
    "I found 1 Easy Way to fix it: Step 3 Click To Close.",
    "I tried 5 different street addresses at checkout.",
]


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_support_sentences_survive(text: str) -> None:
    assert redact(text) == text


@settings(max_examples=200, deadline=None)
@given(st.lists(words, min_size=1, max_size=20).map(" ".join))
def test_plain_words_are_untouched(text: str) -> None:
    assert redact(text) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hi, I'm Maria.", "Hi, I'm [name]."),
        ("my name is john smith and I need help", "my name is [name] and I need help"),
        ("Thanks, John Smith", "Thanks, [name]"),
        ("This is Anna from Leeds.", "This is [name] from Leeds."),
        ("order #12345 never came", "order #[order] never came"),
        ("order number BL-2026-0042 is missing", "order number [order] is missing"),
        ("Ship to London SW1A 2AA please", "Ship to London [postcode] please"),
        ("Austin, TX 78701-1234", "Austin, TX [postcode]"),
        ("Toronto M5V 3L9", "Toronto [postcode]"),
        ("postcode 1012 AB", "postcode [postcode]"),
        ("my zip is 10115", "my zip is [postcode]"),
        ("the link https://shop.example/dl?token=abc123 failed", "the link [url] failed"),
        ("see https://shop.example/help.", "see https://shop.example/help."),
        ('password: "hunter two" now', "password: [password] now"),
        ("Flat 3, 45 High Road, Leeds LS1 4AP", "Flat 3, [address], Leeds [postcode]"),
        ("1600 Pennsylvania Avenue NW, Washington", "[address], Washington"),
        ("Send it to Hauptstraße 5, Berlin", "Send it to [address], Berlin"),
        ("ship to 12 rue Lepic, Paris", "ship to [address], Paris"),
        ("I moved to 123 5th Avenue", "I moved to [address]"),
        ("it went to 3/45 George St, Sydney", "it went to [address], Sydney"),
        ("new address: 12-14 High Street", "new address: [address]"),
        ("Berliner Str. 12, Hamburg", "[address], Hamburg"),
    ],
)
def test_context_redactions(text: str, expected: str) -> None:
    assert redact(text) == expected


def test_customer_key_is_salted_and_normalised() -> None:
    a = customer_key("Anna <ANNA@Example.com>", "salt1")
    assert a == customer_key("anna@example.com ", "salt1")
    assert a != customer_key("anna@example.com", "salt2")
    assert len(a) == 16 and all(c in "0123456789abcdef" for c in a)


def test_to_ticket_cleans_and_redacts_subject_and_body() -> None:
    raw = RawTicket(
        "zendesk",
        "7",
        3,
        datetime(2026, 1, 5, tzinfo=UTC),
        "anna@example.com",
        "Refund for order #48213",
        "Hi there,\n\nI was charged twice, card 4111 1111 1111 1111.\n\nThanks,\nAnna Smith",
    )
    t = to_ticket(raw, "salt")
    assert t.text == "Refund for order #[order]. I was charged twice, card [card]."
    assert t.customer == customer_key("anna@example.com", "salt")
    assert (t.source, t.ticket_id, t.created) == ("zendesk", "7", raw.created)


def test_to_ticket_without_requester_counts_the_ticket_as_its_own_customer() -> None:
    a = to_ticket(RawTicket("csv", "1", 2, None, "", "", "help"), "s")
    b = to_ticket(RawTicket("csv", "2", 3, None, "", "", "help"), "s")
    assert a.customer != b.customer
