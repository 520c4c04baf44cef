"""Search that finds the answer from the customer's own words (a prebuilt lunr index)."""

import sys

# lunr.py imports NLTK, when installed, for language support kbgen does not use; that
# import alone costs about two seconds on every build and `kbgen search`. Import lunr with
# NLTK hidden, then let NLTK be imported normally by whoever needs it.
if "lunr" not in sys.modules and "nltk" not in sys.modules:
    sys.modules["nltk"] = None  # type: ignore[assignment]  # makes `import nltk` fail fast
    try:
        import lunr  # noqa: F401
    finally:
        del sys.modules["nltk"]
