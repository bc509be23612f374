"""Per-request stage timings: where a question's time goes (encode, dense, keyword, …), measured in place.

A request that wants its stages timed opens a :class:`StageClock` with
:func:`timed_request`; code on the request's path wraps its work in
``with stage("dense"):`` or reports a duration with :func:`record`. Without
a clock (the CLI, the indexer, requests that did not ask) both cost one
context-variable read. The clock travels with the request's context, into the
thread pool that runs it, so nothing is passed down by hand.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

__all__ = ["StageClock", "current_clock", "record", "stage", "timed_request"]


@dataclass
class StageClock:
    """Seconds spent per stage name (a stage entered twice adds up)."""

    seconds: dict[str, float] = field(default_factory=dict)

    def add(self, name: str, seconds: float) -> None:
        self.seconds[name] = self.seconds.get(name, 0.0) + seconds

    def header(self) -> str:
        """The stages as a ``Server-Timing`` header value (milliseconds)."""
        return ", ".join(f"{name};dur={seconds * 1000:.3f}" for name, seconds in self.seconds.items())


_clock: ContextVar[StageClock | None] = ContextVar("zhengwuyuan_stage_clock", default=None)


def current_clock() -> StageClock | None:
    return _clock.get()


@contextmanager
def timed_request() -> Iterator[StageClock]:
    """Time the stages of everything run inside this block (in this context and threads it hands work to)."""
    clock = StageClock()
    token = _clock.set(clock)
    try:
        yield clock
    finally:
        _clock.reset(token)


def record(name: str, seconds: float) -> None:
    """Add ``seconds`` to stage ``name`` of the current request, if it is timed."""
    clock = _clock.get()
    if clock is not None:
        clock.add(name, seconds)


@contextmanager
def stage(name: str) -> Iterator[None]:
    """Time the block as stage ``name`` of the current request, if it is timed: wall time as ``name``, the
    thread's CPU time as ``name_cpu``."""
    clock = _clock.get()
    if clock is None:
        yield
        return
    began, cpu = time.perf_counter(), time.thread_time()
    try:
        yield
    finally:
        clock.add(name, time.perf_counter() - began)
        clock.add(f"{name}_cpu", time.thread_time() - cpu)  # this thread's CPU: the wall time less waits (the GIL)
