"""Micro-batched query encoding: concurrent questions share one model call.

One forward pass over 16 short questions costs about 9.5 ms of CPU per
question on this machine against 16 ms for a question alone (eval/LOAD.md),
and a single thread feeding the model keeps its intra-op threads from
fighting the request threads for the two cores. :class:`QueryBatcher` owns that
thread: a question waits at most ``window`` seconds for others to join it,
then the whole batch is embedded in one call and every waiting question gets
its row. Under load the next batch has already gathered while the previous
one ran, so the window is only paid when the server is nearly idle.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass

import numpy as np

__all__ = ["BatchStats", "QueryBatcher"]

log = logging.getLogger("zhengwuyuan.encoder")
Embed = Callable[[list[str]], np.ndarray]


@dataclass(frozen=True)
class BatchStats:
    """What one question's batch cost: its wait before the model ran, the model call (wall, and the CPU of
    the batch thread divided among the batch's questions), and the batch's size."""

    waited: float
    encoded: float
    cpu_share: float
    size: int


@dataclass
class _Pending:
    text: str
    queued: float
    future: Future[tuple[np.ndarray, BatchStats]]


class QueryBatcher:
    """Embed questions from many threads in batches of at most ``max_batch``, gathered for ``window`` seconds."""

    def __init__(self, embed: Embed, window: float = 0.003, max_batch: int = 16) -> None:
        self._embed = embed
        self.window = window
        self.max_batch = max_batch
        self._queue: queue.SimpleQueue[_Pending | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._closed = False

    def submit(self, text: str) -> Future[tuple[np.ndarray, BatchStats]]:
        """Queue ``text``; the future holds its vector and the batch's costs."""
        with self._lock:
            if self._closed:
                raise RuntimeError("query batcher is closed")
            if self._thread is None:  # started on first use: a process that only indexes never has the thread
                self._thread = threading.Thread(target=self._run, name="query-batcher", daemon=True)
                self._thread.start()
        pending = _Pending(text, time.perf_counter(), Future())
        self._queue.put(pending)
        return pending.future

    def encode(self, text: str) -> tuple[np.ndarray, BatchStats]:
        return self.submit(text).result()

    def close(self) -> None:
        """Stop the thread after the questions already queued; safe to call twice."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            thread = self._thread
        self._queue.put(None)
        if thread is not None:
            thread.join(timeout=5)

    def _run(self) -> None:
        while True:
            first = self._queue.get()
            if first is None:
                return
            batch = [first]
            stop = self._gather(batch)
            self._encode(batch)
            if stop:
                return

    def _gather(self, batch: list[_Pending]) -> bool:
        """Add questions until the batch is full or the window after the first one closes; True on close()."""
        deadline = batch[0].queued + self.window
        while len(batch) < self.max_batch:
            try:  # what queued while the previous batch ran is taken at once
                item = self._queue.get_nowait()
            except queue.Empty:
                left = deadline - time.perf_counter()
                if left <= 0:
                    break
                try:
                    item = self._queue.get(timeout=left)
                except queue.Empty:
                    break
            if item is None:
                return True
            batch.append(item)
        return False

    def _encode(self, batch: list[_Pending]) -> None:
        began, cpu = time.perf_counter(), time.thread_time()
        try:
            vectors = self._embed([p.text for p in batch])
        except BaseException as exc:  # every waiter gets the error; the thread keeps serving
            log.exception("query encoding failed for a batch of %d", len(batch))
            for pending in batch:
                pending.future.set_exception(exc)
            return
        took, share = time.perf_counter() - began, (time.thread_time() - cpu) / len(batch)
        for pending, vector in zip(batch, vectors, strict=True):
            pending.future.set_result((vector, BatchStats(began - pending.queued, took, share, len(batch))))
