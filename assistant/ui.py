"""The Gradio app (Chinese UI), mounted on the FastAPI app: 咨询, 任务查询, 文档.

The UI calls the same :class:`~assistant.answerer.Assistant` and records store
the API uses, through the app state set in the lifespan; it loads nothing itself.
"""

from __future__ import annotations

import hashlib
import html
import os
import shutil
import tempfile
import time
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

import gradio as gr  # noqa: E402
from fastapi import FastAPI  # noqa: E402

from assistant.answerer import Answer, Assistant  # noqa: E402
from assistant.schemas import TaskStatus, status_of, task_rows, tasks_csv, tasks_xlsx  # noqa: E402
from indexer.store import TaskFilter  # noqa: E402

__all__ = ["build_ui", "mount_ui"]

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
TABLE_HEADERS = [
    "编号",
    "文件",
    "地区",
    "年份",
    "条目",
    "序号",
    "任务内容",
    "牵头单位",
    "责任单位",
    "完成时限",
    "截止日期",
    "集体部署",
]
_CSS = """
.citation-card {border:1px solid #d0d7de; border-radius:8px; padding:10px 12px; margin:8px 0; background:#fafbfc;}
.citation-card mark {background:#fff3b0;}
"""


_EXPORTS = Path(tempfile.mkdtemp(prefix="zhengwuyuan-exports-"))
_EXPORT_TTL = 3600


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


def render_answer(answer: Answer) -> str:
    """The chat reply: the answer, then one card per citation (HTML, escaped)."""
    if not answer.answered:
        return html.escape(answer.text)
    parts = [f"<p>{html.escape(answer.text.splitlines()[0])}</p>"]
    for citation in answer.citations[:5]:
        text = html.escape(citation.text)
        if citation.highlight:
            text = text.replace(html.escape(citation.highlight), f"<mark>{html.escape(citation.highlight)}</mark>", 1)
        units = "、".join(citation.lead_units + citation.responsible_units) or "文件未列明"
        lead = f"（牵头：{'、'.join(citation.lead_units)}）" if citation.lead_units else ""
        deadline = citation.deadline
        due = deadline["raw"] or "文件未规定"
        if deadline["date"]:
            due += f"（{deadline['date']}）"
        parts.append(
            '<div class="citation-card">'
            f"<b>《{html.escape(citation.doc_title)}》</b><br>"
            f"<small>{html.escape(citation.section)}（{html.escape(citation.number)}）</small>"
            f"<p>{text}</p>"
            f"<b>责任单位：</b>{html.escape(units)}{html.escape(lead)}<br>"
            f"<b>完成时限：</b>{html.escape(due)}"
            "</div>"
        )
    if len(answer.citations) > 5:
        parts.append(f"<p>……共 {len(answer.citations)} 项，完整清单请到“任务查询”页查看或下载。</p>")
    return "".join(parts)


def build_ui(get_assistant) -> gr.Blocks:
    """Build the three tabs; ``get_assistant`` returns the loaded Assistant at request time."""

    def chat(message: str, history: list[dict[str, Any]]) -> tuple[str, list[dict[str, Any]]]:
        answer = get_assistant().ask(message or "")
        history = [
            *history,
            {"role": "user", "content": message},
            {"role": "assistant", "content": render_answer(answer)},
        ]
        return "", history

    def query_tasks(region: str, unit: str, status: str, due_after: str, due_before: str):
        store = get_assistant().kb.current().store
        try:
            after = date.fromisoformat(due_after) if due_after else None
            before = date.fromisoformat(due_before) if due_before else None
        except ValueError:
            raise gr.Error("日期格式应为 YYYY-MM-DD") from None
        task_filter = TaskFilter(
            region=region if region != "全部" else None,
            due_after=after.isoformat() if after else None,
            due_before=before.isoformat() if before else None,
        )
        unit_name = unit if unit and unit != "全部单位" else None
        if unit_name:
            rows = [(m.record, m.collective) for m in store.unit_tasks(unit_name, task_filter)]
        else:
            rows = [(r, False) for r in store.tasks(task_filter)]
        wanted = STATUS_LABELS.get(status)
        today = date.today()
        items = []
        for record, collective in rows:
            if wanted and status_of(record, today) != wanted:
                continue
            items.append({**record.to_dict(), **({"collective": True} if collective else {})})
        months = Counter(i["deadline"]["date"][:7] for i in items if i["deadline"]["date"])
        chart = {"月份": sorted(months), "任务数": [months[m] for m in sorted(months)]}
        csv_path = _export(tasks_csv(items), "csv")
        xlsx_path = _export(tasks_xlsx(items), "xlsx")
        summary = f"共 {len(items)} 项任务"
        import pandas as pd

        return (
            summary,
            pd.DataFrame(task_rows(items), columns=TABLE_HEADERS),
            pd.DataFrame(chart),
            str(csv_path),
            str(xlsx_path),
        )

    def unit_choices(region: str):
        """(label, canonical) pairs; the label shows the names as written and the task count."""
        store = get_assistant().kb.current().store
        merged: dict[str, tuple[set[str], int]] = {}
        for _, canonical, names, count, collective in store.units(None if region == "全部" else region):
            if not collective:
                known, total = merged.get(canonical, (set(), 0))
                merged[canonical] = (known | set(names), total + count)
        choices = [("全部单位", "全部单位")] + [
            (f"{canonical}（{'、'.join(sorted(names - {canonical})) or '无别名'}；{count} 项）", canonical)
            for canonical, (names, count) in sorted(merged.items(), key=lambda kv: -kv[1][1])
        ]
        return gr.Dropdown(choices=choices, value="全部单位")

    def document_table():
        snapshot = get_assistant().kb.current()
        rows = []
        for document in snapshot.documents:
            records = snapshot.store.tasks(TaskFilter(doc_id=document.id))
            rows.append(
                [
                    document.title,
                    document.region,
                    document.year,
                    document.number or "—",
                    len(records),
                    len({u for r in records for u in r.units}),
                    sum(1 for r in records if r.deadline.kind == "date"),
                ]
            )
        import pandas as pd

        return pd.DataFrame(rows, columns=["文件", "地区", "年份", "文号", "任务数", "涉及单位", "有明确日期"])

    def document_tasks(event: gr.SelectData):
        snapshot = get_assistant().kb.current()
        document = snapshot.documents[event.index[0]]
        records = snapshot.store.tasks(TaskFilter(doc_id=document.id))
        import pandas as pd

        return pd.DataFrame(task_rows([r.to_dict() for r in records]), columns=TABLE_HEADERS)

    with gr.Blocks(title="AI政务员", analytics_enabled=False) as blocks:
        gr.Markdown("# AI政务员\n政务公开工作要点问答：每条回答都附文件出处、责任单位和完成时限。")
        with gr.Tab("咨询", id="consult"):
            chatbot = gr.Chatbot(
                label="对话", height=480, elem_id="chatbot", sanitize_html=True, feedback_options=None, buttons=["copy"]
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
            send.click(chat, [box, chatbot], [box, chatbot], concurrency_limit=4)
            box.submit(chat, [box, chatbot], [box, chatbot], concurrency_limit=4)
        with gr.Tab("任务查询", id="tasks"):
            with gr.Row():
                region = gr.Dropdown(["全部"], value="全部", label="地区", elem_id="region")
                unit = gr.Dropdown(
                    ["全部单位"],
                    value="全部单位",
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
            table = gr.Dataframe(headers=TABLE_HEADERS, interactive=False, wrap=True, elem_id="task-table")
            chart = gr.BarPlot(x="月份", y="任务数", title="按截止月份统计", height=240)
            with gr.Row():
                csv_button = gr.DownloadButton("下载 CSV", elem_id="download-csv")
                xlsx_button = gr.DownloadButton("下载 Excel", elem_id="download-xlsx")
            region.change(unit_choices, region, unit)
            search.click(
                query_tasks,
                [region, unit, status, after, before],
                [summary, table, chart, csv_button, xlsx_button],
                concurrency_limit=4,
            )
        with gr.Tab("文档", id="documents"):
            gr.Markdown("知识库中的文件（点击一行查看其任务）")
            documents = gr.Dataframe(interactive=False, elem_id="documents")
            doc_tasks = gr.Dataframe(headers=TABLE_HEADERS, interactive=False, wrap=True)
            documents.select(document_tasks, None, doc_tasks)

        def on_load():
            regions = ["全部", *get_assistant().kb.current().regions]
            return gr.Dropdown(choices=regions, value="全部"), unit_choices("全部"), document_table()

        blocks.load(on_load, None, [region, unit, documents])
    blocks.queue(default_concurrency_limit=4, max_size=64)
    return blocks


def mount_ui(app: FastAPI) -> None:
    """Mount the UI at ``/``; it reads the Assistant the lifespan put on ``app.state``."""

    def get_assistant() -> Assistant:
        return app.state.assistant

    gr.mount_gradio_app(app, build_ui(get_assistant), path="", footer_links=[], css=_CSS)
