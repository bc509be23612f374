"""The FastAPI app: resources opened once in the lifespan, routes on routers, errors as JSON.

``create_app`` builds the index if it is missing, opens the knowledge base in
a thread while the Gradio UI is built, and mounts the UI on the same app, so
one process serves both.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from assistant.answering.answerer import Assistant
from assistant.conversation.dialogue import Dialogue
from assistant.conversation.store import conversation_store
from assistant.serving import admin, routes
from assistant.serving.answer_cache import AnswerCache
from assistant.serving.answer_pool import AnswerPool
from assistant.serving.answers import AnswerSource, InProcessAnswers
from assistant.serving.api_docs import add_api_docs
from assistant.serving.deps import Resources
from assistant.serving.guards import GuardMiddleware
from assistant.serving.limits import BodyLimitMiddleware, RateLimiter
from assistant.serving.privacy import QuestionLog, install_access_log_filter
from assistant.serving.worker import LowPriorityWorker
from assistant.settings import Settings
from indexer.embedding.encoder import Encoder
from indexer.errors import IndexStateError, SearchUnavailable
from indexer.index.layout import current_name, generation_folder, has_index, writer_lock
from indexer.index.reader import KnowledgeBase
from indexer.index.search import SearchBackend

__all__ = ["SEARCH_UNAVAILABLE", "create_app", "ensure_index"]

log = logging.getLogger("zhengwuyuan.api")
SEARCH_UNAVAILABLE = "检索服务暂时不可用，请稍后再试；知识库数据完好，服务恢复后即可正常提问。"


def ensure_index(settings: Settings, encoder: Encoder | None = None, backend: SearchBackend | None = None) -> None:
    """Build the shipped knowledge base when no index exists yet (with ``encoder``, which the reader then reuses).

    A search backend that holds no generation yet (a new Milvus) is given the current one.
    """
    if has_index(settings.index_dir):
        backend = backend or settings.search()
        if backend.current(settings.index_dir) is None and (name := current_name(settings.index_dir)):
            log.info("检索后端 %s 中还没有索引：发布当前一代 %s", backend.name, name)
            with writer_lock(settings.index_dir):
                backend.publish(generation_folder(settings.index_dir, name), name)
                backend.activate(settings.index_dir, name)
        return
    log.info("索引目录 %s 中没有索引：由 %s 构建（先加载向量模型）", settings.index_dir, settings.documents_dir)

    def progress(label: str, done: int, total: int) -> None:
        log.info("index: %s (%d/%d)", label, done, total)

    catalog = settings.catalog((encoder or settings.encoder()).load(), backend=backend)
    report = catalog.build([settings.documents_dir], progress)
    for failure in report.failures:
        log.warning("index: skipped %s", failure)
    if report.generation is None:
        raise IndexStateError(f"{settings.documents_dir} 中没有可索引的文档")


class _Preload:
    """Build the index if needed and load the knowledge base in a thread, while the UI is built."""

    def __init__(self, settings: Settings) -> None:
        self.kb = settings.knowledge_base(settings.encoder(serving=True))
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, args=(settings,), name="kb-preload", daemon=True)
        self.thread.start()

    def _run(self, settings: Settings) -> None:
        try:
            ensure_index(settings, self.kb.encoder, self.kb.backend)
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
        assistant = Assistant.from_settings(kb, settings)
        answers = await run_in_threadpool(_answers, settings, assistant)
        app.state.resources = Resources(
            settings=settings,
            assistant=assistant,
            catalog=settings.catalog(kb.encoder, kb.registry, kb.backend),
            rate_limiter=RateLimiter(settings.rate_limit_per_minute),
            question_log=QuestionLog(settings.log_dir, settings.log_retention_days),
            writer=LowPriorityWorker(settings.upload_nice),
            conversations=conversation_store(settings),
            dialogue=Dialogue.from_settings(assistant, settings),
            answers=answers,
            answer_cache=AnswerCache(settings.answer_cache_size),
        )
        log.info("Knowledge base ready: %s (%s)", kb.current().generation, answers.health().get("mode"))
        try:
            yield
        finally:
            app.state.resources.writer.close()
            answers.close()
            kb.encoder.close()

    app = FastAPI(
        title="AI政务员 API",
        description="政务公开工作要点问答与任务查询。所有回答均来自文件条款，附出处。",
        version="0.1.0",
        lifespan=lifespan,
        docs_url=None,  # served by add_api_docs from installed files, not a CDN
        redoc_url=None,
    )
    app.state.settings = settings
    install_access_log_filter()
    app.add_exception_handler(RequestValidationError, _validation_error)  # type: ignore[arg-type]  # Starlette types the handler for Exception
    app.add_exception_handler(SearchUnavailable, _search_unavailable)  # type: ignore[arg-type]  # as above
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
    app.add_middleware(GuardMiddleware)  # added last: outermost, so every response gets its headers
    app.include_router(routes.router)
    app.include_router(admin.router)
    add_api_docs(app)
    if with_ui:
        from assistant.serving.ui import mount_ui

        mount_ui(app)
    return app


async def _validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    errors = []
    for error in exc.errors():
        location = () if error.get("type") == "json_invalid" else error.get("loc", ())
        field = ".".join(str(p) for p in location if p not in ("body", "query"))
        errors.append({"field": field or "body", "message": error.get("msg", "")})
    detail = "；".join(f"{e['field']}：{e['message']}" for e in errors)
    return JSONResponse(status_code=422, content={"detail": f"请求参数有误：{detail}", "errors": errors})


def _answers(settings: Settings, assistant: Assistant) -> AnswerSource:
    """Answer processes when configured (``zhengwuyuan serve``: one per core), else this process's thread pool."""
    if settings.answer_workers and settings.search_backend == "milvus" and "://" not in (settings.milvus_uri or ""):
        log.warning(
            "milvus-lite（本地 .db 文件）只能由一个进程打开：在服务进程内回答；多进程请用 Milvus 服务的 http:// 地址"
        )
    elif settings.answer_workers:
        return AnswerPool(settings, settings.answer_workers, settings.answer_threads).start()
    return InProcessAnswers(assistant, settings.max_field_chars, settings.max_response_bytes)


async def _search_unavailable(request: Request, exc: SearchUnavailable) -> JSONResponse:
    log.error("search backend unavailable on %s: %s", request.url.path, exc)
    headers = {"X-Content-Type-Options": "nosniff", "Retry-After": "5"}
    return JSONResponse(status_code=503, content={"detail": SEARCH_UNAVAILABLE}, headers=headers)


async def _unexpected_error(request: Request, exc: Exception) -> JSONResponse:
    log.exception("Unhandled error on %s", request.url.path)
    headers = {"X-Content-Type-Options": "nosniff"}  # this handler answers outside GuardMiddleware
    return JSONResponse(status_code=500, content={"detail": "服务器内部错误，请稍后再试。"}, headers=headers)
