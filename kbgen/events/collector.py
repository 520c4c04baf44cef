"""`kbgen collect`'s web app (Starlette, served by uvicorn): receives the help site's events.

POST /events   a batch from the site: {"kbgen": 1, "events": [...]} (or one event, or a list)
GET  /health   {"ok": true, "journal": <events not yet in the store>}

Refused, and nothing kept: a request from an origin other than the site's (403; browsers
also get no CORS permission), a body over the size cap (413), a client over its rate
(429), a body that is not JSON (400). Each event is checked and redacted
(`clean_event`), then written to the journal before the answer goes back; a background
task moves the journal into the DuckDB store every second.

Clients are told apart for rate limiting by a keyed hash of their address, kept in memory
only while their allowance refills: no IP address is logged or stored.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import logging
import secrets
import time
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import anyio
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from kbgen.events.journal import Journal, move_into_store
from kbgen.events.model import SiteEvent, clean_event, now_utc

log = logging.getLogger("kbgen.collect")


@dataclass
class CollectSettings:
    origins: list[str]  # the help site's origin(s), e.g. https://help.example.com
    store: Path  # the DuckDB store shared with `kbgen mine`
    journal: Path | None = None  # default: collect-journal.ndjson beside the store
    max_body: int = 32 * 1024  # bytes per request
    max_events: int = 100  # events per request
    rate: float = 120.0  # requests per minute per client, sustained
    burst: int = 60  # requests a client may send at once
    trust_proxy: bool = False  # behind a reverse proxy: the client is X-Forwarded-For's last
    flush_seconds: float = 1.0
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def journal_path(self) -> Path:
        return self.journal or self.store.with_name("collect-journal.ndjson")


class RateLimiter:
    """A token bucket per client: `burst` requests at once, refilled at `rate` per minute."""

    def __init__(self, rate: float, burst: int):
        self.per_second = rate / 60.0
        self.burst = float(burst)
        self.salt = secrets.token_bytes(16)  # new every start: keys cannot be linked later
        self.buckets: dict[bytes, tuple[float, float]] = {}

    def key(self, address: str) -> bytes:
        return hashlib.blake2b(address.encode(), key=self.salt, digest_size=12).digest()

    def allow(self, address: str) -> bool:
        now = time.monotonic()
        key = self.key(address)
        tokens, last = self.buckets.get(key, (self.burst, now))
        tokens = min(self.burst, tokens + (now - last) * self.per_second)
        if tokens < 1.0:
            self.buckets[key] = (tokens, now)
            return False
        self.buckets[key] = (tokens - 1.0, now)
        if len(self.buckets) > 50_000:
            self._forget(now)
        return True

    def _forget(self, now: float) -> None:
        """Drop clients whose allowance is full again: they are no different from new ones."""
        full = self.burst / self.per_second if self.per_second else 0.0
        self.buckets = {k: v for k, v in self.buckets.items() if now - v[1] < full}


class TooLarge(Exception):
    pass


class Collector:
    def __init__(self, settings: CollectSettings):
        self.settings = settings
        self.origins = {o.rstrip("/") for o in settings.origins}
        self.limiter = RateLimiter(settings.rate, settings.burst)
        self.journal: Journal | None = None
        self.accepted = 0  # events
        self.batches = 0  # requests that brought them
        self._moving: list[Path] = []
        self._failures = 0
        self._retry_at = 0.0

    # ------------------------------------------------------------ lifecycle

    @contextlib.asynccontextmanager
    async def lifespan(self, app: Starlette) -> AsyncIterator[None]:
        self.journal = Journal(self.settings.journal_path)
        # Whatever a previous run accepted and had not moved yet goes in first.
        self._moving = self.journal.leftovers()
        aside = self.journal.rotate()
        if aside:
            self._moving.append(aside)
        await self._move()
        stopping = asyncio.Event()
        task = asyncio.create_task(self._mover(stopping))
        try:
            yield
        finally:
            # Let a move under way finish (cancelling it would leave its journal for the
            # next start), then move whatever is left.
            stopping.set()
            await task
            aside = self.journal.rotate()
            if aside:
                self._moving.append(aside)
            self._retry_at = 0.0
            await self._move(wait=30.0)
            self.journal.close()

    async def _mover(self, stopping: asyncio.Event) -> None:
        while not stopping.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stopping.wait(), self.settings.flush_seconds)
            if stopping.is_set():
                return
            assert self.journal is not None
            aside = self.journal.rotate()
            if aside:
                self._moving.append(aside)
            await self._move()

    async def _move(self, wait: float = 0.5) -> None:
        if not self._moving or time.monotonic() < self._retry_at:
            return
        paths, self._moving = self._moving, []
        try:
            await anyio.to_thread.run_sync(move_into_store, paths, self.settings.store, wait)
            self._failures = 0
        except Exception as exc:  # the store is busy (a `kbgen mine` run): try again later
            self._failures += 1
            # Back off up to a minute, and say so once rather than every second.
            self._retry_at = time.monotonic() + min(60.0, 2.0**self._failures)
            if self._failures == 1:
                log.warning("events stay in the journal for now: %s: %s", type(exc).__name__, exc)
            self._moving = paths + self._moving

    # ------------------------------------------------------------ requests

    def client(self, request: Request) -> str:
        if self.settings.trust_proxy:
            forwarded = request.headers.get("x-forwarded-for", "")
            if forwarded:
                return forwarded.split(",")[-1].strip()
        return request.client.host if request.client else ""

    async def body(self, request: Request) -> bytes:
        limit = self.settings.max_body
        declared = request.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > limit:
            raise TooLarge
        chunks, size = [], 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                raise TooLarge
            chunks.append(chunk)
        return b"".join(chunks)

    async def receive(self, request: Request) -> JSONResponse:
        origin = request.headers.get("origin", "").rstrip("/")
        if origin not in self.origins:
            return JSONResponse({"error": "origin not allowed"}, status_code=403)
        if not self.limiter.allow(self.client(request)):
            return JSONResponse(
                {"error": "too many requests"}, status_code=429, headers={"Retry-After": "60"}
            )
        try:
            raw = await self.body(request)
        except TooLarge:
            return JSONResponse(
                {"error": f"body over {self.settings.max_body} bytes"}, status_code=413
            )
        try:
            payload = json.loads(raw)
        except (ValueError, UnicodeDecodeError):
            return JSONResponse({"error": "body is not JSON"}, status_code=400)
        items = _items(payload)
        if items is None or len(items) > self.settings.max_events:
            return JSONResponse(
                {"error": f"expected up to {self.settings.max_events} events"}, status_code=400
            )
        events, rejected = _clean(items)
        if events:
            assert self.journal is not None
            self.journal.append(events)
            self.accepted += len(events)
            self.batches += 1
        return JSONResponse({"accepted": len(events), "rejected": rejected}, status_code=202)

    async def health(self, request: Request) -> JSONResponse:
        pending = self.journal.pending if self.journal else 0
        return JSONResponse(
            {"ok": True, "accepted": self.accepted, "batches": self.batches, "journal": pending}
        )


def _items(payload: object) -> list[Any] | None:
    if isinstance(payload, dict) and isinstance(payload.get("events"), list):
        return payload["events"]
    if isinstance(payload, list):
        return payload
    if isinstance(payload, dict):
        if "type" not in payload and "helpful" in payload:
            # What kbgen's feedback box sent before site events: one answer per request.
            payload = {**payload, "type": "feedback"}
        return [payload]
    return None


def _clean(items: list[Any]) -> tuple[list[SiteEvent], int]:
    now = now_utc()
    events, rejected = [], 0
    for item in items:
        try:
            events.append(clean_event(item, "collect", uuid.uuid4().hex, now))
        except ValueError:
            rejected += 1
    return events, rejected


def create_app(settings: CollectSettings) -> Starlette:
    collector = Collector(settings)
    app = Starlette(
        routes=[
            Route("/events", collector.receive, methods=["POST"]),
            Route("/health", collector.health, methods=["GET"]),
        ],
        middleware=[
            Middleware(
                CORSMiddleware,
                allow_origins=sorted(collector.origins),
                allow_methods=["POST"],
                allow_headers=["Content-Type"],
                max_age=86_400,
            )
        ],
        lifespan=collector.lifespan,
    )
    app.state.collector = collector
    return app
