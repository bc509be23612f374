"""Write an index generation: records store, vectors, FAISS index, keyword index, manifest.

Two channels share every stage: the task records, and the passages (windows
over each document's text as read) in ``passages/`` beside them, so a
generation always holds both and switches as one.

One writer for every build (``index``, ``add``, ``remove``, the benchmark).
Its stages — records, vectors, FAISS, keyword — run under an optional
``stage`` timer, and the new vectors of both channels come from the encoder or,
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
from dataclasses import dataclass
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
    PASSAGES_DIR,
    RECORDS_DB,
    VECTORS_FILE,
    read_current,
    verify,
    write_generation,
)
from indexer.index.search import EmbeddedBackend, SearchBackend
from indexer.index.store import RecordStore
from indexer.models import ParsedDocument, Passage, TaskRecord
from indexer.parsing.normalise import matching_view
from indexer.registry import UnitRegistry

__all__ = ["Progress", "StageTimer", "VectorFiller", "passage_index_text", "record_text", "write_index"]

Progress = Callable[[str, int, int], None]
StageTimer = Callable[[str], AbstractContextManager[None]]
VectorFiller = Callable[[list[str], np.ndarray, np.ndarray], None]
"""``fill(texts, vectors, rows)``: write the vectors of ``texts[rows]`` (one channel's) into its memory map."""
_ENCODE_SLICE = 64  # passages per encoder call: the budget is checked between calls
_COPY_SLICE = 65536  # duplicate rows copied per step, so copies never hold many vectors at once
_QUOTED = re.compile(r"[“\"]([\u4e00-\u9fffA-Za-z0-9]{2,12})[”\"]")


def record_text(record: TaskRecord) -> str:
    """What the indexes see of a record: the item heading, then the clause, in the matching view.

    Questions are read in simplified characters and half-width digits; a clause a county wrote in
    traditional characters (迴應關切) is indexed the same way, so the words meet.
    """
    heading = record.section.rsplit(" > ", 1)[-1]
    text = f"{heading}：{record.text}" if heading and heading not in record.text[:40] else record.text
    return matching_view([text])[0]


def passage_index_text(passage: Passage) -> str:
    """What the indexes see of a passage: its document's title, then the window (a title names the place)."""
    text = f"{passage.doc_title}\n{passage.text}" if passage.doc_title else passage.text
    return "\n".join(matching_view(text.split("\n")))


@dataclass(frozen=True)
class _Channel:
    """One set of rows with its own vectors and indexes: the records, or the passages."""

    name: str  # "records" | "passages": the manifest's per-document count key
    folder: Path
    texts: list[str]
    counts: list[int]  # rows per parsed document, in order


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
    backend: SearchBackend | None = None,
) -> Path:
    """Write a generation for ``parsed``; documents unchanged since the current one keep their vectors.

    The caller holds the index's writer lock. ``stage(name)`` wraps each stage
    (``store``, ``embed``, ``faiss``, ``keyword``); ``fill_vectors`` replaces
    the encoder for the rows of either channel that need new vectors. ``budget`` (default: one
    of ``timeout_seconds`` starting now) bounds the write: past it the write
    raises :class:`~indexer.errors.WriteTimeout` and leaves nothing behind. A
    disk without room for the generation raises :class:`~indexer.errors.DiskFull`.
    ``backend`` (default: the embedded one, which needs nothing) publishes the
    generation before ``CURRENT`` moves and switches to it after.
    """
    budget = budget or WriteBudget(timeout_seconds)
    records = [r for p in parsed for r in p.records]
    passages = [x for p in parsed for x in p.passages]
    index_dir.mkdir(parents=True, exist_ok=True)

    def channels(folder: Path) -> list[_Channel]:
        return [
            _Channel("records", folder, [record_text(r) for r in records], [len(p.records) for p in parsed]),
            _Channel(
                "passages",
                folder / PASSAGES_DIR,
                [passage_index_text(x) for x in passages],
                [len(p.passages) for p in parsed],
            ),
        ]

    planned = channels(index_dir)
    text_chars = sum(len(t) for c in planned for t in c.texts)
    ensure_space(index_dir, expected_bytes(len(records) + len(passages), encoder.dimension, text_chars))
    reused = {c.name: _reusable_vectors(index_dir, parsed, encoder.model_name, c.name) for c in planned}

    def fill(folder: Path) -> dict[str, Any]:
        with stage("store"):
            RecordStore(folder / RECORDS_DB, registry).write([p.document for p in parsed], records, passages)
        budget.check("记录")
        manifest: dict[str, Any] = {"reused_vectors": 0}
        for channel in channels(folder):
            channel.folder.mkdir(exist_ok=True)
            with stage("embed"):
                missing = _write_vectors(
                    channel, parsed, reused[channel.name], encoder, on_progress, fill_vectors, budget
                )
            budget.check("向量")
            with stage("faiss"):
                dense = _write_dense(channel.folder)
            budget.check("向量索引")
            with stage("keyword"):
                _write_keyword(channel.folder, channel.texts, records, registry)
            budget.check("关键词索引")
            manifest["reused_vectors"] += len(channel.texts) - missing
            manifest["dense" if channel.name == "records" else "passage_dense"] = dense
        return _manifest(encoder.model_name, manifest, parsed)

    return _commit(index_dir, fill, budget, backend or EmbeddedBackend())


def _commit(
    index_dir: Path, fill: Callable[[Path], dict[str, Any]], budget: WriteBudget, backend: SearchBackend
) -> Path:
    """Write the generation; a search backend publishes it before the switch and follows the switch after.

    A generation abandoned after it was published (out of time, a full disk)
    is discarded from the backend too. When the backend cannot follow the
    switch, ``CURRENT`` has moved but searches stay on the previous generation
    until a later write switches them; the error says so.
    """
    published: list[str] = []

    def before_commit(folder: Path, name: str) -> None:
        budget.check("提交")
        backend.publish(folder, name)
        published.append(name)

    try:
        with out_of_space():
            final = write_generation(index_dir, fill, before_commit=before_commit)
    except BaseException:
        for name in published:
            backend.discard(name)
        raise
    backend.activate(index_dir, final.name)
    return final


def _write_vectors(
    channel: _Channel,
    parsed: list[ParsedDocument],
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
    texts = channel.texts
    vectors = allocate_vectors(channel.folder / VECTORS_FILE, len(texts), encoder.dimension)
    missing_rows: list[int] = []
    start = 0
    for document, count in zip(parsed, channel.counts, strict=True):
        block = reused.get((document.document.id, document.document.sha256))
        if block is not None and len(block) == count:
            vectors[start : start + count] = block
        else:
            missing_rows.extend(range(start, start + count))
        start += count
    if on_progress:
        what = "任务" if channel.name == "records" else "原文片段"
        label = f"向量化 {len(missing_rows)} 条{what}（复用 {len(texts) - len(missing_rows)} 条，相同文字只算一次）"
        on_progress(label, 0, len(missing_rows))
    if missing_rows:
        rows = np.asarray(missing_rows)
        if fill_vectors is not None:
            fill_vectors(texts, vectors, rows)
        else:
            _encode_once(encoder, texts, missing_rows, vectors, budget, on_progress)
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


def _write_keyword(folder: Path, texts: list[str], records: list[TaskRecord], registry: UnitRegistry) -> None:
    """BM25 over jieba tokens, with unit names and quoted policy terms kept whole."""
    terms = {*registry.known_names(), *(u for r in records for u in r.units)}
    terms.update(m for text in texts for m in _QUOTED.findall(text))
    KeywordIndex.build(texts, JiebaTokenizer(list(terms))).save(folder / KEYWORD_DIR)


def _manifest(model: str, written: dict[str, Any], parsed: list[ParsedDocument]) -> dict[str, Any]:
    return {
        "model": model,
        "dimension": written["dense"]["dimension"],
        **written,
        "counts": {
            "documents": len(parsed),
            "records": sum(len(p.records) for p in parsed),
            "passages": sum(len(p.passages) for p in parsed),
        },
        "documents": [
            {
                "id": p.document.id,
                "title": p.document.title,
                "path": p.document.path,
                "sha256": p.document.sha256,
                "records": len(p.records),
                "passages": len(p.passages),
            }
            for p in parsed
        ],
    }


def _reusable_vectors(
    index_dir: Path, parsed: list[ParsedDocument], model: str, channel: str
) -> dict[tuple[str, str], np.ndarray]:
    """One channel's vectors of the current generation's documents, keyed by (id, sha256), when built by ``model``."""
    try:
        folder, manifest = read_current(index_dir)
        verify(folder, manifest)
    except IndexStateError:
        return {}
    vectors_file = (folder if channel == "records" else folder / PASSAGES_DIR) / VECTORS_FILE
    if manifest.get("model") != model or not vectors_file.exists():
        return {}
    wanted = {(p.document.id, p.document.sha256) for p in parsed}
    vectors = np.load(vectors_file, mmap_mode="r")
    reused, start = {}, 0
    for entry in manifest.get("documents", []):
        key = (entry["id"], entry["sha256"])
        if key in wanted:
            reused[key] = vectors[start : start + entry[channel]]
        start += entry[channel]
    return reused
