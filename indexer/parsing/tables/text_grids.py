"""More text encodings of a task table, each read into a :class:`~indexer.parsing.tables.grid.Grid`.

* CSV — comma-separated rows with spreadsheet quoting (a quoted cell may hold
  commas, doubled quotes and line breaks); a title row padded with commas and
  footer rows (``注：`` ``制表单位``) are not rows of the table;
* grid tables — ``+----+`` borders around ``|`` cells, a row being every line
  between two borders, so a header cell split over two lines (``牵头``/``单位``)
  is one column name and wrapped cell text is joined;
* transposed tables — one row per field (工作任务/牵头单位/…) and one column
  per task, with the header vocabulary in the first column; several blocks of
  the same shape are one table.

Every encoding hands its cells to the same header vocabulary
(:mod:`indexer.parsing.tables.columns`), so none of them knows a column by position.
"""

from __future__ import annotations

import csv
import re

from indexer.parsing.body.structures import Span
from indexer.parsing.fields.units import looks_like_units
from indexer.parsing.tables.columns import header_roles, role_of
from indexer.parsing.tables.grid import Grid, GridRow
from indexer.parsing.text import strip_debris

__all__ = ["find_csv_table", "find_ruled_grid", "find_transposed_table", "join_cell_lines"]

_BORDER = re.compile(r"^\s*\+(?:[-=:]+\+)+\s*$")
_HEADER_BORDER = re.compile(r"^\s*\+(?:[=:]+\+)+\s*$")
_MIN_COLUMNS = 3


# ---------------------------------------------------------------------- CSV


_HEADER_CELL_MAX = 20
_SENTENCE_END = re.compile(r"[。；;！？!?]")


def _csv_cells(lines: list[str], start: int) -> tuple[list[str], int]:
    """One CSV record starting at ``start`` (quotes may carry it over lines) and the next line index."""
    index = start
    text = lines[index]
    while text.count('"') % 2 and index + 1 < len(lines):
        index += 1
        text += "\n" + lines[index]
    cells = next(csv.reader([text], skipinitialspace=False), [])
    return [strip_debris(c) if "\n" not in c else c.strip() for c in cells], index + 1


def find_csv_table(lines: list[str], start: int) -> tuple[Grid, range] | None:
    """A comma-separated task table whose header row starts at ``start``."""
    line = lines[start]
    if "\t" in line or line.count(",") < _MIN_COLUMNS - 1 or "|" in line:
        return None
    header, index = _csv_cells(lines, start)
    if any(len(cell) > _HEADER_CELL_MAX or _SENTENCE_END.search(cell) for cell in header):
        return None  # prose with ASCII commas (一、细化任务,夯实责任。各责任单位要…,…): column names are short words
    roles = header_roles(header) if len(header) >= _MIN_COLUMNS else None
    if roles is None:
        return None
    grid = Grid(header, encoding="csv")
    end = index
    while index < len(lines):
        if not lines[index].strip():
            index += 1
            continue
        first = index
        cells, index = _csv_cells(lines, index)
        if sum(1 for c in cells if c) < 2 or len(cells) < _MIN_COLUMNS:
            break  # a note row ("注：…",,,) or prose: the table has ended
        if roles[0] == "number" and not re.match(r"^\d{1,3}[.、．]?$", cells[0]):
            break  # a footer row (制表单位：…) in a numbered table
        grid.rows.append(GridRow(cells, Span(first + 1, index)))
        end = index
    return (grid, range(start, end)) if grid.rows else None


# ----------------------------------------------------------------- grid tables


def _segments(line: str) -> list[str]:
    text = line.strip()
    return [c.strip() for c in text.strip("|").split("|")]


def join_cell_lines(parts: list[str]) -> str:
    """Lines of one cell: unit names on their own lines stay apart, wrapped prose is joined as written."""
    parts = [p for p in parts if p]
    if len(parts) > 1 and all(looks_like_units(p.rstrip("、，,")) for p in parts):
        return "\n".join(p.rstrip("、，,") for p in parts)
    return "".join(parts)


def _ruled_row(lines: list[str], first: int, stop: int) -> list[str]:
    columns: list[list[str]] = []
    for line in lines[first:stop]:
        for position, segment in enumerate(_segments(line)):
            while len(columns) <= position:
                columns.append([])
            columns[position].append(segment)
    return [join_cell_lines(parts) for parts in columns]


def find_ruled_grid(lines: list[str], start: int) -> tuple[Grid, range] | None:
    """A ``+---+`` grid table whose top border is at ``start``; rows lie between borders."""
    if not _BORDER.match(lines[start]):
        return None
    borders = [start]
    index = start + 1
    while index < len(lines) and (lines[index].strip().startswith("|") or _BORDER.match(lines[index])):
        if _BORDER.match(lines[index]):
            borders.append(index)
        index += 1
    rows = [(a, b) for a, b in zip(borders, borders[1:], strict=False) if b > a + 1]
    if len(rows) < 2:
        return None
    header = _ruled_row(lines, rows[0][0] + 1, rows[0][1])
    if header_roles(header) is None:
        return None
    grid = Grid(header, encoding="ruled")
    for top, bottom in rows[1:]:
        grid.rows.append(GridRow(_ruled_row(lines, top + 1, bottom), Span(top + 2, bottom)))
    return grid, range(start, borders[-1] + 1)


# ------------------------------------------------------------- transposed


def _field_rows(lines: list[str], start: int) -> tuple[dict[int, list[str]], int] | None:
    """Consecutive tab rows whose first cell is a column name: one field per row, one task per column."""
    fields: dict[int, list[str]] = {}
    index = start
    names: list[str] = []
    while index < len(lines) and "\t" in lines[index]:
        cells = [strip_debris(c) for c in lines[index].split("\t")]
        if role_of(cells[0]) is None:
            break
        names.append(cells[0])
        fields[index] = cells
        index += 1
    if len(names) < _MIN_COLUMNS or header_roles(names) is None:
        return None
    return fields, index


def find_transposed_table(lines: list[str], start: int) -> tuple[Grid, range] | None:
    """A table written sideways, its header in the first column; later blocks with the same first column join it."""
    found = _field_rows(lines, start)
    if found is None:
        return None
    grid: Grid | None = None
    end = start
    index = start
    while found is not None:
        fields, stop = found
        names = [cells[0] for cells in fields.values()]
        if grid is not None and names != grid.header:
            break
        grid = grid or Grid(names, encoding="transposed")
        width = max(len(cells) for cells in fields.values())
        first, last = min(fields) + 1, max(fields) + 1
        for column in range(1, width):
            cells = [cells[column] if column < len(cells) else "" for cells in fields.values()]
            if any(cells):
                grid.rows.append(GridRow(cells, Span(first, last)))
        end = stop
        index = stop
        while index < len(lines) and (not lines[index].strip() or "\t" not in lines[index] or _is_title(lines[index])):
            if index - stop > 3:
                break
            index += 1
        found = _field_rows(lines, index) if index < len(lines) else None
    return (grid, range(start, end)) if grid and grid.rows else None


def _is_title(line: str) -> bool:
    """A title row padded with tabs: one filled cell."""
    return sum(1 for c in line.split("\t") if c.strip()) <= 1
