"""Rows of a table written one cell per paragraph, where an empty cell is an extra empty line.

Pages saved from an HTML table often write every cell as a paragraph followed by
an empty line; an empty cell then leaves one more empty line (``…接收方式。`` /
empty / empty / ``服务公开``). Counted that way every row has exactly as many cells
as the header has columns, so rows are cut every that many cells — no guessing
from the cells' kinds. The reading is taken only when it checks out: every full row
has a unit in its unit column and nothing out of place in its 序号, unit and
deadline columns. Merged cells (fewer cells in some rows) fail the check, and the
table is left to :func:`~indexer.parsing.tables.cell_rows.split_rows`.
"""

from __future__ import annotations

from collections.abc import Sequence

from indexer.parsing.body.structures import Span
from indexer.parsing.tables.cell_roles import cell_kind, fit
from indexer.parsing.tables.columns import Role, header_roles
from indexer.parsing.tables.grid import Grid, GridRow
from indexer.parsing.tables.text_grids import join_cell_lines
from indexer.parsing.text import strip_debris

__all__ = ["fixed_width_table"]

_MIN_ROWS = 2
_CHECKED_ROLES = ("number", "lead", "responsible", "deadline")


def _paragraph_cells(lines: Sequence[str], start: int, end_run: int) -> list[tuple[str, int, int]]:
    """(text, first line, last line) of each cell from ``start``: lines in a row are one cell (joined as a ruled
    grid joins a cell's lines), every empty line past the one that parts two cells is an empty cell; ``end_run``
    empty lines end the table."""
    cells: list[tuple[list[str], int, int]] = []
    gap = 0
    for index in range(start, len(lines)):
        text = strip_debris(lines[index])
        if not text:
            gap += 1
            if gap >= end_run:
                break
            continue
        if cells and gap == 0:
            cells[-1][0].append(text)
            cells[-1] = (cells[-1][0], cells[-1][1], index)
            continue
        if cells and gap > 1:
            cells += [([], index - 1, index - 1) for _ in range(gap - 1)]
        cells.append(([text], index, index))
        gap = 0
    return [(join_cell_lines(parts), first, last) for parts, first, last in cells]


def _row_fits(cells: Sequence[str], roles: Sequence[Role | None]) -> bool:
    """No cell out of place in the columns whose content is recognisable, and a unit under the units."""
    unit_cells = [c for c, role in zip(cells, roles, strict=False) if role in ("lead", "responsible")]
    if not any(cell_kind(c) == "units" for c in unit_cells):
        return False
    return all(
        not cell or fit(role, cell) >= 0 for cell, role in zip(cells, roles, strict=False) if role in _CHECKED_ROLES
    )


def fixed_width_table(lines: Sequence[str], start: int, header: list[str], end_run: int) -> tuple[Grid, range] | None:
    """The table whose cells start at ``start``, a row every ``len(header)`` cells, when that reading checks out
    on every full row; else None.

    A last row cut short (the page ends inside it) is a row when it reaches its unit cell; one cut before it
    is no row — no unit of the row above is repeated for it as if the cell were merged — and its text stays
    in the table's lines, read as passages only.
    """
    roles = header_roles(header) or []
    width = len(roles)
    if not any(role in ("lead", "responsible") for role in roles):
        return None
    cells = _paragraph_cells(lines, start, end_run)
    chunks = [cells[i : i + width] for i in range(0, len(cells), width)]
    full = [chunk for chunk in chunks if len(chunk) == width]
    if len(full) < _MIN_ROWS or not all(_row_fits([c[0] for c in chunk], roles) for chunk in full):
        return None
    rows = [GridRow([c[0] for c in chunk], Span(chunk[0][1] + 1, chunk[-1][2] + 1)) for chunk in full]
    rest = chunks[-1] if len(chunks[-1]) < width else []
    texts = [c[0] for c in rest]
    if rest and _row_fits(texts, roles):
        rows.append(GridRow([*texts, *[""] * (width - len(texts))], Span(rest[0][1] + 1, rest[-1][2] + 1)))
    return Grid(header, rows, encoding="cells"), range(start, cells[-1][2] + 1)
