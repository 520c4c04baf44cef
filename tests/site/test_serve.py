"""`kbgen serve` as an owner uses it: edit an article, see it rebuilt; break one, see why."""

from __future__ import annotations

import subprocess
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.cli import kbgen_command
from tests.support.serving import fetch, free_port, wait_for

ARTICLE = Path("content") / "logging-in" / "password-not-working.md"
ARTICLE_URL = "logging-in/password-not-working/"
BANNER = 'id="kbgen-preview-error"'


def fetch_error_page(url: str) -> str:
    """The body of a page that answers with an error status (such as 404)."""
    try:
        urllib.request.urlopen(url, timeout=5)
    except urllib.error.HTTPError as error:
        return str(error.read().decode("utf-8"))
    pytest.fail(f"{url} answered without an error")


@pytest.fixture
def served(kb_copy: Path) -> Iterator[tuple[str, Path]]:
    port = free_port()
    log = kb_copy / "serve.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            kbgen_command("serve", "-a", f"127.0.0.1:{port}"),
            cwd=kb_copy,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_for(lambda: fetch(url) is not None, "the first build")
        yield url, log
    finally:
        process.terminate()
        process.wait(timeout=30)
    assert not (kb_copy / "site").exists(), "serve must not write the owner's site/"


def test_serve_rebuilds_on_save_and_reports_broken_content(
    served: tuple[str, Path], kb_copy: Path
) -> None:
    url, log = served
    page = fetch(url + ARTICLE_URL)
    assert page is not None and "<title>My password" in page

    article = kb_copy / ARTICLE
    original = article.read_text("utf-8")
    edited = original.replace("summary:", "summary: Fresh from the editor.", 1)
    article.write_text(edited, encoding="utf-8")
    wait_for(lambda: "Fresh from the editor." in (fetch(url + ARTICLE_URL) or ""), "the rebuild")
    index = fetch(url + "search/kbgen-index.js") or ""
    assert "Fresh from the editor." in index, "the search index is rebuilt too"

    # A save that breaks the content: the last good site stays up, every request answers at
    # once (no waiting for a build that cannot finish), and the page says what is wrong.
    broken = kb_copy / "content" / "downloads" / "broken.md"
    broken.write_text("---\ntitle: Broken\nsummary: it: breaks\n---\n", encoding="utf-8")
    wait_for(lambda: "broken.md:3: YAML syntax error" in log.read_text("utf-8"), "the error")
    wait_for(lambda: BANNER in (fetch(url + ARTICLE_URL) or ""), "the error banner")
    shown = fetch(url + ARTICLE_URL) or ""
    assert "Fresh from the editor." in shown, "the last good page is still served"
    assert "broken.md:3: YAML syntax error: mapping values are not allowed" in shown
    assert "put text that contains" in shown, "with how to fix it"
    new_page = fetch_error_page(url + "downloads/broken/")
    assert BANNER in new_page and "broken.md:3" in new_page
    assert fetch(url + "search/kbgen-index.js"), "other files are served as before"

    broken.unlink()
    article.write_text(edited.replace("Fresh from the editor.", "Fixed again."), encoding="utf-8")
    wait_for(lambda: "Fixed again." in (fetch(url + ARTICLE_URL) or ""), "the rebuild after a fix")
    assert BANNER not in (fetch(url + ARTICLE_URL) or "")
    assert "fixed" in log.read_text("utf-8").lower()

    # A broken settings file is shown the same way.
    settings = kb_copy / "mkdocs.yml"
    good = settings.read_text("utf-8")
    settings.write_text(good + "\nnav: [\n", encoding="utf-8")
    wait_for(lambda: BANNER in (fetch(url + ARTICLE_URL) or ""), "the settings error banner")
    assert "mkdocs.yml" in (fetch(url) or "")
    settings.write_text(good, encoding="utf-8")
    wait_for(lambda: BANNER not in (fetch(url + ARTICLE_URL) or "x" + BANNER), "the recovery")
