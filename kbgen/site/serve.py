"""`kbgen serve`: MkDocs' live-reload server, made safe for the owner's mistakes.

`mkdocs serve` builds into the folder it serves, and when a rebuild fails it leaves every
request waiting for a build that never finishes (the page hangs until the mistake is fixed).
Here each build goes into a new folder that is served only once it is complete, so:

- a saved mistake keeps the last good site on screen, with the problems (`path:line: what is
  wrong — how to fix it`) in the log and in a banner on every page (and on the pages the broken
  build would have added);
- browsers reload to show the banner, and again when the next good save fixes it.

The banner exists only in the preview: nothing of it reaches `kbgen build`'s site.
"""

from __future__ import annotations

import html
import logging
import shutil
import tempfile
import traceback
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, MkDocsException
from mkdocs.livereload import LiveReloadServer, _serve_url

from kbgen.content.model import ContentError
from kbgen.site.build import BuildError, load_site_config, validate

log = logging.getLogger("mkdocs.kbgen.serve")

BANNER_ID = "kbgen-preview-error"
_BANNER = """<div id="{id}" role="alert" style="position:sticky;top:0;z-index:1000;margin:0;
padding:1rem 1.25rem;background:#fff4f2;color:#5c0b00;border-bottom:3px solid #c62828;
font:16px/1.5 system-ui,sans-serif"><strong>Your last save has a problem, so this preview
still shows the last version that worked.</strong> Fix it and save: the page reloads by itself.
<pre style="white-space:pre-wrap;margin:.5rem 0 0;font:14px/1.45 ui-monospace,monospace">{text}
</pre></div>"""
_ERROR_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Preview: fix the problem and save</title></head><body>{banner}</body></html>"""


def failure_text(exc: BaseException) -> str:
    """What went wrong, as the owner reads it: one `path:line: ...` line per content problem."""
    if isinstance(exc, ContentError):
        return "\n".join(str(p) for p in exc.problems)
    if isinstance(exc, BuildError | MkDocsException | Abort):
        return str(exc).strip() or "the build failed; see the messages in the terminal"
    return "".join(traceback.format_exception_only(exc)).strip()


class PreviewServer(LiveReloadServer):
    """Serves the folder of the last good build, and shows the last failure on every page."""

    error: str | None = None

    def banner(self) -> bytes:
        text = html.escape(self.error or "")
        return _BANNER.format(id=BANNER_ID, text=text).encode()

    def _inject_js_into_html(self, content: bytes, epoch: int) -> bytes:
        content = super()._inject_js_into_html(content, epoch)
        if self.error is None:
            return content
        start = content.find(b"<body")
        start = content.find(b">", start) + 1 if start >= 0 else 0
        return content[:start] + self.banner() + content[start:]

    def error_page(self, code: int) -> bytes | None:
        if self.error is not None:
            return _ERROR_PAGE.format(banner=self.banner().decode()).encode()
        page = Path(self.root) / f"{code}.html"
        return page.read_bytes() if page.is_file() else None


def serve_site(
    config_file: Path,
    dev_addr: str,
    *,
    open_in_browser: bool = False,
    on_failure: Callable[[str], None] | None = None,
    on_recovery: Callable[[], None] | None = None,
) -> None:
    """Build the site, serve it with live reload, rebuild on every save.

    Raises ContentError or BuildError when the first build fails (nothing to show yet).
    """
    workdir = Path(tempfile.mkdtemp(prefix="kbgen-serve-"))
    builds = iter(range(1, 1_000_000_000))

    def get_config(site_dir: Path) -> MkDocsConfig:
        return load_site_config(config_file, site_dir=str(site_dir), dev_addr=dev_addr)

    def build_into(config: MkDocsConfig) -> None:
        config.site_url = serve_url
        validate(config)
        try:
            mkdocs_build(config, serve_url=serve_url)
        except (MkDocsException, Abort) as exc:
            raise BuildError(str(exc).strip() or "the build failed") from exc

    first_dir = workdir / "build-0"
    config = get_config(first_dir)
    config.plugins.on_startup(command="serve", dirty=False)
    host, port = config.dev_addr
    mount_path = urlsplit(config.site_url or "/").path
    serve_url = _serve_url(host, port, mount_path)

    def builder() -> None:
        """A rebuild after a save: swapped in when it succeeds, reported when it fails."""
        log.info("Building the preview...")
        target = workdir / f"build-{next(builds)}"
        try:
            build_into(get_config(target))
        except Exception as exc:  # any failure: keep serving the last good site
            shutil.rmtree(target, ignore_errors=True)
            preview.error = failure_text(exc)
            if on_failure:
                on_failure(preview.error)
            return
        previous, preview.root = preview.root, str(target)
        shutil.rmtree(previous, ignore_errors=True)
        if preview.error is not None and on_recovery:
            on_recovery()
        preview.error = None

    try:
        build_into(config)
        preview = PreviewServer(
            builder=builder, host=host, port=port, root=str(first_dir), mount_path=mount_path
        )
        preview.error_handler = preview.error_page
        preview.watch(config.docs_dir)
        if config.config_file_path:
            preview.watch(config.config_file_path)
        server = config.plugins.on_serve(preview, config=config, builder=builder)
        for item in config.watch:
            server.watch(item)
        try:
            server.serve(open_in_browser=open_in_browser)
        except KeyboardInterrupt:
            log.info("Shutting down...")
        finally:
            server.shutdown()
    finally:
        config.plugins.on_shutdown()
        shutil.rmtree(workdir, ignore_errors=True)
