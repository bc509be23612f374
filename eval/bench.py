"""The scale benchmark behind ``python -m eval bench``: build and query synthetic corpora of growing size.

Each size runs in a child process of its own, so its peak memory is its own:
write the synthetic documents, parse them, write a generation stage by stage
with the writer's own functions (timing each), open it as the server does and
time questions in every retrieval mode beside the baselines — ``rank_bm25``
over the same jieba tokens and a plain FAISS ``IndexFlatIP`` over the same
vectors. The parent measures the encoder backends on the real clauses, runs
the sizes and writes eval/BENCH.md with a plot and the raw results beside it
(:mod:`eval.bench_report`).
"""

from __future__ import annotations

import gc
import json
import resource
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

import numpy as np

from assistant.settings import Settings
from eval.bench_queries import measure_queries, milliseconds_since, percentiles
from eval.runner import load_questions, run_evaluation
from eval.synthetic import Pools, derived_vectors, write_corpus
from indexer.embedding.encoder import BACKENDS, Encoder
from indexer.errors import ZhengwuyuanError
from indexer.index.layout import MANIFEST, has_index

__all__ = ["measure_encoders", "measure_size", "run_bench"]


def run_bench(
    settings: Settings,
    sizes: list[int],
    work_dir: Path,
    report: Path,
    encode_up_to: int,
    rank_bm25_up_to: int,
    questions_path: Path,
    seed: int = 0,
    backends: tuple[str, ...] = BACKENDS,
) -> dict[str, Any]:
    """Measure the encoders, then every size in its own process; write ``report`` and its plot."""
    from eval.bench_report import write_report

    if not has_index(settings.index_dir):
        raise ZhengwuyuanError(
            f"{settings.index_dir} 中没有索引；请先运行 `zhengwuyuan index`（编码器对比要用真实知识库评测）"
        )
    work_dir.mkdir(parents=True, exist_ok=True)
    results: dict[str, Any] = {
        "encoders": measure_encoders(settings, questions_path, work_dir, backends),
        "sizes": [],
        "settings": {"encode_up_to": encode_up_to, "rank_bm25_up_to": rank_bm25_up_to, "seed": seed},
    }
    for size in sizes:
        output = work_dir / f"result-{size}.json"
        command = [sys.executable, "-m", "eval.bench", str(size), str(work_dir), str(output)]
        command += [str(encode_up_to), str(rank_bm25_up_to), str(questions_path), str(seed)]
        print(f"[bench] {size} records …", file=sys.stderr, flush=True)
        subprocess.run(command, check=True)
        results["sizes"].append(json.loads(output.read_text(encoding="utf-8")))
        shutil.rmtree(work_dir / f"index-{size}", ignore_errors=True)
        shutil.rmtree(work_dir / f"corpus-{size}", ignore_errors=True)
    report.with_suffix(".json").write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
    write_report(results, report)
    return results


def measure_encoders(
    settings: Settings, questions_path: Path, work_dir: Path, backends: tuple[str, ...] = BACKENDS
) -> list[dict[str, Any]]:
    """Each backend on the real knowledge base: passages/s, query latency, vector agreement, eval quality."""
    from indexer.index.writer import record_text

    questions = [q["question"] for q in load_questions(questions_path)]
    measured, reference = [], None
    for backend in backends:
        backend_settings = settings.model_copy(update={"encoder_backend": backend})
        kb = backend_settings.knowledge_base().load()
        snapshot = kb.current()
        passages = [record_text(r) for r in snapshot.store.get(list(range(len(snapshot.search.records))))]
        kb.encoder.encode_passages(passages[:16])  # warm-up
        began = time.perf_counter()
        vectors = kb.encoder.encode_passages(passages)
        passages_per_second = len(passages) / (time.perf_counter() - began)
        latencies = []
        for question in questions:
            kb.encoder.clear_cache()
            began = time.perf_counter()
            kb.encoder.encode_query(question)
            latencies.append(milliseconds_since(began))
        reference = vectors if reference is None else reference
        metrics = run_evaluation(backend_settings, questions_path, ["hybrid"], work_dir / f"eval-{backend}.md")[
            "hybrid"
        ]
        measured.append(
            {
                "backend": backend,
                "records": len(passages),
                "passages_per_second": passages_per_second,
                "query": percentiles(latencies),
                "min_cosine_to_first": float(np.min(np.sum(vectors * reference, axis=1))),
                "pass_rate": metrics["pass_rate"],
                "hit_at_1": metrics["hit1"],
                "mrr": metrics["mrr10"],
            }
        )
    return measured


def measure_size(
    size: int, work_dir: Path, encode_up_to: int, rank_bm25_up_to: int, questions_path: Path, seed: int
) -> dict[str, Any]:
    """Build a generation of ``size`` synthetic records and time questions against it."""
    settings = Settings()
    encoder = settings.encoder().load()
    result, passages = _build(settings, encoder, size, work_dir, size <= encode_up_to, seed)
    gc.collect()  # the parsed records are gone; what follows is what a server holds
    index_dir = work_dir / f"index-{size}"
    result.update(measure_queries(settings, index_dir, encoder, questions_path, passages, size <= rank_bm25_up_to))
    result["peak_rss_gb"] = _peak_rss_gb()
    return result


def _build(
    settings: Settings, encoder: Encoder, size: int, work_dir: Path, real: bool, seed: int
) -> tuple[dict[str, Any], list[str]]:
    """Generate and parse a corpus, then write one generation with the production writer, timing each stage."""
    from indexer.index.writer import record_text, write_index
    from indexer.parsing.parse import collect_files, parse_file

    registry = settings.registry()
    pools = Pools.from_knowledge_base(settings.documents_dir)
    corpus, index_dir = work_dir / f"corpus-{size}", work_dir / f"index-{size}"
    shutil.rmtree(corpus, ignore_errors=True)
    shutil.rmtree(index_dir, ignore_errors=True)
    seconds: dict[str, float] = {}
    with _timed(seconds, "generate"):
        written = write_corpus(pools, size, corpus, seed)
    with _timed(seconds, "parse"):
        files = collect_files([corpus]).files
        parsed = [parse_file(path) for path in files]
    passages = [record_text(r) for p in parsed for r in p.records]
    if len(passages) != written:
        raise ZhengwuyuanError(f"合成语料解析出 {len(passages)} 条记录，应为 {written} 条")

    def derived(texts: list[str], vectors: np.ndarray, rows: np.ndarray) -> None:
        derived_vectors(pools, encoder, texts, vectors, rows)

    def stage(name: str) -> AbstractContextManager[None]:
        return _timed(seconds, name)

    with _timed(seconds, "generation"):
        folder = write_index(
            index_dir,
            parsed,
            encoder,
            registry,
            stage=stage,
            fill_vectors=None if real else derived,
            timeout_seconds=settings.write_timeout_seconds,
        )
    stages = sum(seconds[k] for k in ("store", "embed", "faiss", "keyword"))
    seconds["checksum_fsync"] = seconds.pop("generation") - stages
    result = {
        "size": size,
        "documents": len(files),
        "passages": sum(len(p.passages) for p in parsed),
        "embedding": "real" if real else "derived",
        "seconds": seconds,
        "build_seconds": sum(v for k, v in seconds.items() if k != "generate"),
        "disk_mb": _disk_mb(folder),
        "build_peak_rss_gb": _peak_rss_gb(),
        "manifest_dense": json.loads((folder / MANIFEST).read_text(encoding="utf-8"))["dense"],
    }
    return result, passages


@contextmanager
def _timed(seconds: dict[str, float], stage: str) -> Iterator[None]:
    """Add the stage's time to ``seconds``: the writer runs each stage once per channel."""
    began = time.perf_counter()
    print(f"[bench]   {stage} …", file=sys.stderr, flush=True)
    yield
    seconds[stage] = seconds.get(stage, 0.0) + time.perf_counter() - began


def _peak_rss_gb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2  # Linux reports KiB


def _disk_mb(folder: Path) -> dict[str, float]:
    parts = {p.name: p for p in folder.iterdir()}
    sizes = {}
    for name, path in parts.items():
        files = [path] if path.is_file() else [f for f in path.rglob("*") if f.is_file()]
        sizes[name] = sum(f.stat().st_size for f in files) / 1024**2
    return sizes


if __name__ == "__main__":
    size_arg, work_arg, output_arg, encode_arg, rank_arg, questions_arg, seed_arg = sys.argv[1:8]
    measured = measure_size(
        int(size_arg), Path(work_arg), int(encode_arg), int(rank_arg), Path(questions_arg), int(seed_arg)
    )
    Path(output_arg).write_text(json.dumps(measured, ensure_ascii=False, indent=2), encoding="utf-8")
