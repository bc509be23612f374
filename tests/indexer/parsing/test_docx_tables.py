"""Word tables are read as grids from the XML: vertical merges, spanned cells, repeated headers."""

from __future__ import annotations

from pathlib import Path

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from indexer.parsing.parse import parse_file
from indexer.parsing.readers import read_source


def _fill(row: object, values: list[str | None]) -> None:
    for cell, value in zip(row.cells, values, strict=True):  # type: ignore[attr-defined]
        if value is not None:
            cell.text = value


def _mark_header(row: object) -> None:
    tr_pr = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def _write(path: Path, sub_header: bool) -> None:
    document = docx.Document()
    document.add_paragraph("测试县2023年政务公开工作要点")
    document.add_paragraph("一、重点任务分解")
    table = document.add_table(rows=8 if sub_header else 7, cols=5)
    rows = table.rows
    if sub_header:
        # 序号 | 工作任务 | 责任分工 (牵头单位 | 配合单位) | 完成时限: a two-row header
        for column in (0, 1, 4):
            table.cell(0, column).merge(table.cell(1, column))
        table.cell(0, 2).merge(table.cell(0, 3))
        _fill(rows[0], ["序号", "工作任务", "责任分工", None, "完成时限"])
        _fill(rows[1], [None, None, "牵头单位", "配合单位", None])
        first = 2
    else:
        _fill(rows[0], ["序号", "工作任务", "牵头单位", "责任单位", "完成时限"])
        first = 1
    _mark_header(rows[0])
    lead = table.cell(first, 2).merge(table.cell(first + 1, 2))  # vMerge: one lead for two rows
    lead.text = "县人社局"
    _fill(rows[first], ["1", "公开就业补贴申领渠道。", None, "", "6月底前"])
    responsible = rows[first].cells[3]
    responsible.text = "县财政局"
    responsible.add_paragraph("县税务局")  # two paragraphs: a unit list
    _fill(rows[first + 1], ["2", "公开社保经办流程。", None, "——", "年底前"])
    spanned = table.cell(first + 2, 2).merge(table.cell(first + 2, 3))  # gridSpan over both unit columns
    spanned.text = "县医保局"
    _fill(rows[first + 2], ["3", "公开医保定点机构名单。", None, None, "第三季度"])
    repeat = rows[first + 3]
    _fill(repeat, [c.text for c in rows[0].cells])  # the header repeated after a page break
    _mark_header(repeat)
    _fill(rows[first + 4], ["4", "公开低保审批结果。", "县民政局", "各乡镇", "每季度"])
    if not sub_header:
        _fill(rows[first + 5], ["序号", "工作任务", "牵头单位", "责任单位", "完成时限"])  # unmarked repeat
    document.add_paragraph("二、其他工作")
    document.add_paragraph("（一）公开行政复议决定书。（责任单位：县司法局）")
    document.save(str(path))


def _records(path: Path) -> list[tuple[str, list[str], list[str], str]]:
    return [(r.text, r.lead_units, r.responsible_units, r.deadline.raw) for r in parse_file(path).records]


EXPECTED = [
    ("公开行政复议决定书。", [], ["县司法局"], ""),
    ("公开就业补贴申领渠道。", ["县人社局"], ["县财政局", "县税务局"], "6月底前"),
    ("公开社保经办流程。", ["县人社局"], [], "年底前"),
    ("公开医保定点机构名单。", ["县医保局"], [], "第三季度"),
    ("公开低保审批结果。", ["县民政局"], ["各乡镇"], "每季度"),
]


def test_docx_table_merges_become_one_grid(tmp_path: Path) -> None:
    path = tmp_path / "测试县-2023.docx"
    _write(path, sub_header=False)
    source = read_source(path)
    assert [grid.encoding for grid, _ in source.grids] == ["docx"]
    grid, region = source.grids[0]
    assert grid.header == ["序号", "工作任务", "牵头单位", "责任单位", "完成时限"]
    assert [row.cells[0] for row in grid.rows] == ["1", "2", "3", "4"]  # both repeated headers dropped
    assert source.lines[region.stop] == "" and source.lines[-1].startswith("（一）")  # body after the table kept
    assert _records(path) == EXPECTED


def test_docx_two_row_header_under_a_spanned_cell(tmp_path: Path) -> None:
    path = tmp_path / "测试县-2023-sub.docx"
    _write(path, sub_header=True)
    grid, _ = read_source(path).grids[0]
    assert grid.header == ["序号", "工作任务", "牵头单位", "配合单位", "完成时限"]
    assert _records(path) == EXPECTED
