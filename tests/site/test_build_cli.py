"""The build as an owner runs it: `kbgen build`, with content errors and the old site kept."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from tests.support.cli import kbgen, kbgen_command


def test_build_then_broken_article_keeps_the_old_site(kb_copy: Path) -> None:
    first = kbgen("build", cwd=kb_copy)
    assert first.returncode == 0, first.stderr
    site = kb_copy / "site"
    home = (site / "index.html").read_text("utf-8")
    assert "How can we help?" in home
    before = sorted(p.relative_to(site).as_posix() for p in site.rglob("*"))

    article = kb_copy / "content" / "logging-in" / "password-not-working.md"
    text = article.read_text("utf-8")
    article.write_text(text.replace("title:", "titel:", 1), encoding="utf-8")
    (kb_copy / "content" / "downloads" / "broken.md").write_text(
        "---\ntitle: Broken\nsummary: it: breaks\n---\n", encoding="utf-8"
    )

    second = kbgen("build", cwd=kb_copy)
    assert second.returncode == 1
    out = " ".join(second.stderr.split())  # rich may wrap long lines
    assert "content/downloads/broken.md:3: YAML syntax error" in out
    line = next(i for i, t in enumerate(text.splitlines(), 1) if t.startswith("title:"))
    assert f"content/logging-in/password-not-working.md:{line}: unknown key 'titel'" in out
    assert "did you mean 'title'?" in out
    assert "previous site is unchanged" in out
    assert (site / "index.html").read_text("utf-8") == home
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*")) == before
    assert not [p for p in kb_copy.iterdir() if p.name.startswith(".site-")]


def test_plain_mkdocs_build_also_validates(kb_copy: Path) -> None:
    (kb_copy / "content" / "downloads" / "empty.md").write_text("", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q"],
        cwd=kb_copy,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode != 0
    assert "content/downloads/empty.md:1: the file is empty" in result.stdout + result.stderr
    assert not (kb_copy / "site").exists()


def test_strict_build_fails_on_a_broken_link_and_keeps_the_site(kb_copy: Path) -> None:
    assert kbgen("build", "--strict", cwd=kb_copy).returncode == 0
    marker = (kb_copy / "site" / "sitemap.xml").read_bytes()
    article = kb_copy / "content" / "downloads" / "download-corrupt.md"
    article.write_text(
        article.read_text("utf-8") + "\nSee [this](no-such-article.md).\n", encoding="utf-8"
    )
    result = kbgen("build", "--strict", cwd=kb_copy)
    assert result.returncode == 1
    assert "no-such-article.md" in result.stderr
    assert (kb_copy / "site" / "sitemap.xml").read_bytes() == marker
    # Without --strict the same warning does not stop the build.
    assert kbgen("build", cwd=kb_copy).returncode == 0


def test_site_dir_option_and_generated_pages(kb_copy: Path) -> None:
    result = kbgen("build", "--site-dir", "public", cwd=kb_copy)
    assert result.returncode == 0, result.stderr
    public = kb_copy / "public"
    for page in (
        "index.html",
        "logging-in/index.html",
        "glossary/index.html",
        "contact/index.html",
        "logging-in/password-not-working/index.html",
        "sitemap.xml",
    ):
        assert (public / page).is_file(), page
    # Data files and drafts never reach the published site.
    assert not list(public.rglob("_*.yml"))
    # Only categories are in the navigation, never every article.
    home = (public / "index.html").read_text("utf-8")
    nav = home.split('class="md-nav md-nav--primary"', 1)[1].split("</nav>", 1)[0]
    assert "Logging in" in nav
    assert "password-not-working" not in nav


def test_site_dir_inside_the_content_is_refused(kb_copy: Path) -> None:
    result = kbgen("build", "--site-dir", "content/public", cwd=kb_copy)
    assert result.returncode == 1
    assert "should not be within the 'docs_dir'" in " ".join(result.stderr.split())
    assert not (kb_copy / "content" / "public").exists()
    assert not [p for p in (kb_copy / "content").iterdir() if p.name.startswith(".public")]


def test_build_shows_progress_on_a_terminal_only(kb_copy: Path) -> None:
    # TTY_COMPATIBLE makes rich draw as it would on a terminal.
    on_terminal = kbgen("build", cwd=kb_copy, env={**os.environ, "TTY_COMPATIBLE": "1"})
    assert on_terminal.returncode == 0, on_terminal.stderr
    site = kb_copy / "site"
    pages = len(list(site.rglob("index.html")))
    german = len(list((site / "de").rglob("index.html")))  # the example's second language
    shown = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", on_terminal.stderr)  # drop colours, cursor
    assert "Checking articles" in shown
    english = pages - german
    assert re.search(rf"Writing pages\W+{english}/{english}\b", shown), shown
    assert re.search(rf"Writing pages \(de\)\W+{german}/{german}\b", shown), shown
    assert "Building the search index" in shown
    # In a CI log, only the outcome.
    logged = kbgen(
        "build",
        cwd=kb_copy,
        env={k: v for k, v in os.environ.items() if k not in ("TTY_COMPATIBLE", "FORCE_COLOR")},
    )
    assert "Writing pages" not in logged.stderr + logged.stdout
    assert logged.stderr.startswith(f"Built {pages} pages"), logged.stderr


def test_schema_command_prints_the_front_matter_schema(kb_copy: Path) -> None:
    import json

    from kbgen.content.fields import article_schema

    result = kbgen("schema", cwd=kb_copy)
    schema = json.loads(result.stdout)
    assert schema == article_schema()  # generated from the field declarations
    assert schema["required"] == ["title", "summary"]
    assert {
        "title",
        "summary",
        "symptoms",
        "tags",
        "related",
        "reviewed",
        "order",
        "featured",
    } <= set(schema["properties"])


def test_help_reads_well() -> None:
    result = kbgen("--help", check=True)
    for command in ("init", "new", "build", "serve", "schema"):
        assert f"\n  {command} " in result.stdout
    assert "Describe" not in result.stderr


def test_a_later_build_removes_what_killed_builds_left(kb_copy: Path) -> None:
    import fcntl
    import signal
    import time

    # A real build, killed once it has started writing the site.
    build = subprocess.Popen(
        kbgen_command("build"),
        cwd=kb_copy,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while not any((p / "assets").exists() for p in kb_copy.glob(".site-building-*")):
        assert build.poll() is None, "the build ended before it could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.05)
    build.send_signal(signal.SIGKILL)
    build.wait()
    killed = list(kb_copy.glob(".site-building-*"))
    assert len(killed) == 1 and str(build.pid) in killed[0].name
    # One an older kbgen left (no process id in its name), a half-deleted old site, and one a
    # build running right now holds.
    old = time.time() - 3600
    legacy, half_deleted, running = (
        kb_copy / ".site-building-k3j9x0qa",
        kb_copy / ".site-old-k3j9x0qa",
        kb_copy / ".site-building-99999-abcdefgh",
    )
    for folder in (legacy, half_deleted, running, killed[0]):
        folder.mkdir(exist_ok=True)
        (folder / "index.html").write_text("stale", encoding="utf-8")
        os.utime(folder, (old, old))
    held = os.open(running, os.O_RDONLY)
    fcntl.flock(held, fcntl.LOCK_EX)
    try:
        result = kbgen("build", cwd=kb_copy)
    finally:
        os.close(held)
    assert result.returncode == 0, result.stderr
    left = sorted(p.name for p in kb_copy.iterdir() if p.name.startswith(".site"))
    assert left == [running.name]
    assert (kb_copy / "site" / "index.html").is_file()
    assert "into site in" in result.stderr and str(kb_copy) not in result.stderr  # no machine paths


def test_a_link_out_of_the_content_folder_stops_the_build(kb_copy: Path, tmp_path_factory) -> None:
    elsewhere = tmp_path_factory.mktemp("ci-home")
    (elsewhere / ".env").write_text("API_KEY=sk_live_123", encoding="utf-8")
    (kb_copy / "content" / "downloads" / "settings.txt").symlink_to(elsewhere / ".env")
    result = kbgen("build", cwd=kb_copy)
    assert result.returncode == 1
    output = " ".join((result.stdout + result.stderr).split())
    assert (
        "content/downloads/settings.txt:1: 'downloads/settings.txt' is a link to a file" in output
    )
    assert str(elsewhere) not in output and str(kb_copy) not in output
    assert not (kb_copy / "site").exists()


def test_problem_lines_print_as_numbers_and_messages_as_written(kb_copy: Path) -> None:
    contact = kb_copy / "content" / "_contact.yml"
    text = contact.read_text("utf-8")
    filler = "".join(f"# {n}\n" for n in range(99 - text.count("\n")))
    contact.write_text(text + filler + "phone: 123\n", encoding="utf-8")  # line 100
    (kb_copy / "mkdocs.yml").write_text(
        (kb_copy / "mkdocs.yml").read_text("utf-8") + "'[bold]x': 1\n'[bold]x': 2\n",
        encoding="utf-8",
    )
    result = kbgen("build", cwd=kb_copy)
    assert result.returncode == 1
    assert "duplicate key '[bold]x' (first on line" in result.stderr, result.stderr
    (kb_copy / "mkdocs.yml").write_text(
        (kb_copy / "mkdocs.yml").read_text("utf-8").rsplit("'[bold]x'", 2)[0], encoding="utf-8"
    )
    result = kbgen("build", cwd=kb_copy)
    assert "content/_contact.yml:100: unknown key 'phone'" in result.stderr, result.stderr
