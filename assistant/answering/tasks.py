"""The one task query: filters, ordering, collective units and status, for the CLI, the API and the UI alike.

A list of tasks is a complete SQL answer from the records store, never a
top-k guess; the three front ends call :func:`list_tasks` with a
:class:`TaskQuery` and get the same rows for the same filters.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from indexer.errors import ZhengwuyuanError
from indexer.index.filters import TaskFilter
from indexer.index.store import RecordStore, shown_deadline, units_twin
from indexer.models import Deadline, Document, DocumentStats, TaskRecord

__all__ = [
    "DocumentOverview",
    "TaskQuery",
    "TaskRow",
    "TaskStatus",
    "UnknownRegion",
    "check_region",
    "document_overview",
    "list_tasks",
    "status_of",
]


class TaskStatus(StrEnum):
    """Where a task stands today."""

    upcoming = "upcoming"
    overdue = "overdue"
    ongoing = "ongoing"
    unspecified = "unspecified"


def status_of(deadline: Deadline, today: date) -> TaskStatus:
    if deadline.kind == "ongoing":
        return TaskStatus.ongoing
    if deadline.date is None:
        return TaskStatus.unspecified
    return TaskStatus.overdue if date.fromisoformat(deadline.date) < today else TaskStatus.upcoming


class UnknownRegion(ZhengwuyuanError):
    """A region filter that no document of the knowledge base matches."""


@dataclass(frozen=True)
class TaskQuery:
    """Filters of a task list; every field optional."""

    unit: str | None = None
    region: str | None = None
    year: int | None = None
    due_before: date | None = None
    due_after: date | None = None
    status: TaskStatus | None = None
    doc_id: str | None = None

    def task_filter(self) -> TaskFilter:
        return TaskFilter(
            region=self.region,
            year=self.year,
            due_before=self.due_before.isoformat() if self.due_before else None,
            due_after=self.due_after.isoformat() if self.due_after else None,
            doc_id=self.doc_id,
        )


@dataclass(frozen=True)
class TaskRow:
    """A listed task: the record, whether it reaches the unit collectively, its status today, and the
    annex-table twin whose units and deadline a unit-less body item shows (marked ``units_from_table``)."""

    record: TaskRecord
    collective: bool
    status: TaskStatus
    twin: TaskRecord | None = None

    def to_dict(self) -> dict[str, Any]:
        """The JSON a list returns: the record's fields, its status, and ``collective`` when true."""
        item = self.record.to_dict()
        item.pop("kind")
        item["status"] = self.status.value
        if self.twin is not None:
            item.update(lead_units=self.twin.lead_units, responsible_units=self.twin.responsible_units)
            item["deadline"] = asdict(shown_deadline(self.record, self.twin))
            item["units_from_table"] = self.twin.id
        if self.collective:
            item["collective"] = True
        return item


def check_region(regions: list[str], region: str | None) -> None:
    """Refuse a region filter no document matches, naming the regions there are."""
    if region and not any(region in r or r.endswith(region) for r in regions):
        raise UnknownRegion(f"知识库中没有“{region}”的文件；可选地区：{'、'.join(regions)}")


def list_tasks(store: RecordStore, query: TaskQuery, today: date) -> list[TaskRow]:
    """Every task the query admits: named tasks first, then collective ones; newest documents first."""
    check_region(store.regions(), query.region)
    task_filter = query.task_filter()
    if query.unit:
        found = [(m.record, m.collective) for m in store.unit_tasks(query.unit, task_filter)]
    else:
        found = [(r, False) for r in store.tasks(task_filter)]
    twins = {t.id: t for t in store.by_ids(sorted({i for r, _ in found if not r.units for i in r.related_ids}))}
    rows = []
    for record, collective in found:
        twin = units_twin(record, twins.get)
        rows.append(TaskRow(record, collective, status_of(shown_deadline(record, twin), today), twin))
    listed = {row.record.id for row in rows}  # a body item shown through its twin goes when the twin is listed
    rows = [row for row in rows if row.twin is None or row.twin.id not in listed]
    return [row for row in rows if query.status is None or row.status == query.status]


@dataclass(frozen=True)
class DocumentOverview:
    """A document of the knowledge base and what it yielded."""

    document: Document
    stats: DocumentStats

    def to_dict(self) -> dict[str, Any]:
        item = self.document.to_dict()
        item.pop("path")
        item.update(tasks=self.stats.records, units=self.stats.units, dated_tasks=self.stats.with_dates)
        return item


def document_overview(store: RecordStore) -> list[DocumentOverview]:
    """Every document with its statistics, newest first."""
    return [
        DocumentOverview(document, DocumentStats.of(store.tasks(TaskFilter(doc_id=document.id))))
        for document in store.documents()
    ]
