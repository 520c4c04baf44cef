"""Which web addresses and icon names site data may hold.

Contributors fill `_contact.yml` and category pages, and the owner fills the plugin's
options; a `javascript:` or `data:` address there would run script when a customer clicks
it. Only absolute http(s) addresses (and mailto: where an email link makes sense) pass.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

WEB = ("http", "https")
WEB_OR_MAIL = ("http", "https", "mailto")

_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*):")
# Browsers drop tabs and newlines inside a URL ("java\tscript:" is "javascript:").
_UNSAFE_CHARS = re.compile(r"[\x00-\x20\x7f]")
# Material icon names, as in `{% include ".icons/" ~ icon ~ ".svg" %}`: no "..", no "/x".
ICON_RE = re.compile(r"[a-z0-9][a-z0-9_-]*(?:/[a-z0-9][a-z0-9_-]*)+")


def url_problem(
    value: str, schemes: tuple[str, ...] = WEB, *, site_path: bool = False
) -> str | None:
    """What is wrong with `value` as an address customers' browsers open, or None.
    `site_path` also allows a path on the help site's own server, such as '/feedback'."""
    if _UNSAFE_CHARS.search(value):
        return "the address has spaces, tabs or other invisible characters in it"
    # "//host" and "/\host" are other sites to a browser, not paths.
    if site_path and value.startswith("/") and not value.startswith(("//", "/\\")):
        return None
    match = _SCHEME.match(value)
    scheme = match.group(1).lower() if match else ""
    if scheme not in schemes:
        shown = f"'{scheme}:'" if scheme else "no scheme"
        return f"'{value}' is not a web address ({shown}); only {_listed(schemes)} are allowed"
    if scheme in WEB and not urlsplit(value).netloc:
        return f"'{value}' has no site name after '{scheme}://'"
    return None


def icon_ok(icon: str) -> bool:
    """A Material icon name such as 'material/key-variant', or a single emoji."""
    if ICON_RE.fullmatch(icon):
        return True
    return 0 < len(icon) <= 8 and all(ord(ch) > 0x7F and not ch.isspace() for ch in icon)


def _listed(schemes: tuple[str, ...]) -> str:
    names = [f"{s}:" for s in schemes]
    return ", ".join(names[:-1]) + f" and {names[-1]}" if len(names) > 1 else names[0]
