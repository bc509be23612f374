"""Write an index generation: records store, vectors, FAISS index, keyword index, manifest.

Each stage is a function of its own, so the benchmark (eval/bench.py) times
them one by one on the same code the server's builds run. Vectors stream into
a memory-mapped ``vectors.npy`` batch by batch and the FAISS index is built
from that file in chunks: a million records never hold their vectors twice.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from indexer.dense import DenseIndex
from indexer.encoder import Encoder
from indexer.errors import IndexStateError
from indexer.generations import read_current, verify, write_generation
from indexer.keyword import JiebaTokenizer, KeywordIndex
from indexer.models import Document, TaskRecord
from indexer.registry import UnitRegistry
from indexer.store import RecordStore

__all__ = [
    "DENSE_FILE",
    "KEYWORD_DIR",
    "RECORDS_DB",
    "VECTORS_FILE",
    "build_manifest",
    "passage_text",
    "write_dense",
    "write_index",
    "write_keyword",
    "write_records",
]

RECORDS_DB = "records.sqlite"
VECTORS_FILE = "vectors.npy"
DENSE_FILE = "dense.faiss"
KEYWORD_DIR = "keyword"
_QUOTED = re.compile(r"[“\"]([\u4e00-\u9fffA-Za-z0-9]{2,12})[”\"]")

Parsed = list[tuple[Document, list[TaskRecord]]]


def passage_text(record: TaskRecord) -> str:
    """What the indexes see: the item heading, then the clause."""
    heading = record.section.rsplit(" > ", 1)[-1]
    return f"{heading}：{record.text}" if heading and heading not in record.text[:40] else record.text


def write_index(
    index_dir: Path,
    parsed: Parsed,
    encoder: Encoder,
    registry: UnitRegistry,
    on_progress: Callable[[str, int, int], None] | None = None,
) -> Path:
    """Write a generation for ``parsed``; documents unchanged since the current one keep their vectors.

    The caller holds the index's writer lock.
    """
    documents = [d for d, _ in parsed]
    records = [r for _, rs in parsed for r in rs]
    passages = [passage_text(r) for r in records]
    reused = _reusable_vectors(index_dir, parsed, encoder.model_name)

    def fill(folder: Path) -> dict[str, Any]:
        write_records(folder, documents, records, registry)
        vectors = np.lib.format.open_memmap(
            folder / VECTORS_FILE, mode="w+", dtype=np.float32, shape=(len(records), encoder.dimension)
        )
        missing_rows, start = [], 0
        for document, document_records in parsed:
            block = reused.get((document.id, document.sha256))
            if block is not None and len(block) == len(document_records):
                vectors[start : start + len(block)] = block
            else:
                missing_rows.extend(range(start, start + len(document_records)))
            start += len(document_records)
        if on_progress:
            label = f"向量化 {len(missing_rows)} 条任务（复用 {len(records) - len(missing_rows)} 条）"
            on_progress(label, 0, len(missing_rows))
        if missing_rows:
            rows = np.asarray(missing_rows)
            encoder.encode_passages(
                [passages[i] for i in rows], out=vectors, rows=rows, show_progress=bool(on_progress)
            )
        vectors.flush()
        del vectors
        dense = write_dense(folder, np.load(folder / VECTORS_FILE, mmap_mode="r"))
        write_keyword(folder, passages, records, registry)
        manifest = build_manifest(encoder.model_name, dense, parsed)
        manifest["reused_vectors"] = len(records) - len(missing_rows)
        return manifest

    return write_generation(index_dir, fill)


def write_records(folder: Path, documents: list[Document], records: list[TaskRecord], registry: UnitRegistry) -> None:
    RecordStore(folder / RECORDS_DB, registry).write(documents, records)


def write_dense(folder: Path, vectors: np.ndarray) -> dict[str, Any]:
    """Build the FAISS index from ``vectors`` (the generation's memory-mapped vectors.npy) and save it.

    Returns what the manifest says about it; the index itself is freed before
    the keyword stage, which needs the memory at a million records.
    """
    dense = DenseIndex.build(vectors)
    dense.save(folder / DENSE_FILE)
    calibration = dense.calibration.__dict__ if dense.calibration else {}
    return {"kind": dense.kind, "dimension": int(dense.index.d), **calibration}


def write_keyword(folder: Path, passages: list[str], records: list[TaskRecord], registry: UnitRegistry) -> None:
    """BM25 over jieba tokens, with unit names and quoted policy terms kept whole."""
    terms = {*registry.known_names(), *(u for r in records for u in r.units)}
    terms.update(m for p in passages for m in _QUOTED.findall(p))
    KeywordIndex.build(passages, JiebaTokenizer(list(terms))).save(folder / KEYWORD_DIR)


def build_manifest(model: str, dense: dict[str, Any], parsed: Parsed) -> dict[str, Any]:
    return {
        "model": model,
        "dimension": dense["dimension"],
        "dense": dense,
        "counts": {"documents": len(parsed), "records": sum(len(rs) for _, rs in parsed)},
        "documents": [
            {"id": d.id, "title": d.title, "path": d.path, "sha256": d.sha256, "records": len(r)} for d, r in parsed
        ],
    }


def _reusable_vectors(index_dir: Path, parsed: Parsed, model: str) -> dict[tuple[str, str], np.ndarray]:
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
            reused[key] = vectors[start : start + entry["records"]]
        start += entry["records"]
    return reused
