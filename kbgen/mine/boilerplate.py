"""Boilerplate learned from the export itself, and tickets that ask nothing.

A ticket as stored is "subject. body", cleaned at ingest of what mail clients mark
(quoted replies, "Sent from my iPhone", sign-off lines). What is left still carries text
that says nothing about the question: signatures without a sign-off word, help-desk
footers, a shop's own auto-reply, generic subjects ("Help", "Question", "Issue with my
account") and the "My order number is [order]" every ticket of some exports repeats.

Signature detectors in mail clients (and libraries such as talon) find such text by
comparing messages: a line that many messages share, whatever they are about, is not
what any one of them says. `learn` does the same over the export, sentence by sentence:

* a sentence (or the trailing words of a ticket's last sentence, for signatures glued on
  without punctuation) written by many **different customers** is a candidate;
* it is boilerplate when the rest of those tickets is **about anything**: the other
  sentences of its tickets are no more alike than tickets picked at random. A question
  many customers ask in the same words ("How do I reset my password?") comes with text
  about the same thing, or alone, and stays.

A short seed list (generic subjects, device footers) catches what one customer alone
writes. `not_a_question` then sorts out what is left with nothing to ask: thanks,
greetings, bare links, auto-replies and out-of-office notices, empty messages.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer
from sklearn.preprocessing import normalize

from kbgen.mine.featurize import without_trailing_tags

_SPLIT = re.compile(r"(?<=[.?!])\s+|\n+")
# Where a sentence's clauses meet: "Invoice in euros, booking ref [order]." and
# "Key box wont open - I did message last week too."
_CLAUSE = re.compile(r"\s*[,;]\s+|\s+[-\u2013\u2014]+\s+")
_TOKEN = re.compile(r"\[[a-z_]{2,20}\]|[^\W_]+")
_PLACEHOLDER = re.compile(r"\[[a-z_]{2,20}\]")
# Reply and forward markers a subject carries ("Re: Fwd: Help").
_REPLY = re.compile(r"^\s*(?:(?:re|fwd?|aw|sv|tr|antw|wg)\s*(?:\[\d+\])?\s*:\s*)+", re.I)
_AUTO_SUBJECT = re.compile(
    r"^\s*(?:automatic\s+reply|auto[- ]?reply|autoreply|auto[- ]?response"
    r"|out\s+of\s+(?:the\s+)?office"
    r"|abwesenheitsnotiz|réponse\s+automatique|respuesta\s+automática)\b",
    re.I,
)
# Seeds: sentences that are boilerplate whoever writes them, matched as the whole sentence
# (in brackets too: help desks write "(no subject)").
_SEED = re.compile(
    r"""^[(\[]?(?:
        (?:a\s+)?(?:help|question|problem|issue|query|inquiry|enquiry|request|support|urgent
          |hi|hello|hey|info|information|account|complaint|feedback|no\s+subject|untitled
          |none|subject|n/a)
        (?:\s+(?:needed|please|required|request|asap|again))?
      | (?:help|support|assistance)\s+(?:please|needed|request|required)
      | (?:please|pls|plz)\s+help(?:\s+(?:me|asap|urgently))?
      | need\s+(?:some\s+)?help
      | (?:an?\s+)?(?:issue|problem|question|help)\s+with\s+my\s+(?:account|order)
      | (?:customer\s+)?(?:support|service)\s+(?:request|ticket|enquiry|inquiry)
      | sent\s+from\s+my\s+\w+(?:\s+\w+){0,3}
      | get\s+outlook\s+for\s+\w+
      | (?:this|the)\s+(?:e-?mail|message)\s+(?:and\s+any\s+attachments\s+)?
        (?:is|are)\s+(?:strictly\s+)?(?:confidential|private)\b.*
    )[\s.!?:;,()\[\]-]*$""",
    re.I | re.X,
)

# Footers mail systems glue on, cut from where they start even mid-sentence.
_FOOTER = re.compile(
    r"(?:\[name\][\s,|-]*)*(?:\b(?:this|the)\s+(?:e-?mail|message)\s+(?:and\s+any\s+attachments\s+)?"
    r"(?:is|are|may\s+contain)\s+(?:strictly\s+)?(?:confidential|private|privileged)"
    r"|\bsent\s+from\s+my\s+(?:iphone|ipad|android|samsung|galaxy|mobile|phone)"
    r"|\bget\s+outlook\s+for\s+(?:ios|android)).*$",
    re.I | re.S,
)

WIDER = 0.5  # companions this much less widespread than a sentence count as its context
_FOOTER_HINTS = ("confidential", "privileged", "private", "sent from my", "get outlook")

MIN_CUSTOMERS = 4  # different customers a sentence needs before it can be boilerplate
CUSTOMER_SHARE = 0.002  # ... or this share of the customers, whichever is more
ATTACHED = 0.5  # boilerplate comes with other text in at least this share of its tickets
COHERENCE_MARGIN = 0.04  # its tickets' other text no more alike than random, plus this
SUFFIX_WORDS = (4, 5, 6, 8)  # trailing word runs tried as glued-on signatures
LEARN_SAMPLE = 50_000  # tickets learning looks at: boilerplate is frequent by definition
MAX_COMPANIONS = 200
MAX_SEEN = 200_000  # sentences remembered by `Boilerplate.remove` (some 50 MB at most)


def segments(text: str) -> list[str]:
    return [s for s in _SPLIT.split(text) if s.strip()]


# Punctuation to spaces and every digit to 0, in one pass (str.translate is C-fast: this
# runs on every sentence of every ticket). Brackets stay: they mark placeholders.
_KEY_TABLE = str.maketrans(
    {
        **{c: " " for c in "!\"#$%&'()*+,-./:;<=>?@\\^`{|}~"},
        **{c: " " for c in "\u2018\u2019\u201c\u201d\u2013\u2014\u2026\xa0"},
        **{d: "0" for d in "0123456789"},
    }
)


_ZEROS = re.compile(r"0{2,}")


def is_seed_sentence(sentence: str) -> bool:
    """Boilerplate whoever writes it: a generic subject ("Help", "Question"), a device
    footer ("Sent from my iPhone")."""
    return len(sentence) < 80 and _SEED.match(sentence.strip()) is not None


def segment_key(sentence: str) -> str:
    """A sentence's identity: its lower-case words and placeholders, punctuation dropped and
    numbers made alike, whatever their length (a reference number the redactor missed
    differs in every ticket; "from the 8th" is "from the 13th")."""
    key = sentence.lower().translate(_KEY_TABLE)
    if "00" in key:
        key = _ZEROS.sub("0", key)
    return " ".join(key.split())


def _words(key: str) -> int:
    """Words in a key that are not placeholders."""
    return len(key.split()) - len(_PLACEHOLDER.findall(key))


@dataclass
class Boilerplate:
    """What `learn` found: sentence keys and trailing word runs to remove."""

    sentences: set[str] = field(default_factory=set)
    suffixes: set[str] = field(default_factory=set)
    # Per sentence as written, its key, or "" when it goes. Sentences repeat across tickets
    # (signatures, greetings, the same question in the same words): at a million tickets
    # most are looked up here rather than keyed and matched again.
    _seen: dict[str, str] = field(default_factory=dict, repr=False, compare=False)
    # Per sentence with more than one clause, what is left of it once boilerplate clauses
    # glued to either end are cut (as `_seen`, a memo).
    _trimmed: dict[str, str] = field(default_factory=dict, repr=False, compare=False)

    def _says_nothing(self, part: str, key: str) -> bool:
        """A sentence (or clause) with its key: learned or seeded boilerplate, or no words."""
        return (
            not key or key in self.sentences or (len(key) < 80 and bool(_SEED.match(part.strip())))
        )

    def _key_kept(self, part: str) -> str:
        key = self._seen.get(part)
        if key is None:
            key = segment_key(part)
            if self._says_nothing(part, key):
                key = ""
            if len(self._seen) >= MAX_SEEN:
                self._seen.clear()  # memory stays flat on exports of unique sentences
            self._seen[part] = key
        return key

    def remove(self, text: str) -> str:
        """The text without reply markers, seeded and learned boilerplate sentences."""
        if ":" in text[:60]:
            text = _REPLY.sub("", text)
        low = text.lower()
        if any(w in low for w in _FOOTER_HINTS):
            text = _FOOTER.sub("", text)
        kept = []
        last = ""
        for part in segments(text):
            key = self._key_kept(part)
            if not key:
                continue
            if self.sentences and _CLAUSE.search(part):  # a comma, semicolon or dash
                trimmed = self._trim_clauses(part)
                if trimmed != part:
                    part, key = trimmed, segment_key(trimmed)
            kept.append(part)
            last = key
        if kept and any(last.endswith(run) for run in self.suffixes):
            kept[-1] = self._trim_suffix(kept[-1])
        return " ".join(p for p in kept if p.strip())

    def _trim_clauses(self, sentence: str) -> str:
        """The sentence without boilerplate clauses glued to its start or end: a sentence
        the export writes on its own line elsewhere ("Booking ref [order].", "I did message
        last week too.") is as empty after a comma. The question's own clause always stays."""
        done = self._trimmed.get(sentence)
        if done is not None:
            return done
        bounds = [0]
        for m in _CLAUSE.finditer(sentence):
            bounds += [m.start(), m.end()]
        bounds.append(len(sentence))
        clauses = [(bounds[i], bounds[i + 1]) for i in range(0, len(bounds), 2)]

        def empty(span: tuple[int, int]) -> bool:
            part = sentence[span[0] : span[1]]
            return self._says_nothing(part, segment_key(part))

        start, end = 0, len(clauses)
        while end - start > 1 and empty(clauses[end - 1]):
            end -= 1
        while end - start > 1 and empty(clauses[start]):
            start += 1
        done = sentence
        if (start, end) != (0, len(clauses)):
            done = sentence[clauses[start][0] : clauses[end - 1][1]]
            if end < len(clauses) and sentence.rstrip()[-1:] in "?!.":
                done += sentence.rstrip()[-1]  # the sentence's own stop ends it still
        if len(self._trimmed) >= MAX_SEEN:
            self._trimmed.clear()
        self._trimmed[sentence] = done
        return done

    def _trim_suffix(self, sentence: str) -> str:
        tokens = list(_TOKEN.finditer(sentence.lower()))
        for m in sorted(SUFFIX_WORDS, reverse=True):
            if len(tokens) > m and " ".join(t.group() for t in tokens[-m:]) in self.suffixes:
                return sentence[: tokens[-m].start()].rstrip(" ,;:-–—|")
        return sentence


def learn(
    texts: Sequence[str],
    customers: Sequence[object] | np.ndarray | None = None,
    *,
    sample: int = LEARN_SAMPLE,
    seed: int = 0,
) -> Boilerplate:
    """Find the sentences (and glued-on trailing word runs) of an export that many
    different customers write whatever they ask."""
    n = len(texts)
    if customers is None:
        customers = range(n)  # unknown: every ticket its own customer
    picked = np.arange(n)
    if n > sample:
        picked = np.sort(np.random.default_rng(seed).choice(n, sample, replace=False))
    docs: list[list[str]] = []  # per sampled ticket, its sentence keys
    seeded: set[str] = set()
    who: dict[str, set[object]] = defaultdict(set)
    where: dict[str, list[int]] = defaultdict(list)
    keyed: dict[str, str] = {}  # sentence -> key: most sentences come again and again
    for d, i in enumerate(picked.tolist()):
        keys = []
        text = texts[i]
        if ":" in text[:60]:
            text = _REPLY.sub("", text)
        if any(w in text.lower() for w in _FOOTER_HINTS):
            text = _FOOTER.sub("", text)
        for sentence in segments(text):
            key = keyed.get(sentence)
            if key is None:
                key = keyed[sentence] = segment_key(sentence)
                if key and _SEED.match(sentence.strip()):
                    seeded.add(key)
            if key:
                keys.append(key)
        docs.append(keys)
        c = customers[i]
        for k in set(keys):
            who[k].add(c)
            where[k].append(d)
        if keys:
            last = keys[-1].split()
            for m in SUFFIX_WORDS:
                if len(last) > m + 3 and any(_PLACEHOLDER.fullmatch(w) for w in last[-m:]):
                    run = "\0" + " ".join(last[-m:])
                    who[run].add(c)
                    where[run].append(d)
    n_customers = len({customers[i] for i in picked.tolist()})
    need = max(MIN_CUSTOMERS, int(CUSTOMER_SHARE * n_customers))
    candidates = [k for k, c in who.items() if len(c) >= need]
    found = Boilerplate()
    if not candidates:
        return found
    vectorizer = HashingVectorizer(n_features=2**18, alternate_sign=False, norm=None)
    idf = TfidfTransformer(sublinear_tf=True).fit(vectorizer.transform([" ".join(d) for d in docs]))
    rng = np.random.default_rng(seed)

    def coherence(rows: list[str]) -> float:
        """Mean cosine between the rows (their TF-IDF vectors), from the norm of their mean."""
        if len(rows) < 2:
            return 1.0
        vectors = normalize(idf.transform(vectorizer.transform(rows)))
        mean_sq = float(np.square(np.asarray(vectors.mean(axis=0))).sum())
        m = len(rows)
        return (m * mean_sq - 1) / (m - 1)

    # Two passes: what the first finds (a signature on many tickets, say) no longer makes
    # the tickets of the second look alike.
    spread = {k: len(who[k]) for k in candidates}

    def rest_of(d: int, key: str, known: set[str]) -> str:
        """The rest of a ticket: without known boilerplate, nor sentences more widespread
        than the key (a question asked in the same words by five customers, surrounded by
        the export's boilerplate, has nothing else around it: it is what they ask)."""
        if key.startswith("\0"):  # the ticket without the trailing run
            text = " ".join(k for k in docs[d] if k not in known)
            return text[: max(0, len(text) - len(key) + 1)]
        wide = spread[key]
        return " ".join(
            k for k in docs[d] if k != key and k not in known and spread.get(k, 0) < wide * WIDER
        )

    known = set(seeded)
    for _ in range(2):
        # What a ticket says besides known boilerplate: the baseline to compare with.
        every = [" ".join(k for k in keys if k not in known) for keys in docs]
        filled = [e for e in every if _words(e) >= 2] or every
        size = min(MAX_COMPANIONS, len(filled))
        draws = [rng.choice(len(filled), size, replace=False) for _ in range(5)]
        baseline = float(np.median([coherence([filled[j] for j in draw]) for draw in draws]))
        for key in candidates:
            if key in known:
                continue
            docs_with = where[key]
            if len(docs_with) > MAX_COMPANIONS:
                docs_with = [
                    docs_with[j] for j in rng.choice(len(docs_with), MAX_COMPANIONS, replace=False)
                ]
            rest = [rest_of(d, key, known) for d in docs_with]
            attached = [r for r in rest if _words(r) >= 2]
            if len(attached) < ATTACHED * len(rest):
                continue  # mostly the whole message: a question asked in the same words
            if coherence(attached) > baseline + COHERENCE_MARGIN:
                continue  # the rest of its tickets is about one thing: it belongs to that
            if key.startswith("\0"):
                found.suffixes.add(key[1:])
            else:
                found.sentences.add(key)
        known |= found.sentences
    return found


# -- Tickets that ask nothing ---------------------------------------------------------------

_URL = re.compile(r"\[url\]|https?://\S+|www\.\S+|\b[\w-]+(?:\.[\w-]+)+/\S*", re.I)
_AUTO_BODY = re.compile(
    r"\b(?:automatic(?:ally)?\s+(?:generated\s+)?(?:reply|response|message)|auto[- ]?reply"
    r"|this\s+is\s+an\s+automated|do\s+not\s+reply\s+to\s+this|no-?reply"
    r"|we\s+have\s+received\s+your\s+(?:request|message|e-?mail|ticket)"
    r"|your\s+(?:request|ticket)\s+(?:\(?\#?\S*\)?\s+)?has\s+been\s+(?:received|created|logged))",
    re.I,
)
_OUT_OF_OFFICE = re.compile(
    r"\b(?:out\s+of\s+(?:the\s+)?office|limited\s+access\s+to\s+(?:my\s+)?e-?mails?"
    r"|(?:away\s+from|back\s+in|return\s+to)\s+the\s+office"
    r"|(?:i\s+am|i'm|i\s+will\s+be|currently)\s+(?:away|on\s+(?:annual\s+|parental\s+|sick\s+)?leave"
    r"|on\s+holiday|on\s+vacation)\b[^.?!]{0,40}\b(?:until|till|returning|back\s+on))",
    re.I,
)
# Cheap substring tests before the regexes above (most tickets have none of these).
_OOO_HINTS = ("office", "leave", "away", "holiday", "vacation", "access to")
_AUTO_HINTS = ("automat", "auto", "reply", "received", "been created", "been logged")
_ACK = frozenset(
    """
    thanks thank thankyou thx ty tnx cheers you so much very many lot lots a again all for
    your the help quick fast reply response support that this it its it's worked works
    working work fixed solved resolved sorted done now great perfect awesome brilliant
    excellent amazing wonderful lovely nice good fine cool ok okay k kk yes yep yeah got x xx
    received noted understood appreciate appreciated guys team all everyone much appreciated
    no problem problems all well super fantastic kind regards best wishes have day
    dm dms sent messaged replied
    """.split()
)
_GREET = frozenset(
    """
    hi hello hey hiya dear good morning afternoon evening day there team all everyone
    support sir madam greetings folks guys
    """.split()
)
# A greeting, or a nudge after one, with nothing asked ("hello??", "is anyone there?").
_NUDGE = _GREET | frozenset("anyone anybody someone is there still waiting".split())
# An order or booking reference: who is asking, not what ("order #[order]").
_REFERENCE = re.compile(
    r"(?:\b(?:order|ref|reference|booking|ticket|case)\s*(?:(?:no\.?|number)\s*)?)?#?"
    + _PLACEHOLDER.pattern
)
_ACK_CORE = frozenset(
    "thanks thank thankyou thx ty tnx cheers worked works fixed solved resolved sorted "
    "great perfect awesome brilliant excellent ok okay got received noted appreciated".split()
)

# A capitalised word after a thank-you word ("thanks Ruth", "cheers Tom!").
_NAMED = re.compile(r"\b(?i:thanks|thank\s+you|thx|cheers|ta)[ \t,]+[A-Z][a-z]+\b")

NOT_QUESTION_KINDS = ("empty", "thanks", "greeting", "link", "auto-reply", "out-of-office")


def not_a_question(original: str, stripped: str) -> str | None:
    """Why a ticket asks nothing ("thanks", "link", "auto-reply", ...), or None.

    `original` is the ticket as stored (its subject tells auto-replies), `stripped` the same
    after `Boilerplate.remove`."""
    if _AUTO_SUBJECT.match(original):
        return "out-of-office" if _OUT_OF_OFFICE.search(original) else "auto-reply"
    if _REPLY.match(original):
        # A reply's first sentence is the subject it answers: what is new comes after it.
        parts = segments(_REPLY.sub("", original))
        if len(parts) <= 1 and "?" not in original and len(segment_key(original).split()) <= 8:
            return "empty"
        subject = parts[0].strip() if parts else ""
        if subject and stripped.startswith(subject):
            stripped = stripped[len(subject) :].strip() or stripped
    low = stripped.lower()
    if "?" not in stripped:
        if any(w in low for w in _OOO_HINTS) and len(stripped) < 600:
            if _OUT_OF_OFFICE.search(stripped):
                return "out-of-office"
        if any(w in low for w in _AUTO_HINTS) and _AUTO_BODY.search(stripped):
            return "auto-reply"
    linked = any(w in low for w in ("://", "www.", "[url]", "/"))
    if len(stripped) > 200 and not linked:
        return None  # too long to be only thanks, a greeting or a link
    without_links = _URL.sub(" ", low) if linked else low
    words = [w for w in without_links.translate(_KEY_TABLE).split() if w.isalnum()]
    if not words:
        if linked and _URL.search(stripped):
            return "link"
        said = _TOKEN.findall(_REPLY.sub("", original).lower())
        if said and all(w in _GREET for w in said):
            return "greeting"  # "Hello?": the seeds took it as a subject
        return "empty"
    # "hello?", "is anyone there", "[username] anyone there?? order #[order]": a nudge that
    # asks nothing.
    if len(words) <= 8 and ("[" in low or "#" in low):
        bare = without_trailing_tags(_REFERENCE.sub(" ", without_links))
        words = [w for w in bare.translate(_KEY_TABLE).split() if w.isalnum()]
    if words and all(w in _NUDGE for w in words) and not all(w in _GREET for w in words):
        return "greeting"
    if "?" in stripped:
        return "greeting" if words and all(w in _GREET for w in words) else None
    if len(words) <= 2 and linked and _URL.search(stripped):
        return "link"
    if len(words) <= 14 and all(w in _ACK or w in _GREET for w in words):
        if any(w in _ACK_CORE for w in words):
            return "thanks"
        if all(w in _GREET for w in words):
            return "greeting"
        return "thanks"
    if len(words) <= 14 and any(w in _ACK_CORE for w in words):
        # "Perfect, thanks Ruth x": thanks to someone by name (the team's, never redacted).
        others = [w for w in words if w not in _ACK and w not in _GREET]
        if len(others) == 1 and _NAMED.search(stripped):
            return "thanks"
    return None


@dataclass
class Prepared:
    """Ticket texts ready to group: boilerplate removed, and why some ask nothing."""

    texts: list[str]  # per ticket, its text without boilerplate
    reasons: list[str | None]  # per ticket, why it is not a question (None: it is one)
    boilerplate: Boilerplate

    @property
    def questions(self) -> np.ndarray:
        """Indices of the tickets that ask something."""
        return np.flatnonzero([r is None for r in self.reasons])

    def counts(self) -> dict[str, int]:
        """Not-a-question tickets by kind."""
        got = Counter(r for r in self.reasons if r is not None)
        return {k: got[k] for k in NOT_QUESTION_KINDS if got[k]}


def prepare(
    texts: Sequence[str], customers: Sequence[object] | np.ndarray | None = None
) -> Prepared:
    """Learn the export's boilerplate, strip it from every ticket and sort out the tickets
    that ask nothing. Identical texts are worked on once."""
    found = learn(texts, customers)
    memo: dict[str, tuple[str, str | None]] = {}
    out_texts: list[str] = []
    reasons: list[str | None] = []
    for text in texts:
        got = memo.get(text)
        if got is None:
            stripped = found.remove(text)
            got = (stripped, not_a_question(text, stripped))
            memo[text] = got
        out_texts.append(got[0])
        reasons.append(got[1])
    return Prepared(out_texts, reasons, found)
