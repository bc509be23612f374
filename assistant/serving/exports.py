"""Task lists as spreadsheets: one set of column labels for the CSV, the Excel file and the UI's table."""

from __future__ import annotations

import csv
import io

from assistant.answering.tasks import TaskRow

__all__ = ["COLUMN_LABELS", "neutralise", "table_rows", "tasks_csv", "tasks_xlsx"]

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_XLSX_CELL_CHARS = 32_767  # Excel's limit per cell

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


def neutralise(value: object) -> str:
    """One cell as inert text (OWASP CSV injection): a leading ``= + - @`` tab or CR gets a ``'`` in front.

    Task text, unit names and file titles come from uploaded documents, so a
    spreadsheet must never read them as a formula.
    """
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def tasks_csv(rows: list[TaskRow]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMN_LABELS)
    writer.writerows([neutralise(cell) for cell in row] for row in table_rows(rows))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # BOM: Excel opens UTF-8 CSV correctly


def tasks_xlsx(rows: list[TaskRow]) -> bytes:
    """Every cell is written as a string (``data_type = "s"``): openpyxl would store ``=…`` as a formula."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # a new workbook always has one sheet
    sheet.title = "任务"
    sheet.append(COLUMN_LABELS)
    for number, row in enumerate(table_rows(rows), start=2):
        for column, value in enumerate(row, start=1):
            cell = sheet.cell(row=number, column=column)
            cell.value = neutralise(value)[:_XLSX_CELL_CHARS]
            cell.data_type = "s"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
