"""PDF: the text layer with pdfplumber, pages without one (scans) through OCR.

pdfplumber (on pdfminer.six) gives every character with its position and
finds ruled tables from the drawn lines, so cells, merged cells and reading
order come from the layout rather than from guessing at flattened text; the
page count is read first with pypdfium2 (fast, and it renders scans for OCR).
A page with (almost) no characters but an image is a scan and is recognised
by :mod:`indexer.parsing.readers.ocr`; its records are marked as OCR.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from indexer.errors import DocumentError
from indexer.parsing.readers.layout import CellBox, PageLayout, TableBlock, TextLine, cell_matrix, join_cell
from indexer.parsing.readers.layout import layout_source as _layout_source
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
        layouts, scanned = _read_pages(path)
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


def _read_pages(path: Path) -> tuple[list[PageLayout], list[int]]:
    """Every page's layout from the text layer, and the indexes of pages that are scans."""
    import pdfplumber

    layouts: list[PageLayout] = []
    scanned: list[int] = []
    with pdfplumber.open(str(path)) as pdf:
        for index, page in enumerate(pdf.pages):
            if len(page.chars) < _SCAN_MAX_CHARS and page.images:
                scanned.append(index)
                layouts.append(PageLayout(float(page.height)))
            else:
                layouts.append(_page_layout(page))
            page.close()
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


def _centre_in(char: dict[str, Any], box: tuple[float, float, float, float]) -> bool:
    x: float = (char["x0"] + char["x1"]) / 2
    y: float = (char["top"] + char["bottom"]) / 2
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def _page_layout(page: Any) -> PageLayout:
    """A text page: lines outside the ruled tables, and each table's cells as a matrix."""
    layout = PageLayout(float(page.height))
    chars: list[dict[str, Any]] = list(page.chars)
    for table in page.find_tables(_TABLE_SETTINGS):
        if len(table.rows) < 2 or len(table.rows[0].cells) < 2:
            continue  # a framed paragraph, not a table
        inside = [c for c in chars if _centre_in(c, table.bbox)]
        chars = [c for c in chars if not _centre_in(c, table.bbox)]
        cells: list[CellBox] = []
        for box in table.cells:
            cells.append((box, join_cell(_lines([c for c in inside if _centre_in(c, box)]), box[2])))
        layout.tables.append(TableBlock(cell_matrix(cells, 2.0), table.bbox[1], table.bbox[3]))
    layout.lines = _lines(chars)
    return layout
