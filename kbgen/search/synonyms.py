"""Help-desk synonyms: the words customers type, mapped to the words articles use.

Spelling variants that always mean one thing ("log in", "pwd") are folded in
`analysis.PHRASES` for articles and queries alike. The table here only widens a query:
a customer who writes "scam" also searches "legit", "genuine" and "fake", with a lower
weight than the words they typed. Owners add their own in `content/_synonyms.yml`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from kbgen.search.language import Language, language

# Each group: words and phrases a customer uses for the same thing; each member finds the others.
# fmt: off
GROUPS: tuple[tuple[str, ...], ...] = (
    ("broken", "corrupt", "corrupted", "damaged", "faulty", "unreadable"),
    ("zip", "compressed", "archive"),
    ("unzip", "extract", "decompress", "unpack"),
    ("scam", "legit", "legitimate", "fake", "genuine", "fraud", "trustworthy"),
    ("email", "mail", "inbox"),
    ("spam", "junk", "promotions"),
    ("refund", "money back", "reimburse", "reimbursement", "return"),
    ("charged twice", "double charged", "charged two times", "duplicate charge", "billed twice",
     "two charges", "double payment", "paid twice"),
    ("receipt", "invoice", "bill"),
    ("buy", "bought", "purchase", "order"),
    ("cancel", "unsubscribe", "stop subscription"),
    ("coupon", "discount", "promo code", "voucher", "code"),
    ("card", "credit card", "debit card", "payment"),
    ("declined", "rejected", "refused", "failed", "denied"),
    ("expired", "expire", "timed out", "no longer works", "too old"),
    ("link", "url", "button"),
    ("missing", "lost", "gone", "disappeared", "never arrived", "never came", "not received"),
    ("find", "locate", "where"),
    ("open", "launch", "start", "run"),
    ("stuck", "frozen", "freeze", "hangs", "not loading", "slow"),
    ("phone", "mobile", "iphone", "android", "tablet", "ipad", "cellphone"),
    ("computer", "pc", "laptop", "desktop", "mac", "windows"),
    ("forgot", "forgotten", "reset", "remember"),
    ("username", "account name", "login name"),
    ("account", "profile"),
    ("wrong", "incorrect", "invalid", "not accepted"),
    ("download", "file", "get"),
    ("contact", "support", "help", "human", "person", "talk to someone", "speak to someone"),
    ("price", "cost", "how much", "fee"),
    ("address", "email address"),
    ("change", "update", "edit"),
    ("error", "message", "warning"),
    # A number as a customer types it and as an article spells it ("3 bed" / "three-bedroom").
    ("1", "one"), ("2", "two"), ("3", "three"), ("4", "four"), ("5", "five"), ("6", "six"),
    ("7", "seven"), ("8", "eight"), ("9", "nine"), ("10", "ten"), ("11", "eleven"),
    ("12", "twelve"),
)
# fmt: on

# One-way: the customer's word on the left also searches the words on the right.
# fmt: off
ONE_WAY: dict[str, tuple[str, ...]] = {
    "pass": ("password",),
    "login": ("password", "account"),
    "chargeback": ("refund", "charged twice"),
    "hacked": ("password", "reset"),
    "virus": ("safe", "antivirus"),
    "antivirus": ("blocked", "safe"),
    "blocked": ("antivirus",),
    "doesnt arrive": ("missing",),
    "receive": ("arrive",),
    "received": ("arrived",),
    "got": ("received",),
    "crash": ("open", "broken"),
    "crashes": ("open", "broken"),
    "won't open": ("open",),
}
# fmt: on


def _meaning_words(phrases: Iterable[str], lang: Language) -> list[str]:
    out: list[str] = []
    for phrase in phrases:
        for word in lang.words(phrase):
            if not lang.is_stop_word(word) and word not in out:
                out.append(word)
    return out


def build_table(
    owner: Mapping[str, Iterable[str]] | None = None, lang: Language | None = None
) -> dict[str, list[str]]:
    """Built-in groups and one-way entries plus the owner's, as normalised words.

    Keys are phrases of search words joined by a space (what `analysis.words` gives);
    values are the extra words a query containing the key also searches. The owner's
    entries add to the built-in ones for the same key. The built-in groups are English:
    a site in another language (`lang`) gets only the owner's.
    """
    lang = lang or language(None)
    table: dict[str, list[str]] = {}

    def add(key: str, meanings: Iterable[str]) -> None:
        key = " ".join(lang.words(key))
        if not key:
            return
        own = set(key.split())
        current = table.setdefault(key, [])
        for word in _meaning_words(meanings, lang):
            if word not in own and word not in current:
                current.append(word)
        if not current:
            del table[key]

    if lang.english:
        for group in GROUPS:
            for member in group:
                add(member, [m for m in group if m != member])
        for key, one_way in ONE_WAY.items():
            add(key, one_way)
    for key, meanings in (owner or {}).items():
        add(key, meanings)
    return table
