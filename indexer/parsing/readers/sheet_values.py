"""Spreadsheet cell values as the text a reader sees, and the size limits every sheet reader keeps.

Dates become ISO ``YYYY-MM-DD`` (what the deadline grammar reads, and what a
date cell means whatever its display format); whole numbers lose the ``.0``
a float gives them; a cell's text lines are joined the way Word cells are.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

from indexer.errors import DocumentError
from indexer.parsing.readers.docx_tables import cell_text as join_cell_lines

__all__ = [
    "MAX_COLUMNS",
    "MAX_EMPTY_RUN",
    "MAX_ROWS",
    "MAX_SHEETS",
    "cell_text",
    "collect_rows",
    "number_text",
    "too_many_rows",
]

MAX_SHEETS = 50  # a workbook with more sheets is refused
MAX_ROWS = 10_000  # filled rows per sheet; a task table has hundreds at most
MAX_COLUMNS = 64  # columns read per row; cells further right are ignored
MAX_EMPTY_RUN = 1_000  # consecutive empty rows after which the rest of a sheet is ignored


def too_many_rows(sheet: str) -> str:
    """The one message for a sheet over :data:`MAX_ROWS`."""
    return f"工作表「{sheet}」超过 {MAX_ROWS} 行有内容，不像工作要点任务表；请删去无关内容或拆分后再上传"


def number_text(number: float) -> str:
    """A number as Excel shows it by default: 3 not 3.0, 0.5 as 0.5."""
    if number == int(number) and abs(number) < 1e15:
        return str(int(number))
    return format(number, ".15g")


def cell_text(value: object) -> str:
    """A cell value as text: dates ISO, whole numbers without ``.0``, text lines joined like Word cells."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int | float):
        return number_text(float(value)) if isinstance(value, float) else str(value)
    text = str(value).replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return join_cell_lines(text.split("\n")) if "\n" in text else text.strip()


def collect_rows(path: Path, sheet: str, rows: Iterable[list[str]]) -> list[list[str]]:
    """A sheet's rows of cell text up to its first long run of empty rows; too many filled rows is refused.

    Empty rows inside the table are kept (as ``[]``) so row numbers and merged
    ranges still line up; trailing empty cells and rows are dropped.
    """
    values: list[list[str]] = []
    empty_run = filled = 0
    for cells in rows:
        if not any(cells):
            empty_run += 1
            if empty_run >= MAX_EMPTY_RUN:
                break
            values.append([])
            continue
        empty_run = 0
        filled += 1
        if filled > MAX_ROWS:
            raise DocumentError(str(path), too_many_rows(sheet))
        while not cells[-1]:
            cells.pop()
        values.append(cells)
    while values and not values[-1]:
        values.pop()
    return values
