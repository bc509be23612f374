"""Where ``/api/ask`` gets its answers: in this process's thread pool, or from answer worker processes.

Either way a question becomes a :class:`~assistant.serving.answer_cache.CachedAnswer`:
the response body rendered where the answer was made (so the event loop only
writes bytes), plus what the question log needs. :func:`render_answer` is that
one step, shared by both; :class:`InProcessAnswers` runs it off the event loop
in a bounded thread pool, :class:`~assistant.serving.answer_pool.AnswerPool`
in processes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Protocol

from starlette.concurrency import run_in_threadpool

from assistant.answering.answerer import Assistant
from assistant.serving.answer_cache import CachedAnswer
from assistant.serving.responses import answer_payload
from indexer.timing import stage

__all__ = ["AnswerSource", "InProcessAnswers", "Question", "render_answer"]


@dataclass(frozen=True)
class Question:
    """One ``/api/ask`` request as the answering side needs it."""

    text: str
    top_k: int
    region: str | None
    year: int | None


class AnswerSource(Protocol):
    async def ask(self, question: Question) -> CachedAnswer: ...

    def health(self) -> dict[str, object]: ...

    def close(self) -> None: ...


def render_answer(assistant: Assistant, question: Question, field_chars: int, max_bytes: int) -> CachedAnswer:
    """Answer and render the response body (timed as stages ``ask`` and ``serialise``)."""
    with stage("ask"):
        answer = assistant.ask(question.text, top_k=question.top_k, region=question.region, year=question.year)
    with stage("serialise"):
        payload = answer_payload(answer, field_chars, max_bytes)
        body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return CachedAnswer(body, answer.answered, answer.intent, answer.generation)


class InProcessAnswers:
    """Answer in this process, on Starlette's thread pool (the event loop only awaits)."""

    def __init__(self, assistant: Assistant, field_chars: int, max_bytes: int) -> None:
        self.assistant = assistant
        self.field_chars = field_chars
        self.max_bytes = max_bytes

    async def ask(self, question: Question) -> CachedAnswer:
        return await run_in_threadpool(render_answer, self.assistant, question, self.field_chars, self.max_bytes)

    def health(self) -> dict[str, object]:
        return {"mode": "in-process"}

    def close(self) -> None:
        return None
