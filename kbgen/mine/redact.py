"""Remove personal data from ticket text before anything is stored or written.

A pattern per kind finds the candidates; each is a Rule (kbgen/mine/patterns.py, the list
RULES at the end of this file) that carries its own cheap guard (a substring, a digit, derived
from the same word list as the pattern where it looks for words) so most tickets cost
microseconds; a small function per kind decides (Luhn for cards, mod-97 for
IBANs, stop lists for "names" that are ordinary words, detect-secrets' token shapes and an
entropy test for keys) and picks the placeholder: [email], [phone], [card], [iban], [ip],
[postcode], [address], [order], [name], [password], [username], [secret], [licence], [url],
[file], [number].

`redact` is also told whose ticket it is (kbgen/mine/tickets.py): the requester's name from
the export (`requester_names`), and names on the message's signature lines
(`signature_names`), are redacted wherever they appear in the ticket.
"""

from __future__ import annotations

import ipaddress
import math
import re
from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import replace
from email.utils import parseaddr
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING
from unicodedata import normalize

from kbgen.mine.patterns import Rule, compiled, in_text, phrases, run, searched, words

if TYPE_CHECKING:
    from kbgen.mine.rank import Finding

_US_STATES = (  # in a look-behind: every alternative two letters wide
    "AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|"
    "NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY"
)
# The capital and small letters names are written with, for character classes: the Latin
# alphabets' (Latin-1, Extended-A and -B), Greek's and Cyrillic's as well as A-Z ("Élodie",
# "Øystein", "Łukasz Żukowski", "Νίκος", "Иван Петров").
_UPPER = "A-Z" + "".join(c for c in map(chr, range(0xC0, 0x530)) if c.isupper())
_LOWER = "a-z" + "".join(c for c in map(chr, range(0xC0, 0x530)) if c.islower())
# "Anna", "Anna-Lena", "O'Brien", "McDonald", "Élodie"
_NAME_WORD_REST = (
    rf"(?:['’]?[{_UPPER}])?[{_LOWER}'’]+(?:[{_UPPER}][{_LOWER}]+)?(?:-[{_UPPER}]?[{_LOWER}'’]+)*"
)
_NAME_WORD = f"[{_UPPER}]" + _NAME_WORD_REST
_NAME = rf"{_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{0,2}}"


# "password", in English and the forms customers write in German, French, Spanish, Dutch,
# Portuguese and Italian; "pass" alone only as "my pass is" or "pass:" (see _password).
_PASSWORD_WORDS = words(
    r"pass\s?words?",
    "passwd",
    "pwd",
    "pw",
    "passcode",
    "passphrase",
    r"pin(?:\s?code)?",
    "pass",
    "passwort",
)
# The other languages' words: a pattern of their own, run only when one is in the text, so
# the common case scans for words starting with "p" alone.
_OTHER_PASSWORD_WORDS = words(
    "kennwort",
    r"mot\s+de\s+passe",
    "mdp",
    "contraseña",
    "contrasena",
    "clave",
    "wachtwoord",
    "senha",
)
# The words before a date of birth: one value after them is a secret (SECRET_AFTER); a date
# in words after them is one too (BIRTH_DATE).
_BIRTH_ENTRIES = (
    "dob",
    (r"d\.o\.b\.?", "d.o.b"),
    (r"date\s+of\s+birth", "birth"),
    (r"birth[\s_-]?(?:date|day)", "birth"),
    r"geburtsdatum",
    (r"date\s+de\s+naissance", "naissance"),
    (r"fecha\s+de\s+nacimiento", "nacimiento"),
    (r"born(?:\s+(?:on|in))?", "born"),
    (r"geboren(?:\s+am)?", "geboren"),
)
_BIRTH_WORDS = words(*_BIRTH_ENTRIES)
# What a customer calls an API key, a token or a licence key before pasting it.
_SECRET_WORDS = words(
    (r"api[\s_-]?(?:key|token|secret)s?", "key", "token", "secret"),
    (r"access[\s_-]?(?:key|token)s?", "key", "token"),
    r"auth(?:entication)?[\s_-]?token",
    (r"client[\s_-]?secret", "secret"),
    r"secret(?:[\s_-]?key)?",
    "token",
    "bearer",
    *(
        (rf"{w}[\s_-]?codes?", "code")
        for w in ("verification", "security", "2fa", "mfa", "otp", r"one[\s-]time", "sms", "backup")
    ),
    (r"recovery[\s_-]?key", "key"),
    # A card's security code, and a date of birth (with a name or an email, it tells who).
    (r"cv[cv]2?", "cv"),
    *_BIRTH_ENTRIES,
    # Numbers of a person's papers: "passport number C01X00T47", "Ausweisnummer: L01X00T47".
    (r"passport(?:[\s_-]?(?:number|no))?", "passport"),
    (r"national[\s_-]?insurance(?:[\s_-]?(?:number|no))?", "insurance"),
    (r"social[\s_-]?security(?:[\s_-]?(?:number|no))?", "security"),
    (r"tax[\s_-]?id", "tax"),
    (r"personalausweis(?:nummer)?", "ausweis"),
    r"ausweisnummer",
    (r"steuer[\s_-]?id", "steuer"),
    (r"licen[cs]e(?:[\s_-]?(?:key|code|number|no))?", "licen"),
    r"lizenz(?:schlüssel|schluessel|code)?",
    *(
        (rf"{w}[\s_-]?(?:key|code|number|no)", w[:5])
        for w in ("product", "serial", "activation", "registration", "unlock")
    ),
    (r"cl[ée]\s+de\s+(?:licence|produit|activation)", "licen", "produ", "activ"),
    r"clave\s+de\s+(?:licencia|producto|activaci[óo]n)",
    (r"licentie(?:sleutel|code)?", "licen"),
    "serial",
    "key",
)
_LICENCE_CONTEXT = re.compile(r"(?i)licen|lizenz|product|produ|serial|activat|registrat|unlock")
# A key of letters only ("ABCD-EFGH-IJKL") is one when one of these is said just before it.
_KEY_BEFORE = re.compile(_LICENCE_CONTEXT.pattern + "|key|code")
# A date of birth in words: "date of birth: 14 March 1985", "born on March 3rd, 1985".
_MONTH = r"""(?i:jan(?:uary|uar|vier)?|feb(?:ruary|ruar)?|mar(?:ch|s)?|märz|apr(?:il)?|ma[iy]
    |jun[ei]?|jul[iy]?|aug(?:ust)?|sep(?:t(?:ember)?)?|o[ck]t(?:ober)?|nov(?:ember)?
    |de[cz](?:ember)?)\.?"""
_USER_WORDS = words(
    r"user\s?name",
    "login",
    r"log-?in\s+name",
    "user",
    r"user\s?id",
    "benutzername",
    "identifiant",
    "usuario",
    "gebruikersnaam",
    # accounts elsewhere that name a person: "skype: anna.smith77"
    "skype",
    "discord",
    "telegram",
    "instagram",
    "twitter",
    "tiktok",
    "snapchat",
)
_NAME_WORDS = words(
    r"my\s+name\s+is",
    r"my\s+name['’]s",
    # Someone else's: "her name is rachel", "his name's Tom".
    *(rf"{who}\s+name\s+is" for who in ("his", "her", "their")),
    *(rf"{who}\s+name['’]s" for who in ("his", "her", "their")),
    r"name\s*:",
    # A web form's fields, which cleaning puts on one line: "First name: Anna Last name: …".
    r"surname\s*:",
    r"forename\s*:",
    r"vorname\s*:",
    r"nachname\s*:",
    # Labels that name a person before a capital ("From: Anna Fischer"); the colon is part of
    # the guard's substring, as the words alone are in most tickets.
    r"from:",
    r"customer:",
    r"client:",
    r"contact:",
    r"sender:",
    r"requester:",
    (r"mein\s+name\s+ist", "name"),
    r"ich\s+hei(?:ße|sse)",
    r"je\s+m['’]appelle",
    (r"mon\s+nom\s+est", "nom"),
    r"me\s+llamo",
    r"mi\s+nombre\s+es",
    (r"mijn\s+naam\s+is", "naam"),
    r"ik\s+heet",
)
# Most tickets say "I am" or "this is": these introduce a name only before a capital letter.
# (the longer phrase first: the alternation takes the first that fits)
_SELF_WORDS = words(r"i['’]m\s+called", r"i\s+am", r"i['’]m", r"this\s+is", r"call\s+me", r"signed")
_GREETING_WORDS = words(
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
_ORDER_WORDS = words(
    "order", "invoice", "receipt", "transaction", "purchase", "booking", "reference"
)
_POSTCODE_WORDS = words(r"post\s?code", r"postal\s+code", r"zip(?:\s?code)?", "plz", "postleitzahl")
_OCTET = r"(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"

# Speed: a pattern whose first item is a character class lets the regex engine skip ahead in
# C; a leading \b, look-behind or a choice between groups makes it try every position. So each
# kind of personal data has its own pattern that starts with a character class, and runs only
# when its guard (see RULES below) says it could match: most tickets cost microseconds.
_URL = re.compile(r"""(?P<url>[hHwW](?:ttps?://|ww\.(?=\w))[^\s<>"']+)""")
_EMAIL = re.compile(r"(?P<email>[\w.+'-]+@[\w-]+(?:\.[\w-]+)+)")
# How a value follows its name: "is", "was", "I use is", ":", "=", or (for a value that
# looks like a secret) nothing at all: "pwd Hunter2".
_IS = r"(?:is|was|ist|lautet|est|es|era|é|será|sera)"
_CONNECTOR = rf"""(?i:
        [ \t]+(?:(?:that|which)[ \t]+)?(?:i|we)
            [ \t]+(?:use|used|set|chose|typed|entered|tried|have|had)[ \t]+{_IS}\b[ \t]*:?
      | [ \t]+{_IS}\b(?:[ \t]+(?:now|still|set[ \t]+to|jetzt|maintenant|ahora|nu))?[ \t]*:?
      | [ \t]*[:=]
      | (?P<bare>[ \t]+)
    )[ \t]*"""
_VALUE = r""""[^"\n]{1,64}"|'[^'\n]{1,64}'|“[^”\n]{1,64}”|\S+"""
_PASSWORD = re.compile(
    rf"(?P<pwctx>{_PASSWORD_WORDS}\b{_CONNECTOR})(?P<pw>{_VALUE})",
    re.X,
)
_OTHER_PASSWORD = re.compile(
    rf"(?P<pwctx>{_OTHER_PASSWORD_WORDS}\b{_CONNECTOR})(?P<pw>{_VALUE})", re.X
)
# (a word may end in a dot: "D.O.B. 14/03/1985")
_SECRET_AFTER = re.compile(
    rf"(?P<sctx>{_SECRET_WORDS}(?:\b|(?<=\.)){_CONNECTOR})(?P<sv>{_VALUE})", re.X
)
_BIRTH_DATE = re.compile(
    rf"""(?P<bctx>{_BIRTH_WORDS}(?:\b|(?<=\.))[ \t]*(?:[:=-][ \t]*)?(?:(?:is|was|on|am|the)[ \t]+)*)
      (?P<bd>\d{{1,2}}(?:st|nd|rd|th)?\.?[ \t]+(?:of[ \t]+)?{_MONTH},?[ \t]+\d{{4}}
        |{_MONTH}[ \t]+\d{{1,2}}(?:st|nd|rd|th)?,?[ \t]+\d{{4}}
        |\d{{1,4}}[./-]\d{{1,2}}[./-]\d{{1,4}})\b""",
    re.X,
)
# After ":" or "=", or after "is" when the value looks like a user name: "anna_k", "bob77",
# "j.smith" (not "my login is not working").
_USERNAME = re.compile(
    rf"""(?P<uctx>{_USER_WORDS}(?:[ \t]*[:=][ \t]*
        |[ \t]+is[ \t]+(?=[^\s/,;]*[A-Za-z])(?=[^\s/,;]*[_\d.][^\s/,;]*\w)))
      (?P<user>[^\s/,;]+)""",
    re.X,
)
_NAME_AFTER = re.compile(
    rf"""(?P<namectx>(?:{_NAME_WORDS}|{_SELF_WORDS})[ \t]+)
      (?P<name>[{_UPPER}{_LOWER}][\w'’-]*
        (?:[ \t]+(?![\w'’-]+[ \t]*:)[{_UPPER}{_LOWER}](?:[{_LOWER}'’-]+|[{_UPPER}'’-]+)){{0,2}})""",
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
      | (?<=[A-Z])(?P<nino>[A-Z][ ]?\d{{2}}[ ]?\d{{2}}[ ]?\d{{2}}[ ]?[A-D]\b)  # "QQ 12 34 56 C"
      | (?P<usctx>[A-Z](?<={_US_STATES})[ \t]+)(?P<zip>\d{{5}}(?:-\d{{4}})?)\b
      | (?P<uk>(?:[A-Z]?\d[A-Z\d]?|(?<=G)IR)[ ]?\d[ABD-HJLNP-UW-Z]{{2}}\b)
      | (?<=[ABCEGHJ-NPRSTVXY])(?P<ca>\d[ABCEGHJ-NPRSTV-Z][ -]?\d[ABCEGHJ-NPRSTV-Z]\d\b)
    )""",
    re.X,
)
# One branch per capital: "DE89...", "TX 78701", "SW1A", "K1A", and Girobank's "GIR 0AA".
_CAPS_GUARD = re.compile(r"[A-Z](?:\d|[A-Z](?:\d|[ \t]+\d{5}|[ ]\d\d[ ]?\d)|IR)")
# Digits: ZIP+4, IPv4, "#12345" references, and runs of digits (cards, phones, numbers).
_DIGITS = re.compile(
    rf"""[\d+(\#](?<![\w.,/-].)(?:
        (?<=\#)(?P<hashnum>\d{{4,}}\b)
      | (?<=\d)(?P<zip4>\d{{4}}-\d{{4}}\b)
      | (?<=\d)(?P<ip4>\d{{0,2}}(?:\.{_OCTET}){{3}}(?![\w]|\.\d))
      | (?<=\d)(?P<slash>\d{{2,4}}/[ \t]?\d{{5,9}}(?![\w/]|\.\d))  # "0176/1234567"
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
# Streets named after their kind in Spanish, Catalan, Portuguese and Italian addresses:
# "Calle Mayor 5", "Rua Augusta 274", "Piazza Navona 12" (not "Via": "via PayPal 3 times").
_NAME_FIRST_PREFIXES = (
    "calle", "avenida", "avda", "carrer", "paseo", "plaza", "camino", "rua", "travessa",
    "piazza", "piazzale", "viale",
)  # fmt: skip
_STREET_NAME_FIRST = re.compile(
    rf"""[A-ZÀ-Þ](?<!\w.)(?:
        [\w-]*(?:[ \t]+(?=[A-ZÀ-Þ]))?
        (?i:{"|".join(_NAME_FIRST_ENDINGS)})\.?
      | (?<=[CAPRTV])(?i:{"|".join(p[1:] for p in _NAME_FIRST_PREFIXES)})\.?
        (?:[ \t]+(?:de|del|la|las|los|do|da|dos|das|di|della|dei|d'))*
        (?:[ \t]+[{_UPPER}][\w'’.-]*){{1,3}},?
      )[ \t]+\d{{1,4}}[A-Za-z]?\b""",
    re.X,
)
# A postcode right after a redacted street ("[address], 10115 Berlin"): no other number
# stands there.
_POSTCODE_AFTER_ADDRESS = re.compile(rf"(?P<ctx>\[address\],?[ \t]+)\d{{4,5}}(?=[ \t]+[{_UPPER}])")


def _street(m: re.Match[str]) -> str:
    if _NOT_HOUSE_NUMBER_AFTER.search(m.string, max(0, m.start() - 16), m.start()):
        return m.group(0)
    return "[address]"


_IP6 = re.compile(r"(?P<ip6>[0-9A-Fa-f:](?<![\w:].)[0-9A-Fa-f:]{1,38}(?:\.\d{1,3}){0,3}(?![\w:]))")
_IP6_GUARD = re.compile(r"[0-9A-Fa-f]:[0-9A-Fa-f]*:|::")
_DIGIT = re.compile(r"\d")

# Words that follow "password is" without being a password.
_NOT_PASSWORDS = frozenset(
    """not wrong incorrect correct right invalid valid case case-sensitive sensitive the a an my
    your same different too very still now definitely correctly being been rejected expired
    accepted working broken saved stored reset changed ok okay fine in on for and or but it
    that this what which there here definitely exactly long short empty blank missing forgotten
    lost all just also only always never no yes please of to with without from at by as so
    because if when set typed entered blocked locked unlocked denied declined disabled
    unknown required needed sent needed missing wrong? incorrect. weak strong""".split()
)
# Capitalised words after "Hi"/"Thanks"/"I'm" that are not names.
_NOT_NAMES = frozenset(
    """i i'm im there all team everyone everybody guys folks sir madam support customer service
    support-team for so very a an the my your in on at again again! you we it this that not
    just also new from trying having using looking unable able sorry afraid confused stuck
    writing contacting emailing hoping wondering still really getting please can could would
    will is was yes no ok okay hello hi hey thanks thank dear windows mac macos iphone ipad
    android linux chrome safari firefox edge google paypal apple microsoft adobe zip pdf
    up out off into""".split()
)
_COMMON = _NOT_PASSWORDS | frozenset(
    "and i is am was but have has had can cannot can't could would will".split()
)
# (someone else's name is no stronger than "I am": "her name is spelled wrong")
_STRONG_NAME_CONTEXT = re.compile(r"(?i)my\s+name(?:\s+is|['’]s)|(?:sur|fore|vor|nach)?name\s*:")
_TRAILING_PUNCT = ".,;:!?)]}'\""

# -- keys, tokens and licence keys --------------------------------------------------------------
# Token shapes (AWS, GitHub, GitLab, Slack, Stripe, JWT, SendGrid, Twilio, OpenAI, ...) come from
# detect-secrets' plugins, a maintained list; these add the shapes it lacks.
_MORE_SECRET_SHAPES = (
    r"AIza[0-9A-Za-z_-]{35}",  # Google API key
    r"(?:sk|pk|rk)_(?:live|test)_[0-9a-zA-Z]{16,}",  # Stripe, any length
    r"whsec_[0-9a-zA-Z]{24,}",  # Stripe webhook secret
    r"xox[abposr]-[0-9A-Za-z-]{10,}",  # Slack, any layout
    r"(?:github_pat|glpat|npm|pypi|hf|dop_v1|shpat|shpss|shpca|sq0atp)_?[0-9A-Za-z_-]{20,}",
    r"ya29\.[0-9A-Za-z_-]{20,}",  # Google OAuth access token
)


def _secret_shapes() -> re.Pattern[str]:
    from detect_secrets.plugins import (
        aws,
        azure_storage_key,
        discord,
        github_token,
        gitlab_token,
        jwt,
        mailchimp,
        openai,
        pypi_token,
        sendgrid,
        slack,
        square_oauth,
        stripe,
        telegram_token,
        twilio,
    )

    detectors = (
        aws.AWSKeyDetector, azure_storage_key.AzureStorageKeyDetector,
        discord.DiscordBotTokenDetector, github_token.GitHubTokenDetector,
        gitlab_token.GitLabTokenDetector, jwt.JwtTokenDetector, mailchimp.MailchimpDetector,
        openai.OpenAIDetector, pypi_token.PypiTokenDetector, sendgrid.SendGridDetector,
        slack.SlackDetector, square_oauth.SquareOAuthDetector, stripe.StripeDetector,
        telegram_token.TelegramBotTokenDetector, twilio.TwilioKeyDetector,
    )  # fmt: skip
    parts = []
    for detector in detectors:
        for pattern in detector.denylist:
            flags = ("i" if pattern.flags & re.I else "") + ("x" if pattern.flags & re.X else "")
            parts.append(f"(?{flags}:{pattern.pattern})" if flags else f"(?:{pattern.pattern})")
    parts.extend(f"(?:{p})" for p in _MORE_SECRET_SHAPES)
    return re.compile("|".join(parts))


_SECRET_SHAPES = _secret_shapes()
# Runs of token characters long enough to be a key: each is checked against the shapes above
# and, failing those, for looking random (digits and letters, mixed case, high entropy).
_TOKEN = re.compile(r"[A-Za-z0-9_+/=~.:-]{16,}")  # keys are ASCII; an ASCII class scans fast
_DIGIT_RUNS = re.compile(r"\d+")
_TOKEN_PIECES = re.compile(r"[^./:]{20,}")
_PRIVATE_KEY = re.compile(
    r"-----BEGIN[A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----.*?"
    r"(?:-----END[A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----|\Z)"
    r"|PuTTY-User-Key-File-\d.*?(?:Private-MAC:\s*\S+|\Z)",
    re.S,
)
# XXXXX-XXXXX-XXXXX-XXXXX and its cousins: three or more groups of four to eight capitals and
# digits (lower case too, when every group has a digit).
_LICENCE = re.compile(r"[A-Za-z0-9](?<![\w-].)[A-Za-z0-9]{3,7}(?:-[A-Za-z0-9]{4,8}){2,7}(?![\w-])")
_LICENCE_GUARD = re.compile(r"-[A-Za-z0-9]{4,8}-")  # a literal first: scans fast


def _entropy(text: str) -> float:
    n = len(text)
    return -sum(c / n * math.log2(c / n) for c in Counter(text).values())


def _looks_random(piece: str) -> bool:
    """A key or token rather than a word, a file name or a date."""
    n = len(piece)
    digits = sum(c.isdigit() for c in piece)
    letters = sum(c.isalpha() for c in piece)
    if digits < 2 or letters < 2 or digits == n:
        return False
    if not all(c.isascii() for c in piece):
        return False
    hexadecimal = all(c in "0123456789abcdefABCDEF-" for c in piece)
    if hexadecimal:
        return n >= 24 and _entropy(piece) >= 3.0
    # Random keys switch from lower to upper case again and again and scatter their digits;
    # words, file names ("MyBackupFile2024") and CamelCase names hardly do.
    runs = len(_DIGIT_RUNS.findall(piece))
    if runs < 2:
        return False
    alpha = [c for c in piece if c.isalpha()]
    humps = sum(1 for a, b in zip(alpha, alpha[1:], strict=False) if a.islower() and b.isupper())
    if (
        humps < 3
        and not (humps == 2 and runs >= 3)
        and not (piece.islower() and digits >= n / 4 and n >= 24)
        and not (runs >= 3 and not piece.isupper() and _class_switches(piece) >= n * 0.45)
    ):
        return False
    return _entropy(piece) >= 3.5


def _class(c: str) -> int:
    return 0 if c.isdigit() else 1 if c.isupper() else 2


def _class_switches(piece: str) -> int:
    """How often the piece switches between digits, capitals and small letters: a random key
    of mixed case switches at about every other character ("EB3Qa5gH7TKW2N1p"), words and
    names rarely (capitals-only codes such as IBANs are left to their own patterns)."""
    return sum(1 for a, b in zip(piece, piece[1:], strict=False) if _class(a) != _class(b))


def _token(m: re.Match[str]) -> str:
    text = m.group(0)
    core, tail = _split_trailing(text)
    shape = _SECRET_SHAPES.search(core)
    if shape is not None:
        return core[: shape.start()] + "[secret]" + tail
    if any(_looks_random(p) for p in _TOKEN_PIECES.findall(core)):
        return "[secret]" + tail
    return text


def _licence(m: re.Match[str]) -> str:
    text = m.group(0)
    groups = text.split("-")
    if all(g.isdigit() for g in groups):
        return text  # digits only: a card, a phone or a date, decided later
    if not text.isupper() and not all(any(c.isdigit() for c in g) for g in groups):
        return text  # "state-of-the-art" words
    if not any(c.isdigit() for c in text) and not all(len(g) >= 5 for g in groups):
        if _KEY_BEFORE.search(m.string, max(0, m.start() - 24), m.start()) is None:
            return text  # "ABCD-EFGH-IJKL" is a key only after "licence key", "serial", ...
    return "[licence]"


# -- obfuscated email addresses: "john at gmail dot com", "john [at] gmail [dot] com" ----------
_AT = (
    r"(?:[ \t]*[\[({<][ \t]*(?i:at)[ \t]*[\])}>][ \t]*|[ \t]+(?i:at)[ \t]+"
    r"|[ \t]+@[ \t]*|[ \t]*@[ \t]+)"
)
_DOT = r"(?:[ \t]*[\[({<][ \t]*(?i:dot)[ \t]*[\])}>][ \t]*|[ \t]+(?i:dot)[ \t]+|[ \t]+\.[ \t]+|\.)"
_TLDS = frozenset(
    "com net org edu gov io co uk de fr nl be es it ch at se no dk fi pl pt ie ca au nz us "
    "info biz me eu in jp br mx ar ru cz hu ro gr tr za sg hk".split()
)
# The top-level domain is one of _TLDS in the pattern itself: "reach me at anna.smith [at]
# example [dot] org" holds "me at anna.smith", which a match of any letters would take
# (and reject), and the search would go on after it, past the address. A local part may be
# written out with " dot " too ("anna dot smith at gmail dot com").
_OBFUSCATED_EMAIL = re.compile(
    rf"""(?P<oemail>[\w+-](?<![\w.+-].)[\w.+-]{{0,63}}
        (?:[ \t]+(?i:dot)[ \t]+[\w+-][\w.+-]{{0,63}}){{0,3}}{_AT}
        (?P<odomain>[A-Za-z0-9-]{{2,63}}(?:{_DOT}[A-Za-z0-9-]{{2,63}}){{0,3}}{_DOT}
        (?P<otld>(?i:{"|".join(sorted(_TLDS, key=lambda t: (-len(t), t)))})))\b)""",
    re.X,
)
_OBFUSCATED_GUARD = re.compile(r" at [\w-]+\.\w")
_PROVIDERS = frozenset(
    "gmail googlemail yahoo hotmail outlook live msn icloud me mac aol gmx web t-online "
    "protonmail proton yandex mail zoho orange free wanadoo laposte libero btinternet sky "
    "virginmedia comcast verizon att sbcglobal ziggo kpn telenet hetnet".split()
)


def _obfuscated_email(m: re.Match[str]) -> str:
    text = m.group(0)
    if m.group("otld").lower() not in _TLDS:
        return text
    plain_at = "@" not in text and not re.search(r"[\[({<] ?at ?[\])}>]", text, re.I)
    if plain_at:  # " at ": only with " dot " or a mail provider ("look at example.com" stays)
        domain = m.group("odomain").lower()
        if " dot " not in domain and domain.split(".")[0].split()[0] not in _PROVIDERS:
            return text
    return "[email]"


# -- names ------------------------------------------------------------------------------------
# "my husband John Smith", "ordered by Peter Jones", "Mrs Smith": the words that introduce a
# person, then one to three capitalised words.
_MY_RELATIONS = (
    r"my\s+(?:husband|wife|son|daughter|partner|boyfriend|girlfriend|fianc[ée]e?|spouse|"
    r"mother|mom|mum|mam|father|dad|brother|sister|friend|colleague|co-?worker|boss|manager|"
    r"assistant|uncle|aunt|auntie|grandson|granddaughter|grandma|grandmother|grandpa|"
    r"grandfather|niece|nephew|cousin|kid|child|neighbou?r|client|employee|student|teacher|"
    r"flatmate|roommate|mother-in-law|father-in-law|stepson|stepdaughter|stepmother|"
    r"stepfather|accountant|secretary|tenant|landlord|landlady)"
)
_BY_VERBS = ("ordered", "bought", "purchased", "placed", "booked", "registered", "signed")
# Someone the customer dealt with: "I spoke with Sarah", "helped by Tom", "according to Jo".
# Companies come here too ("I talked to PayPal"), so only a known first name counts.
# "someone called Ben", "a guy named Tom" (a font called Roboto names no one)
_CALLED = (r"called", r"named")
_DEALT_WITH = (
    *(
        rf"{verb}\s+(?:with|to)"
        for verb in ("spoke", "spoken", "speaking", "talked", "talking", "chatted", "dealt")
    ),
    *(
        rf"{verb}\s+by"
        for verb in ("helped", "told", "contacted", "emailed", "called", "assisted", "answered")
    ),
    r"according\s+to",
    *_CALLED,
)
_TITLES = "mr mrs ms miss mx dr prof herr frau mme mlle monsieur madame señora? sra?".split()
# Who a letter is for or from: "attn. Jürgen Weiß", "c/o Anna Smith", "on behalf of Klaus".
_ON_BEHALF = (r"attn\.?", r"attention\s+of", r"c/o", r"behalf\s+of")
# Whose name an order or an account is in: "under the name Robert Brown".
_IN_THE_NAME = (r"under\s+the\s+name", r"in\s+the\s+name\s+of")
_RELATION_WORDS = words(
    _MY_RELATIONS,
    *(rf"{w}\s+by" for w in _BY_VERBS),
    *(rf"{w}\.?" for w in _TITLES),
    *_ON_BEHALF,
    *_IN_THE_NAME,
    *_DEALT_WITH,
)
# Capitalised words that follow a word (not a sentence start): cheap to find, since capitals
# are rare; each is a name when the words before it introduce a person.
# (after a full stop only in "attn. Jürgen": every sentence start would cost a look back)
_CAPITALISED = re.compile(
    rf"[{_UPPER}](?:(?<=[\w,;)] [{_UPPER}])|(?<=[Aa]ttn\. [{_UPPER}]))"
    rf"{_NAME_WORD_REST}(?:[ \t]+{_NAME})?"
)
_TITLE_NAME = re.compile(
    rf"""(?P<tctx>[MDHFS](?<!\w.)(?:r|rs|s|iss|x|err|rau|me|lle|ra|eñora?)\.?[ \t]+)
      (?P<tn>{_NAME})""",
    re.X,
)
# "my mother, Jane Doe, bought it": the name may stand after a comma.
_RELATION_BEFORE = re.compile(rf"(?:{_RELATION_WORDS}),?[ \t]+\Z")
_DEALT_WITH_BEFORE = re.compile(rf"(?i:{'|'.join(_DEALT_WITH)})[ \t]+\Z")
_CALLED_BEFORE = re.compile(rf"(?i:{'|'.join(_CALLED)})[ \t]+\Z")
# Names in lower case after a greeting or a sign-off, when the name ends the phrase:
# "hi john," "thanks anna".
_GREETING_LOWER = re.compile(
    rf"(?P<glctx>{_GREETING_WORDS}\b[ \t]*,?[ \t]*)(?P<glname>[{_LOWER}][{_LOWER}'’-]{{1,20}})"
    r"(?=[ \t]*(?:[,.!;:\n]|\Z))"
)
# A name that ends the message after a sign-off or a sentence: "... Please help ASAP Mark
# Silva", "... it fails. Anna Smith".
_SIGNOFF_TAIL = (
    r"(?:thanks|thank\s+you|thx|cheers|regards|best|sincerely|asap|please|help|x+|xoxo|bye|ciao|"
    r"signed|love|hugs|"
    r"gruß|grüße|gruss|merci|cordialement|saludos|gracias|groeten|bedankt)"
)
_TRAILING_NAME = re.compile(
    rf"[{_UPPER}](?<=[ \t][{_UPPER}]){_NAME_WORD_REST}"
    rf"(?:[ \t]+{_NAME_WORD}){{0,2}}(?:[ \t]+x{{1,3}})?[ \t]*[.!]?[ \t]*\Z"  # "Georgia x"
)
# (a dash too: "... won't open.\n— Jean-Luc Picard")
_TRAILING_BEFORE = re.compile(rf"(?:[.!?,—–-]|(?i:{_SIGNOFF_TAIL})\b[,.!]*)[ \t]+\Z")
# Words that are names in the dictionary too: taken for the requester's name only when
# capitalised ("will", "Will").
_WORDY_NAMES = frozenset(
    """will may mark bill hope rose grace joy faith dawn june april august art guy chase drew
    jack sue pat rob ray frank gene lane penny ruby sandy dean don iris ivy jean lily max miles
    nick page pearl reed rich rocky rusty sky stone summer sunny wade ward win young king long
    brown white green black baker cook hunter hill wood price bell rich gay major victor
    carter mason porter turner walker fisher page sharp lamb fox bush best love""".split()
)


# First names told in any case, where a name may stand but is not capitalised ("this is
# anna fischer", a last line "ANNA FISCHER"): Faker's lists, less the languages' common words
# (bench/first_names.py writes the file); never a name that is also a word ("will").
def _data_words(name: str) -> frozenset[str]:
    """The words of one of kbgen/mine/data's lists (a word a line; # starts a comment)."""
    text = (Path(__file__).parent / "data" / name).read_text(encoding="utf-8")
    return frozenset(line for line in text.split("\n") if line and not line.startswith("#"))


_FIRST_NAMES = _data_words("first-names.txt") - _WORDY_NAMES
# The first names that are no common English word too ("edit", "server", "holly" are): where
# no word introduces a name (a capitalised pair, a word after "it's", a file's name, a word
# typed small after a relation), only these count.
_PLAIN_FIRST_NAMES = _FIRST_NAMES - _data_words("first-names-words.txt")
# Words that are never a person's name, though they come capitalised where names do.
_NOT_NAME_WORDS = frozenset(
    """team support customer customers service services help helpdesk desk info admin sales
    shop store office user users guest anonymous unknown none null n/a na the and of for
    from with sent my iphone ipad android samsung galaxy mobile phone outlook gmail mail email
    ltd limited inc llc gmbh bv sa sarl co company corp plc group acme widgets
    monday tuesday wednesday thursday friday saturday sunday january february march april
    june july august september october november december christmas easter today tomorrow
    yesterday urgent asap please thanks thank regards cheers best sincerely kind warm many
    hello hi hey dear question questions problem problems issue issues order orders refund
    download downloads file files link links account password login error update app
    windows mac macos linux chrome safari firefox edge google drive dropbox onedrive icloud
    paypal visa mastercard amex apple microsoft adobe reader acrobat office word excel zip pdf
    youtube macbook iphone wordpress onedrive dropbox whatsapp facebook instagram linkedin
    usb wifi bluetooth premium pro plus free trial basic standard english french german
    spanish dutch italian here again also not yes no ok okay sorry
    first last name surname message subject comment comments details enquiry inquiry
    telephone website""".split()
)
# What follows a first name typed small without being its surname: "this is anna and …".
_NOT_SURNAMES = frozenset(
    """from with about here again who and or but i im i'm my me the a an to at in on of for
    is was am are will would need needs want wants can cant can't could have has had do does
    did just also too so if when since because please pls plz thanks thank""".split()
)


def _known_name(words: list[str]) -> bool:
    """Words not capitalised as names are that still name someone: a known first name, and no
    word after it that a sentence goes on with ("anna fischer", not "anna and")."""
    return words[0].lower() in _FIRST_NAMES and not any(
        w.lower() in _NOT_SURNAMES for w in words[1:]
    )


_NAME_PARTICLES = frozenset(
    "van von de der den del della di da do dos das du la le los las bin ben al el mc st".split()
)
_LOWER_NOT_NAMES = frozenset(
    """there all again much guys team everyone everybody mate folks alot lot advance bye anyway
    though so too both you u ya yall man buddy friend friends sir madam support help in for
    heaps loads regardless anyway anyways guys! tons""".split()
)


def _greeting_lower(m: re.Match[str]) -> str:
    word = m.group("glname")
    if word in _LOWER_NOT_NAMES or word in _NOT_NAMES or word in _COMMON:
        return m.group(0)
    if word in _NOT_NAME_WORDS or word in _NOT_PASSWORDS:
        return m.group(0)
    return _ctx(m, "glname") + "[name]"


def _is_name_word(word: str) -> bool:
    low = word.lower().rstrip(".")
    return (
        low not in _NOT_NAMES
        and low not in _NOT_NAME_WORDS
        and low not in _COMMON
        and not word.isupper()
    )


def _title_name(m: re.Match[str]) -> str:
    words = m.group("tn").split()
    n = 0
    while n < len(words) and _is_name_word(words[n]):
        n += 1
    if n == 0:
        return m.group(0)
    rest = words[n:]
    return _ctx(m, "tn") + "[name]" + (" " + " ".join(rest) if rest else "")


def _relation_name(m: re.Match[str]) -> str:
    start = m.start()
    before = m.string[max(0, start - 40) : start]
    relation = _RELATION_BEFORE.search(before)
    if relation is None:
        return _full_name(m.group(0))  # no word introduces it: a full name, or no name
    words = m.group(0).split()
    first = words[0].lower()
    if first not in _FIRST_NAMES and _DEALT_WITH_BEFORE.search(before) is not None:
        return m.group(0)  # "I talked to PayPal"
    if first not in _PLAIN_FIRST_NAMES:
        # After a comma, a full name ("my mother, Jane Doe,"), not a word that starts the
        # next clause ("for my son, Minecraft keeps crashing"); after "called", a first name.
        if _CALLED_BEFORE.search(before) is not None:
            return m.group(0)  # "a font called Roboto"
        if "," in relation.group(0) and not (len(words) > 1 and _is_name_word(words[1])):
            return m.group(0)
    n = 0
    while n < len(words) and _is_name_word(words[n]):
        n += 1
    if n == 0:
        return m.group(0)
    rest = words[n:]
    return "[name]" + (" " + " ".join(rest) if rest else "")


def _trailing_name(m: re.Match[str]) -> str:
    start = m.start()
    before = _TRAILING_BEFORE.search(m.string[max(0, start - 24) : start])
    if before is None:
        return m.group(0)
    name = m.group(0).rstrip(" \t.!")
    words = name.split()
    if not all(_is_name_word(w) for w in words):
        return m.group(0)
    mark = before.group(0).strip()[:1]
    if len(words) == 1 and mark in ".!?,":
        return m.group(0)  # "... it fails. Anyway": one word after a sentence is too weak
    if mark == "-" and words[0].lower() not in _PLAIN_FIRST_NAMES:
        return m.group(0)  # a list's last item: "- Restart\n- Clear Cache"
    if mark in "—–" and len(words) == 1 and words[0].lower() not in _PLAIN_FIRST_NAMES:
        return m.group(0)  # a dash signs with a full name or a first name kbgen knows
    return "[name]" + m.group(0)[len(name) :]


@lru_cache(maxsize=1 << 14)
def name_tokens(*names: str) -> frozenset[str]:
    """The words of a person's name worth looking for in their ticket: "Anna-Lena van Dijk"
    gives anna-lena, anna, lena, dijk (particles and help-desk words like "Customer" dropped)."""
    out: set[str] = set()
    for name in names:
        if not name:
            continue
        for word in re.findall(r"[^\W\d_][^\W\d_'’-]*(?:['’-][^\W\d_]+)*", name):
            low = word.lower()
            if len(low) < 2 or low in _NAME_PARTICLES or low in _NOT_NAME_WORDS:
                continue
            out.add(low)
            if "-" in low:
                out.update(p for p in low.split("-") if len(p) >= 2)
    return frozenset(out)


_LOCAL_PARTS = re.compile(r"[._-]+")


@lru_cache(maxsize=1 << 16)  # customers write again and again
def requester_names(name: str, requester: str) -> frozenset[str]:
    """Name words for a ticket: the export's requester name, a mail From display name, a
    requester field holding a name, and first.last@ email addresses."""
    parts = [parseaddr(name)[0] if "@" in name else name]
    value = requester.strip()
    if "@" in value:
        address = value
        if "<" in value:  # "Anna Smith <anna@example.com>"
            display, address = parseaddr(value)
            parts.append(display)
        # "anna.fischer1985": the digits people add to a taken address are no part of a name.
        pieces = _LOCAL_PARTS.split(address.split("@")[0].rstrip("0123456789._-"))
        if len(pieces) >= 2 and all(p.isalpha() and len(p) >= 3 for p in pieces):
            parts.append(" ".join(pieces))
    elif any(c.isalpha() for c in value) and not any(c.isdigit() for c in value):
        parts.append(value)
    return name_tokens(*parts)


_SIGNATURE_LINE = re.compile(
    rf"""[ \t]*(?P<signoff>(?i:{_SIGNOFF_TAIL}|kind\s+regards|best\s+regards|best\s+wishes
        |warm\s+regards|many\s+thanks|yours(?:\s+\w+)?|love|take\s+care|hi|hello|hey|dear
        |greetings)\b[ \t]*[,.!-]*[ \t]*)?
      (?P<sname>[^\W\d_][\w'’.-]*(?:[ \t]+[^\W\d_][\w'’.-]*){{0,2}})[ \t]*[,.!]*[ \t]*""",
    re.X,
)


def signature_names(body: str) -> frozenset[str]:
    """Names the message signs with: a line of one to three capitalised words among the last
    three lines of the message ("Anna Smith", "Thanks, Anna", "cheers anna", "Jo Bloggs" above
    a company line). Only the end of the body is read, so long messages cost no more. (The
    name a greeting names is the shop's, and redacted where a greeting or sign-off names it.)"""
    parts = body[-200:].rstrip().rsplit("\n", 3)
    if len(parts) < 2:
        return frozenset()
    # The first part may be cut, or the message's own text: the lines after it are read.
    return _names_on_lines(parts[1] if len(parts) == 2 else "\n".join(parts[1:]))


# A web form's name fields, one to a line: "First name: Anna", "Name: Anna Fischer".
_NAME_FIELD = re.compile(
    r"""^[ \t]*(?i:(?:first|last|full|given|family|your|contact|customer)[ \t]?)?
      (?i:name|surname|forename|vorname|nachname)[ \t]*:[ \t]*(?P<v>[^\W\d_][^\n:]{0,50})$""",
    re.X | re.M,
)


def field_names(body: str) -> frozenset[str]:
    """Names a form's fields give ("First name: Anna" / "Last name: Fischer"), to be redacted
    wherever the ticket says them, in its subject too ("Question from Anna Fischer")."""
    if "ame" not in body:  # (first|last|sur|fore|vor|nach)name
        return frozenset()
    found = [
        m.group("v")
        for m in _NAME_FIELD.finditer(body)
        if all(_is_name_word(w) for w in m.group("v").split()) and len(m.group("v").split()) <= 3
    ]
    return name_tokens(*found) if found else frozenset()


@lru_cache(maxsize=1 << 16)  # a customer signs every ticket with the same lines
def _names_on_lines(lines: str) -> frozenset[str]:
    found: list[str] = []
    for line in lines.split("\n"):
        # "Anna Fischer | Head of Sales | +44 …": the name is the line's first part.
        line = line.split("|", 1)[0] if "|" in line else line
        # Cheap tests first: a signature line is short, has few words, no question, no digit.
        line = line.strip()
        if not line or len(line) > 40 or line.count(" ") > 3 or not line[0].isalpha():
            continue
        if "?" in line or _DIGIT.search(line):
            continue
        m = _SIGNATURE_LINE.fullmatch(line)
        if m is None:
            continue
        words = m.group("sname").split()
        if m.group("signoff") is None and not all(w.istitle() for w in words):
            # Alone on its line, a name typed small or in capitals starts with a first name
            # ("anna fischer", "ANNA FISCHER"), and no word of it goes on a sentence.
            if not _known_name(words) or any(w.isupper() != words[0].isupper() for w in words):
                continue
        if all(
            _is_name_word(w.title() if w.isupper() else w) and w.lower() not in _LOWER_NOT_NAMES
            for w in words
        ):
            found.extend(words)
    return name_tokens(" ".join(found)) if found else frozenset()


def _redact_names(text: str, names: Collection[str]) -> str:
    """Each of the name words, wherever it stands as a word, becomes [name]; a word with
    letters outside ASCII also when it is one of them without its accents ("Åsa" for the
    "asa" of asa.berg@example.com)."""
    text = _names_as_written(text, names)
    if text.isascii():
        return text
    return _NAME_RUN.sub("[name]", _WORD.sub(lambda m: _accented_name(m.group(0), names), text))


_WORD = re.compile(r"[^\W\d_][\w'’-]*")
# Letters NFKD does not take apart into a letter and an accent.
_UNACCENT = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "ł": "l", "đ": "d", "ð": "d"})


def _accented_name(word: str, names: Collection[str]) -> str:
    if word.isascii():
        return word
    folded = normalize("NFKD", word.lower().translate(_UNACCENT)).encode("ascii", "ignore")
    plain = folded.decode()
    if plain in names and (plain not in _WORDY_NAMES and len(plain) > 2 or word[0].isupper()):
        return "[name]"
    return word


def _names_as_written(text: str, names: Collection[str]) -> str:
    lower = text.lower()
    if len(lower) != len(text):  # case folding changed the length: compare word by word
        return _WORD.sub(lambda m: "[name]" if m.group(0).lower() in names else m.group(0), text)
    spans: list[tuple[int, int]] = []
    for name in names:
        start = lower.find(name)
        while start >= 0:
            end = start + len(name)
            before = lower[start - 1] if start else " "
            after = lower[end] if end < len(lower) else " "
            if (
                not (before.isalnum() or before in "_[")  # "[name]" is no name
                and not (after.isalnum() or after == "_")
                and (name not in _WORDY_NAMES and len(name) > 2 or text[start].isupper())
            ):
                spans.append((start, end))
            start = lower.find(name, end)
    if not spans:
        return text
    spans.sort()
    out, pos = [], 0
    for start, end in spans:
        if start < pos:
            continue
        out.append(text[pos:start])
        out.append("[name]")
        pos = end
    out.append(text[pos:])
    return _NAME_RUN.sub("[name]", "".join(out))


_NAME_RUN = re.compile(r"\[name\](?:[ \t]+\[name\])+")
# A capitalised word right after a name is its surname: "[name] Lindqvist"; after "my name
# is" a small one too, unless it is a common word: "my name is [name] fischer" (the first
# name already redacted as the one the message signs with), not "my name is [name] and".
# (The pattern starts at the literal "[name]", which the engine finds fast; "my name is"
# before it is looked back for.)
_NAME_THEN_CAPITALISED = re.compile(
    rf"\[name\][ \t]+(?P<w>{_NAME_WORD}|[{_LOWER}][{_LOWER}'’-]+)\b(?![ \t]*[\[:])"
)
_STRONG_BEFORE = re.compile(r"(?i:my\s+name\s+is|name\s*:)[ \t]+\Z")


def _name_then_capitalised(m: re.Match[str]) -> str:
    word = m.group("w")
    if word[0].isupper():
        return "[name]" if _is_name_word(word) else m.group(0)
    strong = _STRONG_BEFORE.search(m.string, max(0, m.start() - 24), m.start()) is not None
    if strong and word not in _COMMON and word not in _NOT_NAMES:
        return "[name]"
    return m.group(0)


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


def _secretish(value: str) -> bool:
    """A bare value (no "is" or ":" before it) is a password only if it looks like one."""
    has_digit = any(c.isdigit() for c in value)
    has_alpha = any(c.isalpha() for c in value)
    has_symbol = any(c in "!#$%&*+=?@^_~/\\|<>{}[];:" for c in value)
    return len(value) >= 4 and (has_digit and (has_alpha or len(value) >= 4) or has_symbol)


def _password(m: re.Match[str]) -> str:
    pw = m.group("pw")
    core = pw.strip("\"'“”").rstrip(".,;!?")
    if not core or core.lower() in _NOT_PASSWORDS or pw.startswith("["):
        return m.group(0)
    word = m.group("pwctx").lstrip().lower()
    quoted = pw[:1] in "\"'“"
    if m.group("bare") is not None and (quoted or not _secretish(core) or len(core) > 40):
        return m.group(0)
    if word.startswith("pin") and core.isalpha() and core.islower():
        return m.group(0)  # "my PIN is blocked"
    if word.startswith("pass") and not word.startswith(("passw", "passc", "passp")):
        # "pass" alone: "my pass is ...", "pass: ...", not "a day pass is valid"
        before = m.string[max(0, m.start() - 3) : m.start()].lower()
        if ":" not in m.group("pwctx") and "=" not in m.group("pwctx") and before != "my ":
            return m.group(0)
    tail = "" if quoted else pw[len(pw.rstrip(".,;?")) :]
    return _ctx(m, "pw") + "[password]" + tail


def _secret_after(m: re.Match[str]) -> str:
    value = m.group("sv")
    core = value.strip("\"'“”").rstrip(".,;!?")
    ctx = m.group("sctx")
    word = ctx.lstrip().lower()
    short = word.startswith("cv") and core.isdigit() and len(core) >= 3  # "cvv 123"
    if not short and (
        not core or core.lower() in _NOT_PASSWORDS or value.startswith("[") or len(core) < 4
    ):
        return m.group(0)
    plain = m.group("bare") is not None or ctx.rstrip()[-1:] not in ":="
    if (plain or word in ("key", "token", "serial")) and not (short or _secretish(core)):
        return m.group(0)
    if word.startswith("key") and ":" not in ctx and "=" not in ctx and not _secretish(core):
        return m.group(0)
    tail = "" if value[:1] in "\"'“" else value[len(value.rstrip(".,;?")) :]
    kind = "[licence]" if _LICENCE_CONTEXT.match(word) else "[secret]"
    return _ctx(m, "sv") + kind + tail


def _username(m: re.Match[str]) -> str:
    user = m.group("user")
    if user.startswith("[") or user.lower() in _NOT_PASSWORDS:
        return m.group(0)
    return _ctx(m, "user") + "[username]"


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
    if kind == "nino":  # a UK National Insurance number
        return "[secret]"
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
    # A first name typed small or in capitals: "this is anna", "I AM ANNA FISCHER".
    known = not first.istitle() and first.lower() in _FIRST_NAMES
    if not strong and not known and (not first[0].isupper() or first.lower() in _NOT_NAMES):
        return m.group(0)
    if not strong and not known and len(first) > 1 and first.isupper():
        return m.group(0)  # "I AM MISSING CASH", "This is URGENT"
    if strong and first.lower() in _NOT_PASSWORDS:
        return m.group(0)
    # Further words are part of the name while they look like one: "Maria Lopez", and after
    # "my name is" (or a known first name) also "maria lopez", but not "Maria and ...".
    n = 0
    for word in rest[: 2 if first[0].isupper() else 1]:  # "maria lopez", not "maria lopez again"
        low = word.lower()
        if strong:
            is_name = low not in _COMMON
        elif known:  # in the first name's case, and no word a sentence goes on with
            is_name = (
                word.isupper() == first.isupper()
                and low not in _NOT_SURNAMES
                and not low.endswith("ing")  # "this is peter speaking"
            )
        else:
            is_name = word[0].isupper()
        if not is_name or low in _NOT_NAMES or low in _NOT_NAME_WORDS:
            break
        n += 1
    tail = rest[n:]
    return ctx + "[name]" + (" " + " ".join(tail) if tail else "")


def _greeting_name(m: re.Match[str]) -> str:
    first = m.group("gname").split()[0]
    if first.lower() in _NOT_NAMES or first.lower() in _NOT_NAME_WORDS:
        return m.group(0)
    if first.lower() in _NAME_FIRST_PREFIXES:  # "Regards,\nCalle Mayor 5": the address rule's
        return m.group(0)
    # "Hi, Today I ..." starts a sentence; "Hi Anna," and "Thanks, Anna" name someone.
    ctx = _ctx(m, "gname")
    after = m.string[m.end() : m.end() + 2]
    if ("," in ctx or "\n" in ctx) and (
        after[:1] in ("'", "’") or after[:1] == " " and after[1:2].islower()
    ):
        return m.group(0)
    return ctx + "[name]"


# Greetings and sign-offs in German, French, Spanish and Dutch, and the name they carry:
# "Hallo Anna,", "Bonjour Marie,", "Hola Lucía,", "Beste Sanne,", "Viele Grüße, Jonas",
# "Met vriendelijke groet, Pieter de Vries.", "lg tom". Only at the start of a sentence or
# line, and only when the name ends the phrase: German capitalises every noun, so "Hallo,
# Passwort vergessen" and "die beste Lösung" name nobody.
_OTHER_GREETINGS = phrases(
    r"hallo",
    r"hall[öo]chen",
    r"moin",
    r"servus",
    r"gr[üu](?:ß|ss)\s+gott",
    r"guten\s+(?:tag|morgen|abend)",
    r"liebe[rs]?",
    r"sehr\s+geehrte[rs]?",
    r"danke(?:\s+(?:schön|sehr))?",
    r"vielen\s+dank",
    r"besten\s+dank",
    r"(?:mit\s+)?(?:viele|liebe|beste|besten|freundliche|freundlichen|herzliche|sonnige)\s+gr[üu](?:ß|ss)e",
    r"gru(?:ß|ss)",
    r"lg",
    r"vg",
    r"mfg",
    r"bonjour",
    r"bonsoir",
    r"salut",
    r"coucou",
    r"ch[eè]re?",
    r"merci(?:\s+(?:beaucoup|d['’]avance))?",
    r"(?:bien\s+)?cordialement",
    r"bien\s+à\s+vous",
    r"amicalement",
    r"bonne\s+(?:journée|soirée)",
    r"hola",
    r"buen(?:os|as)\s+(?:d[ií]as|tardes|noches)",
    r"estimad[oa]s?",
    r"querid[oa]s?",
    r"(?:muchas\s+)?gracias",
    r"(?:un\s+)?saludos?",
    r"atentamente",
    r"un\s+abrazo",
    r"hoi",
    r"beste",
    r"goede(?:morgen|middag|navond)",
    r"geachte",
    r"(?:met\s+)?vriendelijke\s+groet(?:en)?",
    r"groetjes",
    r"groet(?:en)?",
    r"(?:alvast\s+)?bedankt",
    r"dank\s+(?:je|u)(?:\s+wel)?",
    r"mvg",
)
_NAME_PARTS = (
    rf"(?:[ \t]+(?:(?:van|von|de|der|den|du|la|le|del|di)[ \t]+)*[{_UPPER}][\w'’-]+){{0,2}}"
)
_OTHER_GREETING_NAME = re.compile(
    rf"""(?:^|(?<=[\n.!?;])|(?<=[\n.!?;][ \t]))
      (?P<octx>{_OTHER_GREETINGS}\b[ \t]*,?[ \t]*\n?[ \t]*
        (?:(?i:herr|frau|madame|monsieur|se[ñn]ora?|sra?|meneer|mevrouw|heer)\.?[ \t]+)?)
      (?P<oname>[{_UPPER}][\w'’-]+{_NAME_PARTS}|[{_LOWER}][{_LOWER}'’-]{{1,20}})
      (?=[ \t]*(?:[,.!;:\n]|\Z))""",
    re.X | re.M,
)
# Words after such a greeting that name nobody ("Hallo zusammen,", "Merci beaucoup.").
_OTHER_NOT_NAMES = frozenset(
    """zusammen allerseits alle allen leute team ihnen euch dir dich du sie ihr schön sehr
    vorab voraus im und damen herren herr frau kundenservice kundendienst support service
    nochmals erstmal auch mal nochmal gleichfalls tout tous toutes monsieur madame messieurs
    mesdames mademoiselle équipe service vous toi encore beaucoup avance d'avance et à
    todos todas equipo usted ustedes señor señora señores igualmente de nuevo y a
    allemaal iedereen jullie u je heer mevrouw team klantenservice alvast wel nogmaals en""".split()
)


_OTHER_TITLES = frozenset(
    "herr frau dr madame monsieur mme mlle señor señora sr sra don doña meneer mevrouw heer".split()
)


def _other_greeting_name(m: re.Match[str]) -> str:
    words = m.group("oname").split()
    first = words[0].lower().rstrip(".")
    if first in _OTHER_TITLES:  # "Bonjour Madame Dupont": the title stays, the name goes
        return _ctx(m, "oname") + words[0] + " [name]" if len(words) > 1 else m.group(0)
    if (
        first in _OTHER_NOT_NAMES
        or first in _NOT_NAMES
        or first in _NOT_NAME_WORDS
        or first in _LOWER_NOT_NAMES
        or (first[0].islower() and first in _COMMON)
    ):
        return m.group(0)
    return _ctx(m, "oname") + "[name]"


def _postcode_after(m: re.Match[str]) -> str:
    return _ctx(m, "pc") + "[postcode]"


# -- the rules, in the order they run ----------------------------------------------------------
# Each pattern with the guard that says whether it could change a text (kbgen/mine/patterns.py)
# and examples of texts it changes. Guards get the text and its lower-cased form as it was
# when their stage began; a guard may say yes too often, never no too often.
_SPACED_AT = re.compile(r"[ \t]@|@[ \t]")
# "john [at] gmail", "john at gmail.com", "john at gmail dot com": "at" closing a bracket, or
# a domain after it with a dot (or a bracket, or "dot") behind its first part.
_AT_WORD = re.compile(r"at(?:[ \t]*[\])}>]|[ \t]+[a-z0-9-]{2,63}[ \t]*(?:\.|[\[({<]|dot))")


def _may_hide_email(text: str, lower: str) -> bool:
    if "@" in text and _SPACED_AT.search(text):
        return True
    # "at" after a space or tab, or before a closing bracket
    if " at" not in lower and "\tat" not in lower and not any(b in text for b in "])}>"):
        return False
    return _AT_WORD.search(lower) is not None


def _ends_capitalised(text: str, lower: str) -> bool:
    """The text's last word is capitalised ("... Silva."): a name may end the message."""
    tail = text.rstrip(" \t.!").rstrip("x").rstrip(" \t")  # kisses after it: "Georgia x"
    last = tail[max(tail.rfind(" "), tail.rfind("\t")) + 1 :]
    return last[:1].isupper() and last[1:] != last[1:].upper()  # a small letter follows


def _has_digit(text: str, lower: str) -> bool:
    return _DIGIT.search(text) is not None


def _number_first_street(text: str, lower: str) -> bool:
    """A number-first address starts at a digit: only the words after the first one count."""
    digit = _DIGIT.search(text)
    return digit is not None and not _STREET_GUARD.isdisjoint(
        _LETTERS.findall(text[digit.start() :].lower())
    )


_NAME_FIRST_HINTS = (*_NAME_FIRST_ENDINGS, *_NAME_FIRST_PREFIXES)


def _may_name_street_first(text: str, lower: str) -> bool:
    for hint in _NAME_FIRST_HINTS:  # a loop: a generator per text costs more than the tests
        if hint in lower:
            return True
    return False


PRIVATE_KEY = Rule(
    "private key",
    _PRIVATE_KEY,
    "[secret]",
    in_text("PRIVATE KEY", "PuTTY-User-Key-File-"),
    (
        "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----",
        "PuTTY-User-Key-File-2: ssh-rsa\nPrivate-MAC: 8a9b",
    ),
)
# A link to a person's page on a social network names them ("linkedin.com/in/maria-lopez"),
# with or without its scheme.
_PROFILE_LINK = re.compile(
    r"""(?<![\w.-])(?:https?://)?(?:[a-z]{1,8}\.)?
      (?i:linkedin\.com/in|facebook\.com|fb\.com|instagram\.com|twitter\.com|x\.com|tiktok\.com)
      /[^\s<>"'),]+""",
    re.X,
)
PROFILE_LINK = Rule(
    "link to a person's profile",
    _PROFILE_LINK,
    "[url]",
    lambda text, lower: ".com/" in text.lower(),  # this stage is given the text as typed
    (
        "profile: linkedin.com/in/maria-lopez",
        "https://www.instagram.com/anna.k/",
        "x.com/annak",
        "LinkedIn.COM/in/maria-lopez",
        "https://web.facebook.com/maria.lopez",
    ),
)
URL = Rule(
    "link with a token",
    _URL,
    _url,
    in_text("://", "ww."),
    ("see https://shop.example/reset?token=abc", "Www.example.com/dl/x?id=42"),
)
EMAIL = Rule("email address", _EMAIL, "[email]", in_text("@"), ("write to anna@example.org",))
OBFUSCATED_EMAIL = Rule(
    "email address written out",
    _OBFUSCATED_EMAIL,
    _obfuscated_email,
    _may_hide_email,
    (
        "john at gmail dot com",
        "john [at] gmail [dot] com",
        "john [ at ] gmail.com",
        "john\tat\tgmail.com",
        "anna @ example.org",
        "mail me: j.smith (at) web.de",
        "reach me at anna.smith [at] example [dot] org",
        "my email is anna dot smith at gmail dot com",
    ),
)
TOKEN = Rule(
    "key or token",
    _TOKEN,
    _token,
    None,  # keys have no word to look for; the pattern skips ahead to 16 token characters
    ("use ghp_16C7e42F292c6912E7710c838347Ae178B4a",),
)
PASSWORD = Rule(
    "password",
    _PASSWORD,
    _password,
    _PASSWORD_WORDS,
    ("my password is hunter22", "pwd: Tr0ub4dor", "PIN code 4821", "my pass is x7y8z9!"),
)
OTHER_PASSWORD = Rule(
    "password, other languages",
    _OTHER_PASSWORD,
    _password,
    _OTHER_PASSWORD_WORDS,
    (
        "mein Kennwort ist Sommer2024",
        "mot de passe : azerty123",
        "mot  de passe: azerty123",
        "mi contraseña es Hola1234",
        "wachtwoord: Geheim99",
    ),
)
SECRET_AFTER = Rule(
    "secret after its name",
    _SECRET_AFTER,
    _secret_after,
    _SECRET_WORDS,
    (
        "my api key is sk9f8s7d6f5g4h3j",
        "licence key: ABCD-1234-EFGH",
        "verification code 839201",
        "product number: PX4471-22",
        "Lizenzschlüssel: Q7W8-E9R0",
        "exp 12/27 cvv 123",
        "DOB 14/03/1985",
        "date of birth: 1985-03-14",
        "D.O.B. 14/03/1985",
        "passport number C01X00T47",
        "Personalausweis: L01X00T47",
    ),
)
# Its own guard, its words' (under the secrets' one, "code", "key", "security"... it ran on a
# third of the tickets).
BIRTH_DATE = Rule(
    "date of birth in words",
    _BIRTH_DATE,
    lambda m: _ctx(m, "bd") + "[secret]",
    _BIRTH_WORDS,
    (
        "Date of birth: 14 March 1985",
        "born on March 3rd, 1985",
        "I was born on the 3rd of March 1985",
        "geboren am 14.03.1985",
        "DOB 3 Jan 1990",
        "Geburtsdatum: 3. März 1985",
    ),
)
_USER_AFTER = _USER_WORDS.loose(r"(?:[ \t]*[:=]|[ \t]+is\b)")
USERNAME = Rule(
    "user name",
    _USERNAME,
    _username,
    # The pattern needs ":", "=" or " is " after the words: looked for first.
    lambda text, lower: (
        ("=" in text or ":" in text or " is " in lower)
        and _USER_WORDS(text, lower)
        and _USER_AFTER.search(lower) is not None
    ),
    (
        "username: anna_b",
        "login= anna77",
        "log-in name: bob77",
        "Benutzername: jonas.k",
        "my username is anna_k",
        "the login is j.smith84 and it fails",
        "skype: anna.smith77",
    ),
)
LICENCE = Rule(
    "licence key",
    _LICENCE,
    _licence,
    lambda text, lower: text.count("-") >= 2 and _LICENCE_GUARD.search(text) is not None,
    ("it is ABCD1-EFGH2-IJKL3-MNOP4", "key X7K2P-9QW3R-TT5Y8"),
)
TITLE_NAME = Rule(
    "name after a title",
    _TITLE_NAME,
    _title_name,
    None,  # starts at a capital: cheap
    ("Mrs Smith called", "Herr Müller hat bestellt"),
)
RELATION_NAME = Rule(
    "name after a relation",
    _CAPITALISED,
    _relation_name,
    None,  # starts at a capital after a word: cheap (cheaper than a test for its words)
    (
        "it was my husband John Smith",
        "it was ordered by Peter Jones",
        "I spoke to monsieur Dupont",
        "I spoke with Sarah yesterday",
        "I was helped by Sarah Jones",
        "according to Tom it is fixed",
        "ask my fiancée Lena about it",
        "send it attn. Jürgen Weiß",
        "asking on behalf of Klaus Becker",
        "ask my wife Élodie",
        "please send the invoice to Peter Müller",  # a full name, no relation needed
        "the account is registered to Giovanni Rossi",
    ),
)
# The same typed small, as many customers type ("my wife maria ordered it", "ordered by
# peter jones"): only a first name kbgen knows, and a surname after it that no sentence goes
# on with ("my son jake bought it").
_RELATION_LOWER = re.compile(
    rf"""(?P<rlctx>(?:{_RELATION_WORDS}),?[ \t]+)
      (?P<rlname>[{_LOWER}][{_LOWER}'’-]+(?:[ \t]+[{_LOWER}][{_LOWER}'’-]+)?)
      (?=[\s!-&(-,./:-@\[-`{{-~…“”«»–—„]|\Z)""",  # the word ends: a space or punctuation
    re.X,
)


# The words as the rule reads a name ("hans-otto", "maria" in "maria,"): ASCII punctuation but
# hyphens and apostrophes made spaces, then split (twice as fast as a regular expression).
_PUNCTUATION_TO_SPACE = str.maketrans({c: " " for c in '…“”«»–—„!"#$%&()*+,./:;<=>?@[\\]^_`{|}~'})


def _relation_lower(m: re.Match[str]) -> str:
    first, *rest = m.group("rlname").split()
    if first not in _PLAIN_FIRST_NAMES:
        return m.group(0)
    surname = bool(rest) and _lower_surname(rest[0])
    tail = "" if surname or not rest else " " + rest[0]
    return _ctx(m, "rlname") + "[name]" + tail


def _lower_surname(word: str) -> bool:
    """A word typed small after a first name that may be its surname ("jones", not "bought")."""
    return not (
        word in _NOT_SURNAMES
        or word in _NOT_NAME_WORDS
        or word in _COMMON
        or word in _NOT_NAMES
        or word.endswith(("ing", "ed"))
        or word in _common_english()
    )


@lru_cache(maxsize=1)
def _common_english() -> frozenset[str]:
    """English's 5,000 most frequent words (read once, when a name typed small needs it)."""
    from kbgen.search.typos import frequent_words

    return frozenset(frequent_words("en", 5_000))


RELATION_LOWER = Rule(
    "name typed small after a relation",
    _RELATION_LOWER,
    _relation_lower,
    # A known first name among the words, then the relation words (most tickets say "my").
    lambda text, lower: (
        not _PLAIN_FIRST_NAMES.isdisjoint(lower.translate(_PUNCTUATION_TO_SPACE).split())
        and _RELATION_WORDS(text, lower)
    ),
    (
        "my wife maria ordered it",
        "it was ordered by peter jones",
        "i spoke to sarah on the phone",
        "its for my daughter emily",
    ),
)
# "I am", "I'm", "this is" before a capital, searched in the text itself.
_SELF_BEFORE_CAPITAL = re.compile(rf"{_SELF_WORDS}[ \t]+[{_UPPER}]")


# The word after "i am", "i'm", "this is", searched in the lower-cased text.
_SELF_THEN_WORD = re.compile(rf"{_SELF_WORDS}[ \t]+([^\W\d_]+)")


def _may_introduce_name(text: str, lower: str) -> bool:
    if _NAME_WORDS(text, lower):
        return True
    if not _SELF_WORDS(text, lower):
        return False
    if _SELF_BEFORE_CAPITAL.search(text) is not None:
        return True
    return any(w in _FIRST_NAMES for w in _SELF_THEN_WORD.findall(lower))  # "this is anna"


NAME_AFTER = Rule(
    "name after its introduction",
    _NAME_AFTER,
    _name,
    _may_introduce_name,
    (
        "my name is maria lopez",
        "Name: Jo Bloggs",
        "I am Anna",
        "I  am Anna",
        "this is Tom from the office",
        "Mon nom est Pierre Dupont",
        "ich heiße Jonas",
        "My name's Anna Fischer",
        "Customer: Anna Fischer",
        "From: Anna Fischer",
        "Surname: Fischer",
        "Nachname: Fischer",
    ),
)
# A name under its label, or someone's name said: "Account holder: Peter Jones", "Bill to:
# Anna Smith", "Customer name - Jo Bloggs", "cardholder name JOHN SMITH", "My son's name is
# Oliver" (names in capitals too, as cards print them). The pattern starts at the label's
# last word ("name", "holder", "to"), which the engine skips ahead to; the words before it
# are checked in the callback (`_LABEL_BEFORE`).
_LABELLED_NAME = re.compile(
    rf"""(?P<lctx>[nNhHtT](?<!\w.)(?:
        (?<=[nN])(?i:ame)(?:[ \t]+(?i:is)|[ \t]*[:-])?
      | (?<=[hH])(?i:older)(?:['’]?s)?(?:[ \t]+(?i:name))?[ \t]*[:-]?
      | (?<=[tT])(?i:o)[ \t]*:
    )[ \t]+)
    (?P<lname>{_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{0,2}}
      |[{_UPPER}]{{2,}}(?:[ \t]+[{_UPPER}]{{2,}}){{0,2}})""",
    re.X,
)
_LABEL_BEFORE = re.compile(
    r"""(?i:(?:\w['’]s|\bhis|\bher|\btheir|\bcustomer|\bcontact|\bfull|\baccount|\bbilling
        |\brecipient['’]?s?|\bcard[ \t]?holder['’]?s?)[ \t]*   # before "name"
      | \b(?:account|card)[ \t]?                             # before "holder"
      | \b(?:bill|ship|deliver)(?:ed|ped)?[ \t]+             # before "to:"
    )\Z""",
    re.X,
)


def _labelled_name(m: re.Match[str]) -> str:
    start = m.start()
    if _LABEL_BEFORE.search(m.string, max(0, start - 24), start) is None:
        return m.group(0)
    words = m.group("lname").split()
    if not all(_is_name_word(w.title() if w.isupper() else w) for w in words):
        return m.group(0)
    return _ctx(m, "lname") + "[name]"


def _may_label_a_name(text: str, lower: str) -> bool:
    """Substring tests only: "name" alone is in every "[name]" a rule before wrote."""
    return " name" in lower or "holder" in lower or ("to" in lower and ":" in text)


LABELLED_NAME = Rule(
    "name under its label",
    _LABELLED_NAME,
    _labelled_name,
    _may_label_a_name,
    (
        "Account holder: Peter Jones",
        "Bill to: Anna Smith, 12 High St",
        "Customer name - Jo Bloggs",
        "cardholder name JOHN SMITH",
        "My son's name is Oliver",
    ),
)
_GREETING_AFTER = _GREETING_WORDS.loose(r"\b")
GREETING_NAME = Rule(
    "name after a greeting",
    _GREETING_NAME,
    _greeting_name,
    searched(_GREETING_AFTER, in_lower=True),
    ("Hi Anna, my download fails", "Thanks, Peter Smith", "hi john, it fails", "thanks anna"),
    more=((_GREETING_LOWER, _greeting_lower),),  # "hi john,": a name in lower case
)
# Where the pattern looks for them: at the start of the text, a line or a sentence.
_OTHER_GREETING_FIRST = _OTHER_GREETINGS.loose(r"\b")
_OTHER_GREETING_AFTER = _OTHER_GREETINGS.loose(r"\b", head=r"[\n.!?;][ \t]?")


def _at_sentence_start(text: str, lower: str) -> bool:
    return (
        _OTHER_GREETING_FIRST.match(lower) is not None
        or _OTHER_GREETING_AFTER.search(lower) is not None
    )


OTHER_GREETING_NAME = Rule(
    "name after a greeting, other languages",
    _OTHER_GREETING_NAME,
    _other_greeting_name,
    _at_sentence_start,
    ("Hallo Anna,\nes geht nicht", "Bonjour Marie, merci", "Viele Grüße, Jonas", "lg tom"),
)
NAME_THEN_CAPITALISED = Rule(
    "surname after a name",
    _NAME_THEN_CAPITALISED,
    _name_then_capitalised,
    in_text("[name]"),
    ("Hi [name] Lindqvist, thanks", "from [name]\tLindqvist", "my name is [name] fischer."),
    # Names redacted by different rules, side by side, are one name: "I'm [name] [name]".
    more=((_NAME_RUN, "[name]"),),
)
# A name in capitals ending the message: "… it fails. ANNA FISCHER" (a known first name and
# a second word: one word in capitals is more often a code, "… from GBP to AUD").
_TRAILING_CAPS = re.compile(
    rf"(?<![\w'’-])[{_UPPER}]{{2,}}(?:[ \t]+[{_UPPER}'’-]{{2,}}){{1,2}}[ \t]*[.!]?[ \t]*\Z"
)


def _trailing_caps(m: re.Match[str]) -> str:
    name = m.group(0).rstrip(" \t.!")
    words = name.split()
    if not _known_name(words) or not all(_is_name_word(w.title()) for w in words):
        return m.group(0)
    return "[name]" + m.group(0)[len(name) :]


def _ends_in_capitals(text: str, lower: str) -> bool:
    tail = text.rstrip(" \t.!")
    return tail[-2:].isupper() and tail[-2:].isalpha()


TRAILING_CAPS = Rule(
    "name in capitals ending the message",
    _TRAILING_CAPS,
    _trailing_caps,
    _ends_in_capitals,
    ("it fails. ANNA FISCHER", "help please, MARIA LOPEZ"),
)
TRAILING_NAME = Rule(
    "name ending the message",
    _TRAILING_NAME,
    _trailing_name,
    _ends_capitalised,
    ("Please help ASAP Mark Silva", "nothing works, Sean O'Brien", "it fails.\tAnna Smith"),
)
# "Jamie here, the download fails": a name that introduces its writer, first in a line or a
# sentence (each word checked to be a name, not "Nothing here").
_NAME_HERE = re.compile(
    rf"""(?:^|(?<=[\n.!?][ \t])|(?<=\n))[ \t]*
      (?P<hname>(?:{_NAME_WORD}|[{_LOWER}]+)(?:[ \t]+(?:{_NAME_WORD}|[{_LOWER}]+))?)
      (?=[ \t]+here(?:[ \t]*[,.!:–-]|[ \t]+(?:again|from|with)\b))""",
    re.M | re.X,
)


# Words that stand before "here" and name no one: "Nothing here.", "Click here:".
_NOT_HERE = frozenset(
    """nothing everything something anything nobody somebody someone anyone everyone no one
    click tap look see sign log reply write read scroll go come over right same""".split()
)


def _name_here(m: re.Match[str]) -> str:
    words = m.group("hname").split()
    if not words[0][0].isupper():  # typed small: a known first name ("anna fischer here -")
        if not _known_name(words):
            return m.group(0)
    elif not all(w[0].isupper() for w in words):
        return m.group(0)
    if not all(_is_name_word(w) and w.lower() not in _NOT_HERE for w in words):
        return m.group(0)
    return _ctx(m, "hname") + "[name]"


NAME_HERE = Rule(
    "name introducing its writer",
    _NAME_HERE,
    _name_here,
    in_text(" here"),
    (
        "Jamie here, the download fails",
        "Thanks. Anna Smith here again",
        "Hi!\nŁukasz here.",
        "anna fischer here - the download fails",
    ),
)
# A full name that no word introduces ("send the invoice to Peter Müller", "Chloe Martin
# again."): a first name kbgen knows, capitalised, then one or two capitalised words that may
# be a surname: not a help-desk word, nor a place, product or typeface ("Victoria Line",
# "Florence Serif"). A first name alone is too weak ("Is Florence the font?"). Within a
# sentence the name rule's capitalised words are read (`_relation_name`); this pattern
# reads the start of a text, a line, a sentence, a bracket or a label's colon ("(Greta
# Lindqvist)", "Name on card: Maria Lopez").
_FULL_NAME_WORDS = rf"[{_UPPER}]{_NAME_WORD_REST}(?:[ \t]+{_NAME_WORD}){{1,2}}"
_PARTICLES = "van|von|de|der|den|del|della|di|da|do|dos|das|du|la|le|los|las"
_PARTICLE_GUARD = re.compile(rf"[ \t](?:{_PARTICLES})[ \t]")  # searched in the lower-cased text
_PARTICLE_NAME = re.compile(
    rf"""(?P<pfirst>[{_UPPER}](?<![\w'’-].){_NAME_WORD_REST})
      [ \t]+(?:(?:{_PARTICLES})[ \t]+){{1,2}}
      {_NAME_WORD}""",
    re.X,
)
_CAPITALISED_PAIR = re.compile(
    rf"[{_UPPER}](?:(?<=[{_LOWER}'’][ \t].)|(?<=[ \t][ \t].))(?:['’]?[{_UPPER}])?[{_LOWER}'’]"
)
_LEADING_FULL_NAME = re.compile(rf"\A[ \t\n]{{0,8}}(?P<lead>{_FULL_NAME_WORDS})")
# (at most a few spaces after the mark: a run of blank lines would be read from each)
_SENTENCE_FULL_NAME = re.compile(rf"[.!?:\n(\"“][ \t\n]{{0,8}}(?P<lead>{_FULL_NAME_WORDS})")
_NOT_SURNAMES_CAPITALISED = frozenset(
    """line station street road avenue lane park square bridge hall house hotel centre center
    college university school academy beach bay island lake river falls city county hospital
    airport terminal church museum gallery theatre theater market mall tower sans serif bold
    light regular italic script display mono condensed pro plus max mini edition secret tech
    app cloud store shop design designs studio studios media digital solutions consulting
    agency labs works creative marketing services systems software games press books records
    films productions photography bakery cafe restaurant salon clinic dental foods farm farms
    gothic medium semibold thin heavy extrabold slab grotesk neue next book narrow rounded
    outline stencil brush hand caps text headline retro cathedral opera film day
    weekend sale blue pink purple orange yellow gold red""".split()
    # a business named for its owner, a typeface, a product: "Silva Design Studio", "Oswald
    # Medium", "Franklin Gothic", "Jordan Retro"
) | frozenset(_STREET_WORDS.split("|"))  # "3/45 George St": the address rule's, later


def _full_name(text: str) -> str:
    """`text` (capitalised words) with the full name it starts with redacted, if it does."""
    words = text.split()
    if len(words) < 2 or words[0].lower() not in _PLAIN_FIRST_NAMES:
        return text
    n = 1
    while n < len(words) and _is_name_word(words[n]):
        if words[n].lower() in _NOT_SURNAMES_CAPITALISED:
            break
        n += 1
    if n == 1:
        return text
    return " ".join(["[name]", *words[n:]])


def _particle_name(m: re.Match[str]) -> str:
    """A full name with a particle ("Anna van Dijk", "Maria de la Cruz")."""
    return "[name]" if m.group("pfirst").lower() in _PLAIN_FIRST_NAMES else m.group(0)


def _leading_full_name(m: re.Match[str]) -> str:
    return _ctx(m, "lead") + _full_name(m.group("lead"))


PARTICLE_NAME = Rule(
    "full name with a particle",
    _PARTICLE_NAME,
    _particle_name,
    searched(_PARTICLE_GUARD, in_lower=True),
    ("send the invoice to Anna van Dijk", "Maria de la Cruz bought it"),
)
LEADING_FULL_NAME = Rule(
    "full name starting a sentence",
    _LEADING_FULL_NAME,
    _leading_full_name,
    # `match`es at the text's start, then searches each sentence's end: only where a
    # capitalised word follows a word (capitals are rare: the engine skips ahead to them)
    searched(_CAPITALISED_PAIR),
    ("Chloe Martin again. Still can't download", "It fails. Giovanni Rossi here too"),
    more=((_SENTENCE_FULL_NAME, _leading_full_name),),
)
# A first name joined to a name redacted already: "we are Hannah and [name]", "[name] and
# Tom" (a first name kbgen knows, capitalised).
_JOINED_NAME = re.compile(
    rf"(?P<jfirst>[{_UPPER}](?<![\w'’-].){_NAME_WORD_REST})(?=[ \t]+(?:and|&)[ \t]+\[name\])"
    rf"|(?<=\[name\])(?P<jctx>[ \t]+(?:and|&)[ \t]+)(?P<jlast>[{_UPPER}]{_NAME_WORD_REST})"
    r"(?![\w'’-])"
)


def _joined_name(m: re.Match[str]) -> str:
    if m.group("jfirst") is not None:
        return "[name]" if m.group("jfirst").lower() in _PLAIN_FIRST_NAMES else m.group(0)
    last = m.group("jlast")
    return m.group("jctx") + ("[name]" if last.lower() in _PLAIN_FIRST_NAMES else last)


JOINED_NAME = Rule(
    "first name joined to a name",
    _JOINED_NAME,
    _joined_name,
    in_text("[name]"),
    ("we are Hannah and [name], we bought two", "[name] and Tom bought it"),
)
# A file's name that holds a full name ("see attached john_smith_receipt.pdf",
# "Screenshot_Maria-Lopez_2026.png"): the whole name goes.
_FILE_EXTENSIONS = r"(?:pdf|png|jpe?g|gif|heic|webp|docx?|xlsx?|pptx?|csv|txt|zip|rar|mp4|mov)\b"
_FILE_NAME = re.compile(rf"(?<![\w.-])[^\W\d_][\w.-]{{0,80}}?\.(?i:{_FILE_EXTENSIONS})")
_FILE_GUARD = re.compile(rf"\.{_FILE_EXTENSIONS}")  # searched in the lower-cased text
_FILE_NAME_PARTS = re.compile(r"[_.\-\s]+")


def _file_name(m: re.Match[str]) -> str:
    parts = [p.lower() for p in _FILE_NAME_PARTS.split(m.group(0))]
    for first, last in zip(parts, parts[1:], strict=False):
        if first in _PLAIN_FIRST_NAMES and last.isalpha() and len(last) > 1:
            if last not in _NOT_SURNAMES_CAPITALISED and last not in _NOT_NAME_WORDS:
                return "[file]"
    return m.group(0)


FILE_NAME = Rule(
    "file name holding a name",
    _FILE_NAME,
    _file_name,
    searched(_FILE_GUARD, in_lower=True),
    ("see attached john_smith_receipt.pdf", "Screenshot_Maria-Lopez_2026.png"),
)
# "hey its jake", "It's Anna again": a first name kbgen knows after "it's" introduces its
# writer ("it's Chrome", "its size" name no one).
_ITS_NAME = re.compile(
    rf"""(?P<itsctx>[iI](?<![\w'’].)(?:t['’]?s|t[ \t]+is)[ \t]+)
      (?P<itsname>[{_UPPER}{_LOWER}][{_LOWER}'’]+(?:-[{_UPPER}{_LOWER}][{_LOWER}'’]+)*
        (?:[ \t]+{_NAME_WORD})?)""",
    re.X,
)


_ITS_GUARD = re.compile(r"it(?:['’]?s|[ \t]+is)[ \t]")


def _its_name(m: re.Match[str]) -> str:
    first, *rest = m.group("itsname").split()
    if first.lower() not in _PLAIN_FIRST_NAMES:
        return m.group(0)
    if rest and not _is_name_word(rest[0]):
        return _ctx(m, "itsname") + "[name] " + rest[0]
    return _ctx(m, "itsname") + "[name]"


ITS_NAME = Rule(
    "name after it's",
    _ITS_NAME,
    _its_name,
    searched(_ITS_GUARD, in_lower=True),
    ("hey its jake, cant find my download", "It's Anna again", "it’s maria"),
)
IP6 = Rule(
    "IPv6 address",
    _IP6,
    _ip6,
    lambda text, lower: ":" in text and _IP6_GUARD.search(text) is not None,  # may hold no digit
    ("from 2001:db8::8a2e:370:7334 today", "from fe80::abcd"),
)
# A social media handle ("@john_smith88", as customer-care exports start each message): it
# names an account, and so a person. Emails are placeholders by now: an "@" before a word
# that follows no letter, digit, dot or "@" starts a handle.
HANDLE = Rule(
    "social media handle",
    re.compile(r"(?<![\w@.])@[A-Za-z0-9_]{2,30}(?![\w@])"),
    "[username]",
    lambda text, lower: "@" in text,
    ("@john_smith88 my order is late", "thanks @Anna_K for the help"),
)
# Every rule below needs a digit: redact() stops before them when the text holds none.
# A UK bank account's sort code: six digits, in pairs ("sort code 12-34-56").
SORT_CODE = Rule(
    "bank sort code",
    re.compile(
        r"""(?P<scctx>(?i:sort[ \t-]?code)[ \t]{0,3}(?:(?i:is|no\.?|number)[ \t]{0,3})?
          (?:[:–-][ \t]{0,3})?)(?P<sc>\d\d[-. ]?\d\d[-. ]?\d\d)\b""",
        re.X,
    ),
    lambda m: _ctx(m, "sc") + "[number]",
    lambda text, lower: "sort" in lower,
    ("sort code 12-34-56 account 12345678", "Sort code: 123456", "sort-code is: 12.34.56"),
)
ORDER = Rule(
    "order number",
    _ORDER,
    _order,
    _ORDER_WORDS,
    ("order number 100234", "Invoice #INV-2024-0042", "booking ref: AB12CD"),
)
STREET = Rule(
    "street address, number first",
    _STREET,
    _street,
    _number_first_street,
    ("I live at 221B Baker Street", "send it to 5 rue Lepic", "12 Main St."),
)
STREET_NAME_FIRST = Rule(
    "street address, name first",
    _STREET_NAME_FIRST,
    "[address]",
    _may_name_street_first,
    (
        "wohne in der Hauptstraße 5",
        "Berliner Str. 12",
        "Prinsengracht 263",
        "Calle Mayor 5, 28013 Madrid",
        "vivo en Calle de la Princesa 25",
        "Rua Augusta 274",
    ),
)


def _may_name_a_box(text: str, lower: str) -> bool:
    return (
        "box" in lower
        or "postfach" in lower
        or "postbus" in lower
        or "apartado" in lower
        or "postale" in lower
    )


PO_BOX = Rule(
    "post office box",
    re.compile(
        r"(?i:\bp\.?[ \t]?o\.?[ \t]?box|\bpostfach|\bapartado(?:[ \t]+de[ \t]+correos)?"
        r"|\bbo[iî]te[ \t]+postale|\bpostbus)[ \t]*(?:no\.?[ \t]*)?\d{1,6}(?:[ ]\d{2,3}){0,3}\b"
    ),
    "[address]",
    _may_name_a_box,
    ("PO Box 1234, Springfield", "P.O. Box 77", "Postfach 10 20", "Postbus 512"),
)
# After every address rule: a number-first street ("5 rue Lepic, 75018 Paris") is followed by
# its postcode as often as a name-first street or a post office box is.
POSTCODE_AFTER_ADDRESS = Rule(
    "postcode after a street or box",
    _POSTCODE_AFTER_ADDRESS,
    r"\g<ctx>[postcode]",
    in_text("[address]"),
    ("[address], 10115 Berlin", "[address] 28013 Madrid"),
)
POSTCODE_AFTER = Rule(
    "postcode after its name",
    _POSTCODE_AFTER,
    _postcode_after,
    # A postcode holds a digit (and redact() runs this rule only when the text has one).
    lambda text, lower: _POSTCODE_WORDS(text, lower) and _has_digit(text, lower),
    ("my postcode is 10115", "PLZ: 80331", "zip code 90210-1234"),
)
CAPS = Rule(
    "IBAN, ZIP or postcode in capitals",
    _CAPS,
    _caps,
    searched(_CAPS_GUARD),  # one branch per capital
    (
        "IBAN DE89 3704 0044 0532 0130 00",
        "Austin, TX 78701",
        "London SW1A 1AA",
        "NI number QQ 12 34 56 C",
        "NI QQ123456C",
        "K1A 0B1",
        "GIR 0AA",
    ),
)
DIGITS = Rule(
    "card, phone, IP or reference number",
    _DIGITS,
    _digits,
    None,  # starts at a digit, +, ( or #: the engine skips ahead to one
    ("call +44 20 7946 0958", "card 4111 1111 1111 1111", "from 192.168.1.20", "ref #48213"),
)

# Stages: the lower-cased text is made again at the start of each.
_BEFORE_KEYS = (PRIVATE_KEY, PROFILE_LINK, URL, EMAIL)
_KEYS = (OBFUSCATED_EMAIL, TOKEN)
_SECRETS = (
    PASSWORD,
    OTHER_PASSWORD,
    SECRET_AFTER,
    BIRTH_DATE,
    USERNAME,
    LICENCE,
    TITLE_NAME,
    RELATION_NAME,
    RELATION_LOWER,
)
_NAMES = (
    NAME_AFTER,
    LABELLED_NAME,
    GREETING_NAME,
    OTHER_GREETING_NAME,
    NAME_THEN_CAPITALISED,
    NAME_HERE,
    PARTICLE_NAME,
    LEADING_FULL_NAME,
    ITS_NAME,
    FILE_NAME,
    TRAILING_NAME,
    TRAILING_CAPS,
    JOINED_NAME,
    IP6,
    HANDLE,
)
_NUMBERS = (
    SORT_CODE,
    ORDER,
    STREET,
    STREET_NAME_FIRST,
    PO_BOX,
    POSTCODE_AFTER_ADDRESS,
    POSTCODE_AFTER,
    CAPS,
    DIGITS,
)
RULES = (*_BEFORE_KEYS, *_KEYS, *_SECRETS, *_NAMES, *_NUMBERS)


def redact(text: str, names: Collection[str] = ()) -> str:
    """`text` with personal data replaced by placeholders in square brackets; `names` are the
    (lower-case) words of names known to belong to the ticket's people (see `name_tokens`)."""
    if not text:
        return text
    text = run(_BEFORE_KEYS_RUN, text, text)  # these guards read the text itself
    text = run(_KEYS_RUN, text, text.lower())
    text = run(_SECRETS_RUN, text, text.lower())
    if names:
        text = _redact_names(text, names)
    lower = text.lower()
    text = run(_NAMES_RUN, text, lower)
    if _DIGIT.search(text) is None:
        return text
    # The names' lower-cased text still serves: their placeholders hold no word the number
    # rules look for, so a guard may only say yes more often for what was replaced.
    return run(_NUMBERS_RUN, text, lower)


_BEFORE_KEYS_RUN, _KEYS_RUN, _SECRETS_RUN, _NAMES_RUN, _NUMBERS_RUN = map(
    compiled, (_BEFORE_KEYS, _KEYS, _SECRETS, _NAMES, _NUMBERS)
)


def redact_quoted(message: str) -> str:
    """A message of kbgen's own that may quote raw input ("unreadable date 'call +44 …'"):
    redacted, and every quoted value that still holds words kept out."""
    return _QUOTED.sub(_quoted_value, redact(message))


_QUOTED = re.compile(r"(?P<q>['\"])(?P<v>[^'\"\n]{1,200})(?P=q)")
_DATE_WORDS = re.compile(
    r"(?i)\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun)"
    r"[a-z]*\b|\b(?:am|pm|utc|gmt|t|z)\b"
)


def _quoted_value(m: re.Match[str]) -> str:
    value = m.group("v")
    rest = _DATE_WORDS.sub("", value)
    if any(c.isalpha() for c in rest.replace("[", "").replace("]", "")) and not re.fullmatch(
        r"(?:\[[a-z ]+\][\s,.]*)+", value.strip()
    ):
        return m.group("q") + "[text]" + m.group("q")
    return m.group(0)


def redact_findings(findings: Iterable[Finding]) -> list[Finding]:
    """The second line of defence, for every writer (report, drafts, _most-asked.yml): the
    findings with their labels, examples and phrasings redacted again. Ticket text was
    redacted before it was stored; this catches what a store written by an older kbgen, or a
    pattern added since, would otherwise let through."""
    out = []
    for f in findings:
        c = f.cluster
        cluster = replace(c, label=redact(c.label), examples=tuple(map(redact, c.examples)))
        out.append(
            replace(
                f,
                cluster=cluster,
                phrasings=tuple(map(redact, f.phrasings)),
                failed_phrasings=tuple(map(redact, f.failed_phrasings)),
            )
        )
    return out
