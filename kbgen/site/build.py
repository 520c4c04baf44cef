"""Build the site safely: validate first, build into a temporary folder, swap it in on success.

A failed build (content errors, or MkDocs warnings under --strict) leaves the previous
site/ exactly as it was.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

try:
    import fcntl
except ImportError:  # Windows: stale folders are told by the process id in their name
    fcntl = None  # type: ignore[assignment]

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, MkDocsException

from kbgen.console import StageProgress
from kbgen.content import languages, safe_yaml
from kbgen.content.loader import collect_kb
from kbgen.content.model import ContentError, Problem
from kbgen.site.plugin import KbgenPlugin


class BuildError(Exception):
    """The site could not be built; the message says why."""


@dataclass(frozen=True)
class BuildResult:
    site_dir: Path
    pages: int
    seconds: float


def load_site_config(config_file: Path, **overrides: Any) -> MkDocsConfig:
    if not config_file.is_file():
        raise BuildError(
            f"{config_file}: no such file — run 'kbgen init' to start a knowledge "
            "base, or pass --config-file"
        )
    _check_config_yaml(config_file)
    try:
        return load_config(config_file=str(config_file), **overrides)
    except (MkDocsException, Abort) as exc:
        raise BuildError(f"{config_file}: {exc}") from exc


def _check_config_yaml(config_file: Path) -> None:
    """mkdocs.yml (the plugin's options included) under kbgen's YAML limits, before MkDocs
    reads it: no alias bombs, no duplicate keys (MkDocs would keep the last one silently)."""
    try:
        text = config_file.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return  # MkDocs reports an unreadable file itself
    _, errors = safe_yaml.compose(text, loader=safe_yaml.AnyTagLoader)
    if errors:
        raise BuildError(
            "\n".join(
                str(Problem(config_file, line, message, hint)) for line, message, hint in errors
            )
        )


def validate(config: MkDocsConfig, progress: StageProgress | None = None) -> None:
    """Raise ContentError with every content error, before anything is built.

    The loaded content is handed to the kbgen plugin, so the build does not read it twice,
    along with `progress` for the rest of the build.
    """
    if progress:
        progress("check", 0, None)
    kb, problems = collect_kb(Path(config.docs_dir), languages.from_config(config))
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise ContentError(errors)
    if progress:
        progress("check", 1, 1)
    plugin = config.plugins.get("kbgen")
    if isinstance(plugin, KbgenPlugin):
        plugin.use_loaded(kb, problems)
        plugin.progress = progress


def build_site(
    config_file: Path,
    *,
    site_dir: Path | None = None,
    strict: bool = False,
    progress: StageProgress | None = None,
) -> BuildResult:
    started = time.perf_counter()
    # site_dir goes through MkDocs' own checks (not inside docs_dir) before the staging swap.
    overrides: dict[str, object] = {"site_dir": str(site_dir.resolve())} if site_dir else {}
    config = load_site_config(config_file, strict=strict, **overrides)
    validate(config, progress)
    final = Path(config.site_dir).resolve()
    final.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_staging(final)
    staging = Path(
        tempfile.mkdtemp(prefix=f".{final.name}-building-{os.getpid()}-", dir=final.parent)
    )
    lock = _hold(staging)
    config.site_dir = str(staging)
    try:
        try:
            mkdocs_build(config)
        except (MkDocsException, Abort) as exc:
            shutil.rmtree(staging, ignore_errors=True)
            message = str(exc).strip() or "the build failed; see the messages above"
            raise BuildError(message) from exc
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        _swap_in(staging, final)
    finally:
        _release(lock)  # after the swap: until then another build must not take it for stale
    pages = sum(1 for _ in final.rglob("index.html"))
    return BuildResult(final, pages, time.perf_counter() - started)


def _hold(folder: Path) -> int | None:
    """Lock the staging folder for as long as this build runs (the lock dies with the process,
    so a folder nobody holds was left by a build that was killed)."""
    if fcntl is None:
        return None
    fd = os.open(folder, os.O_RDONLY)
    fcntl.flock(fd, fcntl.LOCK_EX)
    return fd


def _release(fd: int | None) -> None:
    if fd is not None:
        os.close(fd)  # closing the last descriptor releases the lock


def _in_use(folder: Path) -> bool:
    """Whether a running build owns `folder`: it holds the folder's lock, or (where there are
    no locks) the process id in its name is alive. Young folders count as in use, to leave a
    build that has made its folder but not locked it yet alone."""
    try:
        if time.time() - folder.stat().st_mtime < 5:
            return True
    except OSError:
        return True
    if fcntl is not None:
        try:
            fd = os.open(folder, os.O_RDONLY)
        except OSError:
            return True
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return True
        finally:
            os.close(fd)
        return False
    pid = folder.name.split("-building-", 1)[-1].split("-", 1)[0]
    if not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def remove_stale_staging(final: Path) -> list[Path]:
    """Remove what killed builds left beside `final`: `.site-building-*` folders no running
    build owns, and `.site-old-*` folders a build was killed before deleting. Returns them."""
    removed = []
    for folder in sorted(final.parent.glob(f".{final.name}-building-*")):
        if folder.is_dir() and not folder.is_symlink() and not _in_use(folder):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    for folder in sorted(final.parent.glob(f".{final.name}-old-*")):
        if folder.is_dir() and not folder.is_symlink() and not _in_use(folder):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


def _swap_in(staging: Path, final: Path) -> None:
    """Replace `final` with `staging` using renames, so there is never a half-written site."""
    if final.exists():
        old = final.with_name(f".{final.name}-old-{staging.name.rsplit('-', 1)[-1]}")
        final.rename(old)
        staging.rename(final)
        shutil.rmtree(old, ignore_errors=True)
    else:
        staging.rename(final)


def quiet_mkdocs_logging(verbose: bool = False) -> None:
    """Show MkDocs' warnings (and with --verbose its progress) through rich."""
    from rich.console import Console
    from rich.logging import RichHandler

    logger = logging.getLogger("mkdocs")
    if not any(isinstance(h, RichHandler) for h in logger.handlers):
        handler = RichHandler(
            console=Console(stderr=True), show_time=False, show_path=False, markup=False
        )
        handler.setFormatter(logging.Formatter("%(message)s"))
        logger.addHandler(handler)
    logger.setLevel(logging.INFO if verbose else logging.WARNING)
    logger.propagate = False
