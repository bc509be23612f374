"""Measure the running server on loopback: time to ready, /api/ask and /api/tasks latency.

``python -m eval serve-bench`` starts ``zhengwuyuan serve`` on a free port with the
current index, waits for /api/health, then times sequential requests from one
client and writes eval/SERVE_BENCH.md.
"""

from __future__ import annotations

import json
import statistics
import time
from pathlib import Path

import httpx

from eval.server import running_server

__all__ = ["run"]

QUESTIONS = [
    line["question"] for line in map(json.loads, Path("eval/dev_questions.jsonl").read_text("utf-8").splitlines())
]
TASK_QUERIES = [{"unit": "区人社局"}, {"region": "济宁高新区", "status": "ongoing"}, {"due_before": "2025-06-30"}, {}]


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def run(report: Path, rounds: int = 2, starts: int = 3) -> dict[str, float]:
    # One client asks hundreds of questions: lift the per-client rate limit for this server only.
    unlimited = {"ZHENGWUYUAN_RATE_LIMIT_PER_MINUTE": "1000000"}
    ready_times = []
    for _ in range(starts - 1):  # start-up varies with the VM's disk cache and neighbours: measure it several times
        with running_server(env=unlimited) as (_, ready):
            ready_times.append(ready)
    with running_server(env=unlimited) as (url, ready), httpx.Client(base_url=url, timeout=30) as client:
        ready_times.append(ready)
        client.post("/api/ask", json={"question": "预热"})
        ask: list[float] = []
        cached: list[float] = []
        tasks: list[float] = []
        for round_number in range(rounds):
            for question in QUESTIONS:
                began = time.perf_counter()
                client.post("/api/ask", json={"question": question}).raise_for_status()
                (cached if round_number else ask).append((time.perf_counter() - began) * 1000)
        for _ in range(50):
            for params in TASK_QUERIES:
                began = time.perf_counter()
                client.get("/api/tasks", params=params).raise_for_status()
                tasks.append((time.perf_counter() - began) * 1000)
    results = {
        "ready_s": statistics.median(ready_times),
        "ready_max_s": max(ready_times),
        "ask_p50": statistics.median(ask),
        "ask_p95": _percentile(ask, 0.95),
        "ask_n": len(ask),
        "cached_p50": statistics.median(cached) if cached else 0.0,
        "tasks_p50": statistics.median(tasks),
        "tasks_p95": _percentile(tasks, 0.95),
        "tasks_n": len(tasks),
    }
    report.write_text(
        "\n".join(
            [
                "# 服务性能 eval/SERVE_BENCH.md",
                "",
                "由 `python -m eval serve-bench` 生成：回环地址，单客户端顺序请求，2 核 CPU，索引已构建。",
                "首轮每个问题都是第一次出现（含问题向量化）；重复提问命中问题向量缓存，单列。",
                "注意：这台 2 核虚拟机的速度随时间波动明显（同一代码、同一测量，ONNX 问题向量化在 9–20 ms 之间；",
                "换用 ONNX 之前，torch 后端为 25–45 ms，就绪约 15 s、ask p50 约 37 ms）。",
                "",
                "| 指标 | 实测 | 目标 |",
                "|---|---|---|",
                f"| 启动到就绪（/api/health 返回 200，{len(ready_times)} 次启动的中位数） "
                f"| {results['ready_s']:.1f} s（最慢 {results['ready_max_s']:.1f} s） | ≤ 15 s |",
                f"| POST /api/ask p50（{len(ask)} 个不同问题，首次） | {results['ask_p50']:.1f} ms | ≤ 50 ms |",
                f"| POST /api/ask p95（首次） | {results['ask_p95']:.1f} ms | — |",
                f"| POST /api/ask p50（重复问题，{len(cached)} 次） | {results['cached_p50']:.1f} ms | — |",
                f"| GET /api/tasks p50（{len(tasks)} 次） | {results['tasks_p50']:.1f} ms | ≤ 20 ms |",
                f"| GET /api/tasks p95 | {results['tasks_p95']:.1f} ms | — |",
                "",
            ]
        ),
        encoding="utf-8",
    )
    return results
