"""The dense index: FAISS inner product over normalised vectors.

Exact search (``IndexFlatIP``) up to :data:`EXACT_LIMIT` vectors, where it
costs under 2 ms a question on this CPU. Above it a graph index
(``IndexHNSWFlat``) whose ``efSearch`` is chosen at build time: the smallest
that finds at least :data:`TARGET_RECALL` of the exact top 10 for a sample of
the stored vectors used as questions (each one's own row left out). An
inverted-file index was measured first: on policy text, where thousands of
clauses share a sentence, the true neighbours spread over many cells and it
needed a quarter of the lists to reach 0.95 (eval/BENCH.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import faiss
import numpy as np

__all__ = ["EXACT_LIMIT", "TARGET_RECALL", "Calibration", "DenseIndex", "recall_at"]

EXACT_LIMIT = 10_000
TARGET_RECALL = 0.97  # on the build's probe questions, so real questions keep ≥ 0.95
_NEIGHBOURS = 32
_EF_CONSTRUCTION = 40
_EF_SEARCH = (128, 192, 256, 384, 512)  # at least the retriever's 100 candidates
_PROBE_QUERIES = 256
_CHUNK = 65_536


@dataclass(frozen=True)
class Calibration:
    """How an approximate index was tuned, for the manifest and the benchmark report."""

    ef_search: int
    probe_recall_at_10: float


class DenseIndex:
    """Search positions (record row numbers) by cosine similarity."""

    def __init__(self, index: faiss.Index, calibration: Calibration | None = None) -> None:
        self.index = index
        self.calibration = calibration

    @classmethod
    def build(cls, vectors: np.ndarray, seed: int = 0) -> DenseIndex:
        """Index ``vectors`` (an array or a read-only memmap, read in chunks)."""
        count, dimension = vectors.shape
        if count <= EXACT_LIMIT:
            index = faiss.IndexFlatIP(dimension)
            _add_in_chunks(index, vectors)
            return cls(index)
        index = faiss.IndexHNSWFlat(dimension, _NEIGHBOURS, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = _EF_CONSTRUCTION
        _add_in_chunks(index, vectors)
        rows = np.sort(np.random.default_rng(seed).choice(count, size=min(count, _PROBE_QUERIES), replace=False))
        probes = np.ascontiguousarray(vectors[rows], dtype=np.float32)
        exact = _without(rows, _exact_top(vectors, probes, 11))
        for ef_search in _EF_SEARCH:
            index.hnsw.efSearch = ef_search
            recall = recall_at(_without(rows, index.search(probes, 11)[1]), exact)
            if recall >= TARGET_RECALL:
                break
        return cls(index, Calibration(ef_search=ef_search, probe_recall_at_10=round(recall, 4)))

    @property
    def kind(self) -> str:
        return "flat" if isinstance(self.index, faiss.IndexFlat) else "hnsw"

    def __len__(self) -> int:
        return int(self.index.ntotal)

    def save(self, path: Path) -> None:
        faiss.write_index(self.index, str(path))  # an HNSW index keeps its efSearch in the file

    @classmethod
    def load(cls, path: Path) -> DenseIndex:
        return cls(faiss.read_index(str(path)))

    def search(self, query: np.ndarray, k: int) -> list[tuple[int, float]]:
        """Top ``k`` (position, cosine) pairs, best first."""
        k = min(k, len(self))
        if k <= 0:
            return []
        scores, positions = self.index.search(np.ascontiguousarray(query[None, :], dtype=np.float32), k)
        return [(int(p), float(s)) for p, s in zip(positions[0], scores[0], strict=True) if p >= 0]


def recall_at(found: np.ndarray, exact: np.ndarray) -> float:
    """Share of the exact neighbours (rows of ``exact``) that ``found`` also returned."""
    hits = sum(len(set(f[f >= 0]) & set(e[e >= 0])) for f, e in zip(found, exact, strict=True))
    return hits / max(1, int(np.count_nonzero(exact >= 0)))


def _add_in_chunks(index: faiss.Index, vectors: np.ndarray) -> None:
    for start in range(0, len(vectors), _CHUNK):
        index.add(np.ascontiguousarray(vectors[start : start + _CHUNK], dtype=np.float32))


def _without(rows: np.ndarray, found: np.ndarray) -> np.ndarray:
    """Each probe's top 10 once its own row is dropped (a stored vector finds itself first)."""
    return np.stack([[p for p in line if p != row][:10] for row, line in zip(rows, found, strict=True)])


def _exact_top(vectors: np.ndarray, queries: np.ndarray, k: int) -> np.ndarray:
    """Exact top-``k`` positions, scanning ``vectors`` chunk by chunk (no second copy in memory)."""
    best_scores = np.full((len(queries), k), -np.inf, dtype=np.float32)
    best_positions = np.full((len(queries), k), -1, dtype=np.int64)
    for start in range(0, len(vectors), _CHUNK):
        chunk = np.ascontiguousarray(vectors[start : start + _CHUNK], dtype=np.float32)
        scores = queries @ chunk.T
        scores = np.concatenate([best_scores, scores], axis=1)
        positions = np.concatenate(
            [best_positions, np.arange(start, start + len(chunk))[None, :].repeat(len(queries), 0)], axis=1
        )
        top = np.argpartition(-scores, k - 1, axis=1)[:, :k]
        best_scores = np.take_along_axis(scores, top, axis=1)
        best_positions = np.take_along_axis(positions, top, axis=1)
    return best_positions
