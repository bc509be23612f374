"""OCR for scanned PDF pages and images (.png/.jpg), offline, with RapidOCR.

RapidOCR runs the PP-OCR Chinese detection and recognition models on
onnxruntime (already a dependency) and ships the models in its wheel, so it
needs no network and no system package; it reads a printed Chinese page in a
few seconds on two cores. It is the ``ocr`` extra: without it a scan is
refused with the install command. Ruled tables are found from the ruling
lines (:mod:`indexer.parsing.readers.ocr_tables`) and the recognised text is
put into their cells; every record read this way is marked ``ocr``.
"""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from indexer.errors import DocumentError
from indexer.parsing.readers.layout import CellBox, PageLayout, TableBlock, TextLine, cell_matrix, join_cell
from indexer.parsing.readers.layout import layout_source as _layout_source
from indexer.parsing.readers.source import Source

__all__ = ["IMAGE_MAX_PIXELS", "OCR_DPI", "OCR_INSTALL_HINT", "ocr_pdf_pages", "read_image"]

IMAGE_MAX_PIXELS = 40_000_000  # an A4 page at 600 dpi is 35 megapixels; larger is hostile or a poster
OCR_DPI = 200
OCR_INSTALL_HINT = "扫描件和图片需要 OCR 组件，请安装：.venv/bin/pip install -e '.[ocr]'（即 rapidocr-onnxruntime）"
Image = npt.NDArray[np.uint8]


@lru_cache(maxsize=1)
def _load_engine() -> Any:
    from rapidocr_onnxruntime import RapidOCR

    return RapidOCR()


def _engine(path: Path) -> Any:
    try:
        return _load_engine()
    except ImportError as exc:
        raise DocumentError(str(path), OCR_INSTALL_HINT) from exc


def read_image(path: Path, data: bytes) -> Source:
    """A .png/.jpg page: its size checked from the header before decoding, then OCR."""
    from PIL import Image as PILImage

    try:
        with PILImage.open(io.BytesIO(data)) as image:
            width, height = image.size
            if width * height > IMAGE_MAX_PIXELS:
                raise DocumentError(
                    str(path), f"图片过大（{width}×{height} 像素，上限 {IMAGE_MAX_PIXELS // 1_000_000} 百万像素）"
                )
            pixels = np.asarray(image.convert("RGB"), dtype=np.uint8)
    except DocumentError:
        raise
    except Exception as exc:  # Pillow raises UnidentifiedImageError, OSError, DecompressionBombError …
        raise DocumentError(str(path), f"无法读取图片：{type(exc).__name__}") from exc
    return _layout_source([image_layout(path, pixels)], "ocr", "ocr")


def ocr_pdf_pages(path: Path, data: bytes, indexes: list[int]) -> list[PageLayout]:
    """Render the given PDF pages at :data:`OCR_DPI` and recognise them."""
    import pypdfium2

    engine = _engine(path)
    document = pypdfium2.PdfDocument(data)
    try:
        layouts: list[PageLayout] = []
        for index in indexes:
            bitmap = document[index].render(scale=OCR_DPI / 72)
            pixels = np.asarray(bitmap.to_pil().convert("RGB"), dtype=np.uint8)
            layouts.append(image_layout(path, pixels, engine))
        return layouts
    finally:
        document.close()


def _recognise(engine: Any, pixels: Image) -> list[TextLine]:
    result, _ = engine(pixels)
    boxes: list[TextLine] = []
    for points, text, _score in result or []:
        xs = [float(p[0]) for p in points]
        ys = [float(p[1]) for p in points]
        if str(text).strip():
            boxes.append(TextLine(str(text).strip(), min(xs), min(ys), max(xs), max(ys)))
    return boxes


def _rows_of(boxes: list[TextLine]) -> list[TextLine]:
    """OCR boxes on the same line (vertical centres within the line's height) as one line, left to right."""
    lines: list[list[TextLine]] = []
    for box in sorted(boxes, key=lambda b: (b.top + b.bottom) / 2):
        centre = (box.top + box.bottom) / 2
        if lines and lines[-1][0].top <= centre <= lines[-1][0].bottom:
            lines[-1].append(box)
        else:
            lines.append([box])
    joined: list[TextLine] = []
    for parts in lines:
        parts.sort(key=lambda b: b.x0)
        text = parts[0].text
        for before, part in zip(parts, parts[1:], strict=False):
            text += (" " if part.x0 - before.x1 > part.size else "") + part.text
        joined.append(
            TextLine(text, parts[0].x0, min(p.top for p in parts), parts[-1].x1, max(p.bottom for p in parts))
        )
    return joined


def _inside(box: TextLine, area: tuple[float, float, float, float]) -> bool:
    x, y = (box.x0 + box.x1) / 2, (box.top + box.bottom) / 2
    return area[0] <= x <= area[2] and area[1] <= y <= area[3]


def image_layout(path: Path, pixels: Image, engine: Any = None) -> PageLayout:
    """One page image: OCR text lines outside the ruled tables, table cells filled with the text inside them."""
    from indexer.parsing.readers.ocr_tables import find_tables

    boxes = _recognise(engine or _engine(path), pixels)
    layout = PageLayout(float(pixels.shape[0]))
    for regions in find_tables(pixels):
        cells: list[CellBox] = []
        for region in regions:
            inside = [b for b in boxes if _inside(b, region)]
            cells.append((region, join_cell(_rows_of(inside), region[2])))
        top, bottom = min(r[1] for r in regions), max(r[3] for r in regions)
        outer = (min(r[0] for r in regions), top, max(r[2] for r in regions), bottom)
        boxes = [b for b in boxes if not _inside(b, outer)]
        layout.tables.append(TableBlock(cell_matrix(cells, 4.0), top, bottom))
    layout.lines = _rows_of(boxes)
    return layout
