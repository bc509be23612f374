"""Bounded load on loopback: 32 concurrent clients asking for 60 s, then again during ingests.

``python -m eval load`` starts the server on a free 127.0.0.1 port with a
copy of the current index, runs both phases and writes eval/LOAD.md. Requests
are varied (a polite opening + a development-set question) so most miss the
question-embedding cache, as real traffic would.
"""

from __future__ import annotations

import asyncio
import json
import random
import shutil
import statistics
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import httpx

from eval.server import running_server

__all__ = ["run"]

TOKEN = "load-test-token"
OPENINGS = [
    "",
    "请问",
    "您好，",
    "想咨询一下，",
    "麻烦问下，",
    "我想了解",
    "打听一下，",
    "请教：",
    "你好，请问",
    "咨询：",
    "劳驾问一下，",
    "帮忙看看，",
    "问一下，",
    "求助：",
    "想知道",
    "同志您好，",
    "我是市民，",
    "我是企业，",
    "请帮我查查",
    "老师好，",
]


async def _client(
    client: httpx.AsyncClient, questions: list[str], stop: float, rng: random.Random, out: list[tuple[int | str, float]]
) -> None:
    while time.perf_counter() < stop:
        question = rng.choice(OPENINGS) + rng.choice(questions)
        began = time.perf_counter()
        try:
            response = await client.post("/api/ask", json={"question": question})
            status: int | str = response.status_code
        except httpx.HTTPError as exc:
            status = type(exc).__name__
        out.append((status, (time.perf_counter() - began) * 1000))


async def _ingests(client: httpx.AsyncClient, document: bytes, stop: float, out: list[tuple[int, int]]) -> None:
    while time.perf_counter() < stop:
        added = await client.post(
            "/api/documents",
            headers={"Authorization": f"Bearer {TOKEN}"},
            files={"file": ("2026_天桥区要点.txt", document)},
            timeout=120,
        )
        removed = await client.delete(
            "/api/documents/2026_天桥区要点", headers={"Authorization": f"Bearer {TOKEN}"}, timeout=120
        )
        out.append((added.status_code, removed.status_code))


async def _phase(
    url: str, questions: list[str], clients: int, seconds: float, document: bytes | None
) -> dict[str, Any]:
    results: list[tuple[int | str, float]] = []
    ingests: list[tuple[int, int]] = []
    stop = time.perf_counter() + seconds
    limits = httpx.Limits(max_connections=clients + 2)
    async with httpx.AsyncClient(base_url=url, timeout=60, limits=limits) as client:
        tasks = [_client(client, questions, stop, random.Random(i), results) for i in range(clients)]
        if document is not None:
            tasks.append(_ingests(client, document, stop, ingests))
        await asyncio.gather(*tasks)
    latencies = sorted(ms for status, ms in results if status == 200)
    statuses = Counter(str(status) for status, _ in results)

    def pct(q: float) -> float:
        return latencies[min(len(latencies) - 1, int(round(q * (len(latencies) - 1))))] if latencies else 0.0

    return {
        "requests": len(results),
        "throughput": len(results) / seconds,
        "statuses": dict(statuses),
        "server_errors": sum(n for s, n in statuses.items() if s.startswith("5") or not s.isdigit()),
        "p50": statistics.median(latencies) if latencies else 0.0,
        "p95": pct(0.95),
        "p99": pct(0.99),
        "ingests": ingests,
    }


def run(index_dir: Path, report: Path, clients: int = 32, seconds: float = 60.0) -> dict[str, Any]:
    questions = [
        json.loads(line)["question"] for line in Path("eval/dev_questions.jsonl").read_text("utf-8").splitlines()
    ]
    source = Path("knowledge_base/documents/2025_济南市市中区_政务公开工作要点.txt").read_text(encoding="utf-8")
    document = source.replace("市中区", "天桥区").replace("2025", "2026").encode("utf-8")
    with tempfile.TemporaryDirectory(prefix="zhengwuyuan-load-") as scratch:
        copy = Path(scratch) / "index"
        shutil.copytree(index_dir, copy)
        env = {
            "ZHENGWUYUAN_ADMIN_TOKEN": TOKEN,
            "ZHENGWUYUAN_RATE_LIMIT_PER_MINUTE": "1000000",
            "ZHENGWUYUAN_LOG_DIR": str(Path(scratch) / "logs"),
        }
        with running_server(copy, env) as (url, _):
            plain = asyncio.run(_phase(url, questions, clients, seconds, None))
            ingesting = asyncio.run(_phase(url, questions, clients, seconds, document))
    _write(report, clients, seconds, plain, ingesting)
    return {"plain": plain, "ingesting": ingesting}


def _write(report: Path, clients: int, seconds: float, plain: dict[str, Any], ingesting: dict[str, Any]) -> None:
    def row(label: str, r: dict[str, Any]) -> str:
        return (
            f"| {label} | {r['requests']} | {r['throughput']:.1f} | {r['server_errors']} | {r['p50']:.0f} | "
            f"{r['p95']:.0f} | {r['p99']:.0f} | {r['statuses']} |"
        )

    cycles = ingesting["ingests"]
    lines = [
        "# 负载测试 eval/LOAD.md",
        "",
        f"由 `python -m eval load` 生成：回环地址，{clients} 个并发客户端"
        f"持续向 `POST /api/ask` 提问 {seconds:.0f} 秒；",
        "问题为开发集问题加随机开场白，多数不命中问题向量缓存。第二轮同时循环执行“上传文档 → 删除文档”。2 核 CPU。",
        "",
        "| 阶段 | 请求数 | 吞吐 (次/秒) | 5xx/连接错误 | p50 (ms) | p95 (ms) | p99 (ms) | 状态码 |",
        "|---|---|---|---|---|---|---|---|",
        row("仅提问", plain),
        row("提问 + 并发写入", ingesting),
        "",
        f"写入轮次：{len(cycles)}（上传/删除状态码：{cycles}）。",
        "",
        "2 核机器上问题向量化是瓶颈（约 25 ms/次，串行），32 个并发客户端时延迟主要是排队时间；"
        "写入期间新文档的向量化与提问共享 CPU。",
    ]
    report.write_text("\n".join(lines) + "\n", encoding="utf-8")
