"""A low-priority pool for index writes, so an upload's parsing and embedding do not starve questions.

Linux keeps a nice value per thread: the pool's threads lower their own
priority when they start, and the parse sandbox they spawn inherits it. The
encoder already releases its lock between chunks of passages, so a question
waiting for the model gets in between; at nice 10 the scheduler also favours
the question's thread on a busy CPU.
"""

from __future__ import annotations

import asyncio
import logging
import os
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

__all__ = ["LowPriorityWorker"]

log = logging.getLogger("zhengwuyuan.api")
T = TypeVar("T")


class LowPriorityWorker:
    """Run blocking writes in threads at ``nice`` (0 = as the server)."""

    def __init__(self, nice: int, threads: int = 2) -> None:
        self.nice = nice
        self._pool = ThreadPoolExecutor(threads, thread_name_prefix="index-writer", initializer=self._lower)

    def _lower(self) -> None:
        if not self.nice or not hasattr(os, "setpriority"):
            return
        thread = threading.get_native_id()
        try:
            os.setpriority(os.PRIO_PROCESS, thread, os.getpriority(os.PRIO_PROCESS, thread) + self.nice)
        except OSError as exc:  # not fatal: the write just runs at normal priority
            log.warning("index writer: could not lower priority: %s", exc)

    async def run(self, function: Callable[..., T], *args: object) -> T:
        return await asyncio.wrap_future(self._pool.submit(function, *args))

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
