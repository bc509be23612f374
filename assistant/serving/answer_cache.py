"""Rendered answers kept by normalised question and generation: a repeated question costs a dictionary look-up.

The key is what the answer depends on: the question as the analyzer reads it
(NFKC, whitespace collapsed, simplified script — never coarser than
:meth:`~assistant.answering.query.QuestionAnalyzer.clean`, so two questions
that share a key get the same answer), ``top_k``, the region and year the
caller passed, the index generation the answer came from and today's date
(今年 and overdue tasks depend on it). A new generation is a new key, so an
upload never serves a stale answer; old entries fall out of the LRU.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections import OrderedDict
from dataclasses import dataclass
from datetime import date

from indexer.parsing.normalise import matching_view

__all__ = ["AnswerCache", "CacheKey", "CachedAnswer", "normalised_question"]

_SPACES = re.compile(r"\s+")


def normalised_question(question: str) -> str:
    """The question as the analyzer reads it (full-width → half-width, traditional → simplified, spaces)."""
    return matching_view([_SPACES.sub(" ", unicodedata.normalize("NFKC", question)).strip()])[0]


@dataclass(frozen=True)
class CacheKey:
    question: str
    top_k: int
    region: str | None
    year: int | None
    generation: str
    today: date


@dataclass(frozen=True)
class CachedAnswer:
    """The response body as sent, and what the question log needs."""

    body: bytes
    answered: bool
    intent: str
    generation: str


class AnswerCache:
    """A thread-safe LRU of at most ``size`` answers (0 keeps nothing)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[CacheKey, CachedAnswer] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: CacheKey) -> CachedAnswer | None:
        with self._lock:
            found = self._items.get(key)
            if found is None:
                self.misses += 1
                return None
            self._items.move_to_end(key)
            self.hits += 1
            return found

    def put(self, key: CacheKey, answer: CachedAnswer) -> None:
        if self.size <= 0:
            return
        with self._lock:
            self._items[key] = answer
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def health(self) -> dict[str, int]:
        with self._lock:
            return {"size": len(self._items), "hits": self.hits, "misses": self.misses}
