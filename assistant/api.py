"""The FastAPI app: resources opened once in the lifespan, thin routes, errors as JSON.

``create_app`` builds the index if it is missing, opens the knowledge base,
and mounts the Gradio UI on the same app, so one process serves both.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date
from typing import Annotated, Any

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response

from assistant.answerer import Assistant
from assistant.knowledge import KnowledgeBase
from assistant.schemas import AskRequest, TaskStatus, status_of, tasks_csv, tasks_xlsx
from assistant.settings import Settings
from indexer.errors import IndexStateError
from indexer.store import RecordStore, TaskFilter

__all__ = ["create_app", "ensure_index"]

log = logging.getLogger("zhengwuyuan.api")


def ensure_index(settings: Settings) -> None:
    """Build the shipped knowledge base when no index exists yet."""
    if (settings.index_dir / "CURRENT").exists():
        return
    from indexer.build import build_index
    from indexer.encoder import Encoder
    from indexer.registry import UnitRegistry

    log.info("No index in %s: building it from %s", settings.index_dir, settings.documents_dir)

    def progress(label: str, done: int, total: int) -> None:
        log.info("index: %s (%d/%d)", label, done, total)

    report = build_index(
        [settings.documents_dir],
        settings.index_dir,
        Encoder(settings.model, settings.model_cache_dir),
        UnitRegistry.load(settings.units_file),
        progress,
    )
    for failure in report.failures:
        log.warning("index: skipped %s", failure)
    if report.generation is None:
        raise IndexStateError(f"{settings.documents_dir} 中没有可索引的文档")


def create_app(settings: Settings | None = None, with_ui: bool = True) -> FastAPI:
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        ensure_index(settings)
        kb = KnowledgeBase(settings).load()
        app.state.assistant = Assistant(kb)
        log.info("Knowledge base ready: %s", kb.generation)
        yield
        kb.store.close()  # type: ignore[union-attr]

    app = FastAPI(
        title="AI政务员 API",
        description="政务公开工作要点问答与任务查询。所有回答均来自文件条款，附出处。",
        version="0.1.0",
        lifespan=lifespan,
    )
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(Exception, _unexpected_error)
    _routes(app)
    if with_ui:
        from assistant.ui import mount_ui

        mount_ui(app)
    return app


def get_assistant(request: Request) -> Assistant:
    return request.app.state.assistant


AssistantDep = Annotated[Assistant, Depends(get_assistant)]


def _check_region(assistant: Assistant, region: str | None) -> None:
    if region and not any(region in r or r.endswith(region) for r in assistant.kb.regions):
        raise HTTPException(
            status_code=422,
            detail=f"region：知识库中没有“{region}”的文件；可选地区：{'、'.join(assistant.kb.regions)}",
        )


class TaskQuery:
    """The task filters shared by /api/tasks, .csv and .xlsx (one dependency, three routes)."""

    def __init__(
        self,
        unit: str | None = Query(None, max_length=40, description="单位，支持简称与别名"),
        region: str | None = Query(None, max_length=30, description="地区，如 章丘区"),
        year: int | None = Query(None, ge=2000, le=2100),
        due_before: date | None = Query(None, description="截止日期不晚于（YYYY-MM-DD）"),
        due_after: date | None = Query(None, description="截止日期不早于（YYYY-MM-DD）"),
        status: TaskStatus | None = Query(None, description="upcoming / overdue / ongoing / unspecified"),
    ) -> None:
        self.unit, self.region, self.year, self.status = unit, region, year, status
        self.due_before, self.due_after = due_before, due_after

    def run(self, assistant: Assistant) -> list[dict[str, Any]]:
        _check_region(assistant, self.region)
        store: RecordStore = assistant.kb.store  # type: ignore[assignment]
        task_filter = TaskFilter(
            region=self.region,
            year=self.year,
            due_before=self.due_before.isoformat() if self.due_before else None,
            due_after=self.due_after.isoformat() if self.due_after else None,
        )
        if self.unit:
            rows = [(m.record, m.collective) for m in store.unit_tasks(self.unit, task_filter)]
        else:
            rows = [(r, False) for r in store.tasks(task_filter)]
        today = date.today()
        items = []
        for record, collective in rows:
            if self.status and status_of(record, today) != self.status:
                continue
            item = record.to_dict()
            item.pop("kind")
            item["status"] = status_of(record, today).value
            if collective:
                item["collective"] = True
            items.append(item)
        return items


TaskQueryDep = Annotated[TaskQuery, Depends()]


def _routes(app: FastAPI) -> None:
    @app.post("/api/ask", summary="提问：返回带出处的回答")
    def ask(body: AskRequest, assistant: AssistantDep) -> dict[str, Any]:
        _check_region(assistant, body.region)
        return assistant.ask(body.question, top_k=body.top_k, region=body.region, year=body.year).to_dict()

    @app.get("/api/tasks", summary="任务列表")
    def tasks(assistant: AssistantDep, query: TaskQueryDep) -> list[dict[str, Any]]:
        return query.run(assistant)

    @app.get("/api/tasks.csv", summary="任务列表（CSV）")
    def tasks_as_csv(assistant: AssistantDep, query: TaskQueryDep) -> Response:
        return _download(tasks_csv(query.run(assistant)), "tasks.csv", "text/csv; charset=utf-8")

    @app.get("/api/tasks.xlsx", summary="任务列表（Excel）")
    def tasks_as_xlsx(assistant: AssistantDep, query: TaskQueryDep) -> Response:
        xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        return _download(tasks_xlsx(query.run(assistant)), "tasks.xlsx", xlsx)

    @app.get("/api/documents", summary="知识库中的文件")
    def documents(assistant: AssistantDep) -> list[dict[str, Any]]:
        store: RecordStore = assistant.kb.store  # type: ignore[assignment]
        result = []
        for document in assistant.kb.documents:
            records = store.tasks(TaskFilter(doc_id=document.id))
            item = document.to_dict()
            item.pop("path")
            item["tasks"] = len(records)
            item["units"] = len({u for r in records for u in r.units})
            item["dated_tasks"] = sum(1 for r in records if r.deadline.kind == "date")
            result.append(item)
        return result

    @app.get("/api/units", summary="单位（含别名与任务数）")
    def units(
        assistant: AssistantDep, region: str | None = Query(None, max_length=30, description="地区，如 章丘区")
    ) -> list[dict[str, Any]]:
        _check_region(assistant, region)
        store: RecordStore = assistant.kb.store  # type: ignore[assignment]
        return [
            {"region": r, "unit": canonical, "aliases": names, "tasks": count, "collective": collective}
            for r, canonical, names, count, collective in store.units(
                next((x for x in assistant.kb.regions if region and region in x), None)
            )
        ]

    @app.get("/api/health", summary="健康检查")
    def health(assistant: AssistantDep) -> dict[str, Any]:
        manifest = assistant.kb.manifest
        return {
            "status": "ok",
            "index_format": manifest.get("format_version"),
            "generation": manifest.get("generation"),
            "model": manifest.get("model"),
            "dimension": manifest.get("dimension"),
            "documents": manifest.get("counts", {}).get("documents"),
            "records": manifest.get("counts", {}).get("records"),
        }


def _download(content: bytes, filename: str, media_type: str) -> Response:
    return Response(
        content, media_type=media_type, headers={"Content-Disposition": f'attachment; filename="{filename}"'}
    )


async def _validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    errors = []
    for error in exc.errors():
        location = () if error.get("type") == "json_invalid" else error.get("loc", ())
        field = ".".join(str(p) for p in location if p not in ("body", "query"))
        errors.append({"field": field or "body", "message": error.get("msg", "")})
    detail = "；".join(f"{e['field']}：{e['message']}" for e in errors)
    return JSONResponse(status_code=422, content={"detail": f"请求参数有误：{detail}", "errors": errors})


async def _unexpected_error(request: Request, exc: Exception) -> JSONResponse:
    log.exception("Unhandled error on %s", request.url.path)
    return JSONResponse(status_code=500, content={"detail": "服务器内部错误，请稍后再试。"})
