"""Page layout to :class:`Source`: shared by the PDF text-layer reader and the OCR reader.

Both readers see a page as positioned text lines and ruled tables (cell boxes
with their text). What is decided here is layout only, never wording:

* running headers and footers — a line in the top or bottom margin repeated
  on most pages, or a bare page number there — are dropped;
* a line that reaches the right edge of the text block and is followed by a
  line that starts at the left edge (no paragraph indent) was wrapped, and is
  joined with it; inside a table cell, a line that reaches the cell's right
  edge was wrapped, and a shorter one ended its paragraph;
* cell boxes become a full matrix, a merged cell repeated into every row and
  column it spans; a table that goes on at the top of the next page with the
  same columns continues the same grid, and a repeat of its header is dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from indexer.parsing.body.structures import Span
from indexer.parsing.readers.docx_tables import cell_text
from indexer.parsing.readers.source import Source
from indexer.parsing.tables.columns import header_roles
from indexer.parsing.tables.grid import Grid, GridRow
from indexer.parsing.text import clean_cell

__all__ = ["Box", "CellBox", "PageLayout", "TableBlock", "TextLine", "cell_matrix", "join_cell", "layout_source"]

Box = tuple[float, float, float, float]  # x0, top, x1, bottom
CellBox = tuple[Box, str]

_MARGIN = 0.09  # top and bottom share of the page where running headers and footers sit
_PAGE_NUMBER = re.compile(r"^[—\-－–\s]*\d{1,4}[—\-－–\s]*$|^第\s*\d+\s*页(\s*共\s*\d+\s*页)?$|^\d+\s*/\s*\d+$")
_NOT_WRAPPED = tuple("。；！？：:;!?")


@dataclass
class TextLine:
    """One line of text with its position on the page."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def size(self) -> float:
        return max(1.0, self.bottom - self.top)


@dataclass
class TableBlock:
    """A ruled table: its cells as a full matrix (merges already repeated) and its vertical place."""

    rows: list[list[str]]
    top: float
    bottom: float


@dataclass
class PageLayout:
    """One page's text lines and tables, and the page height (for the header and footer margins)."""

    height: float
    lines: list[TextLine] = field(default_factory=list)
    tables: list[TableBlock] = field(default_factory=list)


def _edges(values: list[float], tolerance: float) -> list[float]:
    """Distinct positions, those closer than ``tolerance`` taken as one."""
    edges: list[float] = []
    for value in sorted(values):
        if not edges or value - edges[-1] > tolerance:
            edges.append(value)
    return edges


def _nearest(edges: list[float], value: float) -> int:
    return min(range(len(edges)), key=lambda i: abs(edges[i] - value))


def cell_matrix(cells: list[CellBox], tolerance: float) -> list[list[str]]:
    """Cell boxes as rows × columns, a cell spanning several repeated into each of them."""
    xs = _edges([v for (x0, _, x1, _), _ in cells for v in (x0, x1)], tolerance)
    ys = _edges([v for (_, top, _, bottom), _ in cells for v in (top, bottom)], tolerance)
    matrix = [[""] * max(0, len(xs) - 1) for _ in range(max(0, len(ys) - 1))]
    for (x0, top, x1, bottom), text in cells:
        for row in range(_nearest(ys, top), _nearest(ys, bottom)):
            for column in range(_nearest(xs, x0), _nearest(xs, x1)):
                matrix[row][column] = text
    return [row for row in matrix if any(row)]


def join_cell(lines: list[TextLine], right: float) -> str:
    """A cell's lines: wrapped lines (reaching the cell's right edge) joined, paragraphs as in Word cells."""
    paragraphs: list[str] = []
    wrapped = False
    for line in sorted(lines, key=lambda item: (item.top, item.x0)):
        if wrapped and paragraphs:
            paragraphs[-1] += line.text
        else:
            paragraphs.append(line.text)
        wrapped = line.x1 >= right - 2.2 * line.size and not line.text.endswith(_NOT_WRAPPED)
    return cell_text(paragraphs)


def _signature(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


def _drop_running(pages: list[PageLayout]) -> None:
    """Remove page numbers and lines repeated in the top or bottom margin of most pages."""
    counts: dict[str, int] = {}
    for page in pages:
        for key in {_signature(line.text) for line in page.lines if _in_margin(line, page)}:
            counts[key] = counts.get(key, 0) + 1
    repeated = {key for key, count in counts.items() if len(pages) >= 2 and count >= max(2, len(pages) / 2)}
    for page in pages:
        page.lines = [
            line
            for line in page.lines
            if not (_in_margin(line, page) and (_signature(line.text) in repeated or _PAGE_NUMBER.match(line.text)))
        ]


def _in_margin(line: TextLine, page: PageLayout) -> bool:
    return line.bottom <= page.height * _MARGIN or line.top >= page.height * (1 - _MARGIN)


def _join_paragraphs(lines: list[TextLine], left: float, right: float) -> list[str]:
    """Join lines wrapped at the right edge with the unindented line that follows them."""
    joined: list[str] = []
    wrapped = False
    for line in lines:
        if wrapped and joined and line.x0 <= left + 0.6 * line.size:
            joined[-1] += line.text
        else:
            joined.append(line.text)
        wrapped = line.x1 >= right - 1.6 * line.size and not line.text.endswith(_NOT_WRAPPED)
    return joined


def _table_grid(rows: list[list[str]], start: int, encoding: str) -> tuple[Grid, range] | None:
    """The task table among ``rows`` (row 0 is line ``start``), or None when no header names known columns."""
    cleaned = [[clean_cell(c) for c in row] for row in rows]
    found = next((i for i, row in enumerate(cleaned) if header_roles(row)), None)
    if found is None:
        return None
    grid = Grid(cleaned[found], encoding=encoding)
    for index in range(found + 1, len(cleaned)):
        if cleaned[index] != cleaned[found] and any(cleaned[index]):
            grid.rows.append(GridRow(cleaned[index], Span(start + index + 1, start + index + 1)))
    return grid, range(start + found, start + len(rows))


def _sequence(pages: list[PageLayout]) -> list[TextLine | TableBlock]:
    """Every page's lines and tables in reading order; a table going on at the next page's top is continued."""
    items: list[TextLine | TableBlock] = []
    for page in pages:
        ordered: list[TextLine | TableBlock] = sorted([*page.lines, *page.tables], key=lambda item: item.top)
        for position, item in enumerate(ordered):
            last = items[-1] if items else None
            if (
                position == 0
                and isinstance(item, TableBlock)
                and isinstance(last, TableBlock)
                and item.rows
                and last.rows
                and len(item.rows[0]) == len(last.rows[0])
            ):
                header = last.rows[0]
                last.rows.extend(row for row in item.rows if row != header)
                continue
            items.append(item)
    return items


def layout_source(pages: list[PageLayout], kind: str, encoding: str) -> Source:
    """The pages' lines (tables as tab-joined rows) and task tables as grids (``encoding``), marked ``kind``."""
    _drop_running(pages)
    text_lines = [line for page in pages for line in page.lines]
    left = min((line.x0 for line in text_lines), default=0.0)
    right = max((line.x1 for line in text_lines), default=0.0)
    source = Source([], [], kind)
    run: list[TextLine] = []
    for item in [*_sequence(pages), None]:
        if isinstance(item, TextLine):
            run.append(item)
            continue
        source.lines.extend(_join_paragraphs(run, left, right))
        run = []
        if item is not None:
            start = len(source.lines)
            source.lines.extend("\t".join(row) for row in item.rows)
            if found := _table_grid(item.rows, start, encoding):
                source.grids.append(found)
            source.lines.append("")
    return source
