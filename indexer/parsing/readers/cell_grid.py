"""Tables read cell by cell (HTML, Excel) into a :class:`Grid`, the way the Word reader does.

HTML and Excel hand over a matrix of cells with merges already expanded
(rowspan/colspan, merged ranges): every cell a merge covers holds the merged
value, and ``fresh`` says which cells start their own value (False where a
vertical merge continues from above). The task table is found by the header
vocabulary of :mod:`indexer.parsing.tables.columns`, never by position; a second
header row under a spanning cell (责任分工 → 牵头单位 | 配合单位) replaces it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from indexer.parsing.body.structures import Span
from indexer.parsing.tables.columns import header_roles, role_of
from indexer.parsing.tables.grid import Grid, GridRow
from indexer.parsing.text import clean_cell

__all__ = ["CellRow", "find_header", "row_line", "task_grid"]


@dataclass
class CellRow:
    """One table row with merges expanded; ``fresh[i]`` is False where cell i continues a merge from above."""

    cells: list[str]
    fresh: list[bool] = field(default_factory=list)

    def __post_init__(self) -> None:
        if len(self.fresh) < len(self.cells):
            self.fresh = self.fresh + [True] * (len(self.cells) - len(self.fresh))


def row_line(row: CellRow) -> str:
    """The row as one tab-joined line, so line numbers and the text grammars see every row."""
    return "\t".join(c.replace("\t", " ").replace("\n", " ") for c in row.cells).rstrip("\t")


def find_header(rows: list[CellRow], start: int = 0) -> int | None:
    """The index of the first row from ``start`` whose cells name a task table's columns."""
    for index in range(start, len(rows)):
        if header_roles([clean_cell(c) for c in rows[index].cells]):
            return index
    return None


def _sub_header(top: CellRow, below: CellRow) -> bool:
    """A second header row: names under a spanned header cell (责任分工 → 牵头单位 | 配合单位)."""
    if below.cells == top.cells or header_roles([clean_cell(c) for c in below.cells]) is None:
        return False
    return all(not fresh or role_of(cell) is not None for cell, fresh in zip(below.cells, below.fresh, strict=False))


def task_grid(rows: list[CellRow], header: int, first_line: int, encoding: str) -> tuple[Grid, range]:
    """The task table whose header is ``rows[header]``; row i is line ``first_line + i`` (0-based).

    Blank rows and repeats of the header are skipped; the range covers the
    header through the last row given.
    """
    headers = [rows[header].cells]
    first_data = header + 1
    if first_data < len(rows) and _sub_header(rows[header], rows[first_data]):
        headers.append(rows[first_data].cells)
        first_data += 1
    grid = Grid([clean_cell(c) for c in headers[-1]], encoding=encoding)
    for index in range(first_data, len(rows)):
        row = rows[index]
        if row.cells in headers or not any(c.strip() for c in row.cells):
            continue
        line = first_line + index + 1
        grid.rows.append(GridRow([clean_cell(c) for c in row.cells], Span(line, line)))
    return grid, range(first_line + header, first_line + len(rows))
