"""A PDF page's characters and ruling edges from pdfium, in pdfplumber's shapes.

pdfminer (under pdfplumber) interprets every content stream in Python, about
a quarter of a second a page, and pdfplumber then copies each object into a
dict: a 20-page table missed the 5 s target by half. pdfium does the same
interpretation in C. Here its characters and path segments are turned into
the dicts pdfplumber's own text map and table finder take, with pdfminer's
geometry, so that line grouping, joining, margins and table grids — all
decided from these positions — stay as they were:

* ``x0``/``x1`` are pdfium's loose box, the glyph's advance as in pdfminer;
* ``bottom`` is the baseline moved down by the font descriptor's Descent and
  ``top`` one font size above it (pdfminer's box); a Type 3 font (no base
  font name, Chromium's synthetic bold) has no descriptor, so no descent;
* every straight horizontal or vertical segment of a filled or stroked path
  is an edge, so a ``re`` rectangle gives pdfplumber's four rect edges.
"""

from __future__ import annotations

import ctypes
from typing import Any

import pypdfium2
import pypdfium2.raw as pdfium

__all__ = ["page_chars", "page_edges", "page_has_image"]

Obj = dict[str, Any]
Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _font_descent(text_object: Any, cache: dict[int, float]) -> float:
    """The descriptor's Descent as a share of the font size (0 for a Type 3 font, as in pdfminer)."""
    font = pdfium.FPDFTextObj_GetFont(text_object)
    key = ctypes.cast(font, ctypes.c_void_p).value or 0
    if key not in cache:
        name = ctypes.create_string_buffer(256)
        named = pdfium.FPDFFont_GetBaseFontName(font, name, 256) > 1
        descent = ctypes.c_float(0.0)
        if not (named and pdfium.FPDFFont_GetDescent(font, ctypes.c_float(1.0), descent)):
            descent.value = 0.0
        cache[key] = min(0.0, float(descent.value))
    return cache[key]


def page_chars(page: pypdfium2.PdfPage) -> list[Obj]:
    """Every character drawn on the page (not the spaces and breaks pdfium adds) with pdfminer's box."""
    left, _bottom, _right, top = page.get_mediabox()
    textpage = page.get_textpage()
    try:
        origin_x, origin_y, box, matrix = ctypes.c_double(), ctypes.c_double(), pdfium.FS_RECTF(), pdfium.FS_MATRIX()
        descents: dict[int, float] = {}
        chars: list[Obj] = []
        for index in range(pdfium.FPDFText_CountChars(textpage.raw)):
            code = pdfium.FPDFText_GetUnicode(textpage.raw, index)
            if pdfium.FPDFText_IsGenerated(textpage.raw, index) == 1 or code == 0 or 0xDC00 <= code <= 0xDFFF:
                continue
            if 0xD800 <= code <= 0xDBFF:  # a character beyond the BMP comes as two UTF-16 units
                low = pdfium.FPDFText_GetUnicode(textpage.raw, index + 1)
                code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
            pdfium.FPDFText_GetLooseCharBox(textpage.raw, index, box)
            pdfium.FPDFText_GetCharOrigin(textpage.raw, index, origin_x, origin_y)
            pdfium.FPDFText_GetMatrix(textpage.raw, index, matrix)
            size = pdfium.FPDFText_GetFontSize(textpage.raw, index) * (matrix.c**2 + matrix.d**2) ** 0.5
            descent = _font_descent(pdfium.FPDFText_GetTextObject(textpage.raw, index), descents)
            y0 = origin_y.value + descent * size
            chars.append(
                {
                    "text": chr(code),
                    "x0": box.left - left,
                    "x1": box.right - left,
                    "top": top - (y0 + size),
                    "bottom": top - y0,
                    "doctop": top - (y0 + size),
                    "size": size,
                    "upright": abs(matrix.b) < 1e-6 and abs(matrix.c) < 1e-6,
                    "fontname": "",
                }
            )
        return chars
    finally:
        textpage.close()


def _objects(page: pypdfium2.PdfPage) -> list[tuple[Any, Matrix]]:
    """The page's objects, those inside form XObjects included, each with its matrix to page space."""
    found: list[tuple[Any, Matrix]] = []
    stack: list[tuple[Any, Matrix]] = [
        (pdfium.FPDFPage_GetObject(page.raw, i), _IDENTITY) for i in range(pdfium.FPDFPage_CountObjects(page.raw))
    ]
    while stack:
        item, outer = stack.pop()
        raw = pdfium.FS_MATRIX()
        own = _IDENTITY
        if pdfium.FPDFPageObj_GetMatrix(item, raw):
            own = (raw.a, raw.b, raw.c, raw.d, raw.e, raw.f)
        matrix = _compose(own, outer)
        found.append((item, matrix))
        if pdfium.FPDFPageObj_GetType(item) == pdfium.FPDF_PAGEOBJ_FORM:
            stack.extend(
                (pdfium.FPDFFormObj_GetObject(item, i), matrix) for i in range(pdfium.FPDFFormObj_CountObjects(item))
            )
    return found


def _compose(inner: Matrix, outer: Matrix) -> Matrix:
    a, b, c, d, e, f = inner
    p, q, r, s, t, u = outer
    return (a * p + b * r, a * q + b * s, c * p + d * r, c * q + d * s, e * p + f * r + t, e * q + f * s + u)


def page_has_image(page: pypdfium2.PdfPage) -> bool:
    """Whether an image is drawn on the page (a page with no text but an image is a scan)."""
    return any(pdfium.FPDFPageObj_GetType(item) == pdfium.FPDF_PAGEOBJ_IMAGE for item, _ in _objects(page))


def _segments(path: Any, matrix: Matrix) -> list[tuple[tuple[float, float], tuple[float, float]]]:
    """The straight segments of a path in page space (a closed subpath's closing segment included)."""
    a, b, c, d, e, f = matrix
    x, y = ctypes.c_float(), ctypes.c_float()
    pairs: list[tuple[tuple[float, float], tuple[float, float]]] = []
    start = last = (0.0, 0.0)
    for index in range(pdfium.FPDFPath_CountSegments(path)):
        segment = pdfium.FPDFPath_GetPathSegment(path, index)
        pdfium.FPDFPathSegment_GetPoint(segment, x, y)
        point = (a * x.value + c * y.value + e, b * x.value + d * y.value + f)
        kind = pdfium.FPDFPathSegment_GetType(segment)
        if kind == pdfium.FPDF_SEGMENT_MOVETO:
            start = point
        elif kind == pdfium.FPDF_SEGMENT_LINETO:
            pairs.append((last, point))
        last = point
        if pdfium.FPDFPathSegment_GetClose(segment) and last != start:
            pairs.append((last, start))
            last = start
    return pairs


def page_edges(page: pypdfium2.PdfPage) -> list[Obj]:
    """Horizontal and vertical segments of every painted path, as pdfplumber edges (top-down coordinates)."""
    left, _bottom, _right, top = page.get_mediabox()
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    edges: list[Obj] = []
    for item, matrix in _objects(page):
        if pdfium.FPDFPageObj_GetType(item) != pdfium.FPDF_PAGEOBJ_PATH:
            continue
        if not pdfium.FPDFPath_GetDrawMode(item, fill, stroke) or not (fill.value or stroke.value):
            continue  # an unpainted path (pdfminer draws nothing for ``n``)
        for (x0, y0), (x1, y1) in _segments(item, matrix):
            if (x0 != x1) == (y0 != y1):
                continue  # a diagonal or a point rules no cell
            xs, ys = sorted((x0 - left, x1 - left)), sorted((top - y0, top - y1))
            edges.append(
                {
                    "x0": xs[0],
                    "x1": xs[1],
                    "top": ys[0],
                    "bottom": ys[1],
                    "doctop": ys[0],
                    "width": xs[1] - xs[0],
                    "height": ys[1] - ys[0],
                    "orientation": "v" if x0 == x1 else "h",
                    "object_type": "rect_edge",
                }
            )
    return edges
