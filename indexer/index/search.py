"""The search backend: where a generation's two channels (records, passages) are searched.

The retriever asks a channel for a question's keyword and dense candidates
under a place-and-year filter (:meth:`ChannelSearch.search`) and fuses them
itself; it never knows which backend answered. Two backends:

- ``embedded`` (default): the generation's own files — FAISS and bm25s in
  this process, opened by memory map so that several worker processes
  share one copy of the pages (:class:`EmbeddedBackend`).
- ``milvus``: collections in a Milvus server (:mod:`indexer.index.milvus`).

A backend also says which generation is live (:meth:`SearchBackend.current`:
``CURRENT`` for the embedded one, an alias for Milvus) and takes part in a
write: :meth:`~SearchBackend.publish` before the switch, :meth:`~SearchBackend.activate`
after it, :meth:`~SearchBackend.discard` when the write is abandoned.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np

from indexer.errors import IndexStateError
from indexer.index.dense import DenseIndex
from indexer.index.filters import RecordScopes, TaskFilter
from indexer.index.keyword import KeywordIndex
from indexer.index.layout import DENSE_FILE, KEYWORD_DIR, PASSAGES_DIR, current_name
from indexer.index.store import RecordStore
from indexer.timing import stage

__all__ = [
    "Candidates",
    "ChannelSearch",
    "EmbeddedBackend",
    "EmbeddedChannel",
    "SearchBackend",
    "SearchIndexes",
    "embedded",
]

Scored = list[tuple[int, float]]


@dataclass(frozen=True)
class Candidates:
    """A channel's candidates for one question: (row position, BM25 score) and (row position, cosine), best first."""

    keyword: Scored
    dense: Scored


NO_CANDIDATES = Candidates([], [])


class ChannelSearch(Protocol):
    """One channel of one generation (row positions are the records store's positions for that channel)."""

    def __len__(self) -> int: ...

    def search(
        self, question: str, vector: np.ndarray | None, k: int, task_filter: TaskFilter, keyword: bool = True
    ) -> Candidates:
        """Top ``k`` keyword (unless ``keyword`` is False) and dense (when ``vector`` is given) candidates among
        the rows ``task_filter``'s place and year admit."""
        ...


@dataclass(frozen=True)
class SearchIndexes:
    """Both channels of one generation, from one backend."""

    backend: str
    records: ChannelSearch
    passages: ChannelSearch


class SearchBackend(Protocol):
    """Where generations are searched; see the module docstring."""

    name: str

    def check(self) -> None:
        """Fail with a clear error when the backend cannot be reached (start-up)."""
        ...

    def current(self, index_dir: Path) -> str | None:
        """The live generation's name (None when it cannot be told)."""
        ...

    def open(self, folder: Path, store: RecordStore) -> SearchIndexes:
        """The channels of the generation in ``folder`` (whose records are ``store``)."""
        ...

    def publish(self, folder: Path, name: str) -> None:
        """Make a written, not yet current generation searchable."""
        ...

    def activate(self, index_dir: Path, name: str) -> None:
        """Switch searches to generation ``name`` (after ``CURRENT`` moved)."""
        ...

    def discard(self, name: str) -> None:
        """Drop what :meth:`publish` made for a generation that never became current."""
        ...


class EmbeddedChannel:
    """FAISS and bm25s over one channel, restricted by a position mask built from each row's place and year."""

    def __init__(self, dense: DenseIndex, keyword: KeywordIndex, scopes: RecordScopes) -> None:
        self.dense = dense
        self.keyword = keyword
        self.scopes = scopes

    def __len__(self) -> int:
        return len(self.dense)

    def search(
        self, question: str, vector: np.ndarray | None, k: int, task_filter: TaskFilter, keyword: bool = True
    ) -> Candidates:
        allowed = self.scopes.allowed(task_filter)  # region and year restrict both searches, not their results
        if allowed is not None and not allowed.any():
            return NO_CANDIDATES
        with stage("keyword"):
            found = self.keyword.search(question, k, allowed) if keyword else []
        with stage("dense"):
            near = self.dense.search(vector, k, allowed) if vector is not None else []
        return Candidates(found, near)


class EmbeddedBackend:
    """The generation's own files, searched in this process (the default)."""

    name = "embedded"

    def check(self) -> None:
        return None

    def current(self, index_dir: Path) -> str | None:
        return current_name(index_dir)

    def open(self, folder: Path, store: RecordStore) -> SearchIndexes:
        passages = folder / PASSAGES_DIR
        return SearchIndexes(
            self.name,
            EmbeddedChannel(
                DenseIndex.load(folder / DENSE_FILE), KeywordIndex.load(folder / KEYWORD_DIR), store.scopes()
            ),
            EmbeddedChannel(
                DenseIndex.load(passages / DENSE_FILE),
                KeywordIndex.load(passages / KEYWORD_DIR),
                store.scopes("passages"),
            ),
        )

    def publish(self, folder: Path, name: str) -> None:
        return None

    def activate(self, index_dir: Path, name: str) -> None:
        return None

    def discard(self, name: str) -> None:
        return None


def embedded(channel: ChannelSearch) -> EmbeddedChannel:
    """The FAISS and bm25s indexes behind a channel, for tools that measure them (the benchmarks)."""
    if not isinstance(channel, EmbeddedChannel):
        raise IndexStateError("此操作只适用于内置检索后端（ZHENGWUYUAN_SEARCH_BACKEND=embedded）")
    return channel
