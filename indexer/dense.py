"""The dense index: FAISS inner product over normalised vectors.

Exact search below :data:`EXACT_LIMIT` vectors; HNSW above it, where exact
search would cost too much per query.
"""

from __future__ import annotations

from pathlib import Path

import faiss
import numpy as np

__all__ = ["EXACT_LIMIT", "DenseIndex"]

EXACT_LIMIT = 50_000
_HNSW_NEIGHBOURS = 32
_HNSW_EF_SEARCH = 128


class DenseIndex:
    """Search positions (record row numbers) by cosine similarity."""

    def __init__(self, index: faiss.Index) -> None:
        self.index = index

    @classmethod
    def build(cls, vectors: np.ndarray) -> DenseIndex:
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        dimension = vectors.shape[1]
        if len(vectors) <= EXACT_LIMIT:
            index = faiss.IndexFlatIP(dimension)
        else:
            index = faiss.IndexHNSWFlat(dimension, _HNSW_NEIGHBOURS, faiss.METRIC_INNER_PRODUCT)
            index.hnsw.efConstruction = 80
        index.add(vectors)
        return cls(index)

    @property
    def kind(self) -> str:
        return "flat" if isinstance(self.index, faiss.IndexFlat) else "hnsw"

    def __len__(self) -> int:
        return int(self.index.ntotal)

    def save(self, path: Path) -> None:
        faiss.write_index(self.index, str(path))

    @classmethod
    def load(cls, path: Path) -> DenseIndex:
        index = faiss.read_index(str(path))
        if hasattr(index, "hnsw"):
            index.hnsw.efSearch = _HNSW_EF_SEARCH
        return cls(index)

    def search(self, query: np.ndarray, k: int) -> list[tuple[int, float]]:
        """Top ``k`` (position, cosine) pairs, best first."""
        k = min(k, len(self))
        if k <= 0:
            return []
        scores, positions = self.index.search(np.ascontiguousarray(query[None, :], dtype=np.float32), k)
        return [(int(p), float(s)) for p, s in zip(positions[0], scores[0], strict=True) if p >= 0]
