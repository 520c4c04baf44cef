"""Which languages a knowledge base is written in, and where each language's articles live.

The default language is the site's (`theme.language`, as Material uses it); its articles sit at
the root of `content/` and its pages at the root of the site. Every other language the owner
lists in the plugin's `languages:` option has a folder of its own with the same paths:

    content/logging-in/reset-password.md       ->  /logging-in/reset-password/
    content/de/logging-in/reset-password.md    ->  /de/logging-in/reset-password/

The same path under each language folder is the same article (its translation key), as in
mkdocs-static-i18n's folder layout and hosted help centres' /hc/<lang>/ addresses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from kbgen.content import safe_yaml

DEFAULT_LANGUAGE = "en"
# A language code as Material and hreflang write them: "de", "pt-BR", "zh-Hant".
CODE_RE = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")


@dataclass(frozen=True)
class Languages:
    """The site's languages: `default` at the root, each of `others` in `content/<code>/`."""

    default: str = DEFAULT_LANGUAGE
    others: tuple[str, ...] = ()

    @property
    def all(self) -> tuple[str, ...]:
        return (self.default, *self.others)

    def folder(self, root: Path, language: str) -> Path:
        """Where `language`'s articles are: `root` itself for the default language."""
        return root if language == self.default else root / language

    @classmethod
    def from_options(cls, theme_language: Any, languages: Any) -> Languages:
        """From `theme.language` and the kbgen plugin's `languages:` list (in the order the
        language switcher shows them). The default language may be left out of the list."""
        default = str(theme_language or DEFAULT_LANGUAGE)
        listed = [str(code) for code in languages or () if isinstance(code, str | int)]
        others = tuple(dict.fromkeys(code for code in listed if code != default))
        return cls(default, others)


def from_config(config: Any) -> Languages:
    """The languages of a loaded MkDocsConfig (the kbgen plugin's options included)."""
    theme = getattr(config, "theme", None)
    language = theme.get("language") if theme is not None else None
    plugin = config.plugins.get("kbgen") if getattr(config, "plugins", None) else None
    listed = plugin.config.get("languages") if plugin is not None else None
    return Languages.from_options(language, listed)


def for_content(root: Path) -> Languages:
    """The languages of the knowledge base in `root`, for callers without a loaded config
    (`kbgen search --kb`, `kbgen mine --kb`): read from the mkdocs.yml beside `root` whose
    docs_dir is `root`, as `kbgen init` lays a project out; else one language, English."""
    root = Path(root)
    return _from_mkdocs_yml(root.resolve().parent / "mkdocs.yml", root.resolve())


def _from_mkdocs_yml(config_file: Path, root: Path) -> Languages:
    if not config_file.is_file():
        return Languages()
    try:
        text = config_file.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return Languages()
    data, _, problems = safe_yaml.load(text, loader=safe_yaml.AnyTagLoader)
    if problems or not isinstance(data, dict):
        return Languages()
    docs_dir = (config_file.parent / str(data.get("docs_dir") or "docs")).resolve()
    if docs_dir != root:
        return Languages()
    theme = data.get("theme")
    language = theme.get("language") if isinstance(theme, dict) else None
    listed = None
    for plugin in data.get("plugins") or ():
        if isinstance(plugin, dict) and isinstance(plugin.get("kbgen"), dict):
            listed = plugin["kbgen"].get("languages")
    return Languages.from_options(language, listed if isinstance(listed, list) else None)


def looks_like_language(name: str) -> bool:
    """Whether a folder name is a language code Babel knows ("de", "pt-BR"), so a language
    folder the config does not list is reported as that, not as misplaced articles."""
    if not CODE_RE.match(name):
        return False
    from babel import Locale
    from babel.core import UnknownLocaleError

    try:
        Locale.parse(name.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return False
    return True


@cache  # asked once per page and language: Babel parses its locale data each time
def language_name(code: str, in_language: str | None = None, *, capitalize: bool = True) -> str:
    """The language's own name ("Deutsch"), or its name in `in_language` ("German"), as a
    language switcher shows it; with capitalize=False as a sentence has it ("en français").
    The code when Babel has no name for it."""
    from babel import Locale
    from babel.core import UnknownLocaleError

    try:
        locale = Locale.parse(code.replace("-", "_"))
        name = locale.get_display_name(
            Locale.parse(in_language.replace("-", "_")) if in_language else locale
        )
    except (UnknownLocaleError, ValueError):
        return code
    if not name:
        return code
    return name[:1].upper() + name[1:] if capitalize else name
