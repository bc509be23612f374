"""HTML the web UI shows for task lists and documents: a table on a desk, cards on a phone.

Gradio's data grid gives every column the same weight, so internal ids and
file names pushed 任务内容/牵头/时限 off-screen and a phone showed one column.
These tables put the columns staff read first in front, fold the source
(file, section, id) into a details line, and turn into labelled cards under
500 px (:data:`CSS`). Every value is escaped.
"""

from __future__ import annotations

import html

from assistant.answering.tasks import DocumentOverview, TaskRow, TaskStatus
from indexer.index.store import shown_deadline
from indexer.models import Deadline

__all__ = ["CSS", "STATUS_NAMES", "deadline_text", "documents_html", "message_html", "tasks_html"]

STATUS_NAMES = {
    TaskStatus.upcoming: "未到期",
    TaskStatus.overdue: "已逾期",
    TaskStatus.ongoing: "长期坚持",
    TaskStatus.unspecified: "未定时限",
}
_TASK_COLUMNS = ("任务内容", "牵头单位", "责任单位", "完成时限", "状态")
_DOCUMENT_COLUMNS = ("文件", "地区", "年份", "文号", "任务数", "涉及单位", "有明确日期")

CSS = """
.citation-card {border:1px solid #d0d7de; border-radius:8px; padding:10px 12px; margin:8px 0; background:#fafbfc;}
.citation-card mark {background:#fff3b0;}
#chatbot .message-row, #chatbot .message {scroll-margin-top: 12px;}
.zw-table {width:100%; border-collapse:collapse; font-size:14px; line-height:1.5; border:1px solid #e5e7eb;}
.zw-table th, .zw-table td {border:1px solid #e5e7eb;}
.zw-table th {text-align:left; background:#f3f4f6; padding:6px 8px; white-space:nowrap; writing-mode:horizontal-tb;}
.zw-table td {padding:6px 8px; vertical-align:top;}
.zw-table td.zw-text {min-width:18em;}
.zw-table td.zw-unit {min-width:8em; max-width:16em;}
.zw-table td.zw-due {min-width:8em;}
.zw-table td.zw-status {white-space:nowrap;}
.zw-table details {margin-top:4px; color:#57606a; font-size:12px;}
.zw-table details summary {cursor:pointer;}
.zw-status span {border-radius:10px; padding:1px 8px; font-size:12px; background:#eef2ff;}
.zw-status .overdue {background:#fde2e1; color:#9b1c1c;}
.zw-status .upcoming {background:#e6f4ea; color:#1e6b34;}
.zw-collective {font-size:12px; color:#57606a;}
.zw-message {padding:6px 10px; border-radius:6px; margin:4px 0;}
.zw-message.error {background:#fde2e1; color:#9b1c1c;}
.zw-message.note {background:#f3f4f6; color:#374151;}
.zw-scroll {overflow:auto; max-height:70vh;}
.zw-table thead th {position:sticky; top:0; z-index:1;}
.zw-admin label {display:block; margin:6px 0;}
.zw-admin label.zw-button {display:inline-block; cursor:pointer;}
.zw-admin input:not([type=file]), .zw-admin select {
  border:1px solid #d0d7de; border-radius:6px; padding:4px 8px; max-width:100%;
}
.zw-admin fieldset {border:1px solid #e5e7eb; border-radius:8px; padding:8px 12px; margin:10px 0; min-width:0;}
.zw-admin select {width:min(100%, 40em);}
.zw-button {border:1px solid #d0d7de; border-radius:6px; padding:4px 14px; margin:6px 6px 0 0; background:#f6f8fa;}
.zw-button.primary {background:#ea580c; color:#fff; border-color:#ea580c;}
.zw-button.danger {background:#b91c1c; color:#fff; border-color:#b91c1c;}
.zw-button:disabled {opacity:0.5;}
.zw-upload-item progress {width:100%;}
.zw-files {display:inline-block; color:#57606a; margin-left:6px;}
@media (max-width: 500px) {
  .zw-table thead {display:none;}
  .zw-table {border:0;}
  .zw-table, .zw-table tbody, .zw-table tr, .zw-table td {display:block; width:100%; box-sizing:border-box;}
  .zw-table tr {border:1px solid #d0d7de; border-radius:8px; margin:0 0 10px; padding:6px 2px;}
  .zw-table td, .zw-table td.zw-unit, .zw-table td.zw-text, .zw-table td.zw-due {
    border:0; padding:2px 8px; min-width:0; max-width:none; white-space:normal;
  }
  .zw-table td[data-label]::before {content:attr(data-label) "："; font-weight:600; color:#57606a;}
  .zw-table td.zw-text::before {content:none;}
}
"""


def deadline_text(deadline: Deadline) -> str:
    """The deadline as written, with its date when the text does not already say it (an .xlsx cell is the date)."""
    if not deadline.raw:
        return deadline.date or "文件未规定"
    if deadline.date and deadline.date not in deadline.raw:
        return f"{deadline.raw}（{deadline.date}）"
    return deadline.raw


def message_html(text: str, kind: str = "note") -> str:
    """A message shown in place (``error`` or ``note``); empty text shows nothing."""
    role = "alert" if kind == "error" else "status"
    return f'<div class="zw-message {kind}" role="{role}">{html.escape(text)}</div>' if text else ""


def _cell(column: str, value: str, css: str = "") -> str:
    return f'<td data-label="{column}" class="{css}">{value}</td>'


def _task_row(row: TaskRow) -> str:
    record, units = row.record, row.twin or row.record
    deadline = shown_deadline(row.record, row.twin)
    source = f"{record.doc_title} · {record.section} · 第 {record.number} 项 · {record.id}"
    borrowed = "（单位据附件任务分解表）" if row.twin is not None else ""
    collective = '<div class="zw-collective">集体部署（通过“各部门/各街道”等关联）</div>' if row.collective else ""
    text = (
        f"{html.escape(record.text)}{collective}"
        f"<details><summary>出处</summary><span>{html.escape(source + borrowed)}</span></details>"
    )
    status = f'<span class="{row.status.value}">{STATUS_NAMES[row.status]}</span>'
    return (
        "<tr>"
        + "".join(
            [
                _cell("任务内容", text, "zw-text"),
                _cell("牵头单位", html.escape("、".join(units.lead_units) or "—"), "zw-unit"),
                _cell("责任单位", html.escape("、".join(units.responsible_units) or "—"), "zw-unit"),
                _cell("完成时限", html.escape(deadline_text(deadline)), "zw-due"),
                _cell("状态", status, "zw-status"),
            ]
        )
        + "</tr>"
    )


def tasks_html(rows: list[TaskRow], limit: int = 500) -> str:
    """The task list as a table (cards on a phone); past ``limit`` rows it says to download the rest."""
    if not rows:
        return message_html("没有符合条件的任务。")
    head = "".join(f"<th>{c}</th>" for c in _TASK_COLUMNS)
    body = "".join(_task_row(row) for row in rows[:limit])
    more = message_html(f"只显示前 {limit} 项，完整清单请下载 CSV 或 Excel。") if len(rows) > limit else ""
    return _table(head, body) + more


def documents_html(overviews: list[DocumentOverview]) -> str:
    """The knowledge base's documents; region and year say where they were read from when known."""
    if not overviews:
        return message_html("知识库中还没有文件。")
    head = "".join(f"<th>{c}</th>" for c in _DOCUMENT_COLUMNS)
    rows = []
    for o in overviews:
        d, s = o.document, o.stats
        region = d.region + (f"（据{d.region_source}）" if d.region_source else "")
        year = str(d.year or "未识别") + (f"（据{d.year_source}）" if d.year and d.year_source else "")
        cells = [html.escape(d.title), html.escape(region), html.escape(year), html.escape(d.number or "—")]
        cells += [str(s.records), str(s.units), str(s.with_dates)]
        css = ["zw-text"] + [""] * 6
        rows.append(
            "<tr>" + "".join(_cell(c, v, k) for c, v, k in zip(_DOCUMENT_COLUMNS, cells, css, strict=True)) + "</tr>"
        )
    return _table(head, "".join(rows))


def _table(head: str, body: str) -> str:
    table = f'<table class="zw-table"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'
    return f'<div class="zw-scroll">{table}</div>'
