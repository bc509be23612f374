"""Request models and task filters for the API, with a limit on every input."""

from __future__ import annotations

import csv
import io
from datetime import date
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from assistant.settings import Settings
from indexer.models import TaskRecord

__all__ = ["AskRequest", "TaskStatus", "status_of", "task_rows", "tasks_csv", "tasks_xlsx"]


class AskRequest(BaseModel):
    """``POST /api/ask`` body."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    question: str = Field(
        min_length=1, max_length=Settings.model_fields["max_question_chars"].default, description="问题（1–500 字）"
    )
    top_k: int = Field(default=5, ge=1, le=50, description="返回的引用条数（1–50）")
    region: str | None = Field(default=None, max_length=30, description="地区过滤，如 章丘区")
    year: int | None = Field(default=None, ge=2000, le=2100, description="年份过滤")


class TaskStatus(StrEnum):
    """Where a task stands today."""

    upcoming = "upcoming"
    overdue = "overdue"
    ongoing = "ongoing"
    unspecified = "unspecified"


def status_of(record: TaskRecord, today: date) -> TaskStatus:
    if record.deadline.kind == "ongoing":
        return TaskStatus.ongoing
    if record.deadline.date is None:
        return TaskStatus.unspecified
    return TaskStatus.overdue if date.fromisoformat(record.deadline.date) < today else TaskStatus.upcoming


_COLUMNS = [
    ("编号", "id"),
    ("文件", "doc_title"),
    ("地区", "region"),
    ("年份", "year"),
    ("条目", "section"),
    ("序号", "number"),
    ("任务内容", "text"),
    ("牵头单位", "lead_units"),
    ("责任单位", "responsible_units"),
    ("完成时限", "deadline_raw"),
    ("截止日期", "deadline_date"),
    ("集体部署", "collective"),
]


def task_rows(items: list[dict[str, Any]]) -> list[list[Any]]:
    """Flatten task dicts (as the API returns them) into spreadsheet rows."""
    rows = []
    for item in items:
        flat = {
            **item,
            "lead_units": "、".join(item["lead_units"]),
            "responsible_units": "、".join(item["responsible_units"]),
            "deadline_raw": item["deadline"]["raw"],
            "deadline_date": item["deadline"]["date"] or "",
            "collective": "是" if item.get("collective") else "",
        }
        rows.append([flat[key] for _, key in _COLUMNS])
    return rows


def tasks_csv(items: list[dict[str, Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([label for label, _ in _COLUMNS])
    writer.writerows(task_rows(items))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # BOM: Excel opens UTF-8 CSV correctly


def tasks_xlsx(items: list[dict[str, Any]]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "任务"
    sheet.append([label for label, _ in _COLUMNS])
    for row in task_rows(items):
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
