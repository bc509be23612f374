"""Task filters: as SQL for the records store, and as a position mask for the search indexes."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["RecordScopes", "TaskFilter", "where_clause"]


@dataclass(frozen=True)
class TaskFilter:
    """Filters shared by the CLI, the API and the answerer.

    ``region`` matches any region containing it (a filter someone typed);
    ``regions`` is the exact set of document regions a resolved place covers.
    """

    region: str | None = None
    regions: tuple[str, ...] = ()
    year: int | None = None
    due_before: str | None = None
    due_after: str | None = None
    deadline_kind: str | None = None
    doc_id: str | None = None


@dataclass(frozen=True)
class RecordScopes:
    """Every record's region and year by position, so retrieval can be restricted before ranking.

    Filtering after ranking fails at scale: with every county's plan for every
    year indexed, a top 100 drawn from all of them holds few or none of the
    county and year a question names.
    """

    regions: list[str]
    region_ids: np.ndarray
    years: np.ndarray  # 0 where a record has no year

    def allowed(self, task_filter: TaskFilter) -> np.ndarray | None:
        """A mask of the positions the filter's regions and year admit; None when it admits all."""
        if not task_filter.region and not task_filter.regions and task_filter.year is None:
            return None
        mask = np.ones(len(self.region_ids), dtype=bool)
        if task_filter.region:
            mask &= np.isin(self.region_ids, [i for i, r in enumerate(self.regions) if task_filter.region in r])
        if task_filter.regions:
            mask &= np.isin(self.region_ids, [i for i, r in enumerate(self.regions) if r in task_filter.regions])
        if task_filter.year is not None:
            mask &= self.years == task_filter.year
        return mask


def where_clause(task_filter: TaskFilter) -> tuple[str, list[object]]:
    """The SQL ``WHERE`` clause and parameters for the filter's set fields."""
    f = task_filter
    conditions: list[tuple[str, object]] = [
        ("t.region LIKE ?", f"%{f.region}%" if f.region else None),
        ("t.year = ?", f.year),
        ("t.deadline_date IS NOT NULL AND t.deadline_date <= ?", f.due_before),
        ("t.deadline_date IS NOT NULL AND t.deadline_date >= ?", f.due_after),
        ("t.deadline_kind = ?", f.deadline_kind),
        ("t.doc_id = ?", f.doc_id),
    ]
    used = [(sql, value) for sql, value in conditions if value is not None and value != ""]
    clauses = [sql for sql, _ in used]
    params = [value for _, value in used]
    if f.regions:
        clauses.append(f"t.region IN ({','.join('?' * len(f.regions))})")
        params.extend(f.regions)
    return ("WHERE " + " AND ".join(clauses)) if clauses else "", params
