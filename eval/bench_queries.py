"""Query-side measurements of the scale benchmark: latency per retrieval stage, recall, baselines."""

from __future__ import annotations

import statistics
import time
from pathlib import Path
from typing import Any

import numpy as np

from assistant.answering.retriever import CANDIDATES, HybridRetriever
from assistant.settings import Settings
from eval.runner import load_questions
from indexer.embedding.encoder import Encoder
from indexer.index.filters import TaskFilter
from indexer.index.keyword import JiebaTokenizer
from indexer.index.layout import VECTORS_FILE
from indexer.index.reader import Snapshot
from indexer.index.search import embedded

__all__ = ["measure_queries", "milliseconds_since", "percentiles"]


def measure_queries(
    settings: Settings,
    index_dir: Path,
    encoder: Encoder,
    questions_path: Path,
    passages: list[str],
    with_rank_bm25: bool,
) -> dict[str, Any]:
    began = time.perf_counter()
    kb = settings.model_copy(update={"index_dir": index_dir}).knowledge_base(encoder).load()
    snapshot = kb.current()
    open_seconds = time.perf_counter() - began
    resident_after_open = _resident_gb()
    retriever = HybridRetriever(kb)
    questions = [q["question"] for q in load_questions(questions_path)]
    timings, query_vectors = _time_questions(snapshot, retriever, encoder, questions)
    result: dict[str, Any] = {
        "open_seconds": open_seconds,
        "resident_after_open_gb": resident_after_open,
        "latency_ms": {k: percentiles(v) for k, v in timings.items()},
        **_exact_baseline(snapshot, np.stack(query_vectors)),
    }
    if with_rank_bm25:
        result["baselines_ms"]["rank_bm25"], result["rank_bm25_build_seconds"] = _rank_bm25(
            embedded(snapshot.search.records).keyword.tokenizer, passages, questions
        )
    return result


def _time_questions(
    snapshot: Snapshot, retriever: HybridRetriever, encoder: Encoder, questions: list[str]
) -> tuple[dict[str, list[float]], list[np.ndarray]]:
    """Each question through each stage alone, then the whole hybrid search uncached and cached."""
    timings: dict[str, list[float]] = {
        k: [] for k in ("keyword", "bm25s_stock", "embed", "dense", "hybrid", "hybrid_cached")
    }
    query_vectors = []
    retriever.search(questions[0], TaskFilter(), 10, snapshot)  # warm-up
    channel = embedded(snapshot.search.records)
    for question in questions:
        began = time.perf_counter()
        channel.keyword.search(question, CANDIDATES)
        timings["keyword"].append(milliseconds_since(began))
        token_ids = channel.keyword.token_ids(question)
        bm25 = channel.keyword.bm25
        if token_ids and bm25 is not None:
            began = time.perf_counter()
            scores = bm25.get_scores_from_ids(token_ids)
            np.argsort(-scores[np.argpartition(-scores, CANDIDATES)[:CANDIDATES]])
            timings["bm25s_stock"].append(milliseconds_since(began))
        encoder.clear_cache()
        began = time.perf_counter()
        vector = encoder.encode_query(question)
        timings["embed"].append(milliseconds_since(began))
        query_vectors.append(vector)
        began = time.perf_counter()
        channel.dense.search(vector, CANDIDATES)
        timings["dense"].append(milliseconds_since(began))
        encoder.clear_cache()
        began = time.perf_counter()
        retriever.search(question, TaskFilter(), 10, snapshot)
        timings["hybrid"].append(milliseconds_since(began))
        began = time.perf_counter()
        retriever.search(question, TaskFilter(), 10, snapshot)
        timings["hybrid_cached"].append(milliseconds_since(began))
    return timings, query_vectors


def _exact_baseline(snapshot: Snapshot, queries: np.ndarray) -> dict[str, Any]:
    """A plain IndexFlatIP over the same vectors: its latency, and the dense index's recall against it."""
    import faiss

    from indexer.index.dense import recall_at

    vectors = np.load(snapshot.folder / VECTORS_FILE, mmap_mode="r")
    flat = faiss.IndexFlatIP(vectors.shape[1])
    for start in range(0, len(vectors), 65_536):
        flat.add(np.ascontiguousarray(vectors[start : start + 65_536]))
    flat_ms, exact_scores, exact_ids = [], [], []
    for vector in queries:
        began = time.perf_counter()
        scores, positions = flat.search(vector[None, :], CANDIDATES)
        flat_ms.append(milliseconds_since(began))
        exact_scores.append(scores[0][:10])
        exact_ids.append(positions[0][:10])
    found_scores, found_ids = embedded(snapshot.search.records).dense.index.search(queries, 10)
    same_ids = [len(set(f) & set(e)) / 10 for f, e in zip(found_ids, exact_ids, strict=True)]
    result = {
        "recall_at_10": recall_at(found_scores, np.stack(exact_scores)),
        "id_recall_at_10": float(np.mean(same_ids)),
        "baselines_ms": {"faiss_flat": percentiles(flat_ms)},
    }
    del flat, vectors
    return result


def _rank_bm25(tokenizer: JiebaTokenizer, passages: list[str], questions: list[str]) -> tuple[dict[str, float], float]:
    """rank_bm25's BM25Okapi over the same jieba tokens: build time and top-100 latency."""
    from rank_bm25 import BM25Okapi

    corpus = [tokenizer(p) for p in passages]
    began = time.perf_counter()
    bm25 = BM25Okapi(corpus)
    build_seconds = time.perf_counter() - began
    latencies = []
    for question in questions:
        tokens = tokenizer(question)
        began = time.perf_counter()
        scores = bm25.get_scores(tokens)
        np.argsort(-scores[np.argpartition(-scores, CANDIDATES)[:CANDIDATES]])
        latencies.append(milliseconds_since(began))
    return percentiles(latencies), build_seconds


def _resident_gb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024**2
    return float("nan")


def milliseconds_since(began: float) -> float:
    return (time.perf_counter() - began) * 1000


def percentiles(values: list[float]) -> dict[str, float]:
    if not values:
        return {}
    ordered = sorted(values)
    cut = statistics.quantiles(ordered, n=100, method="inclusive") if len(ordered) > 1 else ordered * 99
    return {"p50": statistics.median(ordered), "p95": cut[94], "p99": cut[98], "n": len(ordered)}
