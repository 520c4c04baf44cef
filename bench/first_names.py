"""Write the first names kbgen/mine/redact.py recognises in any case ("this is anna fischer").

    .venv/bin/pip install faker && .venv/bin/python bench/first_names.py

From Faker's person providers (MIT licence) for the countries whose customers write in Latin,
Greek or Cyrillic letters (names written in Latin letters in India, Pakistan, Nigeria, Kenya,
Indonesia... among them): every first name of three letters or more, lower-cased, without
the words that are also a common word in kbgen's languages (pyspellchecker's 5,000 most
frequent English, German, French, Spanish, Dutch and Italian words: "per", "ella", "grace"),
except those frequent for being names ("john", "peter"). Written to
kbgen/mine/data/first-names.txt.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from kbgen.search.typos import frequent_words  # noqa: E402

OUT = REPO / "kbgen" / "mine" / "data" / "first-names.txt"
# The names that are also among English's WORD_RANKS most frequent words ("edit", "server",
# "holly"): the rules that take a capitalised pair or a word after "it's" for a name without
# any word introducing it leave these out (kbgen/mine/redact.py `_PLAIN_FIRST_NAMES`).
WORDS_OUT = OUT.with_name("first-names-words.txt")
WORD_RANKS = 10_000
LOCALES = (
    "en_US en_GB en_IE de_DE de_AT de_CH fr_FR es_ES es_MX it_IT nl_NL pt_PT pt_BR pl_PL "
    "sv_SE da_DK no_NO fi_FI tr_TR cs_CZ hu_HU ro_RO el_GR ru_RU uk_UA"
).split()
# Customers of other countries write their names in Latin letters too ("Priya Patel"). Their
# lists hold more English words ("mac", "safari", "yoga"): a name of theirs that is one of
# the STRICT most frequent English words is left out.
MORE_LOCALES = (
    "en_IN en_PK en_NG en_KE en_NZ es_AR es_CO fr_CA ga_IE id_ID is_IS hr_HR sk_SK sl_SI "
    "lt_LT lv_LV et_EE yo_NG ig_NG ha_NG sw zu_ZA tw_GH"
).split()
STRICT = 30_000
OTHER_LANGUAGES = ("de", "fr", "es", "nl", "it")
COMMON = 5_000


def main() -> None:
    import faker

    def first_names(locales: list[str]) -> set[str]:
        out: set[str] = set()
        for locale in locales:
            provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
            for attr in ("first_names", "first_names_male", "first_names_female"):
                value = getattr(provider, attr, None) or ()
                out.update(n.lower() for n in value if len(n) >= 3 and n.replace("-", "").isalpha())
        return out

    names = first_names(LOCALES)
    english = set(frequent_words("en", STRICT))
    names |= {n for n in first_names(MORE_LOCALES) - names if n not in english - _NAMES}
    # A name that is a common word of a language is a word there ("per", "ella", "grace"),
    # unless it is frequent for being a name ("john", "peter": _NAMES).
    words = {w for lang in ("en", *OTHER_LANGUAGES) for w in frequent_words(lang, COMMON)}
    kept = sorted(n for n in names if n not in words - _NAMES)
    header = (
        f"# First names from Faker {faker.VERSION} (MIT licence), {len(kept)} names;"
        " written by bench/first_names.py\n"
    )
    OUT.write_text(header + "\n".join(kept) + "\n", encoding="utf-8")
    print(f"{len(kept)} first names (of {len(names)}) written to {OUT.relative_to(REPO)}")
    frequent = set(frequent_words("en", WORD_RANKS))
    wordy = [n for n in kept if n in frequent and n not in _NAMES]
    WORDS_OUT.write_text(
        f"# First names that are also among English's {WORD_RANKS:,} most frequent words;"
        " written by bench/first_names.py\n" + "\n".join(wordy) + "\n",
        encoding="utf-8",
    )
    print(f"{len(wordy)} of them also English words, written to {WORDS_OUT.relative_to(REPO)}")


# Frequent words that are first of all first names (frequent in text for being names).
_NAMES = frozenset(
    """john david michael james robert mary sarah emma anna maria peter paul thomas daniel
    george william richard charles joseph steven kevin brian jason jennifer jessica laura
    linda susan karen lisa nancy betty helen sandra donna carol ruth sharon michelle amanda
    emily alice kate tom tim jim joe sam ben alex chris eric adam andrew mike steve tony
    jane julia lucy sophie chloe olivia oliver harry jake luke ryan sean scott simon henry
    louis martin anne claire elizabeth victoria catherine rebecca rachel hannah amy""".split()
)

if __name__ == "__main__":
    main()
