"""Request limits: body size (enforced while the body streams) and a per-client rate limit."""

from __future__ import annotations

import json
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Collection

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["BodyLimitMiddleware", "RateLimiter", "client_address"]


class RateLimiter:
    """At most ``per_minute`` requests per client in any sliding 60-second window.

    Clients live in an LRU (``OrderedDict``): each call touches one entry and
    evicts at most one, so its cost does not grow with the number of clients
    (the old map was rebuilt under the lock once it passed ``max_clients``).
    """

    def __init__(self, per_minute: int, max_clients: int = 10_000) -> None:
        self.per_minute = per_minute
        self.max_clients = max_clients
        self._hits: OrderedDict[str, deque[float]] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._hits)

    def retry_after(self, client: str) -> int:
        """0 when ``client`` may ask now (the request is counted); else the seconds until it may."""
        now = time.monotonic()
        with self._lock:
            hits = self._hits.get(client)
            if hits is None:
                hits = self._hits[client] = deque()
                if len(self._hits) > self.max_clients:
                    self._hits.popitem(last=False)  # the least recently seen client
            else:
                self._hits.move_to_end(client)
            while hits and now - hits[0] >= 60:
                hits.popleft()
            if len(hits) >= self.per_minute:
                return max(1, int(60 - (now - hits[0])) + 1)
            hits.append(now)
            return 0


def client_address(peer: str | None, forwarded_for: str | None, trusted: Collection[str]) -> str:
    """The address a request is counted against.

    ``X-Forwarded-For`` is read only when the peer is a trusted proxy (none by
    default), and then the right-most hop that is not itself trusted is the
    client: anything further left was written by the client and can be forged.
    """
    peer = peer or "unknown"
    if not forwarded_for or peer not in trusted:
        return peer
    hops = [hop.strip() for hop in forwarded_for.split(",") if hop.strip()]
    for hop in reversed(hops):
        if hop not in trusted:
            return hop[:64]
    return peer


class BodyLimitMiddleware:
    """Refuse bodies over the limit with 413, counting bytes as they arrive (chunked bodies too)."""

    def __init__(self, app: ASGIApp, default_limit: int, limits: dict[str, int]) -> None:
        self.app = app
        self.default_limit = default_limit
        self.limits = limits

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        limit = self.limits.get(scope["path"], self.default_limit)
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            await _too_large(send, limit)
            return
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    # Raised inside the route's body read, so the app answers it as a 413.
                    raise HTTPException(status_code=413, detail=_message(limit))
            return message

        await self.app(scope, limited_receive, send)


def _message(limit: int) -> str:
    return f"请求体过大：上限 {limit // 1024} KB"


async def _too_large(send: Send, limit: int) -> None:
    body = json.dumps({"detail": _message(limit)}, ensure_ascii=False).encode("utf-8")
    await send({"type": "http.response.start", "status": 413, "headers": [(b"content-type", b"application/json")]})
    await send({"type": "http.response.body", "body": body})
