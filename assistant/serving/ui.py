"""The Gradio app (Chinese UI), mounted on the FastAPI app: 咨询, 任务查询, 文档.

Handlers are module-level functions that take the :class:`Assistant` (and
``today``) as arguments, so each can be called and tested alone; ``build_ui``
only lays out components and wires them to the handlers. The UI lists tasks
through the same :func:`~assistant.answering.tasks.list_tasks` as the API and
the CLI, and loads nothing itself.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

import gradio as gr  # noqa: E402
import pandas as pd  # noqa: E402
from fastapi import FastAPI  # noqa: E402

from assistant.answering.answerer import Assistant  # noqa: E402
from assistant.answering.tasks import TaskQuery, TaskStatus, document_overview, list_tasks  # noqa: E402
from assistant.serving.deps import Resources  # noqa: E402
from assistant.serving.exports import COLUMN_LABELS, table_rows, tasks_csv, tasks_xlsx  # noqa: E402
from assistant.serving.ui_chat import chat, guarded, limited_chat, render_answer  # noqa: E402

__all__ = [
    "TaskDesk",
    "build_ui",
    "chat",
    "document_table",
    "document_tasks",
    "mount_ui",
    "query_tasks",
    "render_answer",
    "unit_choices",
]

EXAMPLES = [
    "我家老人想了解养老院监管情况，会公开吗？",
    "政策解读工作指引谁牵头？",
    "区大数据局今年负责哪些任务？",
    "哪些任务9月底前要完成？",
]
STATUS_LABELS = {
    "全部": None,
    "即将到期": TaskStatus.upcoming,
    "已逾期": TaskStatus.overdue,
    "长期坚持": TaskStatus.ongoing,
    "未定时限": TaskStatus.unspecified,
}
ALL_REGIONS = "全部"
ALL_UNITS = "全部单位"
DOCUMENT_COLUMNS = ["文件", "地区", "年份", "文号", "任务数", "涉及单位", "有明确日期"]
# After an answer arrives, bring the top of the newest reply into view (not the end of a long list).
_SHOW_NEW_ANSWER = """() => {
  const replies = document.querySelectorAll('#chatbot .message.bot, #chatbot [data-testid="bot"]');
  if (replies.length) replies[replies.length - 1].scrollIntoView({block: "start"});
}"""
_CSS = """
.citation-card {border:1px solid #d0d7de; border-radius:8px; padding:10px 12px; margin:8px 0; background:#fafbfc;}
.citation-card mark {background:#fff3b0;}
"""
_EXPORTS = Path(tempfile.mkdtemp(prefix="zhengwuyuan-exports-"))
_EXPORT_TTL = 3600

GetAssistant = Callable[[], Assistant]
GetResources = Callable[[], Resources]


def _export(content: bytes, suffix: str) -> Path:
    """Write a download under a content-hash name; exports older than an hour are removed."""
    now = time.time()
    for old in _EXPORTS.iterdir():
        if now - old.stat().st_mtime > _EXPORT_TTL:
            shutil.rmtree(old, ignore_errors=True)
    folder = _EXPORTS / hashlib.sha256(content).hexdigest()[:16]
    folder.mkdir(exist_ok=True)
    path = folder / f"tasks.{suffix}"
    path.write_bytes(content)
    return path


@dataclass(frozen=True)
class TaskDesk:
    """What one 任务查询 search shows: a summary line, the table, the per-month chart and the two downloads."""

    summary: str
    table: pd.DataFrame
    chart: pd.DataFrame
    csv: Path
    xlsx: Path

    def outputs(self) -> tuple[str, pd.DataFrame, pd.DataFrame, str, str]:
        return self.summary, self.table, self.chart, str(self.csv), str(self.xlsx)


def _parse_date(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        raise gr.Error("日期格式应为 YYYY-MM-DD") from None


def query_tasks(
    assistant: Assistant, region: str, unit: str, status: str, due_after: str, due_before: str, today: date
) -> TaskDesk:
    """The staff desk's search, through the one task query the API and CLI use."""
    query = TaskQuery(
        unit=unit if unit and unit != ALL_UNITS else None,
        region=region if region and region != ALL_REGIONS else None,
        due_after=_parse_date(due_after),
        due_before=_parse_date(due_before),
        status=STATUS_LABELS.get(status),
    )
    rows = list_tasks(assistant.kb.current().store, query, today)
    months = Counter(r.record.deadline.date[:7] for r in rows if r.record.deadline.date)
    chart = pd.DataFrame({"月份": sorted(months), "任务数": [months[m] for m in sorted(months)]})
    table = pd.DataFrame(table_rows(rows), columns=COLUMN_LABELS)
    return TaskDesk(
        f"共 {len(rows)} 项任务", table, chart, _export(tasks_csv(rows), "csv"), _export(tasks_xlsx(rows), "xlsx")
    )


def unit_choices(assistant: Assistant, region: str) -> list[tuple[str, str]]:
    """(label, canonical) pairs; the label shows the names as written and the task count."""
    store = assistant.kb.current().store
    merged: dict[str, tuple[set[str], int]] = {}
    for unit in store.units(None if region == ALL_REGIONS else region):
        if not unit.collective:
            known, total = merged.get(unit.canonical, (set(), 0))
            merged[unit.canonical] = (known | set(unit.names), total + unit.tasks)
    return [(ALL_UNITS, ALL_UNITS)] + [
        (f"{canonical}（{'、'.join(sorted(names - {canonical})) or '无别名'}；{count} 项）", canonical)
        for canonical, (names, count) in sorted(merged.items(), key=lambda kv: -kv[1][1])
    ]


def document_table(assistant: Assistant) -> pd.DataFrame:
    rows = [
        [
            o.document.title,
            o.document.region,
            o.document.year,
            o.document.number or "—",
            o.stats.records,
            o.stats.units,
            o.stats.with_dates,
        ]
        for o in document_overview(assistant.kb.current().store)
    ]
    return pd.DataFrame(rows, columns=DOCUMENT_COLUMNS)


def document_tasks(assistant: Assistant, row: int, today: date) -> pd.DataFrame:
    """The tasks of the document in row ``row`` of :func:`document_table`."""
    store = assistant.kb.current().store
    document = store.documents()[row]
    rows = list_tasks(store, TaskQuery(doc_id=document.id), today)
    return pd.DataFrame(table_rows(rows), columns=COLUMN_LABELS)


def build_ui(get_assistant: GetAssistant, get_resources: GetResources | None = None) -> gr.Blocks:
    """Lay out the three tabs; ``get_assistant`` returns the loaded Assistant at request time.

    With ``get_resources`` (as mounted) the chat shares the API's rate limit
    and question log. Every handler is :func:`guarded`.
    """
    with gr.Blocks(title="AI政务员", analytics_enabled=False) as blocks:
        gr.Markdown("# AI政务员\n政务公开工作要点问答：每条回答都附文件出处、责任单位和完成时限。")
        with gr.Tab("咨询", id="consult"):
            _consult_tab(get_assistant, get_resources)
        with gr.Tab("任务查询", id="tasks"):
            region, unit = _tasks_tab(get_assistant)
        with gr.Tab("文档", id="documents"):
            gr.Markdown("知识库中的文件（点击一行查看其任务）")
            documents = gr.Dataframe(interactive=False, elem_id="documents")
            doc_tasks = gr.Dataframe(headers=COLUMN_LABELS, interactive=False, wrap=True)

            @guarded
            def on_select(event: gr.SelectData) -> pd.DataFrame:
                return document_tasks(get_assistant(), event.index[0], date.today())

            documents.select(on_select, None, doc_tasks)

        @guarded
        def on_load() -> tuple[gr.Dropdown, gr.Dropdown, pd.DataFrame]:
            assistant = get_assistant()
            regions = [ALL_REGIONS, *assistant.kb.current().regions]
            units = gr.Dropdown(choices=unit_choices(assistant, ALL_REGIONS), value=ALL_UNITS)
            return gr.Dropdown(choices=regions, value=ALL_REGIONS), units, document_table(assistant)

        blocks.load(on_load, None, [region, unit, documents])
    queued: gr.Blocks = blocks.queue(default_concurrency_limit=4, max_size=64)
    return queued


def _consult_tab(get_assistant: GetAssistant, get_resources: GetResources | None) -> None:
    chatbot = gr.Chatbot(
        label="对话",
        height=480,
        elem_id="chatbot",
        sanitize_html=True,
        feedback_options=None,
        buttons=["copy"],
        autoscroll=False,  # a long answer is read from its first sentence: _SHOW_NEW_ANSWER scrolls to its top
    )
    with gr.Row():
        box = gr.Textbox(
            placeholder="请输入您的问题，例如：政策解读工作指引谁牵头？",
            show_label=False,
            scale=8,
            max_lines=3,
            elem_id="question",
        )
        send = gr.Button("提问", variant="primary", scale=1, elem_id="ask")
    gr.Examples(EXAMPLES, inputs=box, label="示例问题")
    gr.Markdown("超出知识库范围的事项，请拨打 12345 政务服务便民热线。")

    @guarded
    def on_chat(message: str, history: list[dict[str, Any]], request: gr.Request) -> tuple[str, list[dict[str, Any]]]:
        if get_resources is None:
            return chat(get_assistant(), message, history)
        return limited_chat(get_resources(), message, history, request)

    send.click(on_chat, [box, chatbot], [box, chatbot], concurrency_limit=4, api_name="chat").then(
        None, js=_SHOW_NEW_ANSWER
    )
    box.submit(on_chat, [box, chatbot], [box, chatbot], concurrency_limit=4, api_name="chat_submit").then(
        None, js=_SHOW_NEW_ANSWER
    )


def _tasks_tab(get_assistant: GetAssistant) -> tuple[gr.Dropdown, gr.Dropdown]:
    with gr.Row():
        region = gr.Dropdown([ALL_REGIONS], value=ALL_REGIONS, label="地区", elem_id="region")
        unit = gr.Dropdown(
            [ALL_UNITS],
            value=ALL_UNITS,
            label="单位（可搜索，支持简称）",
            filterable=True,
            allow_custom_value=True,
            elem_id="unit",
        )
        status = gr.Dropdown(list(STATUS_LABELS), value="全部", label="状态")
    with gr.Row():
        after = gr.Textbox(label="截止日期不早于（YYYY-MM-DD）")
        before = gr.Textbox(label="截止日期不晚于（YYYY-MM-DD）")
        search = gr.Button("查询", variant="primary", elem_id="search")
    summary = gr.Markdown()
    table = gr.Dataframe(headers=COLUMN_LABELS, interactive=False, wrap=True, elem_id="task-table")
    chart = gr.BarPlot(x="月份", y="任务数", title="按截止月份统计", height=240)
    with gr.Row():
        csv_button = gr.DownloadButton("下载 CSV", elem_id="download-csv")
        xlsx_button = gr.DownloadButton("下载 Excel", elem_id="download-xlsx")

    @guarded
    def on_units(chosen_region: str) -> gr.Dropdown:
        return gr.Dropdown(choices=unit_choices(get_assistant(), chosen_region), value=ALL_UNITS)

    @guarded
    def on_search(
        chosen_region: str, chosen_unit: str, chosen_status: str, due_after: str, due_before: str
    ) -> tuple[str, pd.DataFrame, pd.DataFrame, str, str]:
        desk = query_tasks(
            get_assistant(), chosen_region, chosen_unit, chosen_status, due_after, due_before, date.today()
        )
        return desk.outputs()

    region.change(on_units, region, unit)
    outputs = [summary, table, chart, csv_button, xlsx_button]
    search.click(on_search, [region, unit, status, after, before], outputs, concurrency_limit=4)
    return region, unit


def mount_ui(app: FastAPI) -> None:
    """Mount the UI at ``/``; it reads the Assistant the lifespan put on ``app.state``."""

    def get_resources() -> Resources:
        resources: Resources = app.state.resources
        return resources

    def get_assistant() -> Assistant:
        return get_resources().assistant

    blocks = build_ui(get_assistant, get_resources)
    gr.mount_gradio_app(app, blocks, path="", footer_links=[], css=_CSS, show_error=False)
