"""Remove personal data from ticket text before anything is stored or written.

One combined regular expression finds every candidate in a single pass; a small function per
kind decides (Luhn for cards, mod-97 for IBANs, a stop list for "names" that are ordinary
words) and picks the placeholder: [email], [phone], [card], [iban], [ip], [postcode],
[address], [order], [name], [password], [url], [number].
"""

from __future__ import annotations

import hashlib
import ipaddress
import re
from email.utils import parseaddr

from kbgen.mine.clean import clean_body
from kbgen.mine.model import RawTicket, Ticket

_US_STATES = (  # in a look-behind: every alternative two letters wide
    "AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|"
    "NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY"
)
_NAME = r"[A-Z][a-zà-ÿ'’-]+(?:[ \t]+[A-Z][a-zà-ÿ'’-]+){0,2}"


def _words(*words: str) -> str:
    """Case-insensitive alternation of words (regexes) at a word start, written so that every
    branch begins with a character class: "[oO](?<!\\w.)(?i:rder)" rather than "\\border"."""
    by_first: dict[str, list[str]] = {}
    for word in words:
        by_first.setdefault(word[0].lower(), []).append(word[1:])
    return (
        "(?:"
        + "|".join(
            f"[{c}{c.upper()}](?<!\\w.)(?i:{'|'.join(rest)})" for c, rest in by_first.items()
        )
        + ")"
    )


_PASSWORD_WORDS = _words(
    r"my\s+(?:password|passwd|pass\s?word|pwd|passcode|pin(?:\s?code)?)",
    "password",
    "passwd",
    r"pass\s?word",
    "pwd",
    "passcode",
    r"pin(?:\s?code)?",
)
_NAME_WORDS = _words(r"my\s+name\s+is", r"name\s*:", r"i\s+am", r"i['’]m", r"this\s+is")
_GREETING_WORDS = _words(
    "hi",
    "hello",
    "hey",
    "hiya",
    "dear",
    "morning",
    "thanks",
    r"thank\s+you",
    "thx",
    "cheers",
    "regards",
    "best",
    "sincerely",
    "love",
    r"kind\s+regards",
    r"best\s+regards",
    r"warm\s+regards",
    r"many\s+thanks",
)
_ORDER_WORDS = _words(
    "order", "invoice", "receipt", "transaction", "purchase", "booking", "reference"
)
_POSTCODE_WORDS = _words(
    r"post\s?code", r"postal\s+code", r"zip(?:\s?code)?", "plz", "postleitzahl"
)
_OCTET = r"(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"

# Speed: a pattern whose first item is a character class lets the regex engine skip ahead in
# C; a leading \b, look-behind or a choice between groups makes it try every position. So each
# kind of personal data has its own pattern that starts with a character class, and runs only
# when a cheap test (a substring, a digit) says it could match: most tickets cost microseconds.
_URL = re.compile(r"""(?P<url>[hHwW](?:ttps?://|ww\.(?=\w))[^\s<>"']+)""")
_EMAIL = re.compile(r"(?P<email>[\w.+'-]+@[\w-]+(?:\.[\w-]+)+)")
_PASSWORD = re.compile(
    rf"""(?P<pwctx>{_PASSWORD_WORDS}\b
        (?i:[ \t]+(?:is|was)(?:[ \t]+(?:now|still|set\s+to))?[ \t]*:?|[ \t]*[:=])[ \t]*)
      (?P<pw>"[^"\n]{{1,64}}"|'[^'\n]{{1,64}}'|“[^”\n]{{1,64}}”|\S+)""",
    re.X,
)
_NAME_AFTER = re.compile(
    rf"""(?P<namectx>{_NAME_WORDS}[ \t]+)
      (?P<name>[A-Za-zà-ÿ][\w'’-]*(?:[ \t]+[A-Za-z][a-zà-ÿ'’-]+){{0,2}})""",
    re.X,
)
_GREETING_NAME = re.compile(
    rf"(?P<greetctx>{_GREETING_WORDS}\b[ \t]*,?[ \t]*\n?[ \t]*)(?!I['’])(?P<gname>{_NAME})"
)
_ORDER = re.compile(
    rf"""(?P<ordctx>{_ORDER_WORDS}\b(?:[ \t]*(?i:number|no\.?|num|id|code|ref|reference|\#))?
        [ \t]*(?i:is|was|:)?[ \t]*\#?[ \t]*)
      (?P<ord>[A-Za-z0-9][A-Za-z0-9/-]{{2,30}}\b)""",
    re.X,
)
_POSTCODE_AFTER = re.compile(
    rf"""(?P<pcctx>{_POSTCODE_WORDS}\b[ \t]*(?i:is|:)?[ \t]*)
      (?P<pc>\d{{4,5}}(?:-\d{{4}}|[ ]?[A-Z]{{2}}\b)?|[A-Z0-9]{{2,4}}[ ]?[A-Z0-9]{{3}}\b)""",
    re.X,
)
# Capital letters and digits: IBANs, US state + ZIP, UK and Canadian postcodes.
_CAPS = re.compile(
    rf"""[A-Z](?<!\w.)(?:
        (?<=[A-Z])(?P<iban>[A-Z]\d{{2}}(?:[ ]?[A-Z0-9]{{4}}){{2,7}}(?:[ ]?[A-Z0-9]{{1,3}})?\b)
      | (?P<usctx>[A-Z](?<={_US_STATES})[ \t]+)(?P<zip>\d{{5}}(?:-\d{{4}})?)\b
      | (?P<uk>(?:[A-Z]?\d[A-Z\d]?|(?<=G)IR)[ ]?\d[ABD-HJLNP-UW-Z]{{2}}\b)
      | (?<=[ABCEGHJ-NPRSTVXY])(?P<ca>\d[ABCEGHJ-NPRSTV-Z][ -]?\d[ABCEGHJ-NPRSTV-Z]\d\b)
    )""",
    re.X,
)
_CAPS_GUARD = re.compile(r"[A-Z]\d|[A-Z]{2}\d|[A-Z]{2}[ \t]+\d{5}")
# Digits: ZIP+4, IPv4, "#12345" references, and runs of digits (cards, phones, numbers).
_DIGITS = re.compile(
    rf"""[\d+(\#](?<![\w.,/-].)(?:
        (?<=\#)(?P<hashnum>\d{{4,}}\b)
      | (?<=\d)(?P<zip4>\d{{4}}-\d{{4}}\b)
      | (?<=\d)(?P<ip4>\d{{0,2}}(?:\.{_OCTET}){{3}}(?![\w]|\.\d))
      | (?P<num>\+?\(?\d?[\d \t().-]{{5,}}\d(?!\w|\.\d|,\d))
    )""",
    re.X,
)
# Street addresses. English order: a house number (or "3/45", "12-14"), one to four words, a
# street word ("12 Baker Street", "221B Baker St.", "123 5th Avenue", "55 W 42nd St"); the
# words must be capitalised unless the street word is unmistakable ("10 downing street").
# Product and device words never make a street ("2 Google Drive accounts", "USB 3 Flash
# Drive"), nor do small words ("3 times on the way"). French order: "5 rue Lepic". German and
# Dutch order: a street name, then the number ("Hauptstraße 5", "Berliner Str. 12").
_STREET_WORDS = (
    "street|st|road|rd|avenue|ave|lane|ln|drive|dr|boulevard|blvd|court|ct|way|place|pl|"
    "terrace|close|crescent|cres|parkway|pkwy|highway|hwy|square|sq|row|grove|gardens"
)
# Street words that are never anything else in lower case, and those that come first in
# French, Italian and Spanish ("5 rue Lepic").
_PLAIN_STREET_WORDS = "street|road|avenue|boulevard|lane"
_LATIN_STREET_WORDS = "rue|avenue|boulevard|place|chemin|via|calle|carrer"
_SMALL_WORDS = (
    "the|a|an|on|in|to|of|my|your|our|for|at|and|or|by|from|with|this|that|all|same|"
    "days?|times?|hours?|minutes?|weeks?|months?|years?"
)
_NOT_STREET_NAMES = (
    _SMALL_WORDS + "|google|hard|flash|usb|external|internal|network|shared|one|cloud|disk|"
    "solid|state|ssd|hdd|tb|gb|mb|kb|easy|quick|simple|new|other|different|more|less|best|"
    "click|press|tap|open|select|choose|go|step|steps|sonoma|ventura|monterey|sequoia|pro|max"
)
# A number after these words is a version, model or step, not a house number.
_NOT_HOUSE_NUMBER_AFTER = re.compile(
    r"(?i:windows|ios|ipados|macos|mac\s+os|os|android|version|v|usb|office|step|level|page|"
    r"chapter|part|option|plan|tier|gen|generation|series|iphone|ipad|pixel|galaxy|win)"
    r"[ \t]*$"
)
_STREET = re.compile(
    rf"""(?P<street>\d(?<![\w.,/-]\d)\d{{0,4}}[A-Za-z]?(?:[/-]\d{{1,5}}[A-Za-z]?)?,?
        (?: (?:[ \t]+(?!(?i:{_NOT_STREET_NAMES})\b)
               (?:[A-ZÀ-Þ][\w'’.-]*|\d{{1,3}}(?i:st|nd|rd|th)\b)){{1,4}}?
            [ \t]+(?i:{_STREET_WORDS})
          | (?:[ \t]+(?!(?i:{_SMALL_WORDS})\b)[A-Za-zÀ-ÿ][\w'’.-]*){{1,4}}?
            [ \t]+(?i:{_PLAIN_STREET_WORDS})
          | [ \t]+(?i:{_LATIN_STREET_WORDS})
            (?:[ \t]+[\w'’.-]+){{0,4}}?[ \t]+[A-ZÀ-Þ][\w'’-]+
        )\b\.?(?![ \t]+(?i:address|addresses|name|names|number|numbers)\b)
        (?:[ \t]+(?:N|S|E|W|NE|NW|SE|SW)\b)?)""",
    re.X,
)
# The words one of which every number-first address holds: a cheap test before _STREET.
_STREET_GUARD = frozenset(f"{_STREET_WORDS}|{_PLAIN_STREET_WORDS}|{_LATIN_STREET_WORDS}".split("|"))
_LETTERS = re.compile(r"[a-z]+")
_NAME_FIRST_ENDINGS = (
    "strasse", "straße", "str", "weg", "gasse", "platz", "allee", "gracht", "straat", "laan",
    "plein", "kade", "singel",
)  # fmt: skip
_STREET_NAME_FIRST = re.compile(
    rf"""[A-ZÀ-Þ](?<!\w.)[\w-]*(?:[ \t]+(?=[A-ZÀ-Þ]))?
      (?i:{"|".join(_NAME_FIRST_ENDINGS)})\.?[ \t]+\d{{1,4}}[A-Za-z]?\b""",
    re.X,
)


def _street(m: re.Match[str]) -> str:
    if _NOT_HOUSE_NUMBER_AFTER.search(m.string, max(0, m.start() - 16), m.start()):
        return m.group(0)
    return "[address]"


_IP6 = re.compile(r"(?P<ip6>[0-9A-Fa-f:](?<![\w:].)[0-9A-Fa-f:]{1,38}(?:\.\d{1,3}){0,3}(?![\w:]))")
_IP6_GUARD = re.compile(r"[0-9A-Fa-f]:[0-9A-Fa-f]*:|::")
_DIGIT = re.compile(r"\d")
_ORDER_GUARD = ("order", "invoice", "receipt", "transaction", "purchase", "booking", "reference")
_GREETING_GUARD = re.compile(
    r"(?:hi|hello|hey|hiya|dear|morning|thanks?|thx|cheers|regards|best|sincerely|love)\b"
)

# Words that follow "password is" without being a password.
_NOT_PASSWORDS = frozenset(
    """not wrong incorrect correct right invalid valid case case-sensitive sensitive the a an my
    your same different too very still now definitely correctly being been rejected expired
    accepted working broken saved stored reset changed ok okay fine in on for and or but it
    that this what which there here definitely exactly long short empty blank missing forgotten
    lost all just also only always never no yes please of to with without from at by as so
    because if when set typed entered""".split()
)
# Capitalised words after "Hi"/"Thanks"/"I'm" that are not names.
_NOT_NAMES = frozenset(
    """i i'm im there all team everyone everybody guys folks sir madam support customer service
    support-team for so very a an the my your in on at again again! you we it this that not
    just also new from trying having using looking unable able sorry afraid confused stuck
    writing contacting emailing hoping wondering still really getting please can could would
    will is was yes no ok okay hello hi hey thanks thank dear windows mac macos iphone ipad
    android linux chrome safari firefox edge google paypal apple microsoft adobe zip pdf""".split()
)
_COMMON = _NOT_PASSWORDS | frozenset(
    "and i is am was but have has had can cannot can't could would will".split()
)
_STRONG_NAME_CONTEXT = re.compile(r"(?i)my\s+name\s+is|name\s*:")
_TRAILING_PUNCT = ".,;:!?)]}'\""


def _luhn(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def _iban_ok(text: str) -> bool:
    compact = text.replace(" ", "")
    rearranged = compact[4:] + compact[:4]
    try:
        number = int("".join(str(int(ch, 36)) for ch in rearranged))
    except ValueError:
        return False
    return number % 97 == 1 or sum(ch.isdigit() for ch in compact) >= 12


def _split_trailing(text: str) -> tuple[str, str]:
    core = text.rstrip(_TRAILING_PUNCT)
    return core, text[len(core) :]


_TOKENISH = re.compile(r"[A-Za-z0-9_-]{16,}")
_DATE_LIKE = re.compile(r"\d{4}[-.]\d{1,2}[-.]\d{1,2}|\d{1,2}[-.]\d{1,2}[-.]\d{2,4}")


def _ctx(m: re.Match[str], value: str) -> str:
    """The matched text before the value group (the context words that stay)."""
    return m.string[m.start() : m.start(value)]


def _url(m: re.Match[str]) -> str:
    core, tail = _split_trailing(m.group(0))
    # Links with a query string, fragment or long token can carry a login or download token.
    if "?" in core or "#" in core or "@" in core or "=" in core:
        return "[url]" + tail
    if any(any(c.isdigit() for c in t) for t in _TOKENISH.findall(core)):
        return "[url]" + tail
    return m.group(0)


def _password(m: re.Match[str]) -> str:
    pw = m.group("pw")
    core = pw.strip("\"'“”").rstrip(".,;!?")
    if not core or core.lower() in _NOT_PASSWORDS or pw.startswith("["):
        return m.group(0)
    tail = "" if pw[:1] in "\"'“" else pw[len(pw.rstrip(".,;?")) :]
    return _ctx(m, "pw") + "[password]" + tail


def _order(m: re.Match[str]) -> str:
    if not any(c.isdigit() for c in m.group("ord")):
        return m.group(0)
    return _ctx(m, "ord") + "[order]"


def _caps(m: re.Match[str]) -> str:
    kind = m.lastgroup
    if kind == "iban":
        return "[iban]" if _iban_ok(m.group(0)) else m.group(0)
    if kind == "zip":
        return _ctx(m, "zip") + "[postcode]"
    return "[postcode]"


def _digits(m: re.Match[str]) -> str:
    kind = m.lastgroup
    if kind == "hashnum":
        return "#[order]"
    if kind == "zip4":
        return "[postcode]"
    if kind == "ip4":
        return "[ip]"
    text = m.group(0)
    digits = "".join(c for c in text if c.isdigit())
    n = len(digits)
    if n < 7:
        return text
    if 13 <= n <= 19 and _luhn(digits):
        return "[card]"
    if n <= 15:
        if _DATE_LIKE.fullmatch(text.strip()):
            return text
        return "[phone]"
    return "[number]"


def _ip6(m: re.Match[str]) -> str:
    text = m.group(0)
    if text.count(":") < 2:
        return text
    try:
        ipaddress.IPv6Address(text)
    except ValueError:
        return text
    return "[ip]"


def _name(m: re.Match[str]) -> str:
    ctx = _ctx(m, "name")
    strong = _STRONG_NAME_CONTEXT.match(ctx) is not None
    first, *rest = m.group("name").split()
    if not strong and (not first[0].isupper() or first.lower() in _NOT_NAMES):
        return m.group(0)
    if strong and first.lower() in _NOT_PASSWORDS:
        return m.group(0)
    # Further words are part of the name while they look like one: "Maria Lopez", and after
    # "my name is" also "maria lopez", but not "Maria and ...".
    n = 0
    for word in rest[: 2 if first[0].isupper() else 1]:  # "maria lopez", not "maria lopez again"
        is_name = word[0].isupper() if not strong else word.lower() not in _COMMON
        if not is_name or word.lower() in _NOT_NAMES:
            break
        n += 1
    tail = rest[n:]
    return ctx + "[name]" + (" " + " ".join(tail) if tail else "")


def _greeting_name(m: re.Match[str]) -> str:
    if m.group("gname").split()[0].lower() in _NOT_NAMES:
        return m.group(0)
    return _ctx(m, "gname") + "[name]"


def _postcode_after(m: re.Match[str]) -> str:
    return _ctx(m, "pc") + "[postcode]"


def redact(text: str) -> str:
    """`text` with personal data replaced by placeholders in square brackets."""
    if not text:
        return text
    if "://" in text or "www." in text:
        text = _URL.sub(_url, text)
    if "@" in text:
        text = _EMAIL.sub("[email]", text)
    lower = text.lower()
    if "pass" in lower or "pwd" in lower or "pin" in lower:
        text = _PASSWORD.sub(_password, text)
    if "name" in lower or "i'm" in lower or "i am" in lower or "this is" in lower or "i’m" in lower:
        text = _NAME_AFTER.sub(_name, text)
    if _GREETING_GUARD.search(lower):
        text = _GREETING_NAME.sub(_greeting_name, text)
    if ":" in text and _IP6_GUARD.search(text):  # IPv6 addresses may hold no digit at all
        text = _IP6.sub(_ip6, text)
    if _DIGIT.search(text) is None:
        return text
    if "#" in text or any(w in lower for w in _ORDER_GUARD):
        text = _ORDER.sub(_order, text)
    if not _STREET_GUARD.isdisjoint(_LETTERS.findall(lower)):
        text = _STREET.sub(_street, text)
    if any(e in lower for e in _NAME_FIRST_ENDINGS):
        text = _STREET_NAME_FIRST.sub("[address]", text)
    if "post" in lower or "zip" in lower or "plz" in lower:
        text = _POSTCODE_AFTER.sub(_postcode_after, text)
    if _CAPS_GUARD.search(text):
        text = _CAPS.sub(_caps, text)
    return _DIGITS.sub(_digits, text)


def normalise_requester(requester: str) -> str:
    """One customer, one key: "Anna <ANNA@Example.com>" and "anna@example.com" match."""
    value = requester.strip()
    if "<" in value and "@" in value:
        value = parseaddr(value)[1] or value
    return value.lower()


def customer_key(requester: str, salt: str) -> str:
    """A salted hash (16 hex characters) of the requester: counts customers, names no one."""
    h = hashlib.blake2b(normalise_requester(requester).encode(), digest_size=8, key=salt.encode())
    return h.hexdigest()


def to_ticket(raw: RawTicket, salt: str) -> Ticket:
    """Clean and redact a RawTicket; Ticket.text is "subject. body" (subject dropped when the
    body already starts with it)."""
    subject = " ".join(raw.subject.split())
    body = clean_body(raw.body)
    if subject and not body.lower().startswith(subject.lower()):
        sep = "" if subject[-1] in ".?!:" else "."
        text = f"{subject}{sep} {body}" if body else subject
    else:
        text = body
    who = raw.requester or f"{raw.source}/{raw.ticket_id}"  # unknown: count it as its own customer
    return Ticket(raw.source, raw.ticket_id, raw.created, customer_key(who, salt), redact(text))
