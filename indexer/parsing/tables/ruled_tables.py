"""Tables drawn with characters: box-drawing rules and whitespace-aligned columns.

Two more text encodings of a task table, both read into
:class:`~indexer.parsing.tables.grid.Grid` objects like the pipe and cell-per-line
tables of :mod:`indexer.parsing.tables.tables`:

* box-drawing tables (``│ 序号 │ 工作任务 │``): a vertical box character
  separates cells as a pipe does, a line of horizontal rules (``├──┼──┤``)
  ends a row, and the lines between two rules are the wrapped lines of one
  row — each column's pieces are joined;
* whitespace-aligned tables (the text layer of a PDF, ``pdftotext -layout``):
  cells are separated by runs of two or more spaces, the header is found by
  the column vocabulary, and every later piece of text belongs to the column
  whose header starts nearest to it. A row runs from one 序号 to the next, so
  wrapped lines, page marks, form feeds and a header repeated on the next page
  all stay inside it;
* single-space tables (a page that flattened each row to one line): a header of column names parted by
  one space (``目标 序号 任务 有关要求 责任单位``), then one row per line, its cells parted the same way;
  a line with fewer cells is a row whose merged cells were written once above (read by content, like
  every row, in :mod:`indexer.parsing.tables.grid`).
"""

from __future__ import annotations

import re

from indexer.parsing.body.structures import Span
from indexer.parsing.tables.columns import header_roles, role_of
from indexer.parsing.tables.grid import Grid, GridRow

__all__ = ["find_box_table", "find_layout_table", "find_spaced_table"]

_VERTICAL = "│┃║|｜"
_BOX_SPLIT = re.compile(r"[│┃║]")
_RULE = re.compile(r"^[\s─━═┌┐└┘├┤┬┴┼┏┓┗┛┣┫┳┻╋╔╗╚╝╠╣╦╩╬+\-=:|│┃║]+$")
_GAP = re.compile(r"\S+(?: \S+)*")
_PAGE_MARK = re.compile(r"^(?:[—\-－–]\s*\d+\s*[—\-－–]|第\s*\d+\s*页(?:\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+)$")
_SERIAL = re.compile(r"^(?:\d{1,3}|[一二三四五六七八九十]{1,3})[.、．]?$")
_SLACK = 4

TextTable = tuple[Grid, range]


# -------------------------------------------------------------- box drawing


def _box_cells(line: str) -> list[str] | None:
    text = line.strip()
    if not text or text[0] not in _VERTICAL[:3] or _RULE.match(text):
        return None
    return [c.strip() for c in _BOX_SPLIT.split(text.strip("│┃║"))]


def _is_box_rule(line: str) -> bool:
    text = line.strip()
    return bool(text) and bool(_RULE.match(text)) and any(c in text for c in "─━═")


def find_box_table(lines: list[str], start: int) -> TextTable | None:
    """A box-drawing table whose first row (possibly wrapped) is a task-table header."""
    index = start
    while index < len(lines) and _is_box_rule(lines[index]):
        index += 1
    if index == start and start > 0 and _box_cells(lines[start - 1]) is not None:
        return None  # inside a table already passed
    rows: list[tuple[list[list[str]], int, int]] = []
    current: list[list[str]] = []
    first = index
    while index < len(lines):
        line = lines[index]
        if _is_box_rule(line):
            if current:
                rows.append((current, first, index - 1))
            current = []
            first = index + 1
        elif (cells := _box_cells(line)) is not None:
            if not current:
                first = index
            current.append(cells)
        else:
            break
        index += 1
    if current:
        rows.append((current, first, index - 1))
    if not rows:
        return None
    header = _join_wrapped(rows[0][0])
    if header_roles(header) is None:
        return None
    grid = Grid(header, encoding="box")
    for physical, row_start, row_end in rows[1:]:
        grid.rows.append(GridRow(_join_wrapped(physical), Span(row_start + 1, row_end + 1)))
    return grid, range(start, index)


def _join_wrapped(physical: list[list[str]]) -> list[str]:
    """The cells of a row whose text wraps over several lines inside its box."""
    width = max(len(cells) for cells in physical)
    return ["".join(cells[i] for cells in physical if i < len(cells)) for i in range(width)]


# ---------------------------------------------------------- aligned columns


def _pieces(line: str) -> list[tuple[int, str]]:
    """(start column, text) of each run of text separated by two or more spaces."""
    return [(m.start(), m.group(0)) for m in _GAP.finditer(line.replace("\f", " ").replace("\u3000", "  "))]


def _layout_header(line: str) -> list[tuple[int, str]] | None:
    pieces = _pieces(line)
    if len(pieces) < 3 or "\t" in line or "|" in line or "│" in line:
        return None
    return pieces if header_roles([text for _, text in pieces]) else None


def _column_of(position: int, starts: list[int]) -> int:
    return min(range(len(starts)), key=lambda i: abs(starts[i] - position))


def _fits_columns(pieces: list[tuple[int, str]], starts: list[int]) -> bool:
    """Every piece starts near a column start and is no wider than its column (the last is open)."""
    for position, text in pieces:
        column = _column_of(position, starts)
        if abs(starts[column] - position) > _SLACK:
            return False
        if column + 1 < len(starts) and len(text) > starts[column + 1] - starts[column] + _SLACK:
            return False
    return True


def find_layout_table(lines: list[str], start: int) -> TextTable | None:
    """A whitespace-aligned table starting with a header line at ``start``."""
    header = _layout_header(lines[start])
    if header is None:
        return None
    starts = [position for position, _ in header]
    names = [text for _, text in header]
    numbered = header_roles(names)[0] == "number"  # type: ignore[index]
    grid = Grid(names, encoding="layout")
    cells: list[str] = []
    first = end = start
    for index in range(start + 1, len(lines)):
        text = lines[index].replace("\f", "").strip()
        if not text or _PAGE_MARK.match(text) or _layout_header(lines[index]) is not None:
            continue
        pieces = _pieces(lines[index])
        if not _fits_columns(pieces, starts):
            break
        placed = {_column_of(position, starts): piece for position, piece in pieces}
        new_row = not cells or (_SERIAL.match(placed.get(0, "")) if numbered else 0 in placed and len(placed) > 1)
        if new_row:
            if cells:
                grid.rows.append(GridRow(cells, Span(first + 1, end + 1)))
            cells, first = [""] * len(starts), index
        for column, piece in placed.items():
            cells[column] += piece
        end = index
    if cells:
        grid.rows.append(GridRow(cells, Span(first + 1, end + 1)))
    return (grid, range(start, end + 1)) if grid.rows else None


# -------------------------------------------------------------- single spaces


def _spaced_header(line: str) -> list[str] | None:
    """Column names parted by single spaces, every one of them a known column name."""
    text = line.strip()
    if "  " in text or "\t" in text or "|" in text:
        return None
    names = text.split(" ")
    if len(names) < 3 or any(role_of(name) is None for name in names):
        return None
    return names if header_roles(names) else None


def find_spaced_table(lines: list[str], start: int) -> TextTable | None:
    """A table whose header line at ``start`` parts its column names by single spaces; rows follow, one a line,
    until an empty line."""
    names = _spaced_header(lines[start])
    if names is None:
        return None
    grid = Grid(names, encoding="spaced")
    end = start
    for index in range(start + 1, len(lines)):
        text = lines[index].strip()
        if not text:
            break
        grid.rows.append(GridRow(text.split(), Span(index + 1, index + 1)))
        end = index
    return (grid, range(start, end + 1)) if grid.rows else None
