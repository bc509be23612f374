"""Micro-batching: concurrent questions share model calls, each gets its own row, errors reach every waiter."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

from indexer.embedding.batcher import QueryBatcher


def _embed(calls: list[int]):  # noqa: ANN202
    def embed(texts: list[str]) -> np.ndarray:
        calls.append(len(texts))
        return np.asarray([[len(t), ord(t[0])] for t in texts], dtype=np.float32)

    return embed


def test_concurrent_questions_share_model_calls_and_each_gets_its_own_row():
    calls: list[int] = []
    batcher = QueryBatcher(_embed(calls), window=0.05, max_batch=16)
    texts = [f"问题{i}" * (i % 5 + 1) for i in range(40)]
    with ThreadPoolExecutor(40) as pool:
        results = list(pool.map(batcher.encode, texts))
    for text, (vector, stats) in zip(texts, results, strict=True):
        assert vector.tolist() == [len(text), ord(text[0])]
        assert 1 <= stats.size <= 16 and stats.waited >= 0
    assert sum(calls) == 40 and len(calls) < 40 and max(calls) <= 16
    batcher.close()
    batcher.close()  # safe twice


def test_a_failing_batch_fails_each_of_its_questions_and_the_batcher_keeps_serving():
    failing = threading.Event()
    failing.set()

    def embed(texts: list[str]) -> np.ndarray:
        if failing.is_set():
            raise RuntimeError("model broke")
        return np.zeros((len(texts), 2), dtype=np.float32)

    batcher = QueryBatcher(embed, window=0.0)
    with pytest.raises(RuntimeError, match="model broke"):
        batcher.encode("一")
    failing.clear()
    assert batcher.encode("二")[0].shape == (2,)
    batcher.close()
    with pytest.raises(RuntimeError):
        batcher.submit("三")
