"""One table abstraction for every reader: a header and rows of cells, merges resolved.

Text readers (tab, pipe, one cell per line), the Word reader and later HTML,
PDF and Excel readers all produce a :class:`Grid`. :func:`grid_rows` then
reads it the same way whatever its origin: each column gets a role from the
header vocabulary (:mod:`indexer.parsing.tables.columns`), a row with fewer cells
than the header lost its merged cells (they are re-aligned by content and
taken from the row above), and a blank group column (任务分类) repeats the
row above.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from indexer.parsing.body.structures import Span, TableRow
from indexer.parsing.tables.cell_roles import HEADING_NUMBER, Aligned, align_row, cell_kind, fit, is_deadline_like
from indexer.parsing.tables.columns import Role, header_roles, role_of

__all__ = ["Grid", "GridRow", "grid_rows", "is_deadline_like", "map_cells", "merge_subheader"]

_MIN_NAMES = 3
_UNIT_ROLES = ("lead", "responsible")
_REALIGN_MARGIN = 2.0  # a row the header already fits is re-read only when content fits much better
_NUMBERED = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d)")
_LEVEL = re.compile(r"^[一二三四五六][级級]$")
_SECTION_SERIAL = re.compile(r"^[一二三四五六七八九十]+[、.．]?$")


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


def _named(roles: list[Role | None], row: Aligned, span: Span, table: int) -> TableRow:
    named: dict[str, str] = {"number": row.number} if row.number else {}
    titles: list[str] = list(row.titles)
    for role, cell in zip(roles, row.cells, strict=False):
        if role == "task":
            titles.append(cell)
        elif role in _UNIT_ROLES and cell and named.get(role) and cell not in named[role]:
            named[role] = f"{named[role]}、{cell}"  # two unit columns (公开主体 | 责任科室): both name who does it
        elif role and role != "note" and not named.get(role):
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
    if any(_displaces(role_of(header[i]), role_of(c)) for i, c in filled):
        return None  # names under other content columns: the row lost its spanning cells' places
    merged = list(header)
    for index, cell in filled:
        merged[index] = cell
    return merged if header_roles(merged) is not None and merged != header else None


def _displaces(above: Role | None, below: Role | None) -> bool:
    """A sub-header name under a content column of another role is out of place."""
    return (
        above in ("task", "requirement", *_UNIT_ROLES, "deadline")
        and below != above
        and not {above, below} <= set(_UNIT_ROLES)
    )


def _names_only(cells: list[str]) -> bool:
    """Cells that are all column names (一级事项 | 二级事项 | 全社会), or the bare levels under a spanning
    公开类别及事项 (一级 | 二级 | 三级): a header row, never a task."""
    filled = [c for c in cells if c]
    if len(filled) >= 2 and all(_LEVEL.match(c) for c in filled):
        return True
    return len(filled) >= _MIN_NAMES and all(role_of(c) is not None for c in filled)


def _row_cells(cells: list[str], roles: list[Role | None], above: list[str]) -> Aligned:
    """A row under its header: by position when every cell fits its column, else aligned by content."""
    while len(cells) > len(roles) and not cells[-1]:
        cells = cells[:-1]
    if len(cells) == len(roles) and all(fit(role, cell) >= 0 for role, cell in zip(roles, cells, strict=True)):
        return Aligned(cells)
    filled = len(cells)
    while filled and not cells[filled - 1]:
        filled -= 1  # the empty cells a pipe row ends with ("| ||") hold no column's content
    aligned = align_row(cells[:filled], roles, above)
    if filled == len(roles):
        positional = sum(fit(role, cell) for role, cell in zip(roles, cells, strict=True))
        if aligned.score < positional + _REALIGN_MARGIN:
            return Aligned(cells)  # a cell that fits badly is still read where it stands
    return aligned


def _no_content(cells: list[str]) -> bool:
    """A row of empty cells or ticks only (the "| √ |" lines a catalogue's note columns leave): no row."""
    return all(cell_kind(c) == "blank" for c in cells)


def _section_heading(cells: list[str]) -> str | None:
    """A row holding only a section heading, every other cell empty: "一、政策发布解读" spanning the row, or
    a Chinese serial ("一") and its category ("加强政策发布解读"). It heads the rows below, never a task."""
    filled = [c for c in cells if c]
    if len(filled) == 1 and HEADING_NUMBER.match(filled[0]) and cell_kind(filled[0]) == "title":
        return filled[0]
    if len(filled) == 2 and _SECTION_SERIAL.match(filled[0]) and cell_kind(filled[1]) == "title":
        return f"{filled[0].rstrip('、.．')}、{filled[1]}"
    return None


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
    units = [i for i, role in enumerate(roles) if role in _UNIT_ROLES]
    for grid_row in grid.rows:
        cells = [c.strip() for c in grid_row.cells]
        if header_roles(cells[: len(roles)]) == roles or _names_only(cells) or _no_content(cells):
            continue  # a header repeated after a page break, a sub-header out of place, an empty row or ticks
        if heading := _section_heading(cells):
            rows.append(TableRow({}, [heading], grid_row.span, table, "grid"))
            above = [""] * len(roles)  # a new section starts new merged groups
            continue
        aligned = _row_cells(cells, roles, above)
        merged_units = not any(aligned.cells[i] for i in units)  # unit cells spanning rows are blank below
        for index, role in enumerate(roles):
            if (role == "task" or (merged_units and index in units)) and not aligned.cells[index]:
                aligned.cells[index] = above[index]  # a merged cell is blank below its first row
        above = aligned.cells
        rows.append(_named(roles, aligned, grid_row.span, table))
    return rows
