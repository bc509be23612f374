"""Excel workbooks: merged title and task cells, header found by vocabulary, date cells, several sheets."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from indexer.errors import DocumentError
from indexer.parsing.parse import parse_file
from indexer.parsing.readers import SUPPORTED_SUFFIXES, read_source

_DATE_FORMAT = 'yyyy"年"m"月"d"日"'


def _workbook(path: Path) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "重点任务"
    sheet.append(["测试县2025年政务公开重点任务台账"])
    sheet.merge_cells("A1:F1")
    sheet.append(["序号", "工作任务", "具体措施", "牵头单位", "责任单位", "完成时限"])
    rows = [
        [1, "政策解读", "集中公开现行有效的规范性文件。", "县政府办", "县司法局", dt.datetime(2025, 6, 30)],
        [2, None, "同步发布政策解读材料。", "县政府各部门", None, "长期坚持"],
        [3, "重点领域", "公开养老保险待遇标准。", "县人社局", "县财政局\n县医保局", None],
        [4, None, "公开项目审批情况。", "县自然资源局", "——", "2025年9月底前"],
        [5.0, None, "公开空气质量排名。", "县生态环境分局", "各有关单位", dt.datetime(2025, 10, 31)],
    ]
    for row in rows:
        sheet.append(row)
        if isinstance(row[-1], dt.datetime):
            sheet.cell(sheet.max_row, 6).number_format = _DATE_FORMAT
    sheet.merge_cells("B3:B4")
    sheet.merge_cells("B5:B7")
    sheet.append([])
    sheet.append(["注：完成时限为空的事项按有关规定执行。"])
    sheet.merge_cells(f"A{sheet.max_row}:F{sheet.max_row}")
    second = workbook.create_sheet("依申请公开")
    second.append(["完成时间", "事项", "承办单位", "进度占比"])  # another order, no title row
    second.append(["年底前", "规范答复文书。", "县政府办", 0.5])
    notes = workbook.create_sheet("填表说明")
    notes.append(["本表由县政府办汇总。"])
    workbook.save(path)
    return path


def test_excel_suffixes_are_registered() -> None:
    assert {".xlsx", ".xls", ".et"} <= set(SUPPORTED_SUFFIXES)


def test_sheet_lines_title_header_dates_numbers_and_footnote(tmp_path: Path) -> None:
    source = read_source(_workbook(tmp_path / "tasks.xlsx"))
    assert source.lines[0] == "测试县2025年政务公开重点任务台账"  # merged title once, not repeated
    assert source.lines[2].split("\t") == [
        "1",
        "政策解读",
        "集中公开现行有效的规范性文件。",
        "县政府办",
        "县司法局",
        "2025-06-30",
    ]
    assert "注：完成时限为空的事项按有关规定执行。" in source.lines
    assert "本表由县政府办汇总。" in source.lines
    assert len(source.grids) == 2
    grid, _ = source.grids[0]
    assert grid.header == ["序号", "工作任务", "具体措施", "牵头单位", "责任单位", "完成时限"]
    assert [row.cells[:2] for row in grid.rows] == [["1", "政策解读"], ["2", "政策解读"], ["3", "重点领域"]] + [
        ["4", "重点领域"],
        ["5", "重点领域"],
    ]
    assert grid.rows[2].cells[4] == "县财政局、县医保局"
    assert all("注" not in "".join(row.cells) for row in grid.rows)
    assert source.grids[1][0].rows[0].cells == ["年底前", "规范答复文书。", "县政府办", "0.5"]


def test_records_from_every_sheet(tmp_path: Path) -> None:
    parsed = parse_file(_workbook(tmp_path / "tasks.xlsx"))
    assert (parsed.document.title, parsed.document.region, parsed.document.year) == (
        "测试县2025年政务公开重点任务台账",
        "",  # 测试县 is no real place: the gazetteer refuses it
        2025,
    )
    got = {r.text: (r.lead_units, r.responsible_units, r.deadline.raw, r.deadline.date) for r in parsed.records}
    assert got == {
        "集中公开现行有效的规范性文件。": (["县政府办"], ["县司法局"], "2025-06-30", "2025-06-30"),
        "同步发布政策解读材料。": (["县政府各部门"], [], "长期坚持", None),
        "公开养老保险待遇标准。": (["县人社局"], ["县财政局", "县医保局"], "", None),
        "公开项目审批情况。": (["县自然资源局"], [], "2025年9月底前", "2025-09-30"),
        "公开空气质量排名。": (["县生态环境分局"], ["各有关单位"], "2025-10-31", "2025-10-31"),
        "规范答复文书。": ([], ["县政府办"], "年底前", "2025-12-31"),
    }


def test_legacy_xls_with_merges_and_date_cells(tmp_path: Path) -> None:
    xlwt = pytest.importorskip("xlwt")  # writes .xls for this test only; the reader uses xlrd
    book = xlwt.Workbook()
    sheet = book.add_sheet("任务")
    sheet.write_merge(0, 0, 0, 4, "测试县2024年政务公开重点任务分解表")
    for column, name in enumerate(["序号", "工作任务", "牵头单位", "配合单位", "完成时限"]):
        sheet.write(1, column, name)
    sheet.write_merge(2, 3, 1, 1, "公开部门预算")
    sheet.write(2, 0, 1)
    sheet.write(2, 2, "县财政局")
    sheet.write(2, 4, dt.date(2024, 6, 30), xlwt.easyxf(num_format_str=_DATE_FORMAT))
    sheet.write(3, 0, 2)
    sheet.write(3, 2, "县审计局")
    sheet.write(3, 4, "年底前")
    path = tmp_path / "old.xls"
    book.save(str(path))
    parsed = parse_file(path)
    assert parsed.document.region == ""  # 测试县 is no real place
    got = [(r.text, r.lead_units, r.deadline.raw) for r in parsed.records]
    assert got == [("公开部门预算", ["县财政局"], "2024-06-30"), ("公开部门预算", ["县审计局"], "年底前")]


def test_xls_that_is_something_else(tmp_path: Path) -> None:
    renamed = tmp_path / "renamed.xls"
    renamed.write_bytes(_workbook(tmp_path / "real.xlsx").read_bytes())
    assert len(read_source(renamed).grids) == 2  # an .xlsx saved under the old name is read as one
    web = tmp_path / "export.xls"
    web.write_text(
        "<html><body><table><tr><td>序号</td><td>工作任务</td><td>责任单位</td></tr>"
        "<tr><td>1</td><td>公开预算</td><td>县财政局</td></tr></table></body></html>",
        encoding="utf-8",
    )
    assert read_source(web).grids[0][0].rows[0].cells == ["1", "公开预算", "县财政局"]
    exe = tmp_path / "virus.xls"
    exe.write_bytes(b"MZ\x90\x00" + bytes(2000))
    with pytest.raises(DocumentError, match="不是有效的 .xls 文件"):
        read_source(exe)
    broken = tmp_path / "broken.xls"
    broken.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    with pytest.raises(DocumentError, match="无法解析 .xls"):
        read_source(broken)
    et = tmp_path / "table.et"
    et.write_bytes(b"\x01\x02 not a workbook " * 50)
    with pytest.raises(DocumentError, match="另存为 .xlsx"):
        read_source(et)
