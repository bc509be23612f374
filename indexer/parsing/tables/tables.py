"""Find task tables written as text and read them into :class:`~indexer.parsing.tables.grid.Grid` objects.

Two text encodings are read here (tab-separated tables keep their own reader
in :mod:`indexer.parsing.body.blocks`):

* pipe rows — ``| a | b |``, with or without a Markdown separator row, with
  or without the outer pipes;
* one cell per line — a header of one column name per line, then rows whose
  cells are separated by lines holding only ``|`` or by blank lines. Rows are
  told apart by the sequence number when the table has a 序号 column, else by
  blank lines, else by the header's cell count.
"""

from __future__ import annotations

import re

from indexer.parsing.body.structures import Span
from indexer.parsing.tables.cell_roles import HEADING_NUMBER, cell_kind
from indexer.parsing.tables.cell_rows import join_unit_lines, split_rows
from indexer.parsing.tables.columns import Role, header_roles, role_of
from indexer.parsing.tables.grid import Grid, GridRow
from indexer.parsing.tables.item_runs import joined_name_lists, shared_unit_cells
from indexer.parsing.tables.ledger import find_ledger
from indexer.parsing.tables.pipe_tables import BAR, BARS, SEPARATOR_ROW, find_pipe_table
from indexer.parsing.tables.ruled_tables import find_box_table, find_layout_table, find_spaced_table
from indexer.parsing.tables.spaced_rows import fixed_width_table
from indexer.parsing.tables.text_grids import find_csv_table, find_ruled_grid, find_transposed_table
from indexer.parsing.text import strip_debris

__all__ = ["TextTable", "find_text_tables", "is_separator_line"]

_NUMBER = re.compile(r"^\d{1,3}[.、．]?$")
_CLOSING_BARS = re.compile(r"^([^|｜]*[^|｜\s])\s*[|｜][|｜\s]*$")
_BLANK_CELLS = 0.6
_MARK_WINDOW = 60
_MIN_SPACED = 10
_CONTENT_ROLES = ("requirement", "deadline", "lead", "responsible")
_LEVEL_NAME = re.compile(r"^[一二三四五六]级(?:事项|目录|指标)$")
_SPACED_END = 8  # in a table of spaced cells, this many empty lines end it
_BROKEN_PART = 4  # each part of a column name broken over two lines is this short

TextTable = tuple[Grid, range]


def is_separator_line(line: str) -> bool:
    """A table rule line (``|---|---|``, ``+----+``, ``-----``) or a lone ``|``."""
    text = line.strip()
    return bool(SEPARATOR_ROW.match(text) or BAR.match(text) or re.fullmatch(r"[-+=|:\s—]{3,}", text))


def _closing_bars(line: str) -> tuple[str, bool]:
    """A cell line closed by its own bar ("工作任务 |", "保障部门 | ||"): its text, and whether it had one."""
    match = _CLOSING_BARS.match(line)
    return (match.group(1), True) if match else (line, False)


def _cell_header(lines: list[str], start: int) -> tuple[list[str], int] | None:
    """Column names one per line (bar lines or single blank lines between them allowed), in the order written;
    names and the next line."""
    names: list[str] = []
    index = start
    while index < len(lines):
        text = strip_debris(_closing_bars(lines[index])[0])
        if not text and names and (after := _after_empty(lines, index)) < len(lines):
            following = strip_debris(lines[after])
            if role_of(following) is not None or _broken_name(lines, after, following):
                index = after  # empty lines between names: the empty cells of a two-row header's second row
                continue
        if BAR.match(lines[index]):
            index += 1
            continue
        if names and BARS.match(lines[index]) and index + 1 < len(lines):
            following = strip_debris(_closing_bars(lines[index + 1])[0])
            if role_of(following) is not None:
                index += 1  # "||": the empty cells of a two-row header's second row, more names after them
                continue
        if text and role_of(text) is None and (broken := _broken_name(lines, index, text)):
            names.append(broken[0])  # a name broken over two lines ("公开" / "时限"): one column
            index = broken[1]
            continue
        if not text or "\t" in lines[index] or role_of(text) is None:
            break
        names.append(text)
        index += 1
    if len(names) < 3 or header_roles(_levels_first(names)) is None:
        return None
    return names, index


def _broken_name(lines: list[str], index: int, text: str) -> tuple[str, int] | None:
    """A column name written on two lines (公开 / 时限, 一级 / 事项, 特定 / 群众), empty lines between allowed: the
    joined name and the line after it, when only the joined name is a column's."""
    after = _after_empty(lines, index + 1)
    if after >= len(lines) or len(text) > _BROKEN_PART:
        return None
    rest = strip_debris(_closing_bars(lines[after])[0])
    joined = text + rest
    return (joined, after + 1) if len(rest) <= _BROKEN_PART and role_of(joined) is not None else None


def _levels_first(names: list[str]) -> list[str]:
    """A two-row header flattened: the 序号 and level columns (一级事项, 二级事项) named after the content
    columns are the first row's spanning 公开事项 split up, and stand where it stood, first."""
    roles = [role_of(name) for name in names]
    content = next((i for i, role in enumerate(roles) if role in _CONTENT_ROLES), len(names))
    later = [i for i in range(content, len(names)) if roles[i] == "number" or _LEVEL_NAME.match(names[i])]
    if not later:
        return names
    parents = [i for i in range(later[0]) if roles[i] == "task" and not _LEVEL_NAME.match(names[i])]
    first = [i for i in range(content) if roles[i] == "number"]  # a 序号 already first stays first
    order = first + later
    return [names[i] for i in order] + [n for i, n in enumerate(names) if i not in order and i not in parents]


def _after_empty(lines: list[str], index: int) -> int:
    """The index of the first non-empty line from ``index``, past at most ``_SPACED_END`` empty lines."""
    end = min(len(lines), index + _SPACED_END)
    while index < end and not lines[index].strip():
        index += 1
    return index


def _cells_spaced(lines: list[str], start: int) -> bool:
    """Every cell followed by an empty line: then two empty lines are an empty cell, not the table's end.

    A cell may wrap onto a second line (出生 / 登记); most cells are one line.
    """
    window = lines[start : start + _MARK_WINDOW]
    runs = [run.count("\n") + 1 for run in re.split(r"\n(?:[ \t]*\n)+", "\n".join(window[:-1]).strip()) if run.strip()]
    single = sum(1 for run in runs if run == 1)
    return len(runs) >= _MIN_SPACED and all(run <= 2 for run in runs) and single * 4 >= len(runs) * 3


def _rows_marked(lines: list[str], start: int) -> bool:
    """Cells parted by empty lines and rows closed by a line of spaces (the row's empty last cell written out)."""
    window = lines[start : start + _MARK_WINDOW]
    spaced = sum(1 for line in window if line.strip("\r\n") and not line.strip(" \t\r\n"))
    empty = sum(1 for line in window if not line.strip("\r\n"))
    return spaced >= 2 and empty > spaced


def _cell_units(lines: list[str], start: int, barred: bool, marked: bool) -> list[tuple[str, int, int, bool]]:
    """(text, first line, last line, ends a row) for each cell after the header, up to the table's end.

    With ``|`` lines between cells (or a bar closing each cell line) a cell may span lines; without them
    every line is a cell; with rows ``marked`` (:func:`_rows_marked`) only a line of spaces ends a row.
    Two empty lines end the table, unless every cell is followed by one (:func:`_cells_spaced`).
    """
    spaced = _cells_spaced(lines, start)  # empty lines part the cells: a cell's lines in a row are one cell
    end_run = _SPACED_END if spaced else 2
    units: list[tuple[str, int, int, bool]] = []
    current: list[str] = []
    first = start
    for index in range(start, len(lines)):
        raw, closed = _closing_bars(lines[index])
        blank = not raw.strip(" \t\r\n")  # a line of U+00A0 or U+3000 is an empty cell, not a blank line
        if BARS.match(raw) or blank:
            # a blank line, or the empty cells that close a row ("||||"); with rows marked, only a line of spaces
            ends = (bool(raw.strip("\r\n")) if marked else blank) or _empty_cells(raw)
            if current:
                units.append(("".join(current), first, index - 1, ends))
                current = []
            elif ends and units:
                units[-1] = (*units[-1][:3], True)
            if all(not line.strip("\r\n") for line in lines[index : index + end_run]):
                break  # empty lines end the table (a line of spaces is an empty cell written out)
            continue
        if current and (_NUMBER.match(raw.strip()) or not (barred or spaced)):
            units.append(("".join(current), first, index - 1, False))  # a sequence number starts the next row
            current = []
        if not current:
            first = index
        current.append(strip_debris(raw))
        if closed:
            units.append(("".join(current), first, index, _empty_cells(lines[index][len(raw) :])))
            current = []
    if current:
        units.append(("".join(current), first, len(lines) - 1, True))
    return units


_Cell = tuple[str, int, int, bool]


def _joined_units(cells: list[_Cell], roles: list[Role | None]) -> list[_Cell]:
    """A unit cell written on two lines ("区委农工办" / "区农业局") as one cell of names."""
    joined = set(join_unit_lines([c[0] for c in cells], roles))
    out: list[_Cell] = []
    for index, cell in enumerate(cells):
        if index in joined and out:
            out[-1] = (f"{out[-1][0]}\n{cell[0]}", out[-1][1], cell[2], cell[3])
        else:
            out.append(cell)
    return out


def _empty_cells(bars: str) -> bool:
    """Bars that close a cell and then empty cells ("| ||", "||||"): the rest of the row is empty, the row ends."""
    return sum(1 for char in bars if char in "|｜") >= 2


def _closed_alone(cells: list[_Cell]) -> bool:
    """Numbered headings alone in their row, closed by a line of empty cells ("一、推进…" / "|" / "|||")."""
    return cells[-1][3] and all(HEADING_NUMBER.match(cell[0]) for cell in cells)


def _cell_row(cells: list[tuple[str, int, int, bool]]) -> GridRow:
    return GridRow([c[0] for c in cells], Span(cells[0][1] + 1, cells[-1][2] + 1))


def _groups(units: list[tuple[str, int, int, bool]]) -> list[list[tuple[str, int, int, bool]]]:
    """Cells between blank lines, when the table separates its rows by blank lines; else one run.

    A table with a blank line after (nearly) every cell separates cells, not rows, that way.
    """
    if sum(1 for unit in units if unit[3]) >= _BLANK_CELLS * len(units):
        return [units]
    groups: list[list[tuple[str, int, int, bool]]] = [[]]
    for unit in units:
        if unit[3] and groups[-1] and HEADING_NUMBER.match(unit[0]):
            groups.append([])  # a numbered heading closed by empty cells is a row of its own
        groups[-1].append(unit)
        if unit[3]:
            groups.append([])
    return [g for g in groups if g]


def _cell_table(lines: list[str], start: int) -> TextTable | None:
    """A table written one cell per line; rows are found by the kinds of their cells (:mod:`cell_roles`)."""
    found = _cell_header(lines, start)
    if found is None:
        return None
    written, index = found
    barred = any(BAR.match(line) or _closing_bars(line)[1] for line in lines[start:index])
    marked = _rows_marked(lines, index)
    if not (barred or marked) and _cells_spaced(lines, index):
        spaced = fixed_width_table(lines, index, written, _SPACED_END)
        if spaced:
            return spaced[0], range(start, spaced[1].stop)
    names = _levels_first(written)
    roles = header_roles(names) or []
    grid = Grid(names, encoding="cells")
    headings: list[tuple[str, int, int, bool]] = []
    units = joined_name_lists(_cell_units(lines, index, barred, marked))
    for group in (shared_unit_cells(g) for g in _groups(units)):
        rows = [list(range(len(group)))] if marked else split_rows([unit[0] for unit in group], roles)
        for row in rows:
            cells = [*headings, *(group[i] for i in row)]
            kinds = {cell_kind(c[0]) for c in cells}
            if kinds == {"title"} and (_empty_cells(lines[cells[-1][2]].strip()[-3:]) or _closed_alone(cells)):
                headings = cells  # a heading closed by its empty cells ("一、推进… | ||"): it heads the next row
                continue
            headings = []
            if not grid.rows and len(cells) == 1 and cells[0][3] and kinds <= {"title", "units"}:
                continue  # a second header row's last name (社区 under 公开层级) closed by its empty cells
            if not kinds & {"title", "text"} or (len(cells) < 2 and kinds != {"text"}):
                break  # a lone short line or a line of names after the table (a footer) ends it
            grid.rows.append(_cell_row(_joined_units(cells, roles)))
        else:
            continue
        break
    end = grid.rows[-1].span.end if grid.rows else index
    return (grid, range(start, end)) if grid.rows else None


def find_text_tables(lines: list[str]) -> list[TextTable]:
    """Every pipe, cell-per-line, box-drawn or space-aligned task table in ``lines``, with the lines it covers."""
    tables: list[TextTable] = []
    index = 0
    while index < len(lines):
        found = (
            find_ruled_grid(lines, index)
            or find_csv_table(lines, index)
            or find_transposed_table(lines, index)
            or find_pipe_table(lines, index)
            or _cell_table(lines, index)
            or find_box_table(lines, index)
            or find_spaced_table(lines, index)
            or find_layout_table(lines, index)
            or find_ledger(lines, index)
        )
        if found is None:
            index += 1
            continue
        tables.append(found)
        index = max(found[1].stop, index + 1)
    return tables
