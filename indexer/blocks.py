"""Find a document's structure: headings, prose items, loose paragraphs and table rows.

This is the "file → blocks" step. It knows layouts, not meanings: it joins
lines broken mid-sentence, drops page-break debris and repeated table headers,
and hands each table row over as named cells. :mod:`indexer.records` turns the
blocks into task records.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.text import ENDS_SENTENCE, clean_cell, strip_debris
from indexer.units import looks_like_units

__all__ = ["Block", "Heading", "Item", "Paragraph", "TableRow", "find_blocks"]

L1_MARK = re.compile(r"^([一二三四五六七八九十]+)、")
L2_MARK = re.compile(r"^[（(]\s*([一二三四五六七八九十]+)\s*[）)]\s*")
COLUMN_NAMES = {
    "序号": "number",
    "工作任务": "task",
    "具体要求": "requirement",
    "责任单位": "responsible",
    "责任部门": "responsible",
    "配合单位": "responsible",
    "牵头部门": "lead",
    "牵头单位": "lead",
    "完成时限": "deadline",
    "完成时间": "deadline",
}
_STOP_BODY = re.compile(r"^(附件|抄送|（此件|\(此件|（此页|\(此页|---)")
_SIGNATURE = re.compile(r"(\d{4}年\d{1,2}月\d{1,2}日(印发)?|人民政府办公室|管委会办公室)\s*$")


@dataclass
class Span:
    start: int
    end: int


@dataclass
class Heading:
    level: int
    number: str
    title: str
    span: Span


@dataclass
class Item:
    """A numbered prose item: "（三）title。body…" or an L1 point with body text."""

    level: int
    number: str
    text: str
    span: Span


@dataclass
class Paragraph:
    text: str
    span: Span


@dataclass
class TableRow:
    """One table row; ``titles`` holds the 工作任务 cells (one or two heading levels)."""

    cells: dict[str, str]
    titles: list[str]
    span: Span
    table: int
    layout: str
    continuation: bool = False


Block = Heading | Item | Paragraph | TableRow


def find_blocks(lines: list[str]) -> list[Block]:
    """Split ``lines`` into body blocks followed by annex table rows."""
    table_start = _find_table_start(lines)
    body_end = table_start if table_start is not None else len(lines)
    blocks: list[Block] = list(_body_blocks(lines, body_end))
    if table_start is not None:
        blocks.extend(_table_rows(lines, table_start))
    return blocks


# --------------------------------------------------------------------- body


def _body_blocks(lines: list[str], end: int) -> list[Block]:
    paragraphs = _join_paragraphs(lines, end)
    blocks: list[Block] = []
    started = False
    for text, span in paragraphs:
        if started and _STOP_BODY.match(text):
            break
        if m := L1_MARK.match(text):
            started = True
            title, sep, rest = text.partition("。")
            if sep and rest.strip():
                blocks.append(Item(level=1, number=m.group(0), text=text[m.end() :], span=span))
            else:
                blocks.append(Heading(1, m.group(1), title[m.end() :].strip(), span))
            continue
        if m := L2_MARK.match(text):
            started = True
            number = f"（{m.group(1)}）"
            blocks.append(Item(level=2, number=number, text=text[m.end() :].strip(), span=span))
            continue
        if started and not _SIGNATURE.search(text):
            blocks.append(Paragraph(text, span))
    return blocks


def _join_paragraphs(lines: list[str], end: int) -> list[tuple[str, Span]]:
    """Join lines a page or line break cut mid-sentence ("加大公开监督" + "力度，…")."""
    out: list[tuple[str, Span]] = []
    for number, raw in enumerate(lines[:end], start=1):
        text = strip_debris(raw)
        if not text:
            continue
        starts_new = bool(L1_MARK.match(text) or L2_MARK.match(text) or _STOP_BODY.match(text))
        if out and not starts_new and not out[-1][0].endswith(ENDS_SENTENCE):
            previous, span = out[-1]
            out[-1] = (previous + text, Span(span.start, number))
        else:
            out.append((text, Span(number, number)))
    return out


# ------------------------------------------------------------------- tables


def _header_cells(line: str) -> list[str] | None:
    cells = [clean_cell(c) for c in line.split("\t")]
    named = [c for c in cells if c in COLUMN_NAMES]
    return cells if len(named) >= 3 and "\t" in line else None


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
        if not line.startswith("\t") or clean_cell(line) not in COLUMN_NAMES:
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
    for cell in header:
        columns.append(COLUMN_NAMES.get(cell, columns[-1] if columns else "task"))
    while columns and not header[len(columns) - 1]:
        columns.pop()
    return columns


def _tab_rows(lines: list[str], start: int) -> list[TableRow]:
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
    columns = [COLUMN_NAMES[n] for n in names]
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
