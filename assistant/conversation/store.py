"""The conversations the server holds: one state per id, bounded in number, size and age, in memory only.

Created once when the app starts and handed to routes with ``Depends``. An id
is a random 128-bit token the server made; it belongs to the client that
started it, so an id presented by anybody else — or unknown, or idle past its
time to live — opens a fresh conversation and says so, never someone else's
state. Caps keep memory bounded whatever clients do: idle conversations are
evicted, each client holds a few at most (its least recently used go first),
the whole store holds at most ``max_total``, and a conversation keeps only its
last ``max_turns`` turns. Nothing here is ever written to disk.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, replace

from assistant.conversation.state import ConversationState
from assistant.settings import Settings

__all__ = ["EXPIRED_NOTICE", "ConversationStore", "Opened", "conversation_store"]

EXPIRED_NOTICE = "之前的对话已过期或不存在，已为您开始新的对话。"


@dataclass(frozen=True)
class Opened:
    """A conversation as a request finds it: its id, its state, and a notice when it had to start anew."""

    conversation_id: str
    state: ConversationState
    notice: str = ""


@dataclass
class _Entry:
    client: str
    state: ConversationState
    seen: float


class ConversationStore:
    """Thread-safe map of conversation id → state, least recently used first (so expiry pops from the front)."""

    def __init__(
        self,
        ttl_seconds: float = 1800.0,
        max_per_client: int = 20,
        max_total: int = 10_000,
        max_turns: int = 20,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.ttl_seconds = ttl_seconds
        self.max_per_client = max_per_client
        self.max_total = max_total
        self.max_turns = max_turns
        self._clock = clock
        self._entries: OrderedDict[str, _Entry] = OrderedDict()
        self._by_client: dict[str, OrderedDict[str, None]] = {}
        self._lock = threading.Lock()

    def __len__(self) -> int:
        with self._lock:
            self._expire(self._clock())
            return len(self._entries)

    def open(self, conversation_id: str | None, client: str) -> Opened:
        """The conversation ``conversation_id`` of ``client``, or a new one (with a notice when an id was given)."""
        now = self._clock()
        with self._lock:
            self._expire(now)
            entry = self._entries.get(conversation_id) if conversation_id else None
            if entry is not None and entry.client == client:
                entry.seen = now
                self._touch(conversation_id or "", client)
                return Opened(conversation_id or "", entry.state)
            new_id = self._create(client, now)
        return Opened(new_id, ConversationState(), EXPIRED_NOTICE if conversation_id else "")

    def save(self, conversation_id: str, client: str, state: ConversationState) -> None:
        """Keep ``state`` as the conversation's latest (its turns cut to ``max_turns``); a gone id is recreated."""
        now = self._clock()
        if len(state.turns) > self.max_turns:
            state = replace(state, turns=state.turns[-self.max_turns :])
        with self._lock:
            entry = self._entries.get(conversation_id)
            if entry is None or entry.client != client:
                if entry is not None:  # never overwrite another client's conversation
                    return
                self._create(client, now, conversation_id)
                entry = self._entries[conversation_id]
            entry.state, entry.seen = state, now
            self._touch(conversation_id, client)

    def drop(self, conversation_id: str) -> None:
        with self._lock:
            self._remove(conversation_id)

    def _create(self, client: str, now: float, conversation_id: str | None = None) -> str:
        new_id = conversation_id or secrets.token_urlsafe(16)
        self._entries[new_id] = _Entry(client, ConversationState(), now)
        owned = self._by_client.setdefault(client, OrderedDict())
        owned[new_id] = None
        while len(owned) > self.max_per_client:
            self._remove(next(iter(owned)))
        while len(self._entries) > self.max_total:
            self._remove(next(iter(self._entries)))
        return new_id

    def _touch(self, conversation_id: str, client: str) -> None:
        self._entries.move_to_end(conversation_id)
        self._by_client[client].move_to_end(conversation_id)

    def _expire(self, now: float) -> None:
        """Drop idle conversations: the oldest are first, so this stops at the first one still alive."""
        while self._entries:
            oldest_id, oldest = next(iter(self._entries.items()))
            if now - oldest.seen <= self.ttl_seconds:
                return
            self._remove(oldest_id)

    def _remove(self, conversation_id: str) -> None:
        entry = self._entries.pop(conversation_id, None)
        if entry is None:
            return
        owned = self._by_client.get(entry.client)
        if owned is not None:
            owned.pop(conversation_id, None)
            if not owned:
                del self._by_client[entry.client]


def conversation_store(settings: Settings) -> ConversationStore:
    """The store with the configured caps (``ZHENGWUYUAN_CONVERSATION_*``)."""
    return ConversationStore(
        settings.conversation_ttl_seconds,
        settings.conversation_max_per_client,
        settings.conversation_max_total,
        settings.conversation_max_turns,
    )
