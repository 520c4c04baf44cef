"""Run `kbgen collect` as a user runs it, on loopback, for the tests and bench/collect_load.py."""

from __future__ import annotations

import json
import subprocess
import time
import urllib.request
from pathlib import Path

from tests.support.cli import kbgen_command
from tests.support.serving import free_port


class CollectorProcess:
    def __init__(self, store: Path, origin: str, port: int | None = None, *extra: str):
        self.store, self.origin = store, origin
        self.chosen = port is None  # a free port picked here may be taken before it is bound
        self.port = port or free_port()
        self.extra = extra
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/events"

    def start(self, timeout: float = 20.0, tries: int = 3) -> CollectorProcess:
        for attempt in range(tries):
            try:
                return self._start(timeout)
            except RuntimeError:
                if not self.chosen or attempt == tries - 1:
                    raise
                self.port = free_port()
        raise AssertionError("unreachable")

    def _start(self, timeout: float) -> CollectorProcess:
        args = kbgen_command("collect", "--origin", self.origin)
        args += ["--port", str(self.port), "--store", str(self.store), *self.extra]
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                out = self.proc.stdout.read().decode() if self.proc.stdout else ""
                raise RuntimeError(f"kbgen collect exited: {out}")
            try:
                self.health()
                return self
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("kbgen collect did not start")

    def health(self) -> dict:
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/health", timeout=2) as r:
            return json.loads(r.read())

    def stop(self, kill: bool = False) -> str:
        """SIGTERM (a clean stop: the journal goes into the store) or SIGKILL (a crash)."""
        assert self.proc is not None
        if kill:
            self.proc.kill()
        else:
            self.proc.terminate()
        out, _ = self.proc.communicate(timeout=60)
        return out.decode()
