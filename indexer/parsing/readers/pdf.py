"""PDF: the text layer through pdfium, ruled tables with pdfplumber's table finder, scans through OCR.

pypdfium2 (pdfium, in C) gives every character with its position and every
drawn path (:mod:`indexer.parsing.readers.pdf_objects`); pdfplumber's table
finder turns the ruling lines into cells, so cells, merged cells and reading
order come from the layout rather than from guessing at flattened text.
pdfplumber used to parse the pages itself with pdfminer, interpreting every
content stream in Python (a 20-page table took 10 s, twice the target); the
positions given to it now are pdfminer's, so the result is unchanged.
A page with (almost) no characters but an image is a scan and is recognised
by :mod:`indexer.parsing.readers.ocr`; its records are marked as OCR.
"""

from __future__ import annotations

import logging
from bisect import bisect_left, bisect_right
from operator import itemgetter
from pathlib import Path
from typing import Any

from indexer.errors import DocumentError
from indexer.parsing.readers.layout import Box, CellBox, PageLayout, TableBlock, TextLine, cell_matrix, join_cell
from indexer.parsing.readers.layout import layout_source as _layout_source
from indexer.parsing.readers.pdf_objects import page_chars, page_edges, page_has_image
from indexer.parsing.readers.source import Source

__all__ = ["PDF_MAX_PAGES", "PDF_OCR_MAX_PAGES", "page_count", "read_pdf"]

PDF_MAX_PAGES = 300  # a work-points document is a few dozen pages; thousands of pages is hostile or a mistake
PDF_OCR_MAX_PAGES = 30  # OCR takes seconds a page: a longer scan is refused rather than left to time out
_SCAN_MAX_CHARS = 10  # a page with fewer characters than this but an image is taken as a scan
logging.getLogger("pdfminer").setLevel(logging.ERROR)  # font-descriptor warnings on every Chromium PDF
_TABLE_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}


def page_count(path: Path, data: bytes) -> int:
    """The page count from the page tree (pdfium), before any page is parsed."""
    import pypdfium2

    try:
        document = pypdfium2.PdfDocument(data)
    except Exception as exc:  # pdfium raises PdfiumError for broken and encrypted files
        raise DocumentError(str(path), f"无法打开 PDF（文件已损坏或已加密）：{exc}") from exc
    try:
        return len(document)
    finally:
        document.close()


def read_pdf(path: Path, data: bytes) -> Source:
    """Text lines and ruled tables in reading order; scanned pages recognised by OCR."""
    if not data.startswith(b"%PDF-") and b"%PDF-" not in data[:1024]:
        raise DocumentError(str(path), "不是有效的 PDF 文件（缺少 %PDF 文件头）")
    pages = page_count(path, data)
    if pages == 0:
        raise DocumentError(str(path), "PDF 没有页面")
    if pages > PDF_MAX_PAGES:
        raise DocumentError(str(path), f"PDF 页数过多（{pages} 页，上限 {PDF_MAX_PAGES} 页），请只上传工作要点正文")
    try:
        layouts, scanned = _read_pages(data)
    except (DocumentError, MemoryError):
        raise
    except Exception as exc:  # pdfminer raises many types for malformed streams
        raise DocumentError(str(path), f"无法解析 PDF：{type(exc).__name__}") from exc
    if not scanned:
        return _layout_source(layouts, "text", "pdf")
    if len(scanned) > PDF_OCR_MAX_PAGES:
        raise DocumentError(
            str(path), f"扫描页过多（{len(scanned)} 页，OCR 上限 {PDF_OCR_MAX_PAGES} 页），请分册上传或提供文字版 PDF"
        )
    from indexer.parsing.readers.ocr import ocr_pdf_pages

    for index, layout in zip(scanned, ocr_pdf_pages(path, data, scanned), strict=True):
        layouts[index] = layout
    return _layout_source(layouts, "ocr", "ocr")


def _read_pages(data: bytes) -> tuple[list[PageLayout], list[int]]:
    """Every page's layout from the text layer (pdfium), and the indexes of pages that are scans."""
    import pypdfium2

    layouts: list[PageLayout] = []
    scanned: list[int] = []
    document = pypdfium2.PdfDocument(data)
    try:
        for index in range(len(document)):
            page = document[index]
            height = float(page.get_height())
            chars = page_chars(page)
            if len(chars) < _SCAN_MAX_CHARS and page_has_image(page):
                scanned.append(index)
                layouts.append(PageLayout(height))
            else:
                layouts.append(_page_layout(chars, page_edges(page), (0.0, 0.0, float(page.get_width()), height)))
            page.close()
    finally:
        document.close()
    return layouts, scanned


def _lines(chars: list[dict[str, Any]]) -> list[TextLine]:
    """Characters grouped into lines (pdfplumber's text map, without cropping the page again)."""
    from pdfplumber.utils.text import chars_to_textmap

    if not chars:
        return []
    found = chars_to_textmap(chars).extract_text_lines(strip=True, return_chars=False)
    return [
        TextLine(str(line["text"]).strip(), line["x0"], line["top"], line["x1"], line["bottom"])
        for line in found
        if str(line["text"]).strip()
    ]


def _centre(char: dict[str, Any]) -> tuple[float, float]:
    return (char["x0"] + char["x1"]) / 2, (char["top"] + char["bottom"]) / 2


def _within(chars: list[tuple[float, float, dict[str, Any]]], box: Box) -> list[dict[str, Any]]:
    """The characters whose centre lies in ``box`` (edges included), from ``chars`` sorted by centre y."""
    low = bisect_left(chars, box[1], key=itemgetter(1))
    high = bisect_right(chars, box[3], key=itemgetter(1))
    return [char for x, _y, char in chars[low:high] if box[0] <= x <= box[2]]


class _Ruling:
    """What pdfplumber's table finder reads of a page: its edges and box (no pdfminer parse behind it)."""

    def __init__(self, edges: list[dict[str, Any]], bbox: Box) -> None:
        self.edges = edges
        self.bbox = bbox


def _page_layout(chars: list[dict[str, Any]], edges: list[dict[str, Any]], bbox: Box) -> PageLayout:
    """A text page: lines outside the ruled tables, and each table's cells as a matrix.

    Characters are looked up by their centre in a list sorted by it, so a page
    of table cells costs a bisection per cell rather than a pass over the page.
    """
    from pdfplumber.table import TableFinder, TableSettings

    layout = PageLayout(bbox[3])
    placed = sorted(((*_centre(c), c) for c in chars), key=itemgetter(1))
    taken: set[int] = set()
    ruling: Any = _Ruling(edges, bbox)  # duck-typed for the finder, which reads only .edges and .bbox
    for table in TableFinder(ruling, TableSettings.resolve(_TABLE_SETTINGS)).tables:
        if len(table.rows) < 2 or len(table.rows[0].cells) < 2:
            continue  # a framed paragraph, not a table
        outer = table.bbox
        inside = [item for item in placed if outer[0] <= item[0] <= outer[2] and outer[1] <= item[1] <= outer[3]]
        taken.update(id(item[2]) for item in inside)
        cells: list[CellBox] = [(box, join_cell(_lines(_within(inside, box)), box[2])) for box in table.cells]
        layout.tables.append(TableBlock(cell_matrix(cells, 2.0), outer[1], outer[3]))
    layout.lines = _lines([c for c in chars if id(c) not in taken])
    return layout
