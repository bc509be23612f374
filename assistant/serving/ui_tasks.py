"""The 任务查询 tab: the staff desk, through the one task query the API and the CLI use.

The unit box searches as one types: the typed text goes to
:func:`~assistant.answering.tasks.list_tasks` as it is (a name, an alias, or
part of one), and the units it matches are offered with the counts that
same query gives. Dates are read as people write them; one that cannot be
read is said in place, in Chinese, and the results stay as they were.
Overdue lists cover this year's documents unless "包括往年文件" is ticked.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import gradio as gr
import pandas as pd

from assistant.answering.answerer import Assistant
from assistant.answering.dates import DateError, TypedDate, read_date
from assistant.answering.tasks import (
    TaskOrder,
    TaskQuery,
    TaskRow,
    TaskStatus,
    UnknownRegion,
    list_tasks,
    overdue_year,
    unit_choices,
)
from assistant.serving.exports import tasks_csv, tasks_xlsx
from assistant.serving.ui_chat import guarded
from assistant.serving.ui_html import message_html, tasks_html
from indexer.index.reader import Snapshot
from indexer.index.store import shown_deadline

__all__ = ["ALL_REGIONS", "STATUS_LABELS", "Desk", "TaskDesk", "query_tasks", "tasks_tab"]

STATUS_LABELS = {
    "全部": None,
    "未到期": TaskStatus.upcoming,
    "已逾期": TaskStatus.overdue,
    "长期坚持": TaskStatus.ongoing,
    "未定时限": TaskStatus.unspecified,
}
ALL_REGIONS = "全部"
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


@dataclass(frozen=True)
class TaskDesk:
    """One search: the rows, what the search assumed (notes), the units the typed text matches,
    or, instead of all that, the reason it could not run (``error``)."""

    rows: list[TaskRow] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    units: list[tuple[str, str]] = field(default_factory=list)  # (label, name) for the unit picker
    error: str = ""

    @property
    def summary(self) -> str:
        return f"共 {len(self.rows)} 项任务，按完成时限排列（长期坚持与未定时限的在后）"

    def chart(self) -> pd.DataFrame:
        months = Counter(d[:7] for r in self.rows if (d := shown_deadline(r.record, r.twin).date))
        return pd.DataFrame({"月份": sorted(months), "任务数": [months[m] for m in sorted(months)]})

    def outputs(self) -> tuple[Any, ...]:
        """Values for (message, summary, table, chart, csv, xlsx, unit picker); an error changes only the message."""
        if self.error:
            return (message_html(self.error, "error"), *(gr.skip() for _ in range(6)))
        picker = gr.Radio(choices=self.units, value=None, visible=bool(self.units))
        return (
            "".join(message_html(n) for n in self.notes),
            self.summary,
            tasks_html(self.rows),
            self.chart(),
            str(_export(tasks_csv(self.rows), "csv")),
            str(_export(tasks_xlsx(self.rows), "xlsx")),
            picker,
        )


def _years(snapshot: Snapshot, region: str | None) -> list[int]:
    return sorted({d.year for d in snapshot.documents if d.year and (not region or region in d.region)})


def _date(text: str, label: str, year: int, end: bool, notes: list[str]) -> TypedDate | None:
    try:
        typed = read_date(text, year, end)
    except DateError as exc:
        raise DateError(f"{label}：{exc}") from None
    if typed is not None and typed.assumed_year:
        notes.append(f"“{typed.text}”未写年份，按知识库中最新的{typed.assumed_year}年理解为 {typed.day.isoformat()}。")
    return typed


def query_tasks(
    assistant: Assistant,
    region: str,
    unit: str,
    status: str,
    due_after: str,
    due_before: str,
    today: date,
    all_years: bool = False,
) -> TaskDesk:
    """The staff desk's search: typed filters → one :class:`TaskQuery` → :func:`list_tasks`, sorted by date."""
    snapshot = assistant.kb.current()
    place = region if region and region != ALL_REGIONS else None
    years = _years(snapshot, place)
    notes: list[str] = []
    try:
        after = _date(due_after, "截止日期不早于", max(years, default=today.year), False, notes)
        before = _date(due_before, "截止日期不晚于", max(years, default=today.year), True, notes)
    except DateError as exc:
        return TaskDesk(error=str(exc))
    chosen = STATUS_LABELS.get(status)
    year = None
    if chosen == TaskStatus.overdue and not all_years and (year := overdue_year(years, today)) is not None:
        which = "今年" if year == today.year else f"最近的 {year} 年（今年 {today.year} 年没有文件）"
        notes.append(f"逾期任务默认只列{which}的文件；勾选“包括往年文件”可查看全部年份。")
    query = TaskQuery(
        unit=unit.strip() or None,
        region=place,
        year=year,
        due_after=after.day if after else None,
        due_before=before.day if before else None,
        status=chosen,
        order=TaskOrder.date,
    )
    try:
        rows = list_tasks(snapshot.store, query, today)
    except UnknownRegion as exc:
        return TaskDesk(error=str(exc))
    units = unit_choices(snapshot.store, unit, query, today) if unit.strip() else []
    labels = [
        (f"{u.name}{'（' + '、'.join(u.aliases) + '）' if u.aliases else ''} · {u.tasks} 项", u.name) for u in units
    ]
    if unit.strip() and not units:
        notes.append(f"没有找到名称或简称含“{unit.strip()}”的单位。")
    return TaskDesk(rows, notes, labels)


@dataclass(frozen=True)
class Desk:
    """What the page wires beyond the tab: the region list to refresh, and the search to rerun after a change."""

    region: gr.Dropdown
    search: Callable[..., tuple[Any, ...]]
    inputs: Sequence[gr.components.Component]
    outputs: Sequence[gr.components.Component]


def tasks_tab(get_assistant: Callable[[], Assistant]) -> Desk:
    """Lay out the desk and wire its events: typing in the unit box, changing a filter or a date searches."""
    with gr.Row():
        region = gr.Dropdown([ALL_REGIONS], value=ALL_REGIONS, label="地区", elem_id="region")
        unit = gr.Textbox(label="单位（输入即查，支持简称，如“人社”）", elem_id="unit", max_lines=1)
        status = gr.Dropdown(list(STATUS_LABELS), value="全部", label="状态", elem_id="status")
    picker = gr.Radio([], label="匹配的单位（点击只看该单位）", visible=False, elem_id="unit-matches")
    with gr.Row():
        after = gr.Textbox(
            label="截止日期不早于", placeholder="如 2025-03-01、3月1日", elem_id="due-after", max_lines=1
        )
        before = gr.Textbox(
            label="截止日期不晚于", placeholder="如 9月30日、2025年9月底", elem_id="due-before", max_lines=1
        )
        all_years = gr.Checkbox(label="逾期：包括往年文件", value=False, elem_id="all-years")
        search = gr.Button("查询", variant="primary", elem_id="search")
    message = gr.HTML(elem_id="desk-message")
    summary = gr.Markdown(elem_id="desk-summary")
    table = gr.HTML(elem_id="task-table")
    chart = gr.BarPlot(x="月份", y="任务数", title="按截止月份统计", height=240)
    with gr.Row():
        csv_button = gr.DownloadButton("下载 CSV", elem_id="download-csv")
        xlsx_button = gr.DownloadButton("下载 Excel", elem_id="download-xlsx")
    inputs = [region, unit, status, after, before, all_years]
    outputs = [message, summary, table, chart, csv_button, xlsx_button, picker]

    @guarded
    def on_search(
        chosen_region: str, typed_unit: str, chosen_status: str, due_after: str, due_before: str, every_year: bool
    ) -> tuple[Any, ...]:
        assistant = get_assistant()
        filters = (chosen_region, typed_unit or "", chosen_status, due_after or "", due_before or "")
        return query_tasks(assistant, *filters, assistant.today(), bool(every_year)).outputs()

    def on_pick(name: str) -> str:
        return name  # the unit box's change event searches

    listen = {"fn": on_search, "inputs": inputs, "outputs": outputs, "show_progress": "minimal"}
    # "change", not "input": Gradio 6.31's Textbox does not send "input" to the server (measured in chromium).
    unit.change(**listen, trigger_mode="always_last", concurrency_limit=4)  # type: ignore[arg-type]
    for component in (region, status, all_years):
        component.change(**listen)  # type: ignore[arg-type]
    for box in (after, before):
        box.submit(**listen)  # type: ignore[arg-type]
        box.blur(**listen)  # type: ignore[arg-type]
    search.click(**listen, api_name="on_search", concurrency_limit=4)  # type: ignore[arg-type]
    picker.select(on_pick, picker, unit, show_progress="hidden")
    return Desk(region, on_search, inputs, outputs)
