"""Read a ``.docx`` body in document order: paragraphs as lines, task tables as :class:`Grid` objects.

Word tables are read straight from the XML rather than flattened to text, so
their merges survive: a ``w:vMerge`` continuation takes the value of the cell
that restarted the merge (a merged lead cell applies to every row it spans),
a ``w:gridSpan`` cell fills every grid column it covers, and a row marked
``w:tblHeader`` or equal to the header (a header repeated on a later page) is
dropped. Each table row also stays a tab-joined line, so line numbers, the
metadata reader and the document-wording restorer see the text they always
saw. The grid then goes through the same column roles and record building as
a text table.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from indexer.parsing.body.structures import Span
from indexer.parsing.tables.columns import header_roles, role_of
from indexer.parsing.tables.grid import Grid, GridRow
from indexer.parsing.text import clean_cell

__all__ = ["DocxBody", "cell_text", "read_docx_body"]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_FALSE = {"false", "0", "off"}


@dataclass
class DocxBody:
    """The body's lines (one per paragraph, one per table row) and the task tables among them."""

    lines: list[str]
    grids: list[tuple[Grid, range]]


@dataclass
class _Row:
    cells: list[str]
    fresh: list[bool]  # False where the cell continues a vertical merge from the row above
    repeats_header: bool


def read_docx_body(document: Any) -> DocxBody:
    """Walk a python-docx ``Document``'s body; tables whose header names no known column stay lines only."""
    from docx.text.paragraph import Paragraph

    body = DocxBody([], [])
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            body.lines.append(Paragraph(child, document).text)
        elif tag == "tbl":
            rows = _table_rows(child, document)
            start = len(body.lines)
            body.lines.extend("\t".join(row.cells) for row in rows)
            if found := _grid(rows, start):
                body.grids.append(found)
            body.lines.append("")
    return body


def cell_text(paragraphs: list[str]) -> str:
    """Join a cell's paragraphs; short lines (unit lists) are joined with 、."""
    parts = [p.strip() for p in paragraphs if p.strip()]
    if len(parts) > 1 and all(len(p) <= 25 for p in parts):
        return "、".join(parts)
    return "".join(parts)


def _property(element: Any, path: str) -> str | None:
    """The ``w:val`` of a property element ("" when present without a value), None when absent."""
    found = element.find(path)
    if found is None:
        return None
    return str(found.get(f"{_W}val", ""))


def _table_rows(table: Any, parent: Any) -> list[_Row]:
    """Every row expanded to the table's grid columns, vertical merges filled from the restart cell."""
    from docx.text.paragraph import Paragraph

    width = len(table.findall(f"{_W}tblGrid/{_W}gridCol"))
    above: dict[int, str] = {}
    rows: list[_Row] = []
    for tr in table.iterchildren(f"{_W}tr"):
        column = int(_property(tr, f"{_W}trPr/{_W}gridBefore") or 0)
        cells, fresh = [""] * column, [True] * column
        for tc in tr.iter(f"{_W}tc"):
            if tc.getparent() is not tr and tc.getparent().tag != f"{_W}sdtContent":
                continue  # a table nested inside a cell
            span = max(1, int(_property(tc, f"{_W}tcPr/{_W}gridSpan") or 1))
            merge = _property(tc, f"{_W}tcPr/{_W}vMerge")
            continued = merge is not None and merge != "restart"
            if continued:
                text = above.get(column, "")
            else:
                text = cell_text([Paragraph(p, parent).text for p in tc.iterchildren(f"{_W}p")])
            for offset in range(span):
                above[column + offset] = text
                cells.append(text)
                fresh.append(not continued)
            column += span
        padding = max(0, width - len(cells))
        header = _property(tr, f"{_W}trPr/{_W}tblHeader")
        rows.append(_Row(cells + [""] * padding, fresh + [True] * padding, header is not None and header not in _FALSE))
    return rows


def _sub_header(top: _Row, below: _Row) -> bool:
    """A second header row: names under a spanned header cell (责任分工 → 牵头单位 | 配合单位)."""
    if below.cells == top.cells or header_roles(below.cells) is None:
        return False
    return all(not fresh or role_of(cell) is not None for cell, fresh in zip(below.cells, below.fresh, strict=True))


def _grid(rows: list[_Row], start: int) -> tuple[Grid, range] | None:
    """The task table in ``rows`` (whose first row is line ``start``), or None when no header is known."""
    found = next((i for i, row in enumerate(rows) if header_roles([clean_cell(c) for c in row.cells])), None)
    if found is None:
        return None
    headers = [rows[found].cells]
    first_data = found + 1
    if first_data < len(rows) and _sub_header(rows[found], rows[first_data]):
        headers.append(rows[first_data].cells)
        first_data += 1
    grid = Grid([clean_cell(c) for c in headers[-1]], encoding="docx")
    for index in range(first_data, len(rows)):
        row = rows[index]
        if row.repeats_header or row.cells in headers or not any(c.strip() for c in row.cells):
            continue
        grid.rows.append(GridRow([clean_cell(c) for c in row.cells], Span(start + index + 1, start + index + 1)))
    return grid, range(start + found, start + len(rows))
