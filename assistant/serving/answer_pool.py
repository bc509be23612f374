"""Answer worker processes: questions answered on every core, not on one interpreter's lock.

A question's work outside the model — analysis, fusion, excerpts, templates,
rendering — is Python, and one process runs Python on one core at a time.
The pool starts ``workers`` processes (one per core by default); each opens
the current generation itself (its index files by memory map, so the pages
are shared) and its own encoder, answers up to ``threads`` questions at once
(so concurrent questions fill one encoder batch), and sends back the rendered
response body. The server's event loop only validates, looks up the answer
cache and writes bytes.

A worker that dies fails its questions with 503 and is started again; a
worker that cannot start (no index, Milvus unreachable) fails start-up with
its reason.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import multiprocessing
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any

from fastapi import HTTPException

from assistant.serving.answer_cache import CachedAnswer
from assistant.serving.answers import Question
from assistant.serving.worker_main import serve_questions
from assistant.settings import Settings
from indexer.errors import ZhengwuyuanError
from indexer.timing import current_clock

__all__ = ["AnswerPool"]

log = logging.getLogger("zhengwuyuan.api")
_START_TIMEOUT = 900.0  # the first start may export the model to ONNX
_BUSY = "服务暂时繁忙，请稍后再试。"


@dataclass
class _Worker:
    number: int
    process: Any  # multiprocessing's spawn-context Process
    conn: Connection
    pid: int
    pending: dict[int, tuple[asyncio.Future[Any], asyncio.AbstractEventLoop, float]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    alive: bool = True


class AnswerPool:
    """``workers`` answer processes of ``threads`` threads each; see the module docstring."""

    def __init__(self, settings: Settings, workers: int, threads: int) -> None:
        self.settings = settings
        self.size = workers
        self.threads = threads
        self._context = multiprocessing.get_context("spawn")  # no fork of a process that holds threads
        self._workers: list[_Worker] = []
        self._ids = itertools.count()
        self._closed = False

    def start(self) -> AnswerPool:
        """Start every worker and wait until each has loaded the model and the index (blocking)."""
        launched = [self._launch(number) for number in range(self.size)]  # they load side by side
        try:
            self._workers = [self._ready(number, process, conn) for number, (process, conn) in enumerate(launched)]
        except ZhengwuyuanError:
            for process, _ in launched:
                if process.is_alive():
                    process.kill()
            raise
        return self

    def _spawn(self, number: int) -> _Worker:
        return self._ready(number, *self._launch(number))

    def _launch(self, number: int) -> tuple[Any, Connection]:
        ours, theirs = self._context.Pipe()
        process = self._context.Process(
            target=serve_questions,
            args=(self.settings.model_dump(), theirs, self.threads),
            name=f"zhengwuyuan-answers-{number}",
            daemon=True,
        )
        process.start()
        theirs.close()
        return process, ours

    def _ready(self, number: int, process: Any, ours: Connection) -> _Worker:
        if not ours.poll(_START_TIMEOUT):
            process.kill()
            raise ZhengwuyuanError(f"回答进程 {number} 未能在 {_START_TIMEOUT:.0f} 秒内就绪")
        try:
            status, detail = ours.recv()
        except EOFError:
            status, detail = "failed", f"退出码 {process.exitcode}"
        if status != "ready":
            process.join(timeout=5)
            raise ZhengwuyuanError(f"回答进程 {number} 启动失败：{detail}")
        worker = _Worker(number, process, ours, int(detail))
        threading.Thread(target=self._read, args=(worker,), name=f"answers-{number}-reader", daemon=True).start()
        return worker

    async def ask(self, question: Question) -> CachedAnswer:
        alive = [w for w in self._workers if w.alive]
        if not alive:
            raise HTTPException(503, detail=_BUSY)
        worker = min(alive, key=lambda w: len(w.pending))
        loop = asyncio.get_running_loop()
        future: asyncio.Future[Any] = loop.create_future()
        request_id = next(self._ids)
        began = time.perf_counter()
        worker.pending[request_id] = (future, loop, began)
        try:
            with worker.lock:
                worker.conn.send((request_id, question))
        except (OSError, ValueError):
            worker.pending.pop(request_id, None)
            raise HTTPException(503, detail=_BUSY) from None
        status, result, seconds = await future
        clock = current_clock()
        if clock is not None:
            for name, value in seconds.items():
                clock.add(name, value)
            clock.add("ipc", time.perf_counter() - began - seconds.get("worker", 0.0))
        if status != 200:
            raise HTTPException(status, detail=result)
        answer: CachedAnswer = result
        return answer

    def _read(self, worker: _Worker) -> None:
        """Hand each reply to the question waiting for it; when the worker dies, fail its questions and restart it."""
        while True:
            try:
                request_id, status, result, seconds = worker.conn.recv()
            except (EOFError, OSError):
                break
            waiting = worker.pending.pop(request_id, None)
            if waiting is not None:
                future, loop, _ = waiting
                loop.call_soon_threadsafe(_settle, future, (status, result, seconds))
        worker.alive = False
        for future, loop, _ in list(worker.pending.values()):
            loop.call_soon_threadsafe(_settle, future, (503, _BUSY, {}))
        worker.pending.clear()
        if not self._closed:
            log.error("回答进程 %d（pid %d）已退出，正在重新启动", worker.number, worker.pid)
            threading.Thread(target=self._restart, args=(worker.number,), daemon=True).start()

    def _restart(self, number: int) -> None:
        for attempt in itertools.count():
            if self._closed:
                return
            try:
                self._workers[number] = self._spawn(number)
                return
            except ZhengwuyuanError as exc:
                log.error("回答进程 %d 重启失败（第 %d 次）：%s", number, attempt + 1, exc)
                time.sleep(min(30.0, 1.0 + attempt))

    def health(self) -> dict[str, object]:
        return {"mode": "workers", "workers": [_describe(w) for w in self._workers]}

    def close(self) -> None:
        self._closed = True
        for worker in self._workers:
            try:
                with worker.lock:
                    worker.conn.send(None)
            except (OSError, ValueError):
                pass
        for worker in self._workers:
            worker.process.join(timeout=5)
            if worker.process.is_alive():
                worker.process.kill()


def _settle(future: asyncio.Future[Any], value: tuple[int, object, dict[str, float]]) -> None:
    if not future.done():
        future.set_result(value)


def _describe(worker: _Worker) -> dict[str, object]:
    memory = _memory(worker.pid) if worker.alive else {}
    return {"pid": worker.pid, "alive": worker.alive, "in_flight": len(worker.pending), **memory}


def _memory(pid: int) -> dict[str, float]:
    """Resident and proportional set size in MB (shared pages counted once per sharer in ``pss_mb``)."""
    fields: dict[str, float] = {}
    readers: list[tuple[str, str, Callable[[str], bool]]] = [
        (f"/proc/{pid}/status", "rss_mb", lambda line: line.startswith("VmRSS:")),
        (f"/proc/{pid}/smaps_rollup", "pss_mb", lambda line: line.startswith("Pss:")),
    ]
    for path, name, wanted in readers:
        try:
            with open(path, encoding="ascii") as handle:
                line = next((x for x in handle if wanted(x)), "")
        except OSError:
            continue
        if line:
            fields[name] = round(int(line.split()[1]) / 1024, 1)
    return fields
