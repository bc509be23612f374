"""Build an index generation from source files: file → blocks → records → indexes.

A file that cannot be read, or holds no recognisable task, is reported (which
file, what is wrong) and skipped; the others are still indexed. Nothing is
written unless at least one document produced records.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from indexer.blocks import find_blocks
from indexer.encoder import Encoder
from indexer.errors import DocumentError
from indexer.generations import writer_lock
from indexer.metadata import read_document
from indexer.models import Document, TaskRecord
from indexer.readers import SUPPORTED_SUFFIXES, read_lines
from indexer.records import build_records
from indexer.registry import UnitRegistry
from indexer.writer import write_index

__all__ = [
    "BuildReport",
    "DocumentSummary",
    "build_index",
    "collect_files",
    "parse_file",
]


@dataclass
class DocumentSummary:
    """Per-document counts for the build summary and the parsing report."""

    document: Document
    records: int
    with_units: int
    with_dates: int
    ongoing: int
    unspecified: int
    unspecified_raw: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, document: Document, records: list[TaskRecord]) -> DocumentSummary:
        return cls(
            document=document,
            records=len(records),
            with_units=sum(1 for r in records if r.units),
            with_dates=sum(1 for r in records if r.deadline.kind == "date"),
            ongoing=sum(1 for r in records if r.deadline.kind == "ongoing"),
            unspecified=sum(1 for r in records if r.deadline.kind == "unspecified"),
            unspecified_raw=sorted({r.deadline.raw for r in records if r.deadline.kind == "unspecified"}),
        )


@dataclass
class BuildReport:
    generation: Path | None
    documents: list[DocumentSummary]
    failures: list[DocumentError]


def collect_files(paths: Iterable[Path]) -> tuple[list[Path], list[DocumentError]]:
    """Expand folders into supported files; name the paths that are neither."""
    files: list[Path] = []
    problems: list[DocumentError] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES))
        elif path.is_file():
            files.append(path)
        else:
            problems.append(DocumentError(str(path), "文件或目录不存在"))
    return files, problems


def parse_file(path: Path, name: str | None = None) -> tuple[Document, list[TaskRecord]]:
    """Parse one file into its document and records; raise DocumentError on bad input.

    ``name`` is the file name the document is known by (an upload's original
    name) when ``path`` is where it is stored; the document id comes from it.
    """
    lines = read_lines(path)
    document = read_document(path, lines, hashlib.sha256(path.read_bytes()).hexdigest(), name)
    records = build_records(document, find_blocks(lines))
    if not records:
        raise DocumentError(str(path), "未识别到任何任务条目（没有“（一）”式条目、责任单位标注或任务分解表）")
    return document, records


def build_index(
    paths: Iterable[Path],
    index_dir: Path,
    encoder: Encoder,
    registry: UnitRegistry,
    on_progress: Callable[[str, int, int], None] | None = None,
) -> BuildReport:
    """Parse ``paths`` and write a new generation holding exactly those documents."""
    files, failures = collect_files(paths)
    parsed: list[tuple[Document, list[TaskRecord]]] = []
    seen_ids: dict[str, Path] = {}
    for number, path in enumerate(files, start=1):
        if on_progress:
            on_progress(f"解析 {path.name}", number, len(files))
        try:
            document, records = parse_file(path)
        except DocumentError as exc:
            failures.append(exc)
            continue
        if document.id in seen_ids:
            failures.append(DocumentError(str(path), f"文档标识 {document.id} 与 {seen_ids[document.id]} 重复，已跳过"))
            continue
        seen_ids[document.id] = path
        parsed.append((document, records))
    summaries = [DocumentSummary.of(d, r) for d, r in parsed]
    if not parsed:
        return BuildReport(None, summaries, failures)
    with writer_lock(index_dir):
        generation = write_index(index_dir, parsed, encoder, registry, on_progress)
    return BuildReport(generation, summaries, failures)
