"""The dense index: FAISS inner product over normalised vectors.

Exact search (``IndexFlatIP``) up to :data:`EXACT_LIMIT` vectors, where it
costs about a millisecond a question on this CPU. Above it an inverted-file
index (``IndexIVFFlat``, k-means trained on a sample) whose ``nprobe`` is
chosen at build time: the smallest that finds at least :data:`TARGET_RECALL`
of the exact top 10 for a sample of probe queries. The measurements are in
eval/BENCH.md.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import faiss
import numpy as np

__all__ = ["EXACT_LIMIT", "TARGET_RECALL", "DenseIndex", "recall_at"]

EXACT_LIMIT = 30_000
TARGET_RECALL = 0.97  # on the build's probe queries, so real questions keep ≥ 0.95
_PROBE_QUERIES = 256
_TRAIN_PER_LIST = 40
_CHUNK = 65_536
_NPROBES = (1, 2, 4, 8, 12, 16, 24, 32, 48, 64, 96, 128, 192, 256)


@dataclass(frozen=True)
class Calibration:
    """How an approximate index was tuned, for the manifest and the benchmark report."""

    nlist: int
    nprobe: int
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
        nlist = 2 ** round(math.log2(4 * math.sqrt(count)))
        rng = np.random.default_rng(seed)
        sample = np.sort(rng.choice(count, size=min(count, nlist * _TRAIN_PER_LIST), replace=False))
        quantizer = faiss.IndexFlatIP(dimension)
        index = faiss.IndexIVFFlat(quantizer, dimension, nlist, faiss.METRIC_INNER_PRODUCT)
        index.cp.niter = 10
        index.cp.seed = seed
        index.train(np.ascontiguousarray(vectors[sample], dtype=np.float32))
        _add_in_chunks(index, vectors)
        probes = _probe_queries(vectors, rng)
        exact = _exact_top(vectors, probes, 10)
        for nprobe in _NPROBES:
            index.nprobe = nprobe
            recall = recall_at(index.search(probes, 10)[1], exact)
            if recall >= TARGET_RECALL or nprobe >= nlist:
                break
        return cls(index, Calibration(nlist=nlist, nprobe=int(index.nprobe), probe_recall_at_10=round(recall, 4)))

    @property
    def kind(self) -> str:
        return "flat" if isinstance(self.index, faiss.IndexFlat) else "ivf"

    def __len__(self) -> int:
        return int(self.index.ntotal)

    def save(self, path: Path) -> None:
        faiss.write_index(self.index, str(path))  # an IVF index keeps its nprobe in the file

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


def _probe_queries(vectors: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Midpoints of random pairs of stored vectors: like a question, close to no passage in particular."""
    pairs = np.sort(rng.choice(len(vectors), size=(_PROBE_QUERIES, 2)), axis=0)
    probes = np.asarray(vectors[pairs[:, 0]], dtype=np.float32) + np.asarray(vectors[pairs[:, 1]], dtype=np.float32)
    return probes / np.linalg.norm(probes, axis=1, keepdims=True)


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
