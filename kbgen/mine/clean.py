"""Reduce a ticket to the customer's question: HTML to text, no quoted replies, signatures,
greetings or sign-offs, whitespace collapsed, so tickets group by what they ask."""

from __future__ import annotations

import html
import re

_TAG = re.compile(r"<(?:[a-zA-Z][a-zA-Z0-9]*\b[^<>]*|/[a-zA-Z][a-zA-Z0-9]*\s*)>")
_DROP_ELEMENTS = re.compile(r"<(script|style|head|title)\b.*?</\1\s*>|<!--.*?-->", re.S | re.I)
# Mail clients mark the quoted earlier message; it and everything after it is not the question.
_HTML_QUOTE = re.compile(
    r"<blockquote\b|<div[^>]*\b(?:gmail_quote|yahoo_quoted|moz-cite-prefix|OutlookMessageHeader)\b"
    r"|<div[^>]*\bid=[\"']?(?:appendonsend|divRplyFwdMsg)|<hr[^>]*\bid=[\"']?stopSpelling",
    re.I,
)
_BLOCK = re.compile(r"<(?:br|/p|/div|/li|li|/tr|/h[1-6]|p|div|h[1-6]|hr|/blockquote)\b[^>]*>", re.I)
_HTML_HINT = re.compile(r"</?(?:p|div|br|span|html|body|a|b|i|strong|em|li|ul|table|font)\b", re.I)

_DEVICE = (
    r"iPhone|iPad|Samsung|Galaxy|Android|Huawei|Xiaomi|Pixel|Smartphone|Handy|Mobiltelefon"
    r"|t[ée]l[ée]phone|m[óo]vil|mobiel|telefoon"
)
# Where the customer's own text ends: a quoted reply, a forwarded header or a signature.
_CUT = re.compile(
    r"""^[ \t]*(?:
        On\s[^\n]{0,200}(?:\n[^\n]{0,200})?\bwrote:[ \t]*$
      | (?:Le|Am|El|Il|Op|Em)\s[^\n]{0,200}(?:\n[^\n]{0,200})?
        (?:a\ écrit|schrieb|escribió|scritto|schreef|escreveu)[ \t]*:
      # German and Dutch mail clients put the writer after the verb ("Am 5. Dez. 2026 um
      # 10:00 schrieb Support <help@…>:"); the time tells it from a customer's sentence.
      | (?:Am|Op)\s[^\n]{0,120}?\b\d{1,2}[:.]\d{2}\b[^\n]{0,60}?\b(?:schrieb|schreef)\b
        [^\n]{0,200}(?:\n[^\n]{0,200})?:[ \t]*$
      | -{2,}[ \t]*(?:Original\ Message|Forwarded\ message|Ursprüngliche\ Nachricht
        |Weitergeleitete\ Nachricht|Message\ (?:d'origine|transféré)|Mensaje\ (?:original
        |reenviado)|Oorspronkelijk\ bericht|Doorgestuurd\ bericht)
      | (?:From|Von|De|Van)[ \t]*:[^\n]*\n(?:[^\n]*\n){0,3}?[ \t]*
        (?:Sent|Date|Gesendet|Datum|Envoyé|Enviado(?:\ el)?|Fecha|Verzonden)[ \t]*:
      | _{8,}[ \t]*$
      | --[ \t]*$
      | Sent\ from\ my\ [\w ]{2,30}
      | Sent\ from\ [\w ]{2,30}?['’]s\ (?:{_DEVICE})\b  # "Sent from Anna's iPhone": a name
      | Sent\ from\ (?:Mail|Outlook|Yahoo)\b
      | Get\ Outlook\ for\b
      # The same footers from German, French, Spanish and Dutch phones and mail apps.
      | (?:(?:Gesendet\ )?von\ meinem|Envoyé\ (?:de|depuis)\ mon|Enviado\ desde\ mi
        |(?:Verzonden|Verstuurd)\ (?:vanaf|met)\ mijn)\ (?:{_DEVICE})\b[^\n]{0,40}$
      | (?:Outlook\ (?:für|voor)|Obtenir\ Outlook\ pour|Obtener\ Outlook\ para)\ (?:iOS|Android)
    )""".replace("{_DEVICE}", _DEVICE),
    re.M | re.X | re.I,
)
_QUOTED_LINE = re.compile(r"^[ \t]*>[^\n]*(?:\n|$)", re.M)

_THANKS = (
    r"(?:many\s+|big\s+)?(?:thanks|thank\s+you|thankyou|thx|ty)"
    r"(?:\s+(?:so\s+much|very\s+much|a\s+lot|in\s+advance|again))?"
    r"(?:\s+for\s+(?:your|any|the|all)\s+(?:help|time|assistance|support|reply|patience)[^\n]{0,25})?"
)
_SIGNOFF_WORDS = (
    rf"(?:{_THANKS}|cheers|best|regards|sincerely|cordially|respectfully|best\s+wishes"
    r"|(?:best|kind|warm|warmest|many)\s+regards|yours\s+(?:sincerely|truly|faithfully)"
    r"|all\s+the\s+best|take\s+care|have\s+a\s+(?:nice|good|great)\s+day"
    # German, French, Spanish and Dutch sign-offs, as their customers sign.
    r"|(?:mit\s+)?(?:freundlichen|besten|vielen|lieben|herzlichen)\s+gr[üu](?:ß|ss)en"
    r"|(?:viele|liebe|beste|freundliche|herzliche)\s+gr[üu](?:ß|ss)e|(?:danke\s+und\s+)?gru(?:ß|ss)"
    r"|lg|vg|mfg"
    r"|(?:vielen\s+)?dank(?:e)?(?:\s+(?:im\s+voraus|schön|sehr))?"
    r"|(?:bien\s+)?cordialement|bien\s+à\s+vous|amicalement|merci(?:\s+(?:beaucoup|d['’]avance))?"
    r"|(?:un\s+)?saludos?(?:\s+cordiales)?|atentamente|(?:muchas\s+)?gracias|un\s+abrazo"
    r"|(?:met\s+)?vriendelijke\s+groet(?:en)?|groetjes|groet(?:en)?|(?:alvast\s+)?bedankt|mvg)"
)
_NAME = r"[A-Z][\w'’.-]*(?:[ \t]+[A-Z][\w'’.-]*){0,2}"
# A sign-off on a line of its own ("Thanks,", "Kind regards, Anna"): it and what follows go.
_SIGNOFF_LINE = re.compile(
    rf"^[ \t]*(?i:{_SIGNOFF_WORDS})[ \t]*[,.!]*[ \t]*(?:{_NAME})?[ \t]*$", re.M
)
# The same at the very end of a one-line message: "... it fails. Thanks, John" (the match
# starts at the full stop: a leading character class lets the engine skip ahead in C).
_SIGNOFF_END = re.compile(rf"[.!?]\s+(?i:{_SIGNOFF_WORDS})\s*[,.!]*\s*(?:{_NAME})?\s*$")

_GREET = (
    r"(?:hi|hello|hey|hiya|dear|greetings|howdy|good\s+(?:morning|afternoon|evening|day)"
    r"|to\s+whom\s+it\s+may\s+concern"
    r"|hallo|moin|servus|guten\s+(?:tag|morgen|abend)|sehr\s+geehrte[rs]?|liebe[rs]?"
    r"|bonjour|bonsoir|salut|ch[eè]re?|hola|buen(?:os|as)\s+(?:d[ií]as|tardes|noches)"
    r"|estimad[oa]s?|hoi|beste|goede(?:morgen|middag|navond)|geachte)"
)
# Whom "Morning …" greets when no punctuation follows it: "Morning all can you help".
_GREET_GROUP = r"all|both|team|everyone|guys|folks"
_GREET_WHO = (
    rf"(?i:there|{_GREET_GROUP}|sir(?:\s*(?:/|or)\s*madam)?|madam"
    r"|support(?:\s+team)?|customer\s+(?:support|service)(?:\s+team)?"
    r"|zusammen|allerseits|damen\s+und\s+herren|(?:liebes\s+)?(?:support-?)?team"
    r"|madame,?\s+monsieur|mesdames(?:,?\s+messieurs)?|madame|monsieur|(?:à\s+)?tous"
    r"|equipo|a\s+todos|señora?|heer|mevrouw|allemaal|klantenservice)"
)
# "Dear Mrs Smith", "Geachte mevrouw Jansen": a title before the name goes with it.
_TITLE = (
    r"(?i:mr|mrs|ms|miss|dr|herr|frau|madame|monsieur|mme|mlle|se[ñn]ora?|sra?|meneer|mevrouw"
    r"|heer)\.?[ \t]+"
)
# "hi john," "hallo ingeborg,": a lower-case name goes with its greeting (a word then a comma).
_LOWER_NAME = r"[a-zà-ÿ][a-zà-ÿ'’-]{1,20}(?=[ \t]*,)"
# "Hi Tom and Ruth,": the owners greeted together.
_NAMES = rf"(?:{_TITLE})?(?!I\b){_NAME}(?:[ \t]+(?:and|&)[ \t]+{_NAME})?"
# "Morning all", "Afternoon," (British mail): only with whom it greets or a stop after it, so
# "Morning delivery never came" keeps its first word.
_GREET_BARE = r"(?:morning|afternoon|evening)"
_GREETING = re.compile(
    rf"^\s*(?i:{_GREET}|{_GREET_BARE})(?:[ \t]+(?:{_GREET_WHO}|{_NAMES}|{_LOWER_NAME}))?"
    r"[ \t]*(?:[,!.:;]+|\n|$)\s*"
    rf"|^\s*(?i:{_GREET})[ \t]+(?=[A-Za-z])"
    rf"|^\s*(?i:{_GREET_BARE}[ \t]+(?:{_GREET_GROUP}))[ \t]+(?=[A-Za-z])"
)


def looks_like_html(text: str) -> bool:
    return "<" in text and _HTML_HINT.search(text) is not None


def html_to_text(text: str) -> str:
    """Markup to plain lines.

    Regexes rather than an HTML parser: ticket bodies are small, machine-written fragments,
    and this runs on every ticket of exports with a million rows (html.parser is ~10x slower).
    """
    text = _DROP_ELEMENTS.sub("", text)
    quote = _HTML_QUOTE.search(text)
    if quote and quote.start() > 0:
        text = text[: quote.start()]
    text = _BLOCK.sub("\n", text)
    text = _TAG.sub("", text)
    return html.unescape(text).replace("\xa0", " ")


def clean_body(text: str, *, html: bool | None = None) -> str:
    """The customer's question from a ticket body; `html=None` detects markup itself."""
    if not text:
        return ""
    if html or (html is None and looks_like_html(text)):
        text = html_to_text(text)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    original = text
    cut = _CUT.search(text)
    if cut:
        text = text[: cut.start()]
    if ">" in text:
        text = _QUOTED_LINE.sub("", text)
    greeting = _GREETING.match(text)
    if greeting:
        text = text[greeting.end() :]
    signoff = _SIGNOFF_LINE.search(text)
    if signoff and text[: signoff.start()].strip():
        text = text[: signoff.start()]
    text = " ".join(text.split())
    signoff = _SIGNOFF_END.search(text)
    if signoff:
        text = text[: signoff.start() + 1]  # the full stop stays
    if not text:  # all boilerplate: better the whole message than nothing
        return " ".join(original.split())
    return text
