"""The 文档 tab: what the knowledge base holds, each document's tasks, and the operators' upload and delete.

Upload and delete run in the browser against the admin API (``ui_admin.js``),
so the token check, the size and type limits and the sandboxed parse are the
API's own; the panel shows the response: per file the region and year read
(and where from), and the parse warnings. After a change the panel fires its
``submit`` event and the page brings every tab up to date (:func:`changed_view`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import gradio as gr

from assistant.answering.answerer import Assistant
from assistant.answering.tasks import TaskOrder, TaskQuery, document_overview, list_tasks
from assistant.serving.ui_chat import guarded
from assistant.serving.ui_html import documents_html, tasks_html
from indexer.parsing.readers import SUPPORTED_SUFFIXES

__all__ = ["ADMIN_PANEL", "DocumentsTab", "changed_view", "document_tasks", "documents_tab", "knowledge_base_view"]

_ADMIN_JS = (Path(__file__).parent / "ui_admin.js").read_text(encoding="utf-8")
ADMIN_PANEL = f"""
<div class="zw-admin">
  <p>上传或删除文件需要管理令牌（服务端的 ZHENGWUYUAN_ADMIN_TOKEN）。上传后立即可问、可在任务查询中看到。</p>
  <label>管理令牌 <input id="admin-token" type="password" autocomplete="off" spellcheck="false"></label>
  <fieldset><legend>上传文件</legend>
    <label class="zw-button" for="upload-file">选择文件…</label>
    <span id="upload-names" class="zw-files">未选择文件</span>
    <input id="upload-file" type="file" multiple hidden accept="{",".join(sorted(SUPPORTED_SUFFIXES))}">
    <label>地区（可选，文件未写明时填写） <input id="upload-region" placeholder="如 济南市章丘区"></label>
    <label>年份（可选） <input id="upload-year" inputmode="numeric" maxlength="4" placeholder="如 2025"></label>
    <button id="upload-button" type="button" class="zw-button primary">上传</button>
    <div id="upload-result" aria-live="polite"></div>
  </fieldset>
  <fieldset><legend>删除文件</legend>
    <select id="delete-doc" aria-label="要删除的文件"></select>
    <button id="delete-button" type="button" class="zw-button">删除…</button>
    <div id="delete-confirm" hidden><span id="delete-question"></span>
      <button id="delete-yes" type="button" class="zw-button danger">确认删除</button>
      <button id="delete-no" type="button" class="zw-button">取消</button></div>
    <div id="delete-result" aria-live="polite"></div>
  </fieldset>
</div>
"""


@dataclass(frozen=True)
class DocumentsTab:
    """The components a refresh updates, and the panel whose ``submit`` says the documents changed."""

    stats: gr.Markdown
    documents: gr.HTML
    chooser: gr.Dropdown
    panel: gr.HTML


def knowledge_base_view(assistant: Assistant) -> tuple[str, str, str, list[tuple[str, str]]]:
    """(generation, statistics line, documents table, document choices) of the current snapshot."""
    snapshot = assistant.kb.current()
    overviews = document_overview(snapshot.store)
    tasks = sum(o.stats.records for o in overviews)
    stats = f"知识库：{len(overviews)} 份文件，{tasks} 项任务，{len(snapshot.regions)} 个地区。"
    choices = [(f"{o.document.title}（{o.stats.records} 项）", o.document.id) for o in overviews]
    return snapshot.generation, stats, documents_html(overviews), choices


def document_tasks(assistant: Assistant, doc_id: str | None) -> str:
    """The tasks of one document, by date, as the staff desk shows them."""
    if not doc_id:
        return ""
    store = assistant.kb.current().store
    return tasks_html(list_tasks(store, TaskQuery(doc_id=doc_id, order=TaskOrder.date), assistant.today()))


def documents_tab(get_assistant: Callable[[], Assistant]) -> DocumentsTab:
    stats = gr.Markdown(elem_id="kb-stats")
    documents = gr.HTML(elem_id="documents")
    chooser = gr.Dropdown([], value=None, label="查看一个文件的任务", elem_id="document-chooser")
    doc_tasks = gr.HTML(elem_id="document-tasks")
    with gr.Accordion("管理：上传或删除文件", open=True, elem_id="admin"):
        panel = gr.HTML(ADMIN_PANEL, js_on_load=_ADMIN_JS, elem_id="admin-panel")

    @guarded
    def on_choose(doc_id: str | None) -> str:
        return document_tasks(get_assistant(), doc_id)

    chooser.change(on_choose, chooser, doc_tasks)
    return DocumentsTab(stats, documents, chooser, panel)


def changed_view(assistant: Assistant, seen: str, chosen: str | None) -> tuple[Any, ...] | None:
    """(generation, stats, documents, chooser) when the index changed since ``seen``; None when it has not.

    Every open page asks this on a timer, so an unchanged generation costs one comparison.
    """
    if assistant.kb.current().generation == seen:
        return None
    generation, stats, table, choices = knowledge_base_view(assistant)
    keep = chosen if chosen in {c[1] for c in choices} else None
    return generation, stats, table, gr.Dropdown(choices=choices, value=keep)
