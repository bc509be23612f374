"""A lean keep-alive HTTP/1.1 load generator: the clients share the two cores with the server they measure.

httpx costs about a millisecond of CPU per request, which at 150 requests a
second is a tenth of this machine taken from the server under test. These
clients write prepared request bytes on persistent connections and read
``Content-Length`` responses, and the phase reports its own CPU time, so the
report can say what the measuring cost.
"""

from __future__ import annotations

import asyncio
import json
import resource
import statistics
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

__all__ = ["Connection", "PhaseResult", "Reply", "run_phase", "stage_timings"]


@dataclass(frozen=True)
class Reply:
    status: int | str  # an exception's name when no response came
    milliseconds: float
    timing: str = ""  # the Server-Timing header, when the server sent one


class Connection:
    """One persistent connection; reconnects after an error."""

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        self.host = parts.hostname or "127.0.0.1"
        self.port = parts.port or 80
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None

    async def request(self, method: str, path: str, body: bytes | None = None, timeout: float = 60.0) -> Reply:
        began = time.perf_counter()
        try:
            status, headers, _ = await asyncio.wait_for(self._exchange(method, path, body), timeout)
        except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError) as exc:
            await self.close()
            return Reply(type(exc).__name__, (time.perf_counter() - began) * 1000)
        return Reply(status, (time.perf_counter() - began) * 1000, headers.get("server-timing", ""))

    async def _exchange(self, method: str, path: str, body: bytes | None) -> tuple[int, dict[str, str], bytes]:
        if self._writer is None:
            self._reader, self._writer = await asyncio.open_connection(self.host, self.port)
        assert self._reader is not None
        head = f"{method} {path} HTTP/1.1\r\nHost: {self.host}\r\n"
        if body is not None:
            head += f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
        self._writer.write(head.encode("ascii") + b"\r\n" + (body or b""))
        raw = await self._reader.readuntil(b"\r\n\r\n")
        lines = raw.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        headers = {k.strip().lower(): v.strip() for k, _, v in (x.partition(":") for x in lines[1:] if x)}
        payload = await self._reader.readexactly(int(headers.get("content-length", "0")))
        if headers.get("connection", "").lower() == "close":
            await self.close()
        return status, headers, payload

    async def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
            try:
                await self._writer.wait_closed()
            except OSError:
                pass
        self._reader = self._writer = None


@dataclass
class PhaseResult:
    label: str
    clients: int
    seconds: float
    replies: list[Reply] = field(default_factory=list)
    client_cpu_seconds: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict)

    def summary(self) -> dict[str, Any]:
        ok = sorted(r.milliseconds for r in self.replies if r.status == 200)
        statuses = Counter(str(r.status) for r in self.replies)

        def pct(q: float) -> float:
            return ok[min(len(ok) - 1, int(round(q * (len(ok) - 1))))] if ok else 0.0

        return {
            "label": self.label,
            "clients": self.clients,
            "requests": len(self.replies),
            "throughput": len(self.replies) / self.seconds,
            "statuses": dict(statuses),
            "server_errors": sum(n for s, n in statuses.items() if s.startswith("5") or not s.isdigit()),
            "p50": statistics.median(ok) if ok else 0.0,
            "p95": pct(0.95),
            "p99": pct(0.99),
            "max": ok[-1] if ok else 0.0,
            "client_cpu_ms_per_request": 1000 * self.client_cpu_seconds / max(1, len(self.replies)),
            **self.extra,
        }


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


async def run_phase(
    url: str, label: str, clients: int, seconds: float, next_request: Callable[[], tuple[str, str, bytes | None]]
) -> PhaseResult:
    """``clients`` connections, each sending ``next_request()`` back to back for ``seconds``."""
    result = PhaseResult(label, clients, seconds)
    stop = time.perf_counter() + seconds

    async def client() -> None:
        connection = Connection(url)
        try:
            while time.perf_counter() < stop:
                method, path, body = next_request()
                result.replies.append(await connection.request(method, path, body))
        finally:
            await connection.close()

    began = _cpu()
    await asyncio.gather(*(client() for _ in range(clients)))
    result.client_cpu_seconds = _cpu() - began
    return result


def ask_requests(questions: Iterator[str]) -> Callable[[], tuple[str, str, bytes | None]]:
    def next_request() -> tuple[str, str, bytes | None]:
        body = json.dumps({"question": next(questions)}, ensure_ascii=False).encode("utf-8")
        return "POST", "/api/ask", body

    return next_request


def stage_timings(replies: list[Reply]) -> dict[str, float]:
    """Mean milliseconds per Server-Timing stage over the 200 replies (a stage a request lacks counts 0)."""
    totals: dict[str, float] = {}
    count = 0
    for reply in replies:
        if reply.status != 200 or not reply.timing:
            continue
        count += 1
        totals["client"] = totals.get("client", 0.0) + reply.milliseconds
        for part in reply.timing.split(","):
            name, _, duration = part.strip().partition(";dur=")
            totals[name] = totals.get(name, 0.0) + float(duration or 0)
    return {name: total / count for name, total in totals.items()} if count else {}
