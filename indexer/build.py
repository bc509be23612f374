"""Build an index generation from source files: file → blocks → records → indexes.

A file that cannot be read, or holds no recognisable task, is reported (which
file, what is wrong) and skipped; the others are still indexed. Nothing is
written unless at least one document produced records.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from indexer.blocks import find_blocks
from indexer.dense import DenseIndex
from indexer.encoder import Encoder
from indexer.errors import DocumentError, IndexStateError
from indexer.generations import read_current, verify, write_generation, writer_lock
from indexer.keyword import JiebaTokenizer, KeywordIndex
from indexer.metadata import read_document
from indexer.models import Document, TaskRecord
from indexer.readers import SUPPORTED_SUFFIXES, read_lines
from indexer.records import build_records
from indexer.registry import UnitRegistry
from indexer.store import RecordStore

__all__ = [
    "BuildReport",
    "DocumentSummary",
    "build_index",
    "collect_files",
    "parse_file",
    "passage_text",
    "write_index",
]

RECORDS_DB = "records.sqlite"
VECTORS_FILE = "vectors.npy"
DENSE_FILE = "dense.faiss"
KEYWORD_DIR = "keyword"
_QUOTED = re.compile(r"[“\"]([\u4e00-\u9fffA-Za-z0-9]{2,12})[”\"]")


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


def passage_text(record: TaskRecord) -> str:
    """What the indexes see: the item heading, then the clause."""
    heading = record.section.rsplit(" > ", 1)[-1]
    return f"{heading}：{record.text}" if heading and heading not in record.text[:40] else record.text


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


def write_index(
    index_dir: Path,
    parsed: list[tuple[Document, list[TaskRecord]]],
    encoder: Encoder,
    registry: UnitRegistry,
    on_progress: Callable[[str, int, int], None] | None = None,
) -> Path:
    """Write a generation for ``parsed``; documents unchanged since the current one keep their vectors.

    The caller holds the index's writer lock.
    """
    documents = [d for d, _ in parsed]
    records = [r for _, rs in parsed for r in rs]
    passages_by_document = [[passage_text(r) for r in rs] for _, rs in parsed]
    passages = [p for ps in passages_by_document for p in ps]
    reused = _reusable_vectors(index_dir, parsed, encoder.model_name)

    def fill(folder: Path) -> dict:
        RecordStore(folder / RECORDS_DB, registry).write(documents, records)
        blocks, missing = [], []
        for (document, document_records), document_passages in zip(parsed, passages_by_document, strict=True):
            block = reused.get((document.id, document.sha256))
            if block is None or len(block) != len(document_records):
                block = None
                missing.extend(document_passages)
            blocks.append(block)
        if on_progress:
            on_progress(f"向量化 {len(missing)} 条任务（复用 {len(records) - len(missing)} 条）", 0, len(missing))
        fresh = iter(encoder.encode_passages(missing, show_progress=on_progress is not None) if missing else [])
        rows = []
        for block, (_, document_records) in zip(blocks, parsed, strict=True):
            rows.extend(block if block is not None else [next(fresh) for _ in document_records])
        vectors = np.asarray(rows, dtype=np.float32)
        np.save(folder / VECTORS_FILE, vectors)
        dense = DenseIndex.build(vectors)
        dense.save(folder / DENSE_FILE)
        terms = [*registry.known_names(), *(u for r in records for u in r.units)]
        terms += [m for p in passages for m in _QUOTED.findall(p)]
        KeywordIndex.build(passages, JiebaTokenizer(terms)).save(folder / KEYWORD_DIR)
        return {
            "model": encoder.model_name,
            "dimension": int(vectors.shape[1]),
            "dense_kind": dense.kind,
            "counts": {"documents": len(documents), "records": len(records)},
            "reused_vectors": len(records) - len(missing),
            "documents": [
                {"id": d.id, "title": d.title, "path": d.path, "sha256": d.sha256, "records": len(r)} for d, r in parsed
            ],
        }

    return write_generation(index_dir, fill)


def _reusable_vectors(
    index_dir: Path, parsed: list[tuple[Document, list[TaskRecord]]], model: str
) -> dict[tuple[str, str], np.ndarray]:
    """Vectors of the current generation's documents, keyed by (id, sha256), when built by ``model``."""
    try:
        folder, manifest = read_current(index_dir)
        verify(folder, manifest)
    except IndexStateError:
        return {}
    if manifest.get("model") != model or not (folder / VECTORS_FILE).exists():
        return {}
    wanted = {(d.id, d.sha256) for d, _ in parsed}
    vectors = np.load(folder / VECTORS_FILE, mmap_mode="r")
    reused, start = {}, 0
    for entry in manifest.get("documents", []):
        key = (entry["id"], entry["sha256"])
        if key in wanted:
            reused[key] = np.array(vectors[start : start + entry["records"]])
        start += entry["records"]
    return reused
