"""The inside of an answer worker process: load once, then answer questions from the pipe until told to stop.

Started by :class:`~assistant.serving.answer_pool.AnswerPool` with the
server's settings. The worker opens the knowledge base like the server does
(same backend, same generation switch on ``CURRENT`` or the Milvus alias),
with an encoder that batches the questions its threads ask at the same time.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from multiprocessing.connection import Connection
from typing import Any

from assistant.answering.answerer import Assistant
from assistant.serving.answers import Question, render_answer
from assistant.settings import Settings
from indexer.errors import SearchUnavailable
from indexer.timing import record, timed_request

__all__ = ["serve_questions"]

log = logging.getLogger("zhengwuyuan.api")
_WARM_UP = "政务公开工作要点由谁牵头？"


def serve_questions(settings_data: dict[str, Any], conn: Connection, threads: int) -> None:
    """Process entry point: report ``("ready", pid)`` or ``("failed", reason)``, then serve until ``None``."""
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        settings = Settings(**settings_data)
        kb = settings.knowledge_base(settings.encoder(serving=True)).load()
        assistant = Assistant.from_settings(kb, settings)
        assistant.ask(_WARM_UP)  # the analyzer, the gazetteer and the model's first call, before any user waits
    except Exception as exc:  # reported to the server, which fails start-up with it
        conn.send(("failed", f"{type(exc).__name__}: {exc}"))
        return
    conn.send(("ready", os.getpid()))
    lock = threading.Lock()
    with ThreadPoolExecutor(threads, thread_name_prefix="answer") as executor:
        while True:
            try:
                message = conn.recv()
            except (EOFError, OSError):  # the server is gone
                break
            if message is None:
                break
            executor.submit(_answer, assistant, settings, conn, lock, message, time.perf_counter())
    kb.encoder.close()


def _answer(
    assistant: Assistant,
    settings: Settings,
    conn: Connection,
    lock: threading.Lock,
    message: tuple[int, Question],
    received: float,
) -> None:
    request_id, question = message
    with timed_request() as clock:
        record("worker_queue", time.perf_counter() - received)
        try:
            answer = render_answer(assistant, question, settings.max_field_chars, settings.max_response_bytes)
            reply: tuple[int, int, object] = (request_id, 200, answer)
        except SearchUnavailable as exc:
            reply = (request_id, 503, str(exc))
        except Exception:
            log.exception("answer worker: unexpected error")
            reply = (request_id, 500, "服务器内部错误，请稍后再试。")
        record("worker", time.perf_counter() - received)
    try:
        with lock:
            conn.send((*reply, dict(clock.seconds)))
    except (OSError, ValueError):  # the server is gone; the reader loop ends next
        pass
