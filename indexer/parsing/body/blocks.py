"""Find a document's structure: headings, prose items, loose paragraphs and table rows.

This is the "file → blocks" step. It knows layouts, not meanings: it joins
lines broken mid-sentence, drops page-break debris and repeated table headers,
and hands each table row over as named cells. :mod:`indexer.parsing.records` turns the
blocks into task records.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from indexer.parsing.body.body import body_blocks
from indexer.parsing.body.structures import Block, Heading, Item, Paragraph, Span, TableRow
from indexer.parsing.fields.units import looks_like_units
from indexer.parsing.tables.columns import header_roles, role_of
from indexer.parsing.tables.grid import Grid, GridRow, grid_rows, merge_subheader
from indexer.parsing.tables.tables import find_text_tables
from indexer.parsing.text import clean_cell

__all__ = ["Block", "Heading", "Item", "Paragraph", "TableRow", "find_blocks"]


def find_blocks(lines: list[str], grids: Sequence[tuple[Grid, range]] = ()) -> list[Block]:
    """Split ``lines`` into body blocks followed by annex table rows.

    ``grids`` are tables the reader already read (a Word table), each with the
    lines it covers; the other tables are found in the text.
    """
    known = {index for _, region in grids for index in region}
    unread = [("" if index in known else line) for index, line in enumerate(lines)]
    text_tables = sorted([*grids, *find_text_tables(unread)], key=lambda table: table[1].start)
    covered = {index for _, region in text_tables for index in region}
    body = [("" if index in covered else line) for index, line in enumerate(lines)]
    table_start = _find_table_start(body)
    body_end = table_start if table_start is not None else len(lines)
    blocks: list[Block] = list(body_blocks(body, body_end))
    for number, (grid, _) in enumerate(text_tables, start=1):
        blocks.extend(grid_rows(grid, number))
    if table_start is not None:
        blocks.extend(_table_rows(lines, table_start))
    return blocks


# ------------------------------------------------------------------- tables


def _header_cells(line: str) -> list[str] | None:
    cells = [clean_cell(c) for c in line.split("\t")]
    return cells if "\t" in line and header_roles(cells) else None


def _find_table_start(lines: list[str]) -> int | None:
    for index, line in enumerate(lines):
        if _header_cells(line):
            return index
        if _cell_per_line_header(lines, index):
            return index
    return None


def _cell_per_line_header(lines: list[str], index: int) -> list[str] | None:
    """Three or more consecutive tab-indented lines that each hold one column name."""
    names: list[str] = []
    for line in lines[index:]:
        if not line.startswith("\t") or role_of(clean_cell(line)) is None:
            break
        names.append(clean_cell(line))
    return names if len(names) >= 3 else None


def _table_rows(lines: list[str], start: int) -> list[TableRow]:
    if names := _cell_per_line_header(lines, start):
        return _cell_per_line_rows(lines, start + len(names), names)
    return _tab_rows(lines, start)


def _columns(header: list[str]) -> list[str]:
    """Name each header position; a blank header cell continues the one before it."""
    columns: list[str] = []
    roles = header_roles(header) or []
    for cell, role in zip(header, roles, strict=False):
        columns.append(role or (columns[-1] if columns and not cell else "note"))
    while columns and not header[len(columns) - 1]:
        columns.pop()
    return columns


def _quoted_lines(lines: list[str], start: int) -> list[tuple[str, Span]]:
    """Tab lines with spreadsheet quoting undone: a quoted cell may hold line breaks and doubled quotes."""
    out: list[tuple[str, Span]] = []
    index = start
    while index < len(lines):
        line, first = lines[index], index
        while line.count('"') % 2 and index + 1 < len(lines):
            index += 1
            line += "\n" + lines[index]
        out.append((line, Span(first + 1, index + 1)))
        index += 1
    return out


def _unquote(cell: str) -> str:
    cell = cell.strip()
    if len(cell) >= 2 and cell[0] == cell[-1] == '"':
        cell = cell[1:-1].replace('""', '"')
    return clean_cell(cell)


def _regular_grid(lines: list[str], start: int) -> Grid | None:
    """A tab table with no row longer than its header: read it as a grid (short rows lost merged cells)."""
    header = [clean_cell(c) for c in lines[start].split("\t")]
    first = start + 1
    if first < len(lines) and (merged := merge_subheader(header, [clean_cell(c) for c in lines[first].split("\t")])):
        header, first = merged, first + 1  # a two-row header: 责任分工 over 牵头单位 | 配合单位
    if not all(header):
        return None
    grid = Grid(header, encoding="tab")
    for line, span in _quoted_lines(lines, first):
        if "\t" not in line:
            if line.strip():
                break
            continue
        cells = [_unquote(c) for c in line.split("\t")]
        if len(cells) > len(header):
            return None  # extra heading cells: the anchored reader below handles those
        grid.rows.append(GridRow(cells, span))
    return grid


def _tab_rows(lines: list[str], start: int) -> list[TableRow]:
    if grid := _regular_grid(lines, start):
        return grid_rows(grid)
    rows: list[TableRow] = []
    columns: list[str] = []
    table = 0
    for number, line in enumerate(lines[start:], start=start + 1):
        if header := _header_cells(line):
            columns = _columns(header)
            table += 1
            continue
        if "\t" not in line:
            if line.strip() and not rows:
                continue
            if line.strip() and rows:
                break
            continue
        cells = [clean_cell(c) for c in line.split("\t")]
        if not any(cells):
            continue
        rows.append(_map_tab_row(cells, columns, Span(number, number), table))
    return rows


def _map_tab_row(cells: list[str], columns: list[str], span: Span, table: int) -> TableRow:
    """Map cells by the header; title cells may be more or fewer than the header shows.

    The 具体要求 cell anchors the row: header columns after it map to the cells
    after it, and every cell between 序号 and it is a 工作任务 heading level.
    """
    first = 1 if columns and columns[0] == "number" else 0
    candidates = [
        i
        for i in range(first, len(cells))
        if cells[i] and not looks_like_units(cells[i]) and not _is_deadline_like(cells[i])
    ]
    anchor = max(candidates, key=lambda i: len(cells[i]), default=first)
    named = {"requirement": cells[anchor]} if anchor < len(cells) else {}
    if first:
        named["number"] = cells[0]
    after = columns[columns.index("requirement") + 1 :] if "requirement" in columns else []
    for name, value in zip(after, cells[anchor + 1 :], strict=False):
        named[name] = value
    titles = [c for c in cells[first:anchor]]
    has_units = any(named.get(k) for k in ("responsible", "lead", "deadline"))
    continuation = not has_units and not any(titles) and not named.get("number")
    return TableRow(named, titles, span, table, "tab", continuation=continuation)


def _is_deadline_like(cell: str) -> bool:
    return bool(re.fullmatch(r"[\d年月日底前以内长期坚持持续推进常态化每季度全年—\-\s]{1,16}", cell))


def _cell_per_line_rows(lines: list[str], start: int, names: list[str]) -> list[TableRow]:
    """Rows written one cell per tab-indented line, separated by blank lines."""
    columns: list[str] = [r or "note" for r in header_roles(names) or []]
    rows: list[TableRow] = []
    cells: list[str] = []
    first_line = 0
    for number, line in enumerate([*lines[start:], ""], start=start + 1):
        if line.startswith("\t"):
            if not cells:
                first_line = number
            cells.append(clean_cell(line))
        elif line.strip() and cells:
            cells[-1] = f"{cells[-1]}\n{clean_cell(line)}".strip()
        elif cells:
            rows.append(_map_cell_row(cells, columns, Span(first_line, number - 1)))
            cells = []
    return rows


def _map_cell_row(cells: list[str], columns: list[str], span: Span) -> TableRow:
    if len(cells) == 1:
        return TableRow({}, [cells[0]], span, 1, "cells")
    named = dict(zip(columns, cells, strict=False))
    title = named.pop("task", "")
    return TableRow(named, [title] if title else [], span, 1, "cells")
