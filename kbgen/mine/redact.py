"""Remove personal data from ticket text before anything is stored or written.

One combined regular expression finds every candidate in a single pass; a small function per
kind decides (Luhn for cards, mod-97 for IBANs, a stop list for "names" that are ordinary
words) and picks the placeholder: [email], [phone], [card], [iban], [ip], [postcode],
[order], [name], [password], [url], [number].
"""

from __future__ import annotations

import hashlib
import ipaddress
import re
from collections.abc import Callable
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
    return "(?:" + "|".join(
        f"[{c}{c.upper()}](?<!\\w.)(?i:{'|'.join(rest)})" for c, rest in by_first.items()
    ) + ")"


_PASSWORD_WORDS = _words(
    r"my\s+(?:password|passwd|pass\s?word|pwd|passcode|pin(?:\s?code)?)",
    "password", "passwd", r"pass\s?word", "pwd", "passcode", r"pin(?:\s?code)?",
)
_NAME_WORDS = _words(r"my\s+name\s+is", r"name\s*:", r"i\s+am", r"i['’]m", r"this\s+is")
_GREETING_WORDS = _words(
    "hi", "hello", "hey", "hiya", "dear", "morning", "thanks", r"thank\s+you", "thx", "cheers",
    "regards", "best", "sincerely", "love", r"kind\s+regards", r"best\s+regards",
    r"warm\s+regards", r"many\s+thanks",
)
_ORDER_WORDS = _words(
    "order", "invoice", "receipt", "transaction", "purchase", "booking", "reference"
)
_POSTCODE_WORDS = _words(
    r"post\s?code", r"postal\s+code", r"zip(?:\s?code)?", "plz", "postleitzahl"
)
_OCTET = r"(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"

# Each pass is one regular expression whose branches all start with a character class (no
# leading \b or look-behind, which would stop the engine from skipping ahead), and runs only
# when a cheap test says it could match: most tickets cost a few microseconds.
# Within a pass, where two kinds start at the same place, the earlier branch wins.
_URL = re.compile(r"""(?P<url>(?:https?://|www\.)[^\s<>"']+)""")
_EMAIL = re.compile(r"(?P<email>[\w.+'-]+@[\w-]+(?:\.[\w-]+)+)")
_WORDS = re.compile(
    rf"""
    (?P<pwctx>{_PASSWORD_WORDS}\b
        (?i:[ \t]+(?:is|was)(?:[ \t]+(?:now|still|set\s+to))?[ \t]*:?|[ \t]*[:=])[ \t]*)
      (?P<pw>"[^"\n]{{1,64}}"|'[^'\n]{{1,64}}'|“[^”\n]{{1,64}}”|\S+)
  | (?P<namectx>{_NAME_WORDS}[ \t]+)
      (?P<name>[A-Za-zà-ÿ][\w'’-]*(?:[ \t]+[A-Za-z][a-zà-ÿ'’-]+){{0,2}})
  | (?P<greetctx>{_GREETING_WORDS}\b[ \t]*,?[ \t]*\n?[ \t]*)
      (?!I['’])(?P<gname>{_NAME})
    """,
    re.X,
)
_NUMERIC = re.compile(
    rf"""
    (?P<iban>[A-Z](?<!\w.)[A-Z]\d{{2}}(?:[ ]?[A-Z0-9]{{4}}){{2,7}}(?:[ ]?[A-Z0-9]{{1,3}})?\b)
  | (?P<ordctx>{_ORDER_WORDS}\b(?:[ \t]*(?i:number|no\.?|num|id|code|ref|reference|\#))?[ \t]*
        (?:is|was|:)?[ \t]*\#?[ \t]*)
      (?P<ord>[A-Za-z0-9][A-Za-z0-9/-]{{2,30}}\b)
  | (?P<hashnum>\#\d{{4,}}\b)
  | (?P<pcctx>{_POSTCODE_WORDS}\b[ \t]*(?:is|:)?[ \t]*)
      (?P<pc>\d{{4,5}}(?:-\d{{4}}|[ ]?[A-Z]{{2}}\b)?|[A-Z0-9]{{2,4}}[ ]?[A-Z0-9]{{3}}\b)
  | (?P<usctx>[A-Z](?<!\w.)[A-Z](?<={_US_STATES})[ \t]+)(?P<zip>\d{{5}}(?:-\d{{4}})?)\b
  | (?P<uk>[A-Z](?<!\w.)(?:[A-Z]?\d[A-Z\d]?|IR)[ ]?\d[ABD-HJLNP-UW-Z]{{2}}\b)
  | (?P<ca>[ABCEGHJ-NPRSTVXY](?<!\w.)\d[ABCEGHJ-NPRSTV-Z][ -]?\d[ABCEGHJ-NPRSTV-Z]\d\b)
  | (?P<zip4>\d(?<!\w.)\d{{4}}-\d{{4}}\b)
  | (?P<ip4>\d(?<![\w.].)\d{{0,2}}(?:\.{_OCTET}){{3}}(?![\w]|\.\d))
  | (?P<ip6>[0-9A-Fa-f:](?<![\w:].)(?=[0-9A-Fa-f]*:)
      [0-9A-Fa-f:]{{1,38}}(?:\.\d{{1,3}}){{0,3}}(?![\w:]))
  | (?P<num>[\d+(](?<![\w.,/-].)\+?\(?\d?[\d \t().-]{{5,}}\d(?!\w|\.\d|,\d))
    """,
    re.X,
)
_DIGIT = re.compile(r"\d")

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


def _url(m: re.Match[str]) -> str:
    core, tail = _split_trailing(m.group("url"))
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
    return m.group("pwctx") + "[password]" + tail


def _iban(m: re.Match[str]) -> str:
    return "[iban]" if _iban_ok(m.group("iban")) else m.group(0)


def _order(m: re.Match[str]) -> str:
    value = m.group("ord")
    if not any(c.isdigit() for c in value):
        return m.group(0)
    return m.group("ordctx") + "[order]"


def _num(m: re.Match[str]) -> str:
    text = m.group("num")
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
    text = m.group("ip6")
    if text.count(":") < 2:
        return text
    try:
        ipaddress.IPv6Address(text)
    except ValueError:
        return text
    return "[ip]"


def _name(m: re.Match[str]) -> str:
    ctx = m.group("namectx")
    strong = _STRONG_NAME_CONTEXT.match(ctx) is not None
    first, *rest = m.group("name").split()
    if not strong and (not first[0].isupper() or first.lower() in _NOT_NAMES):
        return m.group(0)
    if strong and first.lower() in _NOT_PASSWORDS:
        return m.group(0)
    # Further words are part of the name while they look like one: "Maria Lopez", and after
    # "my name is" also "maria lopez", but not "Maria and ...".
    n = 0
    for word in rest:
        is_name = word[0].isupper() if not strong else word.lower() not in _COMMON
        if not is_name or word.lower() in _NOT_NAMES:
            break
        n += 1
    tail = rest[n:]
    return ctx + "[name]" + (" " + " ".join(tail) if tail else "")


def _greeting_name(m: re.Match[str]) -> str:
    words = m.group("gname").split()
    if words[0].lower() in _NOT_NAMES:
        return m.group(0)
    return m.group("greetctx") + "[name]"


_HANDLERS: dict[str, Callable[[re.Match[str]], str]] = {
    "url": _url,
    "email": lambda m: "[email]",
    "pw": _password,
    "iban": _iban,
    "ord": _order,
    "hashnum": lambda m: "[order]",
    "pc": lambda m: m.group("pcctx") + "[postcode]",
    "zip": lambda m: m.group("usctx") + "[postcode]",
    "uk": lambda m: "[postcode]",
    "ca": lambda m: "[postcode]",
    "zip4": lambda m: "[postcode]",
    "ip4": lambda m: "[ip]",
    "ip6": _ip6,
    "num": _num,
    "name": _name,
    "gname": _greeting_name,
}


def _replace(m: re.Match[str]) -> str:
    # lastgroup is the last group closed: the value group for two-part kinds
    return _HANDLERS[m.lastgroup](m)  # type: ignore[index]


def redact(text: str) -> str:
    """`text` with personal data replaced by placeholders in square brackets."""
    if not text:
        return text
    if "://" in text or "www." in text:
        text = _URL.sub(_replace, text)
    if "@" in text:
        text = _EMAIL.sub("[email]", text)
    text = _WORDS.sub(_replace, text)
    if _DIGIT.search(text):
        text = _NUMERIC.sub(_replace, text)
    return text


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
