"""Task lists as spreadsheets: one set of column labels for the CSV, the Excel file and the UI's table."""

from __future__ import annotations

import csv
import io

from assistant.answering.tasks import TaskRow

__all__ = ["COLUMN_LABELS", "table_rows", "tasks_csv", "tasks_xlsx"]

COLUMN_LABELS = [
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


def table_rows(rows: list[TaskRow]) -> list[list[object]]:
    """One flat row per task, in the order of :data:`COLUMN_LABELS`."""
    table: list[list[object]] = []
    for row in rows:
        r = row.record
        table.append(
            [
                r.id,
                r.doc_title,
                r.region,
                r.year,
                r.section,
                r.number,
                r.text,
                "、".join(r.lead_units),
                "、".join(r.responsible_units),
                r.deadline.raw,
                r.deadline.date or "",
                "是" if row.collective else "",
            ]
        )
    return table


def tasks_csv(rows: list[TaskRow]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMN_LABELS)
    writer.writerows(table_rows(rows))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # BOM: Excel opens UTF-8 CSV correctly


def tasks_xlsx(rows: list[TaskRow]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # a new workbook always has one sheet
    sheet.title = "任务"
    sheet.append(COLUMN_LABELS)
    for row in table_rows(rows):
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
