"""The one task query: filters, ordering, collective units and status, for the CLI, the API and the UI alike.

A list of tasks is a complete SQL answer from the records store, never a
top-k guess; the three front ends call :func:`list_tasks` with a
:class:`TaskQuery` and get the same rows for the same filters. A unit is
matched by name or alias, or, when no unit is called that, by part of a name
("人社" finds 区人社局), so a search box can list as one types; the counts a
unit picker shows are :func:`list_tasks` counts too (:func:`unit_choices`).
"""

from __future__ import annotations

import weakref
from dataclasses import asdict, dataclass, replace
from datetime import date
from enum import StrEnum
from typing import Any

from indexer.errors import ZhengwuyuanError
from indexer.index.filters import TaskFilter
from indexer.index.store import RecordStore, UnitMatch, shown_deadline, units_twin
from indexer.models import Deadline, Document, DocumentStats, TaskRecord
from indexer.parsing.normalise import matching_view

__all__ = [
    "DocumentOverview",
    "TaskOrder",
    "TaskQuery",
    "TaskRow",
    "TaskStatus",
    "UnitChoice",
    "UnknownRegion",
    "check_region",
    "document_overview",
    "list_tasks",
    "overdue_year",
    "status_of",
    "unit_choices",
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


class TaskOrder(StrEnum):
    """``document``: newest documents first, in document order (named before collective); ``date``: by deadline."""

    document = "document"
    date = "date"


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
    order: TaskOrder = TaskOrder.document

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
    """Every task the query admits: named tasks first, then collective ones; newest documents first.

    With ``order=date`` the rows run by the deadline they show, earliest
    first; standing and undated tasks follow in document order.
    """
    check_region(store.regions(), query.region)
    task_filter = query.task_filter()
    if query.unit:
        found = [(m.record, m.collective) for m in _unit_tasks(store, query.unit, query.region, task_filter)]
    else:
        found = [(r, False) for r in store.tasks(task_filter)]
    twins = {t.id: t for t in store.by_ids(sorted({i for r, _ in found if not r.units for i in r.related_ids}))}
    rows = []
    for record, collective in found:
        twin = units_twin(record, twins.get)
        rows.append(TaskRow(record, collective, status_of(shown_deadline(record, twin), today), twin))
    listed = {row.record.id for row in rows}  # a body item shown through its twin goes when the twin is listed
    rows = [row for row in rows if row.twin is None or row.twin.id not in listed]
    rows = [row for row in rows if query.status is None or row.status == query.status]
    if query.order == TaskOrder.date:
        rows.sort(key=lambda row: shown_deadline(row.record, row.twin).date or "9999")
    return rows


@dataclass(frozen=True)
class UnitChoice:
    """A unit a typed name matches: its shown name, the other names documents write, and how many tasks
    :func:`list_tasks` lists for it under the same filters."""

    name: str
    aliases: list[str]
    tasks: int


def unit_choices(store: RecordStore, text: str, query: TaskQuery, today: date, limit: int = 8) -> list[UnitChoice]:
    """The named units ``text`` matches (exactly, by alias, or by part of a name), most tasks first."""
    choices = []
    for name, aliases in _matching_units(store, text, query.region)[: limit * 3]:
        count = len(list_tasks(store, replace(query, unit=name), today))
        if count:
            choices.append(UnitChoice(name, sorted(aliases - {name}), count))
    return sorted(choices, key=lambda c: -c.tasks)[:limit]


def overdue_year(years: list[int], today: date) -> int | None:
    """The documents an overdue list covers by default: this year's, else the newest year before it."""
    earlier = [y for y in years if y <= today.year]
    return max(earlier, default=max(years, default=None))


def _unit_tasks(store: RecordStore, unit: str, region: str | None, task_filter: TaskFilter) -> list[UnitMatch]:
    """A unit's tasks by name or alias; when no unit is called ``unit``, those of every unit whose name has it."""
    exact = store.unit_tasks(unit, task_filter)
    if exact:
        return exact
    matches = _matching_units(store, unit, region)
    if any(store.registry.key(unit) == store.registry.key(n) for n, _ in matches):
        return exact  # a unit of that name, with nothing under these filters
    named: dict[str, UnitMatch] = {}
    collective: dict[str, UnitMatch] = {}
    for name, _ in matches:
        for match in store.unit_tasks(name, task_filter):
            (collective if match.collective else named).setdefault(match.record.id, match)
    return [*named.values(), *(m for i, m in collective.items() if i not in named)]


@dataclass(frozen=True)
class _NamedUnit:
    """A named unit merged across regions by its matching key, with its names' matching views."""

    key: str
    shown: str
    names: frozenset[str]
    views: tuple[str, ...]
    tasks: int


# Per store (one per index generation) and region: the unit directory a search box scans on every
# keystroke, built once instead of re-reading every unit row of the store each time.
_DIRECTORIES: weakref.WeakKeyDictionary[RecordStore, dict[str | None, list[_NamedUnit]]] = weakref.WeakKeyDictionary()


def _directory(store: RecordStore, region: str | None) -> list[_NamedUnit]:
    cached = _DIRECTORIES.setdefault(store, {})
    if region not in cached:
        merged: dict[str, tuple[str, set[str], int]] = {}
        for unit in store.units():
            if unit.collective or (region and region not in unit.region):
                continue
            unit_key = store.registry.key(unit.canonical, unit.region)
            shown, names, tasks = merged.get(unit_key, (unit.canonical, set(), 0))
            merged[unit_key] = (shown, names | set(unit.names) | {unit.canonical}, tasks + unit.tasks)
        units = [
            _NamedUnit(k, shown, frozenset(names), tuple(matching_view(sorted(names))), tasks)
            for k, (shown, names, tasks) in merged.items()
        ]
        cached[region] = sorted(units, key=lambda u: -u.tasks)
    return cached[region]


def _matching_units(store: RecordStore, text: str, region: str | None) -> list[tuple[str, set[str]]]:
    """Named units (merged across regions by matching key) whose name, alias or key contains ``text``."""
    typed = matching_view([text.strip()])[0]
    if not typed:
        return []
    key = store.registry.key(typed)
    return [
        (u.shown, set(u.names))
        for u in _directory(store, region)
        if key in u.key or any(typed in view for view in u.views)
    ]


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
