"""The dense index: exact up to the limit, HNSW above it with its recall measured and kept."""

from __future__ import annotations

import numpy as np
import pytest

import indexer.index.dense as dense_module
from indexer.index.dense import DenseIndex, exact_search, recall_at


def _policy_like_vectors(count: int, seed: int = 0) -> np.ndarray:
    """Sums of a few shared 'sentence' directions, as recombined clauses are: many near neighbours."""
    rng = np.random.default_rng(seed)
    sentences = rng.normal(size=(300, 64)).astype(np.float32)
    picks = rng.integers(0, len(sentences), size=(count, 3))
    vectors = sentences[picks].sum(axis=1) + rng.normal(scale=0.3, size=(count, 64)).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def test_small_corpus_is_searched_exactly():
    vectors = _policy_like_vectors(500)
    index = DenseIndex.build(vectors)
    assert index.kind == "flat" and index.calibration is None
    hits = index.search(vectors[42], 5)
    assert hits[0][0] == 42 and hits[0][1] == pytest.approx(1.0, abs=1e-5)
    assert [s for _, s in hits] == sorted((s for _, s in hits), reverse=True)


def test_above_the_limit_hnsw_keeps_recall_and_its_setting(tmp_path, monkeypatch):
    monkeypatch.setattr(dense_module, "EXACT_LIMIT", 2_000)
    vectors = _policy_like_vectors(8_000)
    index = DenseIndex.build(vectors)
    assert index.kind == "hnsw"
    assert index.calibration.probe_recall_at_10 >= dense_module.TARGET_RECALL
    queries = _policy_like_vectors(100, seed=1)
    exact_scores, exact_positions = exact_search(vectors, queries, 10)
    np.testing.assert_array_equal(exact_positions[:, 0], np.argmax(queries @ vectors.T, axis=1))
    assert recall_at(index.index.search(queries, 10)[0], exact_scores) >= 0.95
    index.save(tmp_path / "dense.faiss")
    loaded = DenseIndex.load(tmp_path / "dense.faiss")
    assert loaded.index.hnsw.efSearch == index.calibration.ef_search
    assert [p for p, _ in loaded.search(queries[0], 10)] == [p for p, _ in index.search(queries[0], 10)]


def test_builds_from_a_memory_map_in_chunks(tmp_path, monkeypatch):
    monkeypatch.setattr(dense_module, "_CHUNK", 256)
    vectors = _policy_like_vectors(1_000)
    np.save(tmp_path / "vectors.npy", vectors)
    index = DenseIndex.build(np.load(tmp_path / "vectors.npy", mmap_mode="r"))
    assert len(index) == 1_000
    assert index.search(vectors[999], 1)[0][0] == 999


def test_recall_counts_results_scoring_at_least_the_exact_kth():
    exact = np.array([[0.9, 0.8, 0.7]])
    assert recall_at(np.array([[0.9, 0.8, 0.7]]), exact) == 1.0
    assert recall_at(np.array([[0.9, 0.7, 0.7]]), exact) == 1.0  # a tied copy of the 3rd is as good
    assert recall_at(np.array([[0.9, 0.8, 0.5]]), exact) == pytest.approx(2 / 3)


def test_a_filter_restricts_results_exactly(monkeypatch):
    monkeypatch.setattr(dense_module, "EXACT_LIMIT", 2_000)
    vectors = _policy_like_vectors(6_000)
    index = DenseIndex.build(vectors)
    allowed = np.zeros(len(vectors), dtype=bool)
    allowed[::7] = True  # 858 records: exact search over them
    query = _policy_like_vectors(1, seed=3)[0]
    members = np.flatnonzero(allowed)
    expected = members[np.argsort(-(vectors[members] @ query))[:10]]
    assert [p for p, _ in index.search(query, 10, allowed)] == list(expected)
    wide = np.ones(len(vectors), dtype=bool)
    wide[:1_000] = False  # wider than EXACT_LIMIT: the graph with a selector
    hits = index.search(query, 10, wide)
    assert len(hits) == 10 and all(p >= 1_000 for p, _ in hits)
