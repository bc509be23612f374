"""Build, add to, replace in and remove from an index, one writer at a time.

Every change writes a complete new generation (see :mod:`indexer.index.layout`);
documents that did not change keep their records and vectors. Uploaded files
are copied under content-addressed names in ``sources/`` and parsed in a
sandboxed process with the caller's time and memory limits.

Each locked operation has a time budget (``write_timeout`` seconds from
taking the lock): past it the write is abandoned with
:class:`~indexer.errors.WriteTimeout`, the current generation untouched and
the lock released. Sources no retained generation names are deleted under
the lock after every add, including one that wrote nothing.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Iterable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from indexer.embedding.encoder import Encoder
from indexer.errors import DocumentError, IndexStateError, ZhengwuyuanError
from indexer.index.filters import TaskFilter
from indexer.index.guard import DEFAULT_WRITE_TIMEOUT, WriteBudget, out_of_space
from indexer.index.layout import RECORDS_DB, SOURCES_DIR, WriterBusy, prune_sources, read_current, writer_lock
from indexer.index.search import EmbeddedBackend, SearchBackend
from indexer.index.store import RecordStore
from indexer.index.writer import Progress, write_index
from indexer.models import Document, DocumentStats, ParsedDocument, ParseWarning
from indexer.parsing.identity.declared import DECLARED, Declaration
from indexer.parsing.identity.metadata import document_id
from indexer.parsing.parse import collect_files, parse_file
from indexer.parsing.readers import SUPPORTED_SUFFIXES, unsupported_type
from indexer.parsing.sandbox import SandboxLimits, parse_untrusted
from indexer.registry import UnitRegistry

__all__ = [
    "BuildReport",
    "Catalog",
    "DocumentPlace",
    "DocumentSummary",
    "IngestResult",
    "UnknownDocument",
    "WriterBusy",
]


class UnknownDocument(ZhengwuyuanError):
    """No document with that id in the current generation."""


@dataclass
class DocumentSummary:
    """One indexed document and what it yielded."""

    document: Document
    stats: DocumentStats
    warnings: list[ParseWarning] = field(default_factory=list)


@dataclass
class BuildReport:
    """What a full build wrote (``generation`` None when no document could be indexed) and what it skipped."""

    generation: Path | None
    documents: list[DocumentSummary]
    failures: list[DocumentError]


@dataclass(frozen=True)
class DocumentPlace:
    """A document's title, region and year as indexed, and where each was read from (运维声明 when declared)."""

    title: str
    region: str
    region_source: str
    year: int | None
    year_source: str

    @classmethod
    def of(cls, document: Document) -> DocumentPlace:
        return cls(document.title, document.region, document.region_source, document.year, document.year_source)


@dataclass
class IngestResult:
    """What one add or remove did; ``warnings`` holds, per document id, what its parse could not place.

    ``documents`` holds, per document id added, replaced or unchanged, its region and year and their sources.
    """

    generation: str | None
    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    failures: list[DocumentError] = field(default_factory=list)
    warnings: dict[str, list[ParseWarning]] = field(default_factory=dict)
    documents: dict[str, DocumentPlace] = field(default_factory=dict)


class Catalog:
    """The documents of one index directory and the operations that change them."""

    def __init__(
        self,
        index_dir: Path,
        encoder: Encoder,
        registry: UnitRegistry,
        limits: SandboxLimits | None = None,
        write_timeout: float = DEFAULT_WRITE_TIMEOUT,
        backend: SearchBackend | None = None,
    ) -> None:
        self.index_dir = index_dir
        self.backend: SearchBackend = backend or EmbeddedBackend()
        self.encoder = encoder
        self.registry = registry
        self.limits = limits or SandboxLimits()
        self.write_timeout = write_timeout

    def writer(self) -> AbstractContextManager[None]:
        """The index's writer lock (see :func:`indexer.index.layout.writer_lock`)."""
        return writer_lock(self.index_dir)

    def documents(self) -> list[dict[str, Any]]:
        """The current generation's documents as its manifest lists them (id, title, path, sha256, records)."""
        try:
            documents: list[dict[str, Any]] = read_current(self.index_dir)[1].get("documents", [])
        except IndexStateError:
            return []
        return documents

    def build(
        self, paths: Iterable[Path], on_progress: Progress | None = None, declared: Declaration | None = None
    ) -> BuildReport:
        """Parse ``paths`` (trusted local files) and write a generation holding exactly those documents.

        A file that cannot be read is reported and skipped; nothing is written
        unless at least one document produced records. ``declared`` (the
        operator's region and year) applies to every file.
        """
        collected = collect_files(paths)
        failures = list(collected.problems)
        parsed: list[ParsedDocument] = []
        seen: dict[str, Path] = {}
        for number, path in enumerate(collected.files, start=1):
            if on_progress:
                on_progress(f"解析 {path.name}", number, len(collected.files))
            try:
                document = parse_file(path, declared=declared)
            except DocumentError as exc:
                failures.append(exc)
                continue
            doc_id = document.document.id
            if doc_id in seen:
                failures.append(DocumentError(str(path), f"文档标识 {doc_id} 与 {seen[doc_id]} 重复，已跳过"))
                continue
            seen[doc_id] = path
            parsed.append(document)
        summaries = [DocumentSummary(p.document, DocumentStats.of(p.records), p.warnings) for p in parsed]
        if not parsed:
            return BuildReport(None, summaries, failures)
        with self.writer():
            budget = WriteBudget(self.write_timeout)
            generation = write_index(
                self.index_dir, parsed, self.encoder, self.registry, on_progress, budget=budget, backend=self.backend
            )
        return BuildReport(generation, summaries, failures)

    def add(self, files: list[tuple[Path, str]], declared: Declaration | None = None) -> IngestResult:
        """Add or replace documents from ``(path, name)`` pairs; identical content and place is a no-op.

        ``declared`` (validated region and year) applies to every file. A new
        version of a document keeps what was declared for the old one unless
        it declares anew, so re-uploading a corrected file does not lose its place.
        """
        with self.writer():
            budget = WriteBudget(self.write_timeout)
            try:
                return self._add(files, budget, declared or Declaration())
            finally:
                try:
                    prune_sources(self.index_dir)
                except OSError:  # best-effort: the next write prunes again
                    pass

    def _add(self, files: list[tuple[Path, str]], budget: WriteBudget, declared: Declaration) -> IngestResult:
        entries = self._current_entries()
        by_id = {p.document.id: i for i, p in enumerate(entries)}
        result = IngestResult(generation=None)
        for path, name in files:
            budget.check("解析上传文件")
            previous = entries[by_id[known]].document if (known := document_id(Path(name))) in by_id else None
            wanted = _carried(declared, previous)
            try:
                with out_of_space():
                    stored = self._store_source(path, name)
                parsed = parse_untrusted(stored, name, self.limits, wanted)
            except DocumentError as exc:
                result.failures.append(exc)
                continue
            doc_id = parsed.document.id
            result.warnings[doc_id] = parsed.warnings
            result.documents[doc_id] = DocumentPlace.of(parsed.document)
            if doc_id in by_id:
                if _same(entries[by_id[doc_id]].document, parsed.document):
                    result.unchanged.append(doc_id)
                    continue
                entries[by_id[doc_id]] = parsed
                result.replaced.append(doc_id)
            else:
                by_id[doc_id] = len(entries)
                entries.append(parsed)
                result.added.append(doc_id)
        if result.added or result.replaced:
            result.generation = self._write(entries, budget)
        return result

    def remove(self, doc_id: str) -> IngestResult:
        with self.writer():
            entries = self._current_entries()
            kept = [p for p in entries if p.document.id != doc_id]
            if len(kept) == len(entries):
                raise UnknownDocument(f"知识库中没有标识为 {doc_id} 的文档")
            if not kept:
                raise ZhengwuyuanError("不能删除最后一份文档：知识库至少要保留一份文档")
            budget = WriteBudget(self.write_timeout)
            generation = self._write(kept, budget)
            return IngestResult(generation=generation, removed=[doc_id])

    def _write(self, entries: list[ParsedDocument], budget: WriteBudget) -> str:
        return write_index(
            self.index_dir, entries, self.encoder, self.registry, budget=budget, backend=self.backend
        ).name

    def _current_entries(self) -> list[ParsedDocument]:
        try:
            folder, _ = read_current(self.index_dir)
        except IndexStateError:
            return []
        store = RecordStore(folder / RECORDS_DB, self.registry).open()
        try:
            return [
                ParsedDocument(d, store.tasks(TaskFilter(doc_id=d.id)), passages=store.document_passages(d.id))
                for d in store.documents()
            ]
        finally:
            store.close()

    def _store_source(self, path: Path, name: str) -> Path:
        """Copy an upload to ``sources/<sha256><ext>`` (never the client's file name)."""
        suffix = Path(name).suffix.lower()
        if suffix not in SUPPORTED_SUFFIXES:
            raise DocumentError(name, unsupported_type(suffix))
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        folder = self.index_dir / SOURCES_DIR
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"{digest}{suffix}"
        if not target.exists():
            fd, temporary = tempfile.mkstemp(dir=folder, prefix=".upload-")
            os.close(fd)
            shutil.copyfile(path, temporary)
            os.replace(temporary, target)
        return target


def _carried(declared: Declaration, previous: Document | None) -> Declaration:
    """The declaration for a new version: what is declared now, else what was declared for the old version."""
    if previous is None:
        return declared
    before = _declaration_of(previous)
    return Declaration(
        declared.region if declared.region is not None else before.region,
        declared.year if declared.year is not None else before.year,
    )


def _declaration_of(document: Document) -> Declaration:
    return Declaration(
        document.region if document.region_source == DECLARED else None,
        document.year if document.year_source == DECLARED else None,
    )


def _same(old: Document, new: Document) -> bool:
    """Same content and the same declaration: nothing to write (a changed declaration re-indexes the file)."""
    return old.sha256 == new.sha256 and _declaration_of(old) == _declaration_of(new)
