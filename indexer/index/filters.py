"""Task filters: as SQL for the records store, and as a position mask for the search indexes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

__all__ = ["UNKNOWN_REGION", "RecordScopes", "TaskFilter", "where_clause"]

UNKNOWN_REGION = ""
"""The region of a document whose place no clue named: unknown, not absent."""


@dataclass(frozen=True)
class TaskFilter:
    """Filters shared by the CLI, the API and the answerer.

    ``region`` matches any region containing it (a filter someone typed);
    ``regions`` is the exact set of document regions a resolved place covers.
    ``unknown_places`` also admits documents whose region or year is unknown
    (a question's place and year exclude only documents known to be elsewhere
    or of another year).
    """

    region: str | None = None
    regions: tuple[str, ...] = ()
    year: int | None = None
    unknown_places: bool = False
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
        unknown = task_filter.unknown_places
        if task_filter.region:
            typed = task_filter.region
            mask &= np.isin(self.region_ids, self._ids(lambda r: typed in r or unknown and not r))
        if task_filter.regions:
            mask &= np.isin(self.region_ids, self._ids(lambda r: r in task_filter.regions or unknown and not r))
        if task_filter.year is not None:
            mask &= (self.years == task_filter.year) | (unknown & (self.years == 0))
        return mask

    def _ids(self, wanted: Callable[[str], bool]) -> list[int]:
        return [i for i, region in enumerate(self.regions) if wanted(region)]


def where_clause(task_filter: TaskFilter) -> tuple[str, list[object]]:
    """The SQL ``WHERE`` clause and parameters for the filter's set fields."""
    f = task_filter
    unknown = " OR t.region = ''" if f.unknown_places else ""
    conditions: list[tuple[str, object]] = [
        (f"(t.region LIKE ?{unknown})", f"%{f.region}%" if f.region else None),
        (f"(t.year = ?{' OR t.year IS NULL' if f.unknown_places else ''})", f.year),
        ("t.deadline_date IS NOT NULL AND t.deadline_date <= ?", f.due_before),
        ("t.deadline_date IS NOT NULL AND t.deadline_date >= ?", f.due_after),
        ("t.deadline_kind = ?", f.deadline_kind),
        ("t.doc_id = ?", f.doc_id),
    ]
    used = [(sql, value) for sql, value in conditions if value is not None and value != ""]
    clauses = [sql for sql, _ in used]
    params = [value for _, value in used]
    if f.regions:
        clauses.append(f"(t.region IN ({','.join('?' * len(f.regions))}){unknown})")
        params.extend(f.regions)
    return ("WHERE " + " AND ".join(clauses)) if clauses else "", params
