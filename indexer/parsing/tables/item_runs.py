"""Numbered items that share one merged unit cell, in a table written one cell per line.

A 具体要求 cell may hold several numbered items ("3.…", "4.…", "5.…") under one heading, with one unit cell
for all of them after the last. Written one cell per line the items look like rows of their own; read as
such, the earlier ones lose the unit cell. A run of consecutively numbered items between a heading and a
unit cell shares that unit cell: each item is a row of its own with it.

A run of short names or clauses numbered from 1 ("1.机构概括", "2.领导简介", … or "1.农村公路建设计划;" in a
catalogue's 公开内容 cell) lists what one cell holds: it is one cell, not rows.
"""

from __future__ import annotations

import re

from indexer.parsing.tables.cell_roles import cell_kind

__all__ = ["Cell", "joined_name_lists", "shared_unit_cells"]

Cell = tuple[str, int, int, bool]  # text, first line, last line, ends a row

_ITEM = re.compile(r"^(\d{1,2})[.、．](?!\d)")
_LIST_ITEM = 30  # a numbered clause this short is an entry of a list written one entry per line


def _number(cell: Cell, kind: str = "text") -> int | None:
    """The item number of a numbered cell of ``kind`` (a sentence, or a short name: "title")."""
    match = _ITEM.match(cell[0])
    return int(match.group(1)) if match and cell_kind(cell[0]) == kind else None


def _list_item(cell: Cell) -> int | None:
    """The number of a short numbered entry: a name ("1.机构概括") or a short clause ("2.农村公路建设计划;")."""
    number = _number(cell, "title")
    if number is None and len(cell[0]) <= _LIST_ITEM:
        number = _number(cell, "text")
    return number


def joined_name_lists(cells: list[Cell]) -> list[Cell]:
    """Consecutive short entries numbered 1., 2., 3. … as the one cell that lists them — unless a unit cell
    follows the run (then they are items sharing it: :func:`shared_unit_cells`)."""
    out: list[Cell] = []
    index = 0
    while index < len(cells):
        end = index + 1
        if _list_item(cells[index]) == 1:
            while end < len(cells) and _list_item(cells[end]) == end - index + 1:
                end += 1
            names = all(_number(c, "title") is not None for c in cells[index:end])
            if not names and end < len(cells) and cell_kind(cells[end][0]) == "units":
                end = index + 1
        if end - index > 1:
            run = cells[index:end]
            out.append((" ".join(c[0] for c in run), run[0][1], run[-1][2], run[-1][3]))
        else:
            out.append(cells[index])
        index = end
    return out


def _run_end(cells: list[Cell], start: int) -> int:
    """The index after the run of consecutively numbered items that opens at ``start``."""
    end, previous = start + 1, _number(cells[start])
    while end < len(cells) and previous is not None and _number(cells[end]) == previous + 1:
        end, previous = end + 1, previous + 1
    return end


def shared_unit_cells(cells: list[Cell]) -> list[Cell]:
    """The cells with the unit cell after a run of numbered items (between a heading and it) after each item."""
    out: list[Cell] = []
    index = 0
    while index < len(cells):
        end = _run_end(cells, index) if _number(cells[index]) is not None else index + 1
        headed = index > 0 and cell_kind(cells[index - 1][0]) == "title"
        if end - index > 1 and headed and end < len(cells) and cell_kind(cells[end][0]) == "units":
            for item in cells[index : end - 1]:
                out.extend([item, (cells[end][0], item[2], item[2], False)])  # the shared cell, after each
            out.append(cells[end - 1])
        else:
            out.extend(cells[index:end])
        index = end
    return out
