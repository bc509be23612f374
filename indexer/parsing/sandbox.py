"""Parse an untrusted file in a separate process with time and memory limits.

An uploaded file reaches the parser only here: a fresh interpreter (spawn, not
fork, so it inherits none of the server's memory), an address-space cap, and a
wall-clock deadline after which the child is killed.
"""

from __future__ import annotations

import multiprocessing
import resource
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

from indexer.errors import DocumentError
from indexer.models import ParsedDocument
from indexer.parsing.identity.declared import Declaration

__all__ = ["SandboxLimits", "parse_untrusted"]


@dataclass(frozen=True)
class SandboxLimits:
    """How long and how much memory one untrusted parse may take."""

    timeout_seconds: float = 180.0
    memory_mb: int = 2048


_CONTEXT = multiprocessing.get_context("spawn")


def _child(path: str, name: str, declared: Declaration, memory_bytes: int, connection: Connection) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    try:
        from indexer.parsing.parse import parse_file

        parsed = parse_file(Path(path), name, declared)
        connection.send(("ok", parsed.to_dict()))
    except DocumentError as exc:
        connection.send(("error", exc.problem))
    except MemoryError:
        connection.send(("error", "解析时内存超出上限，文件可能过大或已损坏"))
    except Exception as exc:  # any parser crash on hostile input becomes a refusal
        connection.send(("error", f"无法解析（{type(exc).__name__}）"))
    finally:
        connection.close()


def parse_untrusted(
    path: Path, display_name: str, limits: SandboxLimits = SandboxLimits(), declared: Declaration | None = None
) -> ParsedDocument:
    """Parse ``path`` in a child process; errors name ``display_name``, never the stored path.

    ``declared`` is the operator's region and year (already validated), which the parse gives the document.
    """
    timeout, memory_mb = limits.timeout_seconds, limits.memory_mb
    receiver, sender = _CONTEXT.Pipe(duplex=False)
    process = _CONTEXT.Process(
        target=_child,
        args=(str(path), display_name, declared or Declaration(), memory_mb * 1024 * 1024, sender),
        daemon=True,
    )
    process.start()
    sender.close()
    try:
        if not receiver.poll(timeout):
            raise DocumentError(display_name, f"解析超时（超过 {timeout:.0f} 秒），已终止")
        status, payload = receiver.recv()
    except EOFError:
        raise DocumentError(display_name, "解析进程异常退出（可能超出内存上限）") from None
    finally:
        if process.is_alive():
            process.kill()
        process.join(timeout=5)
        receiver.close()
    if status != "ok":
        raise DocumentError(display_name, payload)
    return ParsedDocument.from_dict(payload)
