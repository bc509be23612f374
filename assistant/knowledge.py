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

from assistant.settings import Settings
from indexer.dense import DenseIndex
from indexer.encoder import Encoder
from indexer.errors import IndexStateError
from indexer.generations import REBUILD_HINT, read_current, read_manifest, verify
from indexer.keyword import KeywordIndex
from indexer.models import Document
from indexer.registry import UnitRegistry
from indexer.store import RecordScopes, RecordStore
from indexer.writer import DENSE_FILE, KEYWORD_DIR, RECORDS_DB

__all__ = ["KnowledgeBase", "Snapshot"]

log = logging.getLogger("zhengwuyuan.knowledge")


@dataclass(frozen=True)
class Snapshot:
    """One generation of the index, opened and verified."""

    generation: str
    folder: Path
    manifest: dict[str, Any]
    store: RecordStore
    dense: DenseIndex
    keyword: KeywordIndex
    documents: list[Document]
    scopes: RecordScopes

    @property
    def regions(self) -> list[str]:
        return sorted({d.region for d in self.documents if d.region})

    def coverage(self) -> str:
        """One line naming what the knowledge base covers, for abstentions."""
        titles = "、".join(f"《{d.title}》" for d in self.documents)
        return f"目前知识库收录 {len(self.documents)} 份文件：{titles}。"


class KnowledgeBase:
    """The current snapshot plus the model that embeds questions."""

    def __init__(self, settings: Settings, encoder: Encoder | None = None) -> None:
        self.settings = settings
        self.registry = UnitRegistry.load(settings.units_file)
        self.encoder = encoder or settings.encoder()
        self.problem: str | None = None
        self._snapshot: Snapshot | None = None
        self._unusable: set[str] = set()  # generations that failed verification: not retried per request
        self._lock = threading.Lock()

    def load(self) -> KnowledgeBase:
        """Open the current generation (or the previous one if it is damaged) and the model."""
        with self._lock:
            if self._snapshot is None:
                self._snapshot = self._open_usable()
                self.encoder.load()
                if self._snapshot.manifest.get("dimension") != self.encoder.dimension:
                    raise IndexStateError(f"索引向量维度与模型不符；{REBUILD_HINT}")
        return self

    def current(self) -> Snapshot:
        """The snapshot to answer from; switches to a newer generation when CURRENT moved."""
        snapshot = self.load()._snapshot
        assert snapshot is not None
        pointer = self.settings.index_dir / "CURRENT"
        try:
            name = pointer.read_text(encoding="utf-8").strip()
        except OSError:
            return snapshot
        if name == snapshot.generation or name in self._unusable:
            return snapshot
        with self._lock:
            if self._snapshot is not None and self._snapshot.generation == name:
                return self._snapshot
            try:
                self._snapshot = self._open(self.settings.index_dir / "generations" / name)
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
            folder, _ = read_current(self.settings.index_dir)
            return self._open(folder)
        except IndexStateError as exc:
            problem = str(exc)
            if folder is not None:
                self._unusable.add(folder.name)
        generations = self.settings.index_dir / "generations"
        candidates = sorted((p for p in generations.glob("*") if not p.name.startswith(".")), reverse=True)
        for folder in candidates:
            try:
                snapshot = self._open(folder)
            except IndexStateError:
                continue
            self.problem = f"当前索引不可用（{problem}），已回退到上一代 {folder.name}"
            log.error(self.problem)
            return snapshot
        raise IndexStateError(f"{problem}" if REBUILD_HINT in problem else f"{problem}；{REBUILD_HINT}")

    def _open(self, folder: Path) -> Snapshot:
        manifest = read_manifest(folder)
        if manifest.get("model") != self.encoder.model_name:
            raise IndexStateError(
                f"索引由模型 {manifest.get('model')} 构建，当前配置的模型是 {self.encoder.model_name}；{REBUILD_HINT}"
            )
        verify(folder, manifest)
        store = RecordStore(folder / RECORDS_DB, self.registry).open()
        return Snapshot(
            generation=folder.name,
            folder=folder,
            manifest=manifest,
            store=store,
            dense=DenseIndex.load(folder / DENSE_FILE),
            keyword=KeywordIndex.load(folder / KEYWORD_DIR),
            documents=store.documents(),
            scopes=store.scopes(),
        )
