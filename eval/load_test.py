"""Load on loopback, stage by stage: ``python -m eval load`` writes eval/LOAD.md.

One sitting, one server per configuration, on a copy of the index:

1. a trivial route (``GET /api/ping``) under the same clients: what the framework alone costs here, now;
2. 32 clients asking for 60 s — every question unique in the whole run (opening × development-set question ×
   closing, drawn without replacement), so none hits the answer cache or the question-vector cache;
3. the same while a document is uploaded and deleted in a loop;
4. 128 clients, to show they are held without 5xx.

Every answer carries a ``Server-Timing`` header (``ZHENGWUYUAN_SERVER_TIMING``), so the stages are
measured inside the server under the same load; the report puts them beside the machine's other load
(CPU used by processes that are neither the server nor the clients) and the clients' own CPU.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import os
import random
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx

from eval.load_client import PhaseResult, ask_requests, run_phase, stage_timings
from eval.load_report import write_report
from eval.server import running_server_pid

__all__ = ["BASELINE", "FAST", "FAST_INT8", "run"]

TOKEN = "load-test-token"
OPENINGS = [
    "", "请问", "您好，", "想咨询一下，", "麻烦问下，", "我想了解", "打听一下，", "请教：", "你好，请问", "咨询：",
    "劳驾问一下，", "帮忙看看，", "问一下，", "求助：", "想知道", "同志您好，", "我是市民，", "我是企业，",
    "请帮我查查", "老师好，",
]  # fmt: skip
CLOSINGS = [
    "", "谢谢", "，谢谢！", "急", "，在线等", "，麻烦了", "？", "，多谢", "，辛苦了", "，请尽快回复",
    "，感谢", "，盼复", "。谢谢您", "，打扰了", "，劳驾", "，拜托", "，谢谢了", "，有劳", "，望告知", "，请指教",
]  # fmt: skip
FAST: dict[str, str] = {}  # the defaults `zhengwuyuan serve` uses
FAST_INT8 = {"ZHENGWUYUAN_ENCODER_BACKEND": "onnx-int8"}  # the same, questions embedded by the quantised model
BASELINE = {  # the serving path before issue 20: one process, one question per model call, no answer cache
    "ZHENGWUYUAN_ANSWER_WORKERS": "0",
    "ZHENGWUYUAN_QUERY_BATCH_WINDOW_MS": "0",
    "ZHENGWUYUAN_ANSWER_CACHE_SIZE": "0",
    "ZHENGWUYUAN_ENCODER_THREADS": "0",
}


def unique_questions(seed: int = 0) -> Iterator[str]:
    """Every opening × question × closing once, shuffled; distinct after the analyzer's normalisation too."""
    questions = [json.loads(x)["question"] for x in Path("eval/dev_questions.jsonl").read_text("utf-8").splitlines()]
    combos = [o + q.rstrip("？?") + c for o, q, c in itertools.product(OPENINGS, questions, CLOSINGS)]
    random.Random(seed).shuffle(combos)
    return iter(dict.fromkeys(combos))


async def _ingests(url: str, document: bytes, seconds: float, out: list[tuple[int, int]]) -> None:
    stop = time.perf_counter() + seconds
    auth = {"Authorization": f"Bearer {TOKEN}"}
    async with httpx.AsyncClient(base_url=url, timeout=120) as client:
        while time.perf_counter() < stop:
            added = await client.post("/api/documents", headers=auth, files={"file": ("2026_天桥区要点.txt", document)})
            removed = await client.delete("/api/documents/2026_天桥区要点", headers=auth)
            out.append((added.status_code, removed.status_code))


def _cpu_ticks(pids: list[int]) -> float:
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / os.sysconf("SC_CLK_TCK")


def _busy_seconds() -> float:
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + values[4]
    return (sum(values[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def _server_pids(url: str, server_pid: int) -> list[int]:
    workers = httpx.get(f"{url}/api/health", timeout=10).json().get("answers", {}).get("workers", [])
    return [server_pid, *(int(w["pid"]) for w in workers)]


async def _measured(url: str, pids: list[int], phase: Any) -> PhaseResult:
    """Run a phase and note the CPU the server, the clients and everything else used meanwhile."""
    load_before, busy, server, began = os.getloadavg()[0], _busy_seconds(), _cpu_ticks(pids), time.perf_counter()
    result: PhaseResult = await phase
    wall = time.perf_counter() - began
    server_cores = (_cpu_ticks(pids) - server) / wall
    client_cores = result.client_cpu_seconds / wall
    result.extra.update(
        server_cores=server_cores,
        client_cores=client_cores,
        other_cores=max(0.0, (_busy_seconds() - busy) / wall - server_cores - client_cores),
        load_before=load_before,
        load_after=os.getloadavg()[0],
    )
    return result


async def _phases(url: str, pids: list[int], clients: int, seconds: float, document: bytes) -> list[PhaseResult]:
    questions = unique_questions()
    ask = ask_requests(questions)
    results = [await _measured(url, pids, run_phase(url, "ping", clients, 15.0, lambda: ("GET", "/api/ping", None)))]
    results.append(await _measured(url, pids, run_phase(url, "ask", clients, seconds, ask)))
    ingests: list[tuple[int, int]] = []
    phase = run_phase(url, "ask+upload", clients, seconds, ask)
    uploads = asyncio.ensure_future(_ingests(url, document, seconds, ingests))
    results.append(await _measured(url, pids, phase))
    await uploads
    results[-1].extra["ingests"] = ingests
    results.append(await _measured(url, pids, run_phase(url, "ask-128", 128, seconds / 2, ask)))
    return results


def _one(index_dir: Path, scratch: Path, env: dict[str, str], clients: int, seconds: float) -> dict[str, Any]:
    source = Path("knowledge_base/documents/2025_济南市市中区_政务公开工作要点.txt").read_text(encoding="utf-8")
    document = source.replace("市中区", "天桥区").replace("2025", "2026").encode("utf-8")
    copy = scratch / "index"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(index_dir, copy)
    server_env = {
        "ZHENGWUYUAN_ADMIN_TOKEN": TOKEN,
        "ZHENGWUYUAN_RATE_LIMIT_PER_MINUTE": "100000000",
        "ZHENGWUYUAN_LOG_DIR": str(scratch / "logs"),
        "ZHENGWUYUAN_SERVER_TIMING": "true",
        **env,
    }
    with running_server_pid(copy, server_env, timeout=600) as (url, ready, pid):
        pids = _server_pids(url, pid)
        results = asyncio.run(_phases(url, pids, clients, seconds, document))
        health = httpx.get(f"{url}/api/health", timeout=10).json()
    return {
        "env": env,
        "ready_seconds": ready,
        "phases": [r.summary() for r in results],
        "stages": {r.label: stage_timings(r.replies) for r in results if r.label != "ping"},
        "workers": health.get("answers", {}),
        "answer_cache": health.get("answer_cache", {}),
    }


def run(
    index_dir: Path, report: Path, clients: int = 32, seconds: float = 60.0, compare: bool = True, int8: bool = False
) -> dict[str, Any]:
    """Measure the fast configuration (with ``compare``, the baseline first; with ``int8``, also with questions
    embedded by the quantised model), write ``report`` and the raw figures beside it (``.json``)."""
    configurations = [("baseline", BASELINE)] if compare else []
    configurations += [("fast", FAST)] + ([("fast-int8", FAST_INT8)] if int8 else [])
    runs: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="zhengwuyuan-load-") as scratch:
        for name, env in configurations:
            runs[name] = _one(index_dir, Path(scratch), env, clients, seconds)
    write_report(report, runs, clients, seconds, os.cpu_count() or 0)
    report.with_suffix(".json").write_text(json.dumps(runs, ensure_ascii=False, indent=1), encoding="utf-8")
    return runs
