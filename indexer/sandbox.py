"""Parse an untrusted file in a separate process with time and memory limits.

An uploaded file reaches the parser only here: a fresh interpreter (spawn, not
fork, so it inherits none of the server's memory), an address-space cap, and a
wall-clock deadline after which the child is killed.
"""

from __future__ import annotations

import multiprocessing
import resource
from pathlib import Path

from indexer.errors import DocumentError
from indexer.models import Document, TaskRecord

__all__ = ["parse_untrusted"]

_CONTEXT = multiprocessing.get_context("spawn")


def _child(path: str, name: str, memory_bytes: int, connection) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    try:
        from indexer.build import parse_file

        document, records = parse_file(Path(path), name)
        connection.send(("ok", document.to_dict(), [r.to_dict() for r in records]))
    except DocumentError as exc:
        connection.send(("error", exc.problem, None))
    except MemoryError:
        connection.send(("error", "解析时内存超出上限，文件可能过大或已损坏", None))
    except Exception as exc:  # any parser crash on hostile input becomes a refusal
        connection.send(("error", f"无法解析（{type(exc).__name__}）", None))
    finally:
        connection.close()


def parse_untrusted(
    path: Path, display_name: str, timeout: float = 30.0, memory_mb: int = 1024
) -> tuple[Document, list[TaskRecord]]:
    """Parse ``path`` in a child process; errors name ``display_name``, never the stored path."""
    receiver, sender = _CONTEXT.Pipe(duplex=False)
    process = _CONTEXT.Process(
        target=_child, args=(str(path), display_name, memory_mb * 1024 * 1024, sender), daemon=True
    )
    process.start()
    sender.close()
    try:
        if not receiver.poll(timeout):
            raise DocumentError(display_name, f"解析超时（超过 {timeout:.0f} 秒），已终止")
        status, payload, records = receiver.recv()
    except EOFError:
        raise DocumentError(display_name, "解析进程异常退出（可能超出内存上限）") from None
    finally:
        if process.is_alive():
            process.kill()
        process.join(timeout=5)
        receiver.close()
    if status != "ok":
        raise DocumentError(display_name, payload)
    return Document.from_dict(payload), [TaskRecord.from_dict(r) for r in records]
