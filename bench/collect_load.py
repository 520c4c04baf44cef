"""Load test of `kbgen collect` on loopback: events per second held, and no accepted event lost
when the collector is killed mid-load and started again.

    .venv/bin/python bench/collect_load.py [--seconds 8] [--clients 100]

The collector runs as an owner runs it (`python -m kbgen collect`, its default per-client
limits). Clients are told apart by address: each sends from its own loopback address
(127.0.0.2, 127.0.0.3, ...), so the rate cap applies per client as it would on the web.
Printed: requests and events per second for single-event requests and for 10-event batches
(what the site sends), latency percentiles, and the ratio to GET /health on the same server
(the framework's own ceiling on this machine, measured in the same run); then the crash
test: events accepted before a SIGKILL and after the restart, and how many the store holds.
All traffic stays on 127.0.0.0/8, bounded in count and time.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.support.collector import CollectorProcess  # noqa: E402

ORIGIN = "https://help.shop.example"
QUERIES = [
    "pasword wont work",
    "cant open the zip file",
    "where is my download link",
    "refund please my email is anna@example.com",
    "charged twice call me 07700 900461",
    "how do i change my email",
    "file is corrupt",
    "licence key not accepted",
]


def event(n: int) -> dict:
    return {
        "type": "search",
        "query": f"{random.choice(QUERIES)} {n}",
        "results": random.randint(0, 8),
        "corrected": "",
        "top": "downloads/cant-open-zip/",
        "opened": random.choice(["", "downloads/cant-open-zip/"]),
        "rank": 1,
        "search_id": f"{n:016x}",
    }


class Connection:
    """One client: a keep-alive HTTP/1.1 connection from its own loopback address. Plain
    asyncio streams, so the load generator costs far less CPU than the server it measures."""

    def __init__(self, host: str, port: int, local: str):
        self.host, self.port, self.local = host, port, local
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def request(self, method: str, path: str, body: bytes = b"") -> tuple[int, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(
                self.host, self.port, local_addr=(self.local, 0)
            )
        head = (
            f"{method} {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n"
            f"Origin: {ORIGIN}\r\nContent-Type: text/plain\r\n"
            f"Content-Length: {len(body)}\r\n\r\n"
        )
        self.writer.write(head.encode() + body)
        assert self.reader is not None
        status_line = await self.reader.readline()
        if not status_line:
            raise ConnectionError("closed")
        length = 0
        while True:
            line = await self.reader.readline()
            if line in (b"\r\n", b""):
                break
            name, _, value = line.decode("latin-1").partition(":")
            if name.lower() == "content-length":
                length = int(value)
        payload = await self.reader.readexactly(length) if length else b""
        return int(status_line.split()[1]), payload

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            try:
                await self.writer.wait_closed()
            except OSError:
                pass


class Load:
    def __init__(self, url: str, clients: int, first_id: int = 0):
        parts = httpx.URL(url)
        self.path = parts.path
        self.clients = [
            Connection(parts.host, parts.port, f"127.0.0.{2 + i}") for i in range(clients)
        ]
        self.sent = first_id
        self.accepted_ids: list[int] = []
        self.status: dict[int, int] = {}
        self.latency: list[float] = []
        self.errors = 0

    async def close(self) -> None:
        await asyncio.gather(*(c.close() for c in self.clients))

    async def _one(self, client: Connection, size: int, stop: float, limit: int) -> None:
        done = 0
        while time.monotonic() < stop and done < limit:
            ids = list(range(self.sent, self.sent + size))
            self.sent += size
            body = json.dumps({"kbgen": 1, "events": [event(i) for i in ids]}).encode()
            start = time.perf_counter()
            try:
                status, payload = await client.request("POST", self.path, body)
            except (OSError, ConnectionError, asyncio.IncompleteReadError):
                self.errors += 1
                return  # the collector is gone (the crash test): this client stops
            self.latency.append(time.perf_counter() - start)
            self.status[status] = self.status.get(status, 0) + 1
            if status == 202:
                self.accepted_ids.extend(ids[: json.loads(payload)["accepted"]])
            done += 1

    async def run(self, size: int, seconds: float, per_client: int) -> float:
        start = time.perf_counter()
        stop = time.monotonic() + seconds
        await asyncio.gather(*(self._one(c, size, stop, per_client) for c in self.clients))
        return time.perf_counter() - start


def cpu_seconds(pid: int) -> float:
    """User + system CPU the process has used (from /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def health_rate(url: str, clients: int, seconds: float) -> float:
    parts = httpx.URL(url)
    pool = [Connection(parts.host, parts.port, f"127.0.0.{2 + i}") for i in range(clients)]
    count = 0
    stop = time.monotonic() + seconds

    async def loop(c: Connection) -> None:
        nonlocal count
        while time.monotonic() < stop:
            await c.request("GET", "/health")
            count += 1

    start = time.perf_counter()
    await asyncio.gather(*(loop(c) for c in pool))
    took = time.perf_counter() - start
    await asyncio.gather(*(c.close() for c in pool))
    return count / took


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))] * 1000


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def stored_ids(store: Path) -> set[int]:
    con = duckdb.connect(str(store), read_only=True)
    try:
        rows = con.execute("SELECT search_id FROM site_events").fetchall()
    finally:
        con.close()
    return {int(r[0], 16) for r in rows}


async def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seconds", type=float, default=8.0, help="length of each load phase")
    ap.add_argument("--clients", type=int, default=100, help="client addresses (<= 250)")
    args = ap.parse_args()
    clients = max(1, min(args.clients, 250))
    random.seed(0)
    folder = Path(tempfile.mkdtemp(prefix="kbgen-collect-load-"))
    store = folder / "tickets.duckdb"
    # A client may send 60 requests at once, then 2 per second (the defaults).
    per_client = 60 + int(2 * args.seconds)

    collector = CollectorProcess(store, ORIGIN).start()
    print(f"kbgen collect on {collector.url}; {clients} clients from 127.0.0.2-{1 + clients}")
    # Wall-clock rates depend on what else the machine runs; CPU per event does not.
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at start")
    baseline = await health_rate(collector.url, clients, min(3.0, args.seconds))
    print(f"baseline  GET /health: {baseline:7.0f} requests/s (the framework on this machine)")
    rows = []
    pid = collector.proc.pid  # type: ignore[union-attr]
    for phase, size in enumerate((1, 10)):
        load = Load(collector.url, clients, first_id=phase * 1_000_000)
        cpu = cpu_seconds(pid)
        took = await load.run(size, args.seconds, per_client)
        cpu = cpu_seconds(pid) - cpu
        await load.close()
        ok = load.status.get(202, 0)
        events = len(load.accepted_ids)
        rows.append((size, ok / took, events / took, load))
        print(
            f"POST /events, {size:2d} event(s) each: {ok / took:7.0f} requests/s "
            f"({ok / took / baseline:.2f}x baseline), {events / took:7.0f} "
            f"events/s held over {took:.1f} s; p50 {pct(load.latency, 0.5):.1f} ms, "
            f"p99 {pct(load.latency, 0.99):.1f} ms; answers {dict(sorted(load.status.items()))}; "
            f"collector CPU {1000 * cpu / max(events, 1):.2f} ms per event "
            f"({events / max(cpu, 1e-9):.0f} events per CPU second)"
        )
    accepted_before = sum(len(r[3].accepted_ids) for r in rows)
    collector.stop()
    stored = stored_ids(store)
    print(f"clean stop: {accepted_before:,} events accepted, {len(stored):,} in the store")

    # Crash test: SIGKILL under load, start again, then a clean stop.
    collector = CollectorProcess(store, ORIGIN, collector.port).start()
    load = Load(collector.url, clients, first_id=10_000_000)
    task = asyncio.create_task(load.run(10, args.seconds, per_client))
    await asyncio.sleep(args.seconds / 2)
    rss = peak_rss_mb(collector.proc.pid)  # type: ignore[union-attr]
    collector.stop(kill=True)
    await task
    await load.close()
    killed_accepted = set(load.accepted_ids)
    collector = CollectorProcess(store, ORIGIN, collector.port).start()
    after = Load(collector.url, min(clients, 20), first_id=20_000_000)
    await after.run(10, 2.0, 20)
    await after.close()
    collector.stop()
    stored = stored_ids(store)
    accepted = set().union(*(set(r[3].accepted_ids) for r in rows), killed_accepted)
    accepted |= set(after.accepted_ids)
    lost = accepted - stored
    print(
        f"crash test: {len(killed_accepted):,} events accepted before SIGKILL, "
        f"{len(after.accepted_ids):,} after the restart; store holds {len(stored):,} of "
        f"{len(accepted):,} accepted: {len(lost)} lost"
    )
    print(
        f"collector peak memory {rss:.0f} MB; this load generator "
        f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"
    )
    best = max(r[2] for r in rows)
    print(f"target >= 500 events/s: {'met' if best >= 500 else 'NOT met'} ({best:.0f})")
    print(f"target no accepted event lost: {'met' if not lost else 'NOT met'}")


if __name__ == "__main__":
    asyncio.run(main())
