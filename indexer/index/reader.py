"""Everything a question needs, opened once: records store, indexes, embedding model.

The index changes while the server runs (documents are added and removed), so
what a request reads is a :class:`Snapshot` — one verified generation, opened
whole. A request takes the current snapshot once and uses it to the end;
``KnowledgeBase.current()`` moves to a newer generation between requests. A
damaged generation is never served: the previous one is, and the problem is
reported.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from indexer.embedding.encoder import Encoder
from indexer.errors import IndexStateError
from indexer.index.layout import (
    REBUILD_HINT,
    RECORDS_DB,
    fallback_folders,
    generation_folder,
    read_current,
    read_manifest,
    verify,
)
from indexer.index.search import EmbeddedBackend, SearchBackend, SearchIndexes
from indexer.index.store import RecordStore
from indexer.models import Document
from indexer.registry import UnitRegistry

__all__ = ["KnowledgeBase", "Snapshot", "open_records", "open_snapshot"]

log = logging.getLogger("zhengwuyuan.knowledge")


@dataclass(frozen=True)
class Snapshot:
    """One generation of the index, opened and verified: its records and its two search channels."""

    generation: str
    folder: Path
    manifest: dict[str, Any]
    store: RecordStore
    documents: list[Document]
    search: SearchIndexes

    @property
    def regions(self) -> list[str]:
        return sorted({d.region for d in self.documents if d.region})

    def coverage(self) -> str:
        """One line naming what the knowledge base covers, for abstentions."""
        titles = "、".join(f"《{d.title}》" for d in self.documents)
        return f"目前知识库收录 {len(self.documents)} 份文件：{titles}。"


class KnowledgeBase:
    """The current snapshot plus the model that embeds questions.

    Which generation is current is the search backend's word (``CURRENT`` for
    the embedded one, the Milvus alias otherwise); its records are read from
    that generation's folder either way.
    """

    def __init__(
        self, index_dir: Path, registry: UnitRegistry, encoder: Encoder, backend: SearchBackend | None = None
    ) -> None:
        self.index_dir = index_dir
        self.registry = registry
        self.encoder = encoder
        self.backend: SearchBackend = backend or EmbeddedBackend()
        self.problem: str | None = None
        self._snapshot: Snapshot | None = None
        self._unusable: set[str] = set()  # generations that failed verification: not retried per request
        self._lock = threading.Lock()

    def load(self) -> KnowledgeBase:
        """Open the current generation (or the previous one if it is damaged) and the model."""
        with self._lock:
            if self._snapshot is None:
                self.backend.check()
                self._snapshot = self._open_usable()
                self.encoder.load()
                if self._snapshot.manifest.get("dimension") != self.encoder.dimension:
                    raise IndexStateError(f"索引向量维度与模型不符；{REBUILD_HINT}")
        return self

    def current(self) -> Snapshot:
        """The snapshot to answer from; switches to a newer generation when CURRENT moved."""
        snapshot = self.load()._snapshot
        assert snapshot is not None
        name = self.backend.current(self.index_dir)
        if name is None or name == snapshot.generation or name in self._unusable:
            return snapshot
        with self._lock:
            if self._snapshot is not None and self._snapshot.generation == name:
                return self._snapshot
            try:
                self._snapshot = self._open(generation_folder(self.index_dir, name))
                self.problem = None
                log.info("Now answering from generation %s", name)
            except IndexStateError as exc:
                self._unusable.add(name)
                self.problem = f"新一代索引 {name} 不可用，继续使用 {snapshot.generation}：{exc}"
                log.error(self.problem)
            return self._snapshot  # type: ignore[return-value]

    def _open_usable(self) -> Snapshot:
        folder = None
        try:
            name = self.backend.current(self.index_dir)
            folder = generation_folder(self.index_dir, name) if name else read_current(self.index_dir)[0]
            return self._open(folder)
        except IndexStateError as exc:
            problem = str(exc)
            if folder is not None:
                self._unusable.add(folder.name)
        for folder in fallback_folders(self.index_dir):
            try:
                snapshot = self._open(folder)
            except IndexStateError:
                continue
            self.problem = f"当前索引不可用（{problem}），已回退到上一代 {folder.name}"
            log.error(self.problem)
            return snapshot
        raise IndexStateError(f"{problem}" if REBUILD_HINT in problem else f"{problem}；{REBUILD_HINT}")

    def _open(self, folder: Path) -> Snapshot:
        return open_snapshot(folder, self.registry, self.encoder.model_name, self.backend)


def open_snapshot(
    folder: Path, registry: UnitRegistry, model_name: str | None = None, backend: SearchBackend | None = None
) -> Snapshot:
    """Open and verify one generation whole; ``model_name`` (when given) must be the model it was built with.

    Its search channels come from ``backend`` (default: the generation's own files).
    """
    manifest = read_manifest(folder)
    if model_name is not None and manifest.get("model") != model_name:
        raise IndexStateError(f"索引由模型 {manifest.get('model')} 构建，当前配置的模型是 {model_name}；{REBUILD_HINT}")
    verify(folder, manifest)
    store = RecordStore(folder / RECORDS_DB, registry).open()
    return Snapshot(
        generation=folder.name,
        folder=folder,
        manifest=manifest,
        store=store,
        documents=store.documents(),
        search=(backend or EmbeddedBackend()).open(folder, store),
    )


def open_records(index_dir: Path, registry: UnitRegistry) -> RecordStore:
    """The current generation's records store alone, verified: task lists need no model or vectors."""
    folder, manifest = read_current(index_dir)
    verify(folder, manifest)
    return RecordStore(folder / RECORDS_DB, registry).open()
