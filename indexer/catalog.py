"""Add, replace and remove documents in a live index, one writer at a time.

Every change writes a complete new generation (see :mod:`indexer.generations`);
documents that did not change keep their records and vectors. Uploaded files
are copied under content-addressed names in ``sources/`` and parsed in a
sandboxed process.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from indexer.encoder import Encoder
from indexer.errors import DocumentError, IndexStateError, ZhengwuyuanError
from indexer.generations import WriterBusy, read_current, writer_lock
from indexer.models import Document, TaskRecord
from indexer.readers import SUPPORTED_SUFFIXES
from indexer.registry import UnitRegistry
from indexer.sandbox import parse_untrusted
from indexer.store import RecordStore, TaskFilter
from indexer.writer import RECORDS_DB, write_index

__all__ = ["Catalog", "IngestResult", "UnknownDocument", "WriterBusy"]

SOURCES = "sources"


class UnknownDocument(ZhengwuyuanError):
    """No document with that id in the current generation."""


@dataclass
class IngestResult:
    generation: str | None
    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    failures: list[DocumentError] = field(default_factory=list)


class Catalog:
    """The documents of one index directory and the operations that change them."""

    def __init__(self, index_dir: Path, encoder: Encoder, registry: UnitRegistry) -> None:
        self.index_dir = index_dir
        self.encoder = encoder
        self.registry = registry

    def writer(self):
        """The index's writer lock (see :func:`indexer.generations.writer_lock`)."""
        return writer_lock(self.index_dir)

    def documents(self) -> list[dict]:
        try:
            return read_current(self.index_dir)[1].get("documents", [])
        except IndexStateError:
            return []

    def add(self, files: list[tuple[Path, str]]) -> IngestResult:
        """Add or replace documents from ``(path, name)`` pairs; identical content is a no-op."""
        with self.writer():
            entries = self._current_entries()
            by_id = {d.id: i for i, (d, _) in enumerate(entries)}
            result = IngestResult(generation=None)
            for path, name in files:
                try:
                    stored = self._store_source(path, name)
                    document, records = parse_untrusted(stored, name)
                except DocumentError as exc:
                    result.failures.append(exc)
                    continue
                if document.id in by_id:
                    if entries[by_id[document.id]][0].sha256 == document.sha256:
                        result.unchanged.append(document.id)
                        continue
                    entries[by_id[document.id]] = (document, records)
                    result.replaced.append(document.id)
                else:
                    by_id[document.id] = len(entries)
                    entries.append((document, records))
                    result.added.append(document.id)
            if result.added or result.replaced:
                result.generation = write_index(self.index_dir, entries, self.encoder, self.registry).name
            return result

    def remove(self, doc_id: str) -> IngestResult:
        with self.writer():
            entries = self._current_entries()
            kept = [(d, r) for d, r in entries if d.id != doc_id]
            if len(kept) == len(entries):
                raise UnknownDocument(f"知识库中没有标识为 {doc_id} 的文档")
            if not kept:
                raise ZhengwuyuanError("不能删除最后一份文档：知识库至少要保留一份文档")
            generation = write_index(self.index_dir, kept, self.encoder, self.registry).name
            return IngestResult(generation=generation, removed=[doc_id])

    def _current_entries(self) -> list[tuple[Document, list[TaskRecord]]]:
        try:
            folder, _ = read_current(self.index_dir)
        except IndexStateError:
            return []
        store = RecordStore(folder / RECORDS_DB, self.registry).open()
        try:
            return [(d, store.tasks(TaskFilter(doc_id=d.id))) for d in store.documents()]
        finally:
            store.close()

    def _store_source(self, path: Path, name: str) -> Path:
        """Copy an upload to ``sources/<sha256><ext>`` (never the client's file name)."""
        suffix = Path(name).suffix.lower()
        if suffix not in SUPPORTED_SUFFIXES:
            raise DocumentError(name, f"不支持的文件类型 {suffix or '（无扩展名）'}，仅支持 .txt/.md/.docx")
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        folder = self.index_dir / SOURCES
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"{digest}{suffix}"
        if not target.exists():
            fd, temporary = tempfile.mkstemp(dir=folder, prefix=".upload-")
            os.close(fd)
            shutil.copyfile(path, temporary)
            os.replace(temporary, target)
        return target
