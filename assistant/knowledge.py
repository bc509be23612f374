"""Everything a question needs, opened once: records store, indexes, embedding model.

The CLI opens one :class:`KnowledgeBase` per process; the server opens it in
its lifespan and hands it to routes. ``load()`` is the only heavy call and is
safe to call twice.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from assistant.settings import Settings
from indexer.build import DENSE_FILE, KEYWORD_DIR, RECORDS_DB
from indexer.dense import DenseIndex
from indexer.encoder import Encoder
from indexer.errors import IndexStateError
from indexer.generations import REBUILD_HINT, read_current
from indexer.keyword import KeywordIndex
from indexer.models import Document
from indexer.registry import UnitRegistry
from indexer.store import RecordStore

__all__ = ["KnowledgeBase"]


class KnowledgeBase:
    """One opened index generation plus the model that embeds questions."""

    def __init__(self, settings: Settings, encoder: Encoder | None = None) -> None:
        self.settings = settings
        self.registry = UnitRegistry.load(settings.units_file)
        self.encoder = encoder or Encoder(settings.model, settings.model_cache_dir)
        self.generation: Path | None = None
        self.manifest: dict[str, Any] = {}
        self.store: RecordStore | None = None
        self.dense: DenseIndex | None = None
        self.keyword: KeywordIndex | None = None
        self.documents: list[Document] = []
        self._lock = threading.Lock()

    def load(self) -> KnowledgeBase:
        """Open the current generation and the model; refuse an index built with another model."""
        with self._lock:
            if self.store is not None:
                return self
            folder, manifest = read_current(self.settings.index_dir)
            if manifest.get("model") != self.encoder.model_name:
                raise IndexStateError(
                    f"索引由模型 {manifest.get('model')} 构建，"
                    f"当前配置的模型是 {self.encoder.model_name}；{REBUILD_HINT}"
                )
            self.encoder.load()
            if manifest.get("dimension") != self.encoder.dimension:
                raise IndexStateError(f"索引向量维度与模型不符；{REBUILD_HINT}")
            store = RecordStore(folder / RECORDS_DB, self.registry).open()
            self.dense = DenseIndex.load(folder / DENSE_FILE)
            self.keyword = KeywordIndex.load(folder / KEYWORD_DIR)
            self.documents = store.documents()
            self.generation, self.manifest, self.store = folder, manifest, store
        return self

    @property
    def regions(self) -> list[str]:
        return sorted({d.region for d in self.documents if d.region})

    def coverage(self) -> str:
        """One line naming what the knowledge base covers, for abstentions."""
        titles = "、".join(f"《{d.title}》" for d in self.documents)
        return f"目前知识库收录 {len(self.documents)} 份文件：{titles}。"
