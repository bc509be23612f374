"""An HTML ``<table>`` as a :class:`Sheet`: each cell's text at its grid position, spans as merges.

``rowspan`` and ``colspan`` are resolved the way browsers lay a table out (a
cell spanning rows pushes the cells of the rows below to the right), then
:func:`~indexer.parsing.readers.sheet.sheet_lines` reads the sheet exactly as
it reads an Excel sheet: merged values repeated into every cell they span,
title and note rows kept as lines. Spans are clipped to the table, so
``rowspan="100000"`` costs nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from indexer.parsing.readers.sheet import Merge, Sheet
from indexer.parsing.readers.sheet_values import MAX_COLUMNS, MAX_ROWS

__all__ = ["table_sheet"]


def _span(cell: Any, name: str, limit: int) -> int:
    """A span attribute as a number within 1..limit (0 means "to the end", as in HTML)."""
    raw = (cell.get(name) or "1").strip()
    digits = "".join(ch for ch in raw if ch.isdigit())[:7]
    value = int(digits) if digits else 1
    return limit if value == 0 else max(1, min(value, limit))


def _rows(table: Any) -> list[Any]:
    """The table's own rows (not those of a nested table), at most :data:`MAX_ROWS`."""
    rows = [row for row in table.iter("tr") if _owner(row) is table]
    return rows[:MAX_ROWS]


def _owner(row: Any) -> Any:
    parent = row.getparent()
    while parent is not None and parent.tag != "table":
        parent = parent.getparent()
    return parent


def table_sheet(table: Any, text_of: Callable[[Any], str]) -> Sheet:
    """Cell texts placed at their grid positions, and each span as a merged range."""
    rows = _rows(table)
    values: list[list[str]] = [[] for _ in rows]
    taken: list[set[int]] = [set() for _ in rows]
    merges: list[Merge] = []
    for index, row in enumerate(rows):
        column = 0
        for cell in row:
            if not isinstance(cell.tag, str) or cell.tag not in ("td", "th"):
                continue
            while column in taken[index]:
                column += 1
            if column >= MAX_COLUMNS:
                break
            width = _span(cell, "colspan", MAX_COLUMNS - column)
            height = _span(cell, "rowspan", len(rows) - index)
            line = values[index]
            line.extend([""] * (column + 1 - len(line)))
            line[column] = text_of(cell)
            for below in range(index, index + height):
                taken[below].update(range(column, column + width))
            if width > 1 or height > 1:
                merges.append((index, column, index + height - 1, column + width - 1))
            column += width
    return Sheet("", values, merges)
