"""Hostile workbooks and archives: a million empty rows, a million filled rows, a zip bomb, XML entities."""

from __future__ import annotations

import re
import time
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest

from indexer.errors import DocumentError
from indexer.parsing.readers import read_source
from indexer.parsing.readers.sheet_values import MAX_ROWS
from indexer.parsing.readers.zipcheck import MAX_UNCOMPRESSED


def _base(tmp_path: Path) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["测试县2025年政务公开工作任务表"])
    sheet.append(["序号", "工作任务", "责任单位", "完成时限"])
    sheet.append([1, "公开预算信息", "县财政局", "6月底前"])
    sheet["A4"].font = openpyxl.styles.Font(bold=True)  # gives the workbook a second cell style
    path = tmp_path / "base.xlsx"
    workbook.save(path)
    return path


def _with_rows(base: Path, target: Path, rows: bytes) -> Path:
    """``base`` with ``rows`` appended to its sheet data and a dimension claiming the whole sheet."""
    with zipfile.ZipFile(base) as source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as out:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"</sheetData>", rows + b"</sheetData>")
                data = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>', data)
            out.writestr(info.filename, data)
    return target


def test_million_styled_empty_rows_read_quickly(tmp_path: Path) -> None:
    rows = b"".join(b'<row r="%d"><c r="A%d" s="1"/></row>' % (i, i) for i in range(5, 1_048_577))
    path = _with_rows(_base(tmp_path), tmp_path / "empty-rows.xlsx", rows)
    started = time.perf_counter()
    source = read_source(path)
    assert time.perf_counter() - started < 5
    assert len(source.lines) < 10 and source.grids[0][0].rows[0].cells == ["1", "公开预算信息", "县财政局", "6月底前"]


def test_million_filled_rows_refused_quickly(tmp_path: Path) -> None:
    cell = b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>x</t></is></c></row>'
    path = _with_rows(_base(tmp_path), tmp_path / "full.xlsx", b"".join(cell % (i, i) for i in range(5, 1_048_577)))
    started = time.perf_counter()
    with pytest.raises(DocumentError, match=f"超过 {MAX_ROWS} 行"):
        read_source(path)
    assert time.perf_counter() - started < 5


@pytest.mark.parametrize("suffix", [".xlsx", ".docx"])
def test_zip_bomb_refused_before_parsing(tmp_path: Path, suffix: str) -> None:
    if suffix == ".xlsx":
        base = _base(tmp_path)
    else:
        base = tmp_path / "base.docx"
        docx.Document().save(str(base))
    bomb = tmp_path / f"bomb{suffix}"
    with zipfile.ZipFile(base) as source, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            out.writestr(info.filename, source.read(info))
        out.writestr("media/zeros.bin", bytes(MAX_UNCOMPRESSED + 1))
    assert bomb.stat().st_size < 1024 * 1024
    with pytest.raises(DocumentError, match="压缩炸弹"):
        read_source(bomb)


def test_xml_entities_refused(tmp_path: Path) -> None:
    doctype = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
    path = tmp_path / "entities.xlsx"
    with zipfile.ZipFile(_base(tmp_path)) as source, zipfile.ZipFile(path, "w") as out:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/sharedStrings.xml" or info.filename == "xl/workbook.xml":
                data = doctype + data.split(b"?>", 1)[-1]
            out.writestr(info.filename, data)
    with pytest.raises(DocumentError, match="XML 实体声明"):
        read_source(path)


def test_not_a_zip_refused(tmp_path: Path) -> None:
    path = tmp_path / "fake.xlsx"
    path.write_bytes(b"MZ" + bytes(3000))
    with pytest.raises(DocumentError, match="不是有效的 .xlsx 文件"):
        read_source(path)
