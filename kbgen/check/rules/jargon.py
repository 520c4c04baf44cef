"""Technical words a customer new to computers may not know, used while the glossary
(content/_glossary.yml) does not explain them. The site turns glossary words into
tooltips, so an explained word is one tap away from a plain explanation."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from kbgen.check.context import CheckContext
from kbgen.check.registry import rule
from kbgen.check.rules.tone import reader_lines
from kbgen.content.model import Problem

# Built-in list; extend with the rule's `words` option, or excuse some with `allow`.
# fmt: off
JARGON = (
    "2FA", "ad blocker", "antivirus", "archive", "authentication", "bank statement", "browser",
    "cache", "case-sensitive", "Caps Lock", "chargeback", "checksum", "clipboard", "compressed",
    "cookie", "credentials", "DNS", "Downloads folder", "extract", "file extension", "firewall",
    "firmware", "incognito", "IP address", "junk folder", "link address", "malware",
    "operating system", "PDF", "pending charge", "phishing", "plugin", "pop-up blocker",
    "private browsing", "server", "spam folder", "two-factor authentication",
    "two-step verification", "unzip", "URL", "VPN", "ZIP",
)
# fmt: on
# Endings a word takes in running text: "cookies", "extracted", "unzipping".
ENDINGS = r"(?:s|es|ed|d|ing|ped|ping)?"


def _normal(text: str) -> str:
    text = re.sub(r"[-\s]+", " ", text.strip().lower())
    return re.sub(r"(?:es|s)$", "", text) if len(text) > 3 else text


def _pattern(word: str) -> re.Pattern[str]:
    parts = [re.escape(p) for p in re.split(r"[-\s]+", word.strip())]
    return re.compile(r"(?<![\w-])" + r"[-\s]+".join(parts) + ENDINGS + r"(?![\w-])", re.I)


@rule(
    "jargon",
    family="jargon",
    severity="warning",
    summary="technical words (browser, cache, ZIP, URL, ...) the glossary does not explain",
    words=[],
    allow=[],
)
def jargon(ctx: CheckContext, options: dict[str, Any]) -> Iterable[Problem]:
    explained = {_normal(w) for t in ctx.kb.site.glossary for w in (t.term, *t.aliases)}
    allowed = {_normal(w) for w in options["allow"]}
    words = [
        w
        for w in dict.fromkeys([*JARGON, *options["words"]])
        if _normal(w) not in explained and _normal(w) not in allowed
    ]
    patterns = [(w, _pattern(w)) for w in words]
    # Longer glossary phrases hide the words inside them: "browser cache" explains its "cache".
    # Longest first, so "ZIP" cannot break up "Compressed (zipped) Folder" before it is seen.
    glossary_words = {w for t in ctx.kb.site.glossary for w in (t.term, *t.aliases)}
    phrases = [_pattern(w) for w in sorted(glossary_words, key=len, reverse=True)]
    glossary = (
        f"{ctx.content_root.name}/{ctx.kb.lang}/_glossary.yml"
        if ctx.original is not None
        else f"{ctx.content_root.name}/_glossary.yml"
    )
    for doc in ctx.documents:
        seen: set[str] = set()
        for line, text in reader_lines(doc):
            covered = text
            for phrase in phrases:
                covered = phrase.sub(lambda m: " " * len(m.group(0)), covered)
            for word, pattern in patterns:
                match = pattern.search(covered)
                if match and word not in seen:
                    seen.add(word)
                    yield Problem(
                        doc.path,
                        line,
                        f"'{match.group(0)}' is jargon the glossary does not explain",
                        f"add '{word}' to {glossary} with a plain explanation, "
                        "or say it in everyday words",
                        rule="jargon",
                    )
