"""The Gradio app (Chinese UI), mounted on the FastAPI app: 咨询, 任务查询, 文档.

Each tab has its module (``ui_chat``, ``ui_tasks``, ``ui_documents``); this
one lays them out and keeps them current. Every page remembers the index
generation it shows; on load, on opening a tab, after an upload or delete,
and every ``ui_refresh_seconds``, a page whose generation is stale refreshes
the documents list, the statistics, the regions, and reruns its task search,
so a tab opened before a change does not keep showing the old knowledge base.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

import gradio as gr  # noqa: E402
from fastapi import FastAPI  # noqa: E402

from assistant.answering.answerer import Assistant  # noqa: E402
from assistant.serving.deps import Resources  # noqa: E402
from assistant.serving.ui_chat import chat, consult_tab, guarded, render_answer  # noqa: E402
from assistant.serving.ui_documents import changed_view, documents_tab  # noqa: E402
from assistant.serving.ui_html import CSS  # noqa: E402
from assistant.serving.ui_tasks import ALL_REGIONS, TaskDesk, query_tasks, tasks_tab  # noqa: E402

__all__ = ["TaskDesk", "build_ui", "chat", "mount_ui", "query_tasks", "render_answer"]

GetAssistant = Callable[[], Assistant]
GetResources = Callable[[], Resources]


def build_ui(
    get_assistant: GetAssistant, get_resources: GetResources | None = None, refresh_seconds: float = 30.0
) -> gr.Blocks:
    """Lay out the three tabs; ``get_assistant`` returns the loaded Assistant at request time.

    With ``get_resources`` (as mounted) the chat shares the API's rate limit
    and question log. Every handler is :func:`guarded`.
    """
    with gr.Blocks(title="AI政务员", analytics_enabled=False) as blocks:
        gr.Markdown("# AI政务员\n政务公开工作要点问答：每条回答都附文件出处、责任单位和完成时限。")
        generation = gr.State("")
        with gr.Tabs():
            with gr.Tab("咨询", id="consult"):
                consult_tab(get_assistant, get_resources)
            with gr.Tab("任务查询", id="tasks") as tasks_page:
                desk = tasks_tab(get_assistant)
            with gr.Tab("文档", id="documents") as documents_page:
                documents = documents_tab(get_assistant)
        timer = gr.Timer(refresh_seconds)

        @guarded
        def on_refresh(seen: str, region: str, chosen: str | None) -> tuple[Any, ...]:
            assistant = get_assistant()
            view = changed_view(assistant, seen, chosen)
            if view is None:
                return tuple(gr.skip() for _ in range(5))
            regions = [ALL_REGIONS, *assistant.kb.current().regions]
            return (*view, gr.Dropdown(choices=regions, value=region if region in regions else ALL_REGIONS))

        gr.on(
            [blocks.load, documents.panel.submit, tasks_page.select, documents_page.select, timer.tick],
            on_refresh,
            [generation, desk.region, documents.chooser],
            [generation, documents.stats, documents.documents, documents.chooser, desk.region],
            show_progress="hidden",  # queued: a State changed outside the queue does not fire generation.change
        )
        generation.change(desk.search, desk.inputs, desk.outputs, show_progress="hidden")
    queued: gr.Blocks = blocks.queue(default_concurrency_limit=4, max_size=64)
    return queued


def mount_ui(app: FastAPI) -> None:
    """Mount the UI at ``/``; it reads the Assistant the lifespan put on ``app.state``."""

    def get_resources() -> Resources:
        resources: Resources = app.state.resources
        return resources

    def get_assistant() -> Assistant:
        return get_resources().assistant

    blocks = build_ui(get_assistant, get_resources, app.state.settings.ui_refresh_seconds)
    gr.mount_gradio_app(app, blocks, path="", footer_links=[], css=CSS, show_error=False)
