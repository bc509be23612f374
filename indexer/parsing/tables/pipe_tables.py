"""Pipe tables written as text: ``| a | b |`` rows, with or without a Markdown separator row or outer pipes.

Rows copied off web pages break: a header or a row goes on to the next line after a cell's bar, a bare
line is a wrapped cell. A row narrower than its header takes in the lines that continue it.
"""

from __future__ import annotations

import re

from indexer.parsing.body.structures import Span
from indexer.parsing.tables.cell_roles import cell_kind
from indexer.parsing.tables.columns import header_roles, role_of
from indexer.parsing.tables.grid import Grid, GridRow
from indexer.parsing.text import strip_debris

__all__ = ["BAR", "BARS", "SEPARATOR_ROW", "find_pipe_table"]

SEPARATOR_ROW = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?$")
BAR = re.compile(r"^\s*[|｜]\s*$")
# A line of bars only ("|", "||||", "| ||"): a cell boundary, or the empty cells closing a row.
BARS = re.compile(r"^\s*[|｜][|｜\s]*$")
_CITATION = re.compile(r"《[^》]{2,40}》")
# The level a catalogue column is for, named with its place (东阳市级, 镇街乡, 村): a header's second row.
_LEVEL = re.compile(r"^[\u4e00-\u9fff、/]{0,6}(?:[省市县区乡镇街村]级?|级)$")


def _pipe_cells(line: str) -> list[str] | None:
    text = line.strip()
    if text.count("|") < 2 or SEPARATOR_ROW.match(text):
        return None
    if text.startswith("|"):
        text = text[1:]
    if text.endswith("|"):
        text = text[:-1]
    return [strip_debris(c) for c in text.split("|")]


def _pipe_line(lines: list[str], start: int) -> tuple[str, int]:
    """A pipe row and the index after it: a row broken before its next ``|`` cell goes on to that line.

    ("工作任务 | 具体要求" then "| 责任单位 |" is one header row of three cells.)
    """
    text, index = lines[start].strip(), start + 1
    while "|" in text and not text.endswith("|") and index < len(lines):
        following = lines[index].strip()
        if not (following.startswith("|") and following.endswith("|")) or BARS.match(following):
            break  # rows closed by a bar: a line that lacks its bar goes on to the line that closes it
        if SEPARATOR_ROW.match(following):
            break
        text, index = f"{text} {following}", index + 1
    return text, index


def _closed_row(text: str) -> list[str] | None:
    """The one cell of a row whose other cells were merged away ("2.做好…工作。 |"), in a table of closed rows."""
    if text.count("|") != 1 or not text.endswith("|") or text.startswith("|"):
        return None
    cell = strip_debris(text[:-1])
    return [cell] if cell else None


def find_pipe_table(lines: list[str], start: int) -> tuple[Grid, range] | None:
    text, after = _pipe_line(lines, start)
    header = _pipe_cells(text)
    if header is None:
        return None
    while text.endswith("|") and not text.endswith(("||", "| |")) and (names := _more_names(lines, after)):
        text, header, after = f"{text} {lines[after].strip()}", [*header, *names], after + 1
    if header_roles(header) is None:
        return _headerless_pipe_table(lines, start)
    closed = text.endswith("|")  # every row ends with a bar: a row left with one cell still ends with it
    grid = Grid(header, encoding="pipe")
    return grid, range(start, _pipe_rows(lines, after, grid, closed))


# The columns a task row's cells are read under when the excerpt shows no header: every cell by its content.
_IMPLIED_HEADER = ("序号", "工作任务", "具体要求", "责任单位", "完成时限")


def _task_row(cells: list[str]) -> bool:
    """Pipe cells that state a task by their content: a task sentence and a unit cell, no label cell ("发布机构:")."""
    kinds = {cell_kind(c) for c in cells}
    if any(c.strip().endswith((":", "：")) for c in cells) or "units" not in kinds:
        return False
    return "text" in kinds or {"title", "deadline"} <= kinds


def _headerless_pipe_table(lines: list[str], start: int) -> tuple[Grid, range] | None:
    """Pipe rows whose header is not in the text (an excerpt cut inside the table): cells are read by content."""
    text, after = _pipe_line(lines, start)
    cells = _pipe_cells(text)
    if cells is None or not _task_row(cells):
        return None
    grid = Grid(list(_IMPLIED_HEADER), encoding="pipe")
    grid.rows.append(GridRow(cells, Span(start + 1, after)))
    return grid, range(start, _pipe_rows(lines, after, grid, text.endswith("|")))


def _pipe_rows(lines: list[str], index: int, grid: Grid, closed: bool) -> int:
    """Read pipe rows from ``index`` into ``grid``; the index after the table's last line."""
    end = index
    while index < len(lines):
        text = lines[index].strip()
        if not text:
            if index + 1 < len(lines) and lines[index + 1].strip().count("|") >= 2:
                index += 1
                continue
            break
        if SEPARATOR_ROW.match(text) or BAR.match(text):
            end = index = index + 1  # a rule row, or the lone "|" a web page leaves after each row
            continue
        text, after = _pipe_line(lines, index)
        cells = _pipe_cells(text) or (_closed_row(text) if closed else None)
        if cells is None:
            break
        while closed and (rest := _row_rest(lines, after, text, len(grid.header) - len(cells))):
            text, cells, after = f"{text} {' '.join(lines[after : rest[1]])}", [*cells, *rest[0]], rest[1]
        if grid.rows and _names_header(cells):
            break  # the header of the next table (after its heading): this table ends here
        if not grid.rows and _names_columns(cells):
            end = index = after  # the header's second row (一级事项 | 二级事项 | 全社会 | … | 县级 | 乡级): no task
            continue
        if closed and grid.rows and len(cells) == 1 and cell_kind(cells[0]) == "blank":
            last = grid.rows[-1]  # "■征地信息公开平台 |": the next line of the row's channel cell, no row
            last.span = Span(last.span.start, after)
            end = index = after
            continue
        grid.rows.append(GridRow(cells, Span(index + 1, after)))
        end = index = after
    return end


def _row_rest(lines: list[str], index: int, text: str, room: int) -> tuple[list[str], int] | None:
    """The cells of a row broken after a cell's bar ("政策解读 | 含…解读。 |" then "《条例》 | … | ||") and the
    index after them, or None.

    A row that closes with one bar (not the empty cells that end a full row) and is narrower than the
    header goes on to the next line when that line's cells still fit under the header and either the
    table's rows open with a bar and the line does not (a bare line is one cell, a lone bar closes it),
    or its first cell is one no row opens with (a law cited, a tick, a time limit, units).
    """
    if room <= 0 or text.endswith(("||", "| |")) or index >= len(lines):
        return None
    following = lines[index].strip()
    if following.startswith("|") or SEPARATOR_ROW.match(following) or BARS.match(following) or not following:
        return None
    barred = text.startswith("|")
    if barred and "|" not in following:
        closing = index + 1 < len(lines) and bool(BAR.match(lines[index + 1]))
        return [strip_debris(following)], index + 1 + closing
    cells = _pipe_cells(following) or _closed_row(following)
    if not cells or len(cells) > room or not (barred or _opens_no_row(cells[0])):
        return None
    return cells, index + 1


def _names_header(cells: list[str]) -> bool:
    """Cells that end with a table's header (three or more column names that make one): a new table starts."""
    filled = [c for c in cells if c]
    for start in range(max(0, len(filled) - 2)):
        names = filled[start:]
        if all(role_of(n) is not None for n in names) and header_roles(names) is not None:
            return True
    return False


def _names_columns(cells: list[str]) -> bool:
    """Cells that all name columns (a header's second row under its merged cells)."""
    filled = [c for c in cells if c]
    named = [c for c in filled if role_of(c) is not None]
    return len(named) >= 3 and all(c in named or _LEVEL.search(c) for c in filled)


def _more_names(lines: list[str], index: int) -> list[str] | None:
    """The column names a header row broken after a bar goes on with ("公开依据 | 公开 时限 |"), or None."""
    if index >= len(lines) or lines[index].strip().startswith("|"):
        return None
    cells = _pipe_cells(lines[index]) or _closed_row(lines[index].strip())
    filled = [c for c in cells or [] if c]
    return cells if filled and all(role_of(c) is not None for c in filled) else None


def _opens_no_row(cell: str) -> bool:
    return cell_kind(cell) in ("blank", "deadline", "units") or bool(_CITATION.match(cell))
