"""Write an index generation: records store, vectors, FAISS index, keyword index, manifest.

One writer for every build (``index``, ``add``, ``remove``, the benchmark).
Its stages — records, vectors, FAISS, keyword — run under an optional
``stage`` timer, and the vectors of new records come from the encoder or,
for the benchmark's synthetic corpora, from a ``fill_vectors`` hook: a stage
added here is timed there too, never copied. Vectors stream into
a memory-mapped ``vectors.npy`` batch by batch and the FAISS index is built
from that file in chunks: a million records never hold their vectors twice.

A write is bounded (issue 14): free space is checked against the
generation's expected size first and the vectors file's blocks are reserved
before it is mapped, so a full disk is :class:`~indexer.errors.DiskFull`, never
SIGBUS; identical passages are embedded once; and a :class:`WriteBudget` is
checked between stages and encoder slices, so a hostile document cannot hold
the writer lock for minutes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

import numpy as np

from indexer.embedding.encoder import Encoder
from indexer.errors import IndexStateError
from indexer.index.dense import DenseIndex
from indexer.index.guard import (
    DEFAULT_WRITE_TIMEOUT,
    WriteBudget,
    allocate_vectors,
    ensure_space,
    expected_bytes,
    out_of_space,
)
from indexer.index.keyword import JiebaTokenizer, KeywordIndex
from indexer.index.layout import (
    DENSE_FILE,
    KEYWORD_DIR,
    RECORDS_DB,
    VECTORS_FILE,
    read_current,
    verify,
    write_generation,
)
from indexer.index.store import RecordStore
from indexer.models import ParsedDocument, TaskRecord
from indexer.registry import UnitRegistry

__all__ = ["Progress", "StageTimer", "VectorFiller", "passage_text", "write_index"]

Progress = Callable[[str, int, int], None]
StageTimer = Callable[[str], AbstractContextManager[None]]
VectorFiller = Callable[[np.ndarray, np.ndarray], None]
"""``fill(vectors, rows)``: write the vectors of ``rows`` into the generation's memory map."""
_ENCODE_SLICE = 64  # passages per encoder call: the budget is checked between calls
_COPY_SLICE = 65536  # duplicate rows copied per step, so copies never hold many vectors at once
_QUOTED = re.compile(r"[“\"]([\u4e00-\u9fffA-Za-z0-9]{2,12})[”\"]")


def passage_text(record: TaskRecord) -> str:
    """What the indexes see: the item heading, then the clause."""
    heading = record.section.rsplit(" > ", 1)[-1]
    return f"{heading}：{record.text}" if heading and heading not in record.text[:40] else record.text


@contextmanager
def _untimed(stage: str) -> Iterator[None]:
    yield


def write_index(
    index_dir: Path,
    parsed: list[ParsedDocument],
    encoder: Encoder,
    registry: UnitRegistry,
    on_progress: Progress | None = None,
    stage: StageTimer = _untimed,
    fill_vectors: VectorFiller | None = None,
    timeout_seconds: float = DEFAULT_WRITE_TIMEOUT,
    budget: WriteBudget | None = None,
) -> Path:
    """Write a generation for ``parsed``; documents unchanged since the current one keep their vectors.

    The caller holds the index's writer lock. ``stage(name)`` wraps each stage
    (``store``, ``embed``, ``faiss``, ``keyword``); ``fill_vectors`` replaces
    the encoder for the rows that need new vectors. ``budget`` (default: one
    of ``timeout_seconds`` starting now) bounds the write: past it the write
    raises :class:`~indexer.errors.WriteTimeout` and leaves nothing behind. A
    disk without room for the generation raises :class:`~indexer.errors.DiskFull`.
    """
    budget = budget or WriteBudget(timeout_seconds)
    records = [r for p in parsed for r in p.records]
    passages = [passage_text(r) for r in records]
    index_dir.mkdir(parents=True, exist_ok=True)
    ensure_space(index_dir, expected_bytes(len(records), encoder.dimension, sum(map(len, passages))))
    reused = _reusable_vectors(index_dir, parsed, encoder.model_name)

    def fill(folder: Path) -> dict[str, Any]:
        with stage("store"):
            RecordStore(folder / RECORDS_DB, registry).write([p.document for p in parsed], records)
        budget.check("记录")
        with stage("embed"):
            missing = _write_vectors(folder, parsed, passages, reused, encoder, on_progress, fill_vectors, budget)
        budget.check("向量")
        with stage("faiss"):
            dense = _write_dense(folder)
        budget.check("向量索引")
        with stage("keyword"):
            _write_keyword(folder, passages, records, registry)
        budget.check("关键词索引")
        manifest = _manifest(encoder.model_name, dense, parsed)
        manifest["reused_vectors"] = len(records) - missing
        return manifest

    with out_of_space():
        return write_generation(index_dir, fill, before_commit=lambda: budget.check("提交"))


def _write_vectors(
    folder: Path,
    parsed: list[ParsedDocument],
    passages: list[str],
    reused: dict[tuple[str, str], np.ndarray],
    encoder: Encoder,
    on_progress: Progress | None,
    fill_vectors: VectorFiller | None,
    budget: WriteBudget,
) -> int:
    """Stream vectors into ``vectors.npy``: reused blocks copied, the rest encoded; returns how many were new.

    The file's blocks are reserved before it is mapped (see
    :func:`~indexer.index.guard.allocate_vectors`), so a full disk fails here
    with an ``OSError`` and never as a fault while writing through the map.
    """
    vectors = allocate_vectors(folder / VECTORS_FILE, len(passages), encoder.dimension)
    missing_rows: list[int] = []
    start = 0
    for document in parsed:
        block = reused.get((document.document.id, document.document.sha256))
        count = len(document.records)
        if block is not None and len(block) == count:
            vectors[start : start + count] = block
        else:
            missing_rows.extend(range(start, start + count))
        start += count
    if on_progress:
        label = f"向量化 {len(missing_rows)} 条任务（复用 {len(passages) - len(missing_rows)} 条，相同文字只算一次）"
        on_progress(label, 0, len(missing_rows))
    if missing_rows:
        rows = np.asarray(missing_rows)
        if fill_vectors is not None:
            fill_vectors(vectors, rows)
        else:
            _encode_once(encoder, passages, missing_rows, vectors, budget, on_progress)
    vectors.flush()
    del vectors
    return len(missing_rows)


def _encode_once(
    encoder: Encoder,
    passages: list[str],
    missing_rows: list[int],
    vectors: np.ndarray,
    budget: WriteBudget,
    on_progress: Progress | None,
) -> None:
    """Embed each distinct passage once, then copy its vector to every row with the same text.

    Passages go to the encoder longest first in slices, so batches pad to
    similar lengths as before and the budget is checked between slices.
    """
    first: dict[str, int] = {}
    copies: list[tuple[int, int]] = []
    for row in missing_rows:
        owner = first.setdefault(passages[row], row)
        if owner != row:
            copies.append((row, owner))
    unique = sorted(first.values(), key=lambda row: -len(passages[row]))
    for start in range(0, len(unique), _ENCODE_SLICE):
        budget.check("向量化")
        rows = np.asarray(unique[start : start + _ENCODE_SLICE])
        encoder.encode_passages([passages[i] for i in rows], out=vectors, rows=rows)
        if on_progress:
            on_progress("向量化", min(start + _ENCODE_SLICE, len(unique)), len(unique))
    for start in range(0, len(copies), _COPY_SLICE):
        targets, sources = zip(*copies[start : start + _COPY_SLICE], strict=True)
        vectors[np.asarray(targets)] = vectors[np.asarray(sources)]


def _write_dense(folder: Path) -> dict[str, Any]:
    """Build the FAISS index from the generation's memory-mapped vectors.npy and save it.

    Returns what the manifest says about it; the index itself is freed before
    the keyword stage, which needs the memory at a million records.
    """
    dense = DenseIndex.build(np.load(folder / VECTORS_FILE, mmap_mode="r"))
    dense.save(folder / DENSE_FILE)
    calibration = dense.calibration.__dict__ if dense.calibration else {}
    return {"kind": dense.kind, "dimension": int(dense.index.d), **calibration}


def _write_keyword(folder: Path, passages: list[str], records: list[TaskRecord], registry: UnitRegistry) -> None:
    """BM25 over jieba tokens, with unit names and quoted policy terms kept whole."""
    terms = {*registry.known_names(), *(u for r in records for u in r.units)}
    terms.update(m for p in passages for m in _QUOTED.findall(p))
    KeywordIndex.build(passages, JiebaTokenizer(list(terms))).save(folder / KEYWORD_DIR)


def _manifest(model: str, dense: dict[str, Any], parsed: list[ParsedDocument]) -> dict[str, Any]:
    return {
        "model": model,
        "dimension": dense["dimension"],
        "dense": dense,
        "counts": {"documents": len(parsed), "records": sum(len(p.records) for p in parsed)},
        "documents": [
            {
                "id": p.document.id,
                "title": p.document.title,
                "path": p.document.path,
                "sha256": p.document.sha256,
                "records": len(p.records),
            }
            for p in parsed
        ],
    }


def _reusable_vectors(index_dir: Path, parsed: list[ParsedDocument], model: str) -> dict[tuple[str, str], np.ndarray]:
    """Vectors of the current generation's documents, keyed by (id, sha256), when built by ``model``."""
    try:
        folder, manifest = read_current(index_dir)
        verify(folder, manifest)
    except IndexStateError:
        return {}
    if manifest.get("model") != model or not (folder / VECTORS_FILE).exists():
        return {}
    wanted = {(p.document.id, p.document.sha256) for p in parsed}
    vectors = np.load(folder / VECTORS_FILE, mmap_mode="r")
    reused, start = {}, 0
    for entry in manifest.get("documents", []):
        key = (entry["id"], entry["sha256"])
        if key in wanted:
            reused[key] = vectors[start : start + entry["records"]]
        start += entry["records"]
    return reused
