"""Write an index generation: records store, vectors, FAISS index, keyword index, manifest.

One writer for every build (``index``, ``add``, ``remove``, the benchmark).
Its stages — records, vectors, FAISS, keyword — run under an optional
``stage`` timer, and the vectors of new records come from the encoder or,
for the benchmark's synthetic corpora, from a ``fill_vectors`` hook: a stage
added here is timed there too, never copied. Vectors stream into
a memory-mapped ``vectors.npy`` batch by batch and the FAISS index is built
from that file in chunks: a million records never hold their vectors twice.
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
) -> Path:
    """Write a generation for ``parsed``; documents unchanged since the current one keep their vectors.

    The caller holds the index's writer lock. ``stage(name)`` wraps each stage
    (``store``, ``embed``, ``faiss``, ``keyword``); ``fill_vectors`` replaces
    the encoder for the rows that need new vectors.
    """
    records = [r for p in parsed for r in p.records]
    passages = [passage_text(r) for r in records]
    reused = _reusable_vectors(index_dir, parsed, encoder.model_name)

    def fill(folder: Path) -> dict[str, Any]:
        with stage("store"):
            RecordStore(folder / RECORDS_DB, registry).write([p.document for p in parsed], records)
        with stage("embed"):
            missing = _write_vectors(folder, parsed, passages, reused, encoder, on_progress, fill_vectors)
        with stage("faiss"):
            dense = _write_dense(folder)
        with stage("keyword"):
            _write_keyword(folder, passages, records, registry)
        manifest = _manifest(encoder.model_name, dense, parsed)
        manifest["reused_vectors"] = len(records) - missing
        return manifest

    return write_generation(index_dir, fill)


def _write_vectors(
    folder: Path,
    parsed: list[ParsedDocument],
    passages: list[str],
    reused: dict[tuple[str, str], np.ndarray],
    encoder: Encoder,
    on_progress: Progress | None,
    fill_vectors: VectorFiller | None,
) -> int:
    """Stream vectors into ``vectors.npy``: reused blocks copied, the rest encoded; returns how many were new."""
    shape = (len(passages), encoder.dimension)
    vectors = np.lib.format.open_memmap(folder / VECTORS_FILE, mode="w+", dtype=np.float32, shape=shape)
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
        label = f"向量化 {len(missing_rows)} 条任务（复用 {len(passages) - len(missing_rows)} 条）"
        on_progress(label, 0, len(missing_rows))
    if missing_rows:
        rows = np.asarray(missing_rows)
        if fill_vectors is not None:
            fill_vectors(vectors, rows)
        else:
            encoder.encode_passages(
                [passages[i] for i in rows], out=vectors, rows=rows, show_progress=bool(on_progress)
            )
    vectors.flush()
    del vectors
    return len(missing_rows)


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
