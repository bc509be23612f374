"""Public API routes: ask, tasks (JSON, CSV, Excel), documents, units, health, ping."""

from __future__ import annotations

import json
import time
from dataclasses import replace
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response

from assistant.answering.tasks import (
    TaskOrder,
    TaskQuery,
    TaskRow,
    TaskStatus,
    UnknownRegion,
    check_region,
    document_overview,
    list_tasks,
)
from assistant.serving.answer_cache import CacheKey, normalised_question
from assistant.serving.answers import Question
from assistant.serving.deps import AssistantDep, ResourcesDep, SettingsDep, SnapshotDep, TodayDep
from assistant.serving.exports import tasks_csv, tasks_xlsx
from assistant.serving.limits import client_address
from assistant.serving.responses import clip_item, page_response, reply_payload
from assistant.serving.schemas import AskRequest
from indexer.index.reader import Snapshot
from indexer.timing import StageClock, timed_request

__all__ = ["router"]

router = APIRouter(prefix="/api")
_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def task_query(
    unit: str | None = Query(None, max_length=40, description="单位，支持简称与别名"),
    region: str | None = Query(None, max_length=30, description="地区，如 章丘区"),
    year: int | None = Query(None, ge=2000, le=2100),
    due_before: date | None = Query(None, description="截止日期不晚于（YYYY-MM-DD）"),
    due_after: date | None = Query(None, description="截止日期不早于（YYYY-MM-DD）"),
    status: TaskStatus | None = Query(None, description="upcoming / overdue / ongoing / unspecified"),
    order: TaskOrder = Query(TaskOrder.document, description="document：按文件（默认）；date：按完成时限"),
) -> TaskQuery:
    """The task filters shared by /api/tasks, .csv and .xlsx."""
    return TaskQuery(unit, region, year, due_before, due_after, status, order=order)


TaskQueryDep = Annotated[TaskQuery, Depends(task_query)]


def page_params(
    offset: int = Query(0, ge=0, le=10_000_000, description="从第几项开始（0 起）"),
    limit: int | None = Query(None, ge=1, le=100_000, description="最多返回几项（另受响应大小上限约束）"),
) -> tuple[int, int | None]:
    """Paging shared by the list routes; see :mod:`assistant.serving.responses`."""
    return offset, limit


PageDep = Annotated[tuple[int, int | None], Depends(page_params)]


def _rows(snapshot: Snapshot, query: TaskQuery, today: date) -> list[TaskRow]:
    try:
        return list_tasks(snapshot.store, query, today)
    except UnknownRegion as exc:
        raise HTTPException(422, detail=f"region：{exc}") from exc


def _check_region(snapshot: Snapshot, region: str | None) -> None:
    try:
        check_region(snapshot.regions, region)
    except UnknownRegion as exc:
        raise HTTPException(422, detail=f"region：{exc}") from exc


@router.post("/ask", summary="提问：返回带出处的回答")
async def ask(body: AskRequest, request: Request, resources: ResourcesDep, settings: SettingsDep) -> Response:
    """Rate-limited per client (the same limiter as the web chat); the log is best-effort.

    A question sent without ``conversation_id`` stands alone, like ``ask --json``: it is answered off the event
    loop (answer processes, or the thread pool) and a question asked before in the same generation on the same
    day is served from the answer cache. With a ``conversation_id`` — this client's, still alive, or an empty
    string to start one — it is read in its conversation (follow-ups, ask-backs, the default place; issue 18),
    in the thread pool, and the response returns the id.
    """
    began = time.perf_counter()
    with timed_request() as clock:
        client = _admit(body, request, resources, settings)
        snapshot = resources.assistant.kb.current()
        _check_region(snapshot, body.region)
        if body.conversation_id is not None:
            payload = await run_in_threadpool(_converse, body, client, resources, settings)
            content = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        else:
            content = await _stand_alone(body, snapshot, resources, settings, clock)
    headers = {}
    if settings.server_timing:
        clock.add("handler", time.perf_counter() - began)
        headers["Server-Timing"] = clock.header()
    return Response(content, media_type="application/json", headers=headers)


async def _stand_alone(
    body: AskRequest, snapshot: Snapshot, resources: ResourcesDep, settings: SettingsDep, clock: StageClock
) -> bytes:
    """One question on its own: from the answer cache, or the answer processes."""
    question = Question(body.question, body.top_k or settings.top_k, body.region, body.year)
    key = CacheKey(
        normalised_question(body.question), question.top_k, body.region, body.year, snapshot.generation, date.today()
    )
    answer = resources.answer_cache.get(key)
    if answer is None:
        answer = await resources.answers.ask(question)
        resources.answer_cache.put(CacheKey(**{**key.__dict__, "generation": answer.generation}), answer)
    else:
        clock.add("cache_hit", 0.0)
    resources.question_log.write(body.question, answer.answered, answer.intent, answer.generation)
    return answer.body


def _converse(body: AskRequest, client: str, resources: ResourcesDep, settings: SettingsDep) -> dict[str, Any]:
    """A question in its conversation: the state is this client's, read and saved around one dialogue turn."""
    opened = resources.conversations.open(body.conversation_id or None, client)
    dialogue = replace(resources.dialogue, top_k=body.top_k or settings.top_k)
    reply, state = dialogue.ask(body.question, opened.state, region=body.region, year=body.year)
    resources.conversations.save(opened.conversation_id, client, state)
    reply.conversation_id, reply.notice = opened.conversation_id, opened.notice
    answer = reply.answer
    resources.question_log.write(
        body.question, answer.answered and not reply.asks_back, answer.intent, answer.generation
    )
    return reply_payload(reply, settings.max_field_chars, settings.max_response_bytes)


def _admit(body: AskRequest, request: Request, resources: ResourcesDep, settings: SettingsDep) -> str:
    """The per-client rate limit and the question's length, checked before any work; the client's address."""
    client = client_address(
        request.client.host if request.client else None,
        request.headers.get("x-forwarded-for"),
        settings.trusted_proxies,
    )
    retry = resources.rate_limiter.retry_after(client)
    if retry:
        raise HTTPException(429, detail=f"提问过于频繁，请 {retry} 秒后再试", headers={"Retry-After": str(retry)})
    if len(body.question) > (limit := settings.max_question_chars):
        detail = f"请求参数有误：question：问题过长（{len(body.question)} 字），上限 {limit} 字"
        raise HTTPException(422, detail=detail)
    return client


@router.get("/tasks", summary="任务列表（分页：offset/limit，响应头 X-Total-Count、X-Truncated、X-Next-Offset）")
def tasks(
    snapshot: SnapshotDep, query: TaskQueryDep, today: TodayDep, page: PageDep, settings: SettingsDep
) -> JSONResponse:
    items = [clip_item(row.to_dict(), settings.max_field_chars) for row in _rows(snapshot, query, today)]
    return page_response(items, *page, settings.max_response_bytes)


@router.get("/tasks.csv", summary="任务列表（CSV）")
def tasks_as_csv(snapshot: SnapshotDep, query: TaskQueryDep, today: TodayDep) -> Response:
    return _download(tasks_csv(_rows(snapshot, query, today)), "tasks.csv", "text/csv; charset=utf-8")


@router.get("/tasks.xlsx", summary="任务列表（Excel）")
def tasks_as_xlsx(snapshot: SnapshotDep, query: TaskQueryDep, today: TodayDep) -> Response:
    return _download(tasks_xlsx(_rows(snapshot, query, today)), "tasks.xlsx", _XLSX)


@router.get("/documents", summary="知识库中的文件（分页同 /api/tasks）")
def documents(snapshot: SnapshotDep, page: PageDep, settings: SettingsDep) -> JSONResponse:
    items = [clip_item(overview.to_dict(), settings.max_field_chars) for overview in document_overview(snapshot.store)]
    return page_response(items, *page, settings.max_response_bytes)


@router.get("/units", summary="单位（含别名与任务数；分页同 /api/tasks）")
def units(
    snapshot: SnapshotDep,
    page: PageDep,
    settings: SettingsDep,
    region: str | None = Query(None, max_length=30, description="地区，如 章丘区"),
) -> JSONResponse:
    _check_region(snapshot, region)
    region_name = next((x for x in snapshot.regions if region and region in x), None)
    items = [
        {"region": u.region, "unit": u.canonical, "aliases": u.names, "tasks": u.tasks, "collective": u.collective}
        for u in snapshot.store.units(region_name)
    ]
    limit = settings.max_field_chars
    return page_response([clip_item(item, limit) for item in items], *page, settings.max_response_bytes)


@router.get("/health", summary="健康检查")
def health(assistant: AssistantDep, snapshot: SnapshotDep, resources: ResourcesDep) -> dict[str, Any]:
    question_log = resources.question_log
    manifest = snapshot.manifest
    problem = assistant.kb.problem
    return {
        "status": "degraded" if problem else "ok",
        "problem": problem,
        "index_format": manifest.get("format_version"),
        "generation": snapshot.generation,
        "model": manifest.get("model"),
        "dimension": manifest.get("dimension"),
        "documents": manifest.get("counts", {}).get("documents"),
        "records": manifest.get("counts", {}).get("records"),
        "question_log": question_log.health(),
        "search_backend": assistant.kb.backend.name,
        "answers": resources.answers.health(),
        "answer_cache": resources.answer_cache.health(),
    }


@router.get("/ping", summary="存活探测：不读索引、不做任何计算")
def ping() -> dict[str, bool]:
    """For load balancers, and the load test's yardstick for what the framework alone costs."""
    return {"ok": True}


def _download(content: bytes, filename: str, media_type: str) -> Response:
    return Response(
        content, media_type=media_type, headers={"Content-Disposition": f'attachment; filename="{filename}"'}
    )
