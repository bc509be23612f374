"""The records store: documents, task records and passages in SQLite, one file per index generation.

Records are stored whole as JSON (the one serialisation in
:mod:`indexer.models`) beside the columns that lists filter on, plus one row
per (task, unit) so "X负责哪些任务" is a complete SQL answer, never a top-k guess.
Passages (windows over each document's text) have their own table and their
own positions, the row numbers of the passage indexes.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from indexer.index.filters import RecordScopes, TaskFilter, where_clause
from indexer.models import Deadline, Document, Passage, TaskRecord
from indexer.registry import UnitRegistry

__all__ = ["RecordStore", "UnitMatch", "UnitSummary", "shown_deadline", "units_twin"]

_MIGRATIONS = [
    # 1: documents, tasks and their unit assignments
    """
    CREATE TABLE documents (
        id TEXT PRIMARY KEY, title TEXT NOT NULL, region TEXT NOT NULL, year INTEGER,
        sha256 TEXT NOT NULL, data TEXT NOT NULL
    );
    CREATE TABLE tasks (
        position INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, doc_id TEXT NOT NULL,
        region TEXT NOT NULL, year INTEGER, deadline_date TEXT, deadline_kind TEXT NOT NULL,
        data TEXT NOT NULL
    );
    CREATE INDEX tasks_region ON tasks(region, year);
    CREATE INDEX tasks_deadline ON tasks(deadline_date);
    CREATE TABLE task_units (
        task_position INTEGER NOT NULL, region TEXT NOT NULL, unit TEXT NOT NULL,
        unit_key TEXT NOT NULL, role TEXT NOT NULL, scope TEXT
    );
    CREATE INDEX task_units_key ON task_units(unit_key, region);
    CREATE INDEX task_units_scope ON task_units(scope, region);
    """,
    # 2: passages, windows over each document's text as read (positions are the passage indexes' rows)
    """
    CREATE TABLE passages (
        position INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, doc_id TEXT NOT NULL,
        region TEXT NOT NULL, year INTEGER, data TEXT NOT NULL
    );
    CREATE INDEX passages_doc ON passages(doc_id);
    """,
]


def units_twin(record: TaskRecord, lookup: Callable[[str], TaskRecord | None]) -> TaskRecord | None:
    """The annex-table row that restates a unit-less body item and names its units, if there is one."""
    if record.units or record.kind == "table":
        return None
    twins = [t for i in record.related_ids if (t := lookup(i)) is not None and t.units]
    return twins[0] if twins else None


def shown_deadline(record: TaskRecord, twin: TaskRecord | None) -> Deadline:
    """The deadline a record shows: its own when it states one, else its table twin's."""
    return record.deadline if record.deadline.raw or twin is None else twin.deadline


@dataclass(frozen=True)
class UnitMatch:
    """A task found for a unit; ``collective`` when it reaches the unit through "区政府各部门" etc."""

    record: TaskRecord
    collective: bool


@dataclass(frozen=True)
class UnitSummary:
    """One unit of one region: its canonical name, the names documents write for it, and its task count."""

    region: str
    canonical: str
    names: list[str]
    tasks: int
    collective: bool


class RecordStore:
    """SQLite-backed records of one index generation."""

    def __init__(self, path: Path, registry: UnitRegistry) -> None:
        self.path = path
        self.registry = registry
        self._db: sqlite3.Connection | None = None

    # ------------------------------------------------------------- writing

    def write(self, documents: list[Document], records: list[TaskRecord], passages: list[Passage]) -> None:
        """Create the database from scratch (a generation is written once).

        No journal and no syncing while writing: the file is new, nobody reads
        it yet, and the generation writer fsyncs the whole folder before it
        becomes current. A million records take about a minute this way.
        """
        db = sqlite3.connect(self.path)
        try:
            db.execute("PRAGMA journal_mode = OFF")
            db.execute("PRAGMA synchronous = OFF")
            for version, script in enumerate(_MIGRATIONS, start=1):
                db.executescript(script)
                db.execute(f"PRAGMA user_version = {version}")
            db.executemany(
                "INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?)",
                [
                    (d.id, d.title, d.region, d.year, d.sha256, json.dumps(d.to_dict(), ensure_ascii=False))
                    for d in documents
                ],
            )
            db.executemany(
                "INSERT INTO tasks VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    (
                        position,
                        record.id,
                        record.doc_id,
                        record.region,
                        record.year,
                        record.deadline.date,
                        record.deadline.kind,
                        json.dumps(record.to_dict(), ensure_ascii=False),
                    )
                    for position, record in enumerate(records)
                ),
            )
            db.executemany("INSERT INTO task_units VALUES (?, ?, ?, ?, ?, ?)", self._unit_rows(records))
            db.executemany(
                "INSERT INTO passages VALUES (?, ?, ?, ?, ?, ?)",
                (
                    (position, p.id, p.doc_id, p.region, p.year, json.dumps(p.to_dict(), ensure_ascii=False))
                    for position, p in enumerate(passages)
                ),
            )
            db.commit()
        finally:
            db.close()

    def _unit_rows(self, records: list[TaskRecord]) -> Iterator[tuple[int, str, str, str, str, str | None]]:
        """One row per (task, unit, role); unit keys looked up once per (unit, region).

        A body item that names no unit is found under its annex-table twin's units,
        so listing a unit's tasks finds the item as well as the row.
        """
        keys: dict[tuple[str, str], tuple[str, str | None]] = {}
        by_id = {r.id: r for r in records}
        for position, record in enumerate(records):
            twin = None if record.units else units_twin(record, by_id.get)
            source, taken = (twin, ":table") if twin is not None else (record, "")
            for role, units in ((f"lead{taken}", source.lead_units), (f"responsible{taken}", source.responsible_units)):
                for unit in units:
                    known = keys.get((unit, record.region))
                    if known is None:
                        known = keys[(unit, record.region)] = (
                            self.registry.key(unit, record.region),
                            self.registry.collective_scope(unit),
                        )
                    yield (position, record.region, unit, known[0], role, known[1])

    # ------------------------------------------------------------- reading

    def open(self) -> RecordStore:
        """Open read-only; safe to call twice."""
        if self._db is None:
            uri = f"file:{self.path}?mode=ro"
            self._db = sqlite3.connect(uri, uri=True, check_same_thread=False)
        return self

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    @property
    def db(self) -> sqlite3.Connection:
        return self.open()._db  # type: ignore[return-value]

    def documents(self) -> list[Document]:
        rows = self.db.execute("SELECT data FROM documents ORDER BY year DESC, id").fetchall()
        return [Document.from_dict(json.loads(r[0])) for r in rows]

    def regions(self) -> list[str]:
        """The regions documents declare, sorted."""
        return [
            r for (r,) in self.db.execute("SELECT DISTINCT region FROM documents WHERE region != '' ORDER BY region")
        ]

    def count(self) -> int:
        return int(self.db.execute("SELECT COUNT(*) FROM tasks").fetchone()[0])

    def scopes(self, table: str = "tasks") -> RecordScopes:
        """Region and year of every row of ``table`` (tasks or passages), read once when a generation is opened."""
        if table not in ("tasks", "passages"):
            raise ValueError(table)
        regions: dict[str, int] = {}
        region_ids, years = [], []
        for region, year in self.db.execute(f"SELECT region, year FROM {table} ORDER BY position"):
            region_ids.append(regions.setdefault(region, len(regions)))
            years.append(year or 0)
        return RecordScopes(list(regions), np.asarray(region_ids, dtype=np.int32), np.asarray(years, dtype=np.int32))

    def doc_ids(self, table: str = "tasks") -> list[str]:
        """The document id of every row of ``table`` (tasks or passages), by position."""
        if table not in ("tasks", "passages"):
            raise ValueError(table)
        return [doc_id for (doc_id,) in self.db.execute(f"SELECT doc_id FROM {table} ORDER BY position")]

    def passages(self, positions: list[int]) -> list[Passage]:
        """Passages by their row position in the passage indexes, in the order asked."""
        return [Passage.from_dict(data) for data in self._rows("passages", positions)]

    def document_passages(self, doc_id: str) -> list[Passage]:
        """One document's passages in reading order (a new generation re-indexes them unchanged)."""
        rows = self.db.execute("SELECT data FROM passages WHERE doc_id = ? ORDER BY position", [doc_id])
        return [Passage.from_dict(json.loads(r[0])) for r in rows]

    def ids(self, positions: list[int]) -> dict[int, str]:
        """Record ids by position: enough to pair twins before decoding whole records."""
        if not positions:
            return {}
        marks = ",".join("?" * len(positions))
        return dict(self.db.execute(f"SELECT position, id FROM tasks WHERE position IN ({marks})", positions))

    def get(self, positions: list[int]) -> list[TaskRecord]:
        """Records by their row position (the id the vector indexes store)."""
        return [TaskRecord.from_dict(data) for data in self._rows("tasks", positions)]

    def _rows(self, table: str, positions: list[int]) -> list[dict[str, Any]]:
        """The JSON data of ``table``'s rows (tasks or passages) at ``positions``, in the order asked."""
        if not positions:
            return []
        marks = ",".join("?" * len(positions))
        rows = self.db.execute(f"SELECT position, data FROM {table} WHERE position IN ({marks})", positions)
        by_position = dict(rows)
        return [json.loads(by_position[p]) for p in positions if p in by_position]

    def clauses(self, ids: list[str]) -> dict[str, str]:
        """Each record's heading path, clause and time-limit cell (``section`` newline ``text`` newline the
        deadline as written) by id, without decoding it whole: what a passage's words are compared with, for dozens
        of overlapping records a question. A catalogue row says its time limit in a cell of its own."""
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        rows = self.db.execute(
            "SELECT id, json_extract(data, '$.section') || char(10) || json_extract(data, '$.text') || char(10) "
            f"|| coalesce(json_extract(data, '$.deadline.raw'), '') FROM tasks WHERE id IN ({marks})",
            ids,
        )
        return dict(rows)

    def by_ids(self, ids: list[str]) -> list[TaskRecord]:
        """Records by their ids (a record's ``related_ids``), in the order asked."""
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        rows = dict(self.db.execute(f"SELECT id, data FROM tasks WHERE id IN ({marks})", ids))
        return [TaskRecord.from_dict(json.loads(rows[i])) for i in ids if i in rows]

    def tasks(self, task_filter: TaskFilter = TaskFilter()) -> list[TaskRecord]:
        """Every task that passes the filter, in document order (newest documents first)."""
        where, params = where_clause(task_filter)
        rows = self.db.execute(
            f"SELECT t.data FROM tasks t JOIN documents d ON d.id = t.doc_id {where} "
            "ORDER BY d.year DESC, d.id, t.position",
            params,
        )
        return [TaskRecord.from_dict(json.loads(r[0])) for r in rows]

    def unit_tasks(self, unit: str, task_filter: TaskFilter = TaskFilter()) -> list[UnitMatch]:
        """Tasks assigned to ``unit`` by name (alias-aware), then collective tasks that include it."""
        scope_region = task_filter.region or (task_filter.regions[0] if len(task_filter.regions) == 1 else None)
        places = [*task_filter.regions, *([task_filter.region] if task_filter.region else [])]
        # a unit the document writes with its own place (某县住房和城乡建设局), asked with the place apart (住建局)
        keys = sorted({self.registry.key(unit, scope_region), *(self.registry.key(p + unit, p) for p in places)})
        where, params = where_clause(task_filter)
        joiner = "AND" if where else "WHERE"
        direct = self.db.execute(
            f"SELECT DISTINCT t.position, t.data, t.region FROM tasks t JOIN documents d ON d.id = t.doc_id "
            f"JOIN task_units u ON u.task_position = t.position {where} {joiner} "
            f"u.unit_key IN ({','.join('?' * len(keys))}) ORDER BY d.year DESC, d.id, t.position",
            [*params, *keys],
        ).fetchall()
        named = {task_filter.region} if task_filter.region else set()
        regions = sorted({r[2] for r in direct} | set(task_filter.regions) | named)
        matches = [UnitMatch(TaskRecord.from_dict(json.loads(d)), False) for _, d, _ in direct]
        if not regions:
            return matches
        seen = {p for p, _, _ in direct}
        scope = self.registry.scope_of_unit(self.registry.canonical(unit))
        marks = ",".join("?" * len(regions))
        collective = self.db.execute(
            f"SELECT DISTINCT t.position, t.data FROM tasks t JOIN documents d ON d.id = t.doc_id "
            f"JOIN task_units u ON u.task_position = t.position {where} {joiner} u.scope = ? "
            f"AND t.region IN ({marks}) ORDER BY d.year DESC, d.id, t.position",
            [*params, scope, *regions],
        ).fetchall()
        matches.extend(UnitMatch(TaskRecord.from_dict(json.loads(d)), True) for p, d in collective if p not in seen)
        return matches

    def units(self, region: str | None = None) -> list[UnitSummary]:
        """Every unit (of ``region``), most tasks first within a region.

        Names that share a matching key are one unit; it is shown by its local
        canonical name when units.toml has one, else by the name the documents
        write most often (the first written on a tie).
        """
        # Rows a body item borrows from its table twin (role "…:table") find the item, but count no new task.
        sql = "SELECT region, unit, unit_key, task_position, scope FROM task_units WHERE role NOT LIKE '%:table'"
        rows = self.db.execute(sql + (" AND region = ?" if region else ""), [region] if region else [])
        grouped: dict[tuple[str, str], tuple[Counter[str], set[int], bool]] = {}
        for unit_region, unit, key, position, scope in rows:
            names, tasks, _ = grouped.setdefault((unit_region, key), (Counter(), set(), scope is not None))
            names[unit] += 1
            tasks.add(position)
        summaries = []
        for (unit_region, _), (names, tasks, collective) in grouped.items():
            local = {self.registry.canonical(n, unit_region) for n in names} - set(names)
            shown = min(local) if local else names.most_common(1)[0][0]
            summaries.append(UnitSummary(unit_region, shown, sorted(names), len(tasks), collective))
        return sorted(summaries, key=lambda u: (u.region, -u.tasks))
