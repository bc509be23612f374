"""Excel workbooks: ``.xlsx`` (openpyxl), ``.xls`` (xlrd), WPS ``.et`` when it is one of those inside.

Every sheet becomes lines and task grids through :mod:`indexer.parsing.readers.sheet`;
this module only gets cell texts and merged ranges out of the file, within
limits that keep a hostile workbook cheap: the zip is checked first
(:mod:`~indexer.parsing.readers.zipcheck`), openpyxl streams rows in read-only
mode and a sheet ends after :data:`MAX_EMPTY_RUN` empty rows, at most
:data:`MAX_COLUMNS` columns are read, and a sheet with more than
:data:`MAX_ROWS` filled rows is refused. Read-only mode does not report merged
ranges, so they are scanned from the sheet XML as bytes, without building a tree.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from indexer.errors import DocumentError
from indexer.parsing.readers.sheet import Merge, Sheet, sheet_lines
from indexer.parsing.readers.sheet_values import (
    MAX_COLUMNS,
    MAX_EMPTY_RUN,
    MAX_ROWS,
    MAX_SHEETS,
    cell_text,
    collect_rows,
)
from indexer.parsing.readers.source import Source
from indexer.parsing.readers.xls import OLE2_MAGIC, read_xls_sheets
from indexer.parsing.readers.zipcheck import check_zip
from indexer.parsing.tables.grid import Grid

__all__ = ["MAX_COLUMNS", "MAX_EMPTY_RUN", "MAX_ROWS", "MAX_SHEETS", "read_et", "read_xls", "read_xlsx"]

_MAX_MERGES = 20_000
_MERGE = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?mergeCell\b[^>]*?\bref=\"([A-Z]{1,3})(\d{1,7}):([A-Z]{1,3})(\d{1,7})\"")


def read_xlsx(path: Path, data: bytes) -> Source:
    """Each sheet's lines and task tables, sheets one after another in workbook order."""
    check_zip(path, ".xlsx", "xl/workbook.xml")
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for broken or foreign files
        raise DocumentError(str(path), f"无法解析 .xlsx：{type(exc).__name__}") from exc
    try:
        if len(workbook.worksheets) > MAX_SHEETS:
            raise DocumentError(str(path), f"工作表过多（{len(workbook.worksheets)} 个，最多 {MAX_SHEETS} 个）")
        sheets = [_read_sheet(path, worksheet) for worksheet in workbook.worksheets]
    except DocumentError:
        raise
    except Exception as exc:
        raise DocumentError(str(path), f"无法解析 .xlsx：{type(exc).__name__}") from exc
    finally:
        workbook.close()
    return source_of(sheets)


def read_xls(path: Path, data: bytes) -> Source:
    """A legacy ``.xls``; one that is really an .xlsx or a web page saved as .xls is read as what it is."""
    if data.startswith(b"PK"):
        return read_xlsx(path, data)
    if data.startswith(OLE2_MAGIC):
        return source_of(read_xls_sheets(path, data))
    if _looks_like_html(data):
        from indexer.parsing.readers.html import read_html

        return read_html(path, data)
    raise DocumentError(
        str(path), f"不是有效的 {path.suffix.lower()} 文件（文件头不是 Excel 格式），请用 Excel 另存为 .xlsx"
    )


def read_et(path: Path, data: bytes) -> Source:
    """WPS ``.et``: read when it is an .xlsx or .xls inside, else say how to convert it."""
    try:
        return read_xls(path, data)
    except DocumentError as exc:
        raise DocumentError(str(path), f"无法读取该 WPS 表格（{exc.problem}），请在 WPS 中另存为 .xlsx 后上传") from exc


def source_of(sheets: Iterable[Sheet]) -> Source:
    """The sheets' lines one after another (a blank line between sheets) and all their task tables."""
    lines: list[str] = []
    grids: list[tuple[Grid, range]] = []
    for sheet in sheets:
        sheet_text, sheet_grids = sheet_lines(sheet, len(lines))
        lines.extend(sheet_text)
        grids.extend(sheet_grids)
        lines.append("")
    return Source(lines, grids)


def _looks_like_html(data: bytes) -> bool:
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith(b"<") and (b"<html" in head or b"<table" in head or b"<!doctype html" in head)


def _read_sheet(path: Path, worksheet: Any) -> Sheet:
    """The sheet's cell texts up to its first long run of empty rows, and its merged ranges."""
    rows: Iterator[tuple[object, ...]] = worksheet.iter_rows(max_col=MAX_COLUMNS, values_only=True)
    name = str(getattr(worksheet, "title", ""))
    values = collect_rows(path, name, ([cell_text(value) for value in row] for row in rows))
    return Sheet(name, values, _merges(path, getattr(worksheet, "_worksheet_path", None), len(values)))


def _column(letters: bytes) -> int:
    number = 0
    for char in letters:
        number = number * 26 + char - 64
    return number - 1


def _merges(path: Path, member: str | None, height: int) -> list[Merge]:
    """The sheet's merged ranges within its read rows, scanned from the XML in chunks (no tree is built)."""
    if not member or not height:
        return []
    merges: list[Merge] = []
    tail = b""
    with zipfile.ZipFile(path) as archive, archive.open(member) as stream:
        while chunk := stream.read(1 << 20):
            text = tail + chunk
            last = 0
            for match in _MERGE.finditer(text):
                left, top, right, bottom = match.groups()
                merge = (int(top) - 1, _column(left), int(bottom) - 1, _column(right))
                if merge[0] < height and merge[1] < MAX_COLUMNS:
                    merges.append(merge)
                last = match.end()
            if len(merges) > _MAX_MERGES:
                raise DocumentError(str(path), f"合并单元格过多（超过 {_MAX_MERGES} 处）")
            tail = text[max(last, len(text) - 256) :]
    return merges
