"""Start ``zhengwuyuan serve`` on a free loopback port for benchmarks and browser tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from indexer.errors import ZhengwuyuanError

__all__ = ["running_server", "running_server_pid"]


@contextmanager
def running_server(
    index_dir: Path | None = None, env: dict[str, str] | None = None, timeout: float = 120.0
) -> Iterator[tuple[str, float]]:
    """Yield ``(url, seconds until /api/health answered 200)``; the server stops on exit."""
    with running_server_pid(index_dir, env, timeout) as (url, ready, _):
        yield url, ready


@contextmanager
def running_server_pid(
    index_dir: Path | None = None, env: dict[str, str] | None = None, timeout: float = 120.0
) -> Iterator[tuple[str, float, int]]:
    """As :func:`running_server`, with the server's process id (its answer workers are its children)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "assistant.serving.cli", "serve", "--port", str(port)]
    if index_dir is not None:
        command += ["--index-dir", str(index_dir)]
    started = time.perf_counter()
    process = subprocess.Popen(
        command,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "GRADIO_ANALYTICS_ENABLED": "False", **(env or {})},
    )
    url = f"http://127.0.0.1:{port}"
    try:
        while True:
            try:
                if httpx.get(f"{url}/api/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if process.poll() is not None or time.perf_counter() - started > timeout:
                raise ZhengwuyuanError(f"服务未能在 {timeout:.0f} 秒内就绪（退出码 {process.poll()}）")
            time.sleep(0.05)
        yield url, time.perf_counter() - started, process.pid
    finally:
        process.terminate()
        process.wait(timeout=30)
