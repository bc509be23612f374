"""The FastAPI app: resources opened once in the lifespan, thin routes, errors as JSON.

``create_app`` builds the index if it is missing, opens the knowledge base,
and mounts the Gradio UI on the same app, so one process serves both. Admin
routes (add/remove documents) need ``ZHENGWUYUAN_ADMIN_TOKEN``; without it
they are off.
"""

from __future__ import annotations

import hmac
import logging
import re
import tempfile
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from assistant.answerer import Assistant
from assistant.knowledge import KnowledgeBase, Snapshot
from assistant.limits import BodyLimitMiddleware, RateLimiter
from assistant.privacy import QuestionLog
from assistant.schemas import AskRequest, TaskStatus, status_of, tasks_csv, tasks_xlsx
from assistant.settings import Settings
from indexer.catalog import Catalog, UnknownDocument, WriterBusy
from indexer.errors import IndexStateError, ZhengwuyuanError
from indexer.readers import SUPPORTED_SUFFIXES
from indexer.store import TaskFilter

__all__ = ["create_app", "ensure_index"]

log = logging.getLogger("zhengwuyuan.api")
_BAD_NAME = re.compile(r"[\x00-\x1f/\\]|\.\.")


def ensure_index(settings: Settings) -> None:
    """Build the shipped knowledge base when no index exists yet."""
    if (settings.index_dir / "CURRENT").exists():
        return
    from indexer.build import build_index
    from indexer.registry import UnitRegistry

    log.info("No index in %s: building it from %s", settings.index_dir, settings.documents_dir)

    def progress(label: str, done: int, total: int) -> None:
        log.info("index: %s (%d/%d)", label, done, total)

    report = build_index(
        [settings.documents_dir],
        settings.index_dir,
        settings.encoder(),
        UnitRegistry.load(settings.units_file),
        progress,
    )
    for failure in report.failures:
        log.warning("index: skipped %s", failure)
    if report.generation is None:
        raise IndexStateError(f"{settings.documents_dir} 中没有可索引的文档")


class _Preload:
    """Build the index if needed and load the knowledge base in a thread, while the UI is built."""

    def __init__(self, settings: Settings) -> None:
        self.kb = KnowledgeBase(settings)
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, args=(settings,), name="kb-preload", daemon=True)
        self.thread.start()

    def _run(self, settings: Settings) -> None:
        try:
            ensure_index(settings)
            self.kb.load()
        except BaseException as exc:  # handed to the lifespan, which fails start-up with it
            self.error = exc

    def result(self) -> KnowledgeBase:
        self.thread.join()
        if self.error is not None:
            raise self.error
        return self.kb


def create_app(settings: Settings | None = None, with_ui: bool = True) -> FastAPI:
    settings = settings or Settings()
    preload = _Preload(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        kb = await run_in_threadpool(preload.result)
        app.state.assistant = Assistant(kb)
        app.state.catalog = Catalog(settings.index_dir, kb.encoder, kb.registry)
        app.state.rate_limiter = RateLimiter(settings.rate_limit_per_minute)
        app.state.question_log = QuestionLog(settings.log_dir, settings.log_retention_days)
        log.info("Knowledge base ready: %s", kb.current().generation)
        yield

    app = FastAPI(
        title="AI政务员 API",
        description="政务公开工作要点问答与任务查询。所有回答均来自文件条款，附出处。",
        version="0.1.0",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(Exception, _unexpected_error)
    app.add_middleware(
        BodyLimitMiddleware,
        default_limit=settings.max_body_bytes,
        limits={"/api/documents": settings.max_upload_bytes + 64 * 1024},
    )
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST"],
            allow_headers=["content-type"],
        )
    _routes(app)
    _admin_routes(app)
    if with_ui:
        from assistant.ui import mount_ui

        mount_ui(app)
    return app


def get_assistant(request: Request) -> Assistant:
    return request.app.state.assistant


def get_snapshot(request: Request) -> Snapshot:
    """One snapshot per request: everything the request reads comes from one generation."""
    return request.app.state.assistant.kb.current()


AssistantDep = Annotated[Assistant, Depends(get_assistant)]
SnapshotDep = Annotated[Snapshot, Depends(get_snapshot)]


def _check_region(snapshot: Snapshot, region: str | None) -> None:
    if region and not any(region in r or r.endswith(region) for r in snapshot.regions):
        raise HTTPException(
            status_code=422,
            detail=f"region：知识库中没有“{region}”的文件；可选地区：{'、'.join(snapshot.regions)}",
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

    def run(self, snapshot: Snapshot) -> list[dict[str, Any]]:
        _check_region(snapshot, self.region)
        task_filter = TaskFilter(
            region=self.region,
            year=self.year,
            due_before=self.due_before.isoformat() if self.due_before else None,
            due_after=self.due_after.isoformat() if self.due_after else None,
        )
        if self.unit:
            rows = [(m.record, m.collective) for m in snapshot.store.unit_tasks(self.unit, task_filter)]
        else:
            rows = [(r, False) for r in snapshot.store.tasks(task_filter)]
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
    def ask(body: AskRequest, request: Request, assistant: AssistantDep) -> dict[str, Any]:
        client = request.client.host if request.client else "unknown"
        allowed, retry = request.app.state.rate_limiter.allow(client)
        if not allowed:
            raise HTTPException(429, detail=f"提问过于频繁，请 {retry} 秒后再试", headers={"Retry-After": str(retry)})
        _check_region(assistant.kb.current(), body.region)
        answer = assistant.ask(body.question, top_k=body.top_k, region=body.region, year=body.year)
        request.app.state.question_log.write(body.question, answer.answered, answer.intent, answer.generation)
        return answer.to_dict()

    @app.get("/api/tasks", summary="任务列表")
    def tasks(snapshot: SnapshotDep, query: TaskQueryDep) -> list[dict[str, Any]]:
        return query.run(snapshot)

    @app.get("/api/tasks.csv", summary="任务列表（CSV）")
    def tasks_as_csv(snapshot: SnapshotDep, query: TaskQueryDep) -> Response:
        return _download(tasks_csv(query.run(snapshot)), "tasks.csv", "text/csv; charset=utf-8")

    @app.get("/api/tasks.xlsx", summary="任务列表（Excel）")
    def tasks_as_xlsx(snapshot: SnapshotDep, query: TaskQueryDep) -> Response:
        xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        return _download(tasks_xlsx(query.run(snapshot)), "tasks.xlsx", xlsx)

    @app.get("/api/documents", summary="知识库中的文件")
    def documents(snapshot: SnapshotDep) -> list[dict[str, Any]]:
        result = []
        for document in snapshot.documents:
            records = snapshot.store.tasks(TaskFilter(doc_id=document.id))
            item = document.to_dict()
            item.pop("path")
            item["tasks"] = len(records)
            item["units"] = len({u for r in records for u in r.units})
            item["dated_tasks"] = sum(1 for r in records if r.deadline.kind == "date")
            result.append(item)
        return result

    @app.get("/api/units", summary="单位（含别名与任务数）")
    def units(
        snapshot: SnapshotDep, region: str | None = Query(None, max_length=30, description="地区，如 章丘区")
    ) -> list[dict[str, Any]]:
        _check_region(snapshot, region)
        region_name = next((x for x in snapshot.regions if region and region in x), None)
        return [
            {"region": r, "unit": canonical, "aliases": names, "tasks": count, "collective": collective}
            for r, canonical, names, count, collective in snapshot.store.units(region_name)
        ]

    @app.get("/api/health", summary="健康检查")
    def health(request: Request, snapshot: SnapshotDep) -> dict[str, Any]:
        manifest = snapshot.manifest
        problem = request.app.state.assistant.kb.problem
        return {
            "status": "degraded" if problem else "ok",
            "problem": problem,
            "index_format": manifest.get("format_version"),
            "generation": snapshot.generation,
            "model": manifest.get("model"),
            "dimension": manifest.get("dimension"),
            "documents": manifest.get("counts", {}).get("documents"),
            "records": manifest.get("counts", {}).get("records"),
        }


def require_admin(request: Request) -> None:
    """Bearer token from ZHENGWUYUAN_ADMIN_TOKEN, compared in constant time; none configured → off."""
    token = request.app.state.settings.admin_token
    if token is None or not token.get_secret_value():
        raise HTTPException(403, detail="管理接口未启用：服务端未配置 ZHENGWUYUAN_ADMIN_TOKEN")
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.encode(), token.get_secret_value().encode()):
        raise HTTPException(401, detail="管理令牌缺失或错误", headers={"WWW-Authenticate": "Bearer"})


def _admin_routes(app: FastAPI) -> None:
    admin = [Depends(require_admin)]

    @app.post("/api/documents", summary="上传文档（管理员）", dependencies=admin, status_code=201)
    async def upload(request: Request) -> dict[str, Any]:
        try:
            form = await request.form(max_files=1, max_fields=5)
        except HTTPException:
            raise
        except Exception as exc:  # malformed multipart, too many fields or files
            raise HTTPException(400, detail=f"file：无法解析上传内容（{exc}）") from exc
        upload = form.get("file")
        if not isinstance(upload, UploadFile) or not upload.filename:
            raise HTTPException(422, detail="file：请以 multipart 字段 file 上传一个文件")
        name = upload.filename
        if _BAD_NAME.search(name) or len(name) > 200:
            raise HTTPException(400, detail="file：文件名不合法（不得含路径、“..”或控制字符）")
        if Path(name).suffix.lower() not in SUPPORTED_SUFFIXES:
            raise HTTPException(415, detail="file：仅支持 .txt、.md、.docx 文件")
        settings: Settings = request.app.state.settings
        with tempfile.TemporaryDirectory(prefix="zhengwuyuan-upload-") as folder:
            staged = Path(folder) / "upload"
            size = await _save(upload, staged, settings.max_upload_bytes)
            if size == 0:
                raise HTTPException(400, detail="file：文件为空")
            try:
                result = await run_in_threadpool(request.app.state.catalog.add, [(staged, name)])
            except WriterBusy as exc:
                raise HTTPException(409, detail=str(exc)) from exc
        if result.failures:
            raise HTTPException(422, detail=f"file：{result.failures[0].problem}")
        request.app.state.assistant.kb.current()  # answerable as soon as this returns
        payload = asdict(result)
        payload.pop("failures")
        return payload

    @app.delete("/api/documents/{doc_id}", summary="删除文档（管理员）", dependencies=admin)
    async def remove(doc_id: str, request: Request) -> dict[str, Any]:
        if len(doc_id) > 200:
            raise HTTPException(422, detail="doc_id：过长")
        try:
            result = await run_in_threadpool(request.app.state.catalog.remove, doc_id)
        except UnknownDocument as exc:
            raise HTTPException(404, detail=str(exc)) from exc
        except WriterBusy as exc:
            raise HTTPException(409, detail=str(exc)) from exc
        except ZhengwuyuanError as exc:
            raise HTTPException(409, detail=str(exc)) from exc
        request.app.state.assistant.kb.current()
        payload = asdict(result)
        payload.pop("failures")
        return payload


async def _save(upload: UploadFile, target: Path, limit: int) -> int:
    """Copy the upload in chunks, refusing it as soon as it passes ``limit`` bytes."""
    size = 0
    with open(target, "wb") as handle:
        while chunk := await upload.read(64 * 1024):
            size += len(chunk)
            if size > limit:
                raise HTTPException(413, detail=f"file：文件过大，上限 {limit // (1024 * 1024)} MB")
            handle.write(chunk)
    return size


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
