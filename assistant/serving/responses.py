"""Bounded responses: no answer or list is larger than ``ZHENGWUYUAN_MAX_RESPONSE_BYTES``.

One oversized record once made every anonymous ask return 30–50 MB. Two rules
now bound every JSON response:

* **Fields are clipped.** A string longer than ``ZHENGWUYUAN_MAX_FIELD_CHARS``
  ends in "…全文见出处"; each citation and task carries ``source``
  (``doc_id``, ``path``, ``line_start``, ``line_end``) so the full text can be
  found in the document.
* **Lists are cut, never silently.** ``/api/tasks``, ``/api/documents`` and
  ``/api/units`` stay JSON arrays (the old contract) and are paginated:
  ``offset`` and ``limit`` query parameters, and the headers ``X-Total-Count``,
  ``X-Truncated`` (``true`` when items were left off) and ``X-Next-Offset``
  (where the next page starts). ``/api/ask`` is an object: when citations had
  to be dropped it gains ``"truncated": true`` and ``"citations_total"``.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi.responses import JSONResponse

from assistant.answering.answerer import Answer
from assistant.conversation.reply import Reply

__all__ = ["CLIPPED", "answer_payload", "clip", "clip_item", "page_response", "reply_payload", "size_of"]

CLIPPED = "…全文见出处"


def size_of(value: object) -> int:
    """Bytes of ``value`` as the API renders it (UTF-8 JSON, non-ASCII kept)."""
    return len(json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit] + CLIPPED


def clip_item(item: dict[str, Any], limit: int) -> dict[str, Any]:
    """Clip every string (and every string in a list) of one JSON object; lists keep at most ``limit`` entries."""
    clipped: dict[str, Any] = {}
    for key, value in item.items():
        if isinstance(value, str):
            clipped[key] = clip(value, limit)
        elif isinstance(value, list):
            clipped[key] = [clip(v, limit) if isinstance(v, str) else v for v in value[:limit]]
        elif isinstance(value, dict):
            clipped[key] = clip_item(value, limit)
        else:
            clipped[key] = value
    return clipped


def answer_payload(answer: Answer, field_chars: int, max_bytes: int) -> dict[str, Any]:
    """The answer's JSON with clipped citations, each pointing at its source lines; trimmed to ``max_bytes``."""
    payload = answer.to_dict()
    # Clipped fields, but the unclipped source lines each citation already carries.
    citations = [{**clip_item(item, field_chars), "source": item["source"]} for item in payload["citations"]]
    payload["citations"] = citations
    total = len(citations)
    size = size_of(payload)
    if size > max_bytes:
        payload["truncated"], payload["citations_total"] = True, total
        size = size_of(payload)
        while citations and size > max_bytes:
            size -= size_of(citations.pop()) + 1
        if size > max_bytes:  # the answer text alone is too long: a char is at most 4 bytes
            payload["text"] = clip(payload["text"], max(0, max_bytes // 4 - 200))
    return payload


def reply_payload(reply: Reply, field_chars: int, max_bytes: int) -> dict[str, Any]:
    """A conversation turn's JSON: the answer's, bounded like :func:`answer_payload`, with the conversation fields
    (``conversation_id``, ``turn``, ``understood``, ``choices``, ``notice``); an ask-back is ``"outcome": "ask"``."""
    answer = reply.answer.to_dict()
    extra = {k: v for k, v in reply.to_dict().items() if k not in answer}
    extra["choices"] = [clip_item(c, field_chars) for c in extra["choices"]]
    payload = answer_payload(reply.answer, field_chars, max_bytes - size_of(extra) - len(reply.notice) * 4)
    payload.update(extra)
    if reply.notice:
        payload["text"] = f"{reply.notice}\n{payload['text']}"
    if reply.asks_back:
        payload["answered"], payload["outcome"] = False, "ask"
    return payload


def page_response(items: list[dict[str, Any]], offset: int, limit: int | None, max_bytes: int) -> JSONResponse:
    """``items[offset:offset + limit]``, as many as fit in ``max_bytes``, with the paging headers."""
    total = len(items)
    budget = max_bytes - 2  # the brackets
    kept: list[dict[str, Any]] = []
    stop = total if limit is None else min(total, offset + limit)
    for item in items[offset:stop]:
        cost = size_of(item) + (1 if kept else 0)
        if cost > budget:
            break
        kept.append(item)
        budget -= cost
    following = offset + len(kept)
    headers = {"X-Total-Count": str(total), "X-Truncated": "true" if following < total else "false"}
    if following < total:
        headers["X-Next-Offset"] = str(following)
    return JSONResponse(kept, headers=headers)
