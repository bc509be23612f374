"""A worksheet (Excel, legacy Excel) as lines and task-table grids, whatever library read its cells.

Each sheet is a matrix of cell texts plus its merged ranges. Merges are
expanded (every covered cell takes the merged value; a vertical merge's lower
cells are marked as continuations), then the sheet is walked top to bottom:
rows before a header named by the column vocabulary are plain lines (a title
merged across the columns becomes one title line), the header and the rows
under it form a grid, and the table ends at a note row (注：…) or at a blank
row that nothing table-like follows. Rows after it are lines again, and a
later header starts another table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from indexer.parsing.readers.cell_grid import CellRow, find_header, row_line, task_grid
from indexer.parsing.readers.sheet_values import MAX_COLUMNS
from indexer.parsing.tables.grid import Grid

__all__ = ["Merge", "Sheet", "sheet_lines"]

Merge = tuple[int, int, int, int]  # first row, first column, last row, last column (0-based, inclusive)
_NOTE = re.compile(r"^\s*(?:注|註|备注|附注|说明|填表说明)\s*\d*\s*[:：]|^\s*[*＊※]")


@dataclass
class Sheet:
    """A sheet's cell texts ("" when empty) and merged ranges, as read from the file."""

    name: str
    values: list[list[str]]
    merges: list[Merge] = field(default_factory=list)


def _expanded(sheet: Sheet) -> tuple[list[CellRow], list[list[bool]]]:
    """Rows with merges expanded, and which cells a merge covers (anchor excluded)."""
    width = max((len(row) for row in sheet.values), default=0)
    width = max([width, *(min(right + 1, MAX_COLUMNS) for top, _, _, right in sheet.merges if top < len(sheet.values))])
    rows = [CellRow(row + [""] * (width - len(row))) for row in sheet.values]
    covered = [[False] * width for _ in rows]
    for top, left, bottom, right in sheet.merges:
        if top >= len(rows) or left >= width:
            continue
        value = rows[top].cells[left]
        for r in range(top, min(bottom, len(rows) - 1) + 1):
            for c in range(left, min(right, width - 1) + 1):
                rows[r].cells[c] = value
                rows[r].fresh[c] = r == top
                covered[r][c] = (r, c) != (top, left)
    return rows, covered


def _plain_line(values: list[str]) -> str:
    """A row outside any table: its own (unmerged) values, tab-joined."""
    return "\t".join(v.replace("\t", " ").replace("\n", " ") for v in values if v.strip())


def _blank(values: list[str], covered: list[bool]) -> bool:
    return not any(v.strip() for v in values) and not any(covered)


def _is_note(values: list[str]) -> bool:
    filled = [v for v in values if v.strip()]
    return len(filled) == 1 and bool(_NOTE.match(filled[0]))


def _table_end(sheet: Sheet, covered: list[list[bool]], header: int) -> int:
    """The first row after ``header`` that is no longer part of its table."""
    values = sheet.values
    for index in range(header + 1, len(values)):
        if _is_note(values[index]):
            return index
        if _blank(values[index], covered[index]):
            after = next((i for i in range(index + 1, len(values)) if any(v.strip() for v in values[i])), None)
            if after is None or sum(1 for v in values[after] if v.strip()) <= 1 or _is_note(values[after]):
                return index
    return len(values)


def sheet_lines(sheet: Sheet, first_line: int, encoding: str = "sheet") -> tuple[list[str], list[tuple[Grid, range]]]:
    """The sheet's lines (the first being line ``first_line`` of the file) and its task tables."""
    rows, covered = _expanded(sheet)
    padded = [row + [""] * (len(rows[0].cells) - len(row)) for row in sheet.values] if rows else []
    lines: list[str] = []
    grids: list[tuple[Grid, range]] = []
    index = 0
    while index < len(rows):
        header = find_header(rows, index)
        stop = len(rows) if header is None else header
        lines.extend(_plain_line(values) for values in padded[index:stop])
        if header is None:
            break
        end = _table_end(Sheet(sheet.name, padded), covered, header)
        table = rows[header:end]
        grids.append(task_grid(table, 0, first_line + len(lines), encoding))
        lines.extend(row_line(row) if any(row.cells) else "" for row in table)
        index = end
    return lines, grids
