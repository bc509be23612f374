"""One table abstraction for every reader: a header and rows of cells, merges resolved.

Text readers (tab, pipe, one cell per line), the Word reader and later HTML,
PDF and Excel readers all produce a :class:`Grid`. :func:`grid_rows` then
reads it the same way whatever its origin: each column gets a role from the
header vocabulary (:mod:`indexer.parsing.columns`), a row with fewer cells
than the header lost its merged cells (they are re-aligned by content and
taken from the row above), and a blank group column (任务分类) repeats the
row above.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import combinations

from indexer.parsing.columns import Role, header_roles, role_of
from indexer.parsing.structures import Span, TableRow
from indexer.parsing.units import looks_like_units

__all__ = ["Grid", "GridRow", "grid_rows", "is_deadline_like", "map_cells", "merge_subheader"]

_NUMBER = re.compile(r"^\d{1,3}[.、．]?$")
_DEADLINE = re.compile(
    r"^(?:[\d\s年月日号底末前以内/\-.]|[一二三四五六七八九十]+月|季度|上半年|下半年|年内|长期|坚持|持续|推进|常态化|每|全年|"
    r"半年|周|旬|——|—|－|-)+$"
)
_NUMBERED = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d)")
_MERGEABLE: tuple[Role, ...] = ("task", "lead", "responsible", "number")


@dataclass
class GridRow:
    """A row's cells in header order (merged cells already filled by readers that know them)."""

    cells: list[str]
    span: Span


@dataclass
class Grid:
    """A task table: header cells, rows, and how it was encoded (``tab``, ``pipe``, ``cells``, ``docx`` …)."""

    header: list[str]
    rows: list[GridRow] = field(default_factory=list)
    encoding: str = "text"


def map_cells(grid: Grid, convert: Callable[[list[str]], list[str]]) -> Grid:
    """The grid with every row (header included) passed through ``convert`` (e.g. the matching view)."""
    rows = [GridRow(convert(row.cells), row.span) for row in grid.rows]
    return Grid(convert(grid.header), rows, grid.encoding)


def is_deadline_like(cell: str) -> bool:
    """A short cell made only of date, period and frequency words."""
    return len(cell) <= 16 and bool(_DEADLINE.match(cell.strip()))


def _fits(role: Role | None, cell: str) -> int:
    """How well a cell's content fits a column role (higher is better, negative is wrong)."""
    if not cell or re.fullmatch(r"[—\-－–\s]+", cell):
        return 0
    if role == "number":
        return 2 if _NUMBER.match(cell) else -3
    if role == "deadline":
        return 2 if is_deadline_like(cell) else -2
    if role in ("lead", "responsible"):
        return 2 if looks_like_units(cell) else -2
    if role == "requirement":
        return 2 if len(cell) > 12 else -1
    return 0 if is_deadline_like(cell) or _NUMBER.match(cell) else 1


def _realign(cells: list[str], roles: list[Role | None], above: list[str]) -> list[str]:
    """Put a short row's cells under the right columns; missing ones are merged cells from above."""
    missing = len(roles) - len(cells)
    best: tuple[int, list[str]] | None = None
    for gaps in combinations(range(len(roles)), missing):
        if any(roles[g] not in _MERGEABLE for g in gaps):
            continue
        values = iter(cells)
        row = [
            above[i] if i in gaps and i < len(above) else ("" if i in gaps else next(values)) for i in range(len(roles))
        ]
        score = sum(_fits(roles[i], row[i]) for i in range(len(roles)) if i not in gaps)
        score -= sum(_MERGEABLE.index(roles[g]) for g in gaps if roles[g] in _MERGEABLE)
        if best is None or score > best[0]:
            best = (score, row)
    return best[1] if best else cells + [""] * missing


def _named(roles: list[Role | None], row: list[str], span: Span, table: int) -> TableRow:
    named: dict[str, str] = {}
    titles: list[str] = []
    for role, cell in zip(roles, row, strict=False):
        if role == "task":
            titles.append(cell)
        elif role and role != "note" and role not in named:
            named[role] = cell
    continuation = not any(v for k, v in named.items() if k != "requirement") and not any(titles)
    return TableRow(named, titles, span, table, "grid", continuation=continuation)


def merge_subheader(header: list[str], cells: list[str]) -> list[str] | None:
    """A two-row header (``责任分工`` spanning ``牵头单位 | 配合单位`` below it) as one row, or None.

    ``cells`` is a sub-header when every filled cell is a column name and at
    least one sits under a spanning cell or its blank continuation.
    """
    filled = [(i, c.strip()) for i, c in enumerate(cells) if c.strip()]
    if len(filled) < 2 or any(i >= len(header) for i, _ in filled):
        return None  # a spanning cell has at least two columns under it
    if any(role_of(c) is None or _NUMBERED.match(c) for _, c in filled):
        return None  # a section row ("一、重点工作") is a row, not a header
    merged = list(header)
    for index, cell in filled:
        merged[index] = cell
    return merged if header_roles(merged) is not None and merged != header else None


def grid_rows(grid: Grid, table: int = 1) -> list[TableRow]:
    """Read a grid into table rows named by role; an unknown header gives no rows."""
    if grid.rows and (merged := merge_subheader(grid.header, grid.rows[0].cells)):
        grid = Grid(merged, grid.rows[1:], grid.encoding)
    roles = header_roles(grid.header)
    if roles is None:
        return []
    while roles and roles[-1] is None and not grid.header[len(roles) - 1].strip():
        roles.pop()
    rows: list[TableRow] = []
    above: list[str] = [""] * len(roles)
    for grid_row in grid.rows:
        cells = [c.strip() for c in grid_row.cells[: len(roles)]]
        if header_roles(cells) == roles or not any(cells):
            continue  # a header repeated after a page break, or an empty row
        if len(cells) < len(roles):
            cells = _realign(cells, roles, above)
        for index, role in enumerate(roles):
            if role == "task" and not cells[index]:
                cells[index] = above[index]  # a merged group cell is blank below its first row
        above = cells
        rows.append(_named(roles, cells, grid_row.span, table))
    return rows
