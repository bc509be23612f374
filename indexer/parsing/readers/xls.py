"""Legacy Excel ``.xls`` (BIFF in an OLE2 compound file) read with xlrd, merged ranges included.

xlrd reads the whole file in memory, which the upload size limit bounds; a
BIFF sheet has at most 65 536 rows, and the same row, column and empty-run
limits as for .xlsx apply to what is kept.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from indexer.errors import DocumentError
from indexer.parsing.readers.sheet import Merge, Sheet
from indexer.parsing.readers.sheet_values import (
    MAX_COLUMNS,
    MAX_SHEETS,
    cell_text,
    collect_rows,
    number_text,
)

__all__ = ["OLE2_MAGIC", "read_xls_sheets"]

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_DATE, _NUMBER, _BOOLEAN, _ERROR = 3, 2, 4, 5  # xlrd cell types


def read_xls_sheets(path: Path, data: bytes) -> list[Sheet]:
    """Every sheet of an OLE2 workbook; anything xlrd cannot read is a clear DocumentError."""
    import xlrd  # type: ignore[import-untyped]

    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=True)
    except Exception as exc:  # xlrd raises XLRDError, CompDocError, struct and index errors for broken files
        raise DocumentError(
            str(path), f"无法解析 {path.suffix.lower()} 文件（{exc}），请用 Excel 另存为 .xlsx"
        ) from exc
    try:
        if book.nsheets > MAX_SHEETS:
            raise DocumentError(str(path), f"工作表过多（{book.nsheets} 个，最多 {MAX_SHEETS} 个）")
        return [_sheet(path, book, book.sheet_by_index(i)) for i in range(book.nsheets)]
    except DocumentError:
        raise
    except Exception as exc:
        raise DocumentError(str(path), f"无法解析 {path.suffix.lower()} 文件（{type(exc).__name__}）") from exc
    finally:
        book.release_resources()


def _value(book: Any, sheet: Any, row: int, column: int) -> str:
    import xlrd

    cell = sheet.cell(row, column)
    if cell.ctype == _DATE:
        try:
            return cell_text(xlrd.xldate_as_datetime(cell.value, book.datemode))
        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
            return number_text(float(cell.value))
    if cell.ctype == _NUMBER:
        return number_text(float(cell.value))
    if cell.ctype == _BOOLEAN:
        return cell_text(bool(cell.value))
    if cell.ctype == _ERROR:
        return ""
    return cell_text(cell.value)


def _sheet(path: Path, book: Any, sheet: Any) -> Sheet:
    width = min(sheet.ncols, MAX_COLUMNS)
    rows = (
        [_value(book, sheet, row, column) for column in range(min(width, sheet.row_len(row)))]
        for row in range(sheet.nrows)
    )
    values = collect_rows(path, sheet.name, rows)
    merges: list[Merge] = [
        (top, left, bottom - 1, right - 1)
        for top, bottom, left, right in sheet.merged_cells
        if top < len(values) and left < MAX_COLUMNS
    ]
    return Sheet(sheet.name, values, merges)
