"""Grammars widened on the seventh held-out set after its one measurement (now ``tests/real_dev8``).

A numbered row of a one-cell-per-line catalogue that holds more cells than the header has columns holds
unnumbered sub-rows (市级制度 under 2 政府信息公开制度): it is cut after each cell of the last column. A 工作任务
cell that heads one row alone and reads as a task's name (six characters or more: not 通报, not 机构职能) names that
row's task and belongs in its text; of two heading cells in one row, the later is the row's own. 机关 ends a unit's
name (各政府机关); a catalogue's labels (【责任主体】X) name no unit. A two-row header's bare level names (一级 /
二级 / 三级 under 公开类别及事项) are a header row, never a task. A catalogue title may carry its year in brackets
(X政务公开清单目录(2022年度)). Tested on invented lines in each grammar and on the real pages.
"""

from __future__ import annotations

from pathlib import Path

from indexer.parsing.fields.units import looks_like_units, parse_units
from indexer.parsing.identity.metadata import read_document
from indexer.parsing.identity.plan_year import find_year
from indexer.parsing.tables.cell_rows import split_rows
from indexer.parsing.tables.columns import header_roles
from tests.indexer.parsing.real_pages import parse_text, real_records, record_holding, record_with

_CATALOGUE_HEADER = ["序号", "分类", "公开事项", "事项内容", "公开时限", "公开主体"]


def test_a_numbered_row_holding_sub_rows_is_cut_after_each_unit_cell() -> None:
    roles = header_roles(_CATALOGUE_HEADER)
    assert roles is not None
    cells = [
        "1", "机构信息", "机构职能", "机构名称、主要职能、办公地址、办公时间、联系电话等信息", "20个工作日内", "办公室",
        "2", "制度文件", "国家制度", "国家层面的政府信息公开工作制度、考核制度、社会评议制度", "20个工作日内", "办公室",
        "市级制度", "市级层面的政府信息公开工作制度、考核制度、社会评议制度", "20个工作日内", "法规科",
    ]  # fmt: skip
    assert split_rows(cells, roles) == [list(range(0, 6)), list(range(6, 12)), list(range(12, 16))]


def test_a_numbered_row_with_a_cell_broken_over_lines_stays_whole() -> None:
    roles = header_roles(_CATALOGUE_HEADER)
    assert roles is not None
    cells = [
        "1", "机构信息", "机构职能", "机构名称、主要职能、办公地址、", "办公时间、联系电话等信息", "20个工作日内",
        "办公室", "2", "规划信息", "专项规划", "各类专项规划、行动计划和实施方案的全文", "20个工作日内", "规划科",
    ]  # fmt: skip
    assert split_rows(cells, roles)[0] == list(range(0, 7))


def test_a_task_cell_heading_one_row_alone_is_part_of_its_text() -> None:
    records = parse_text(
        "工作任务 | 目标和要求 | 责任单位 |\n"
        "完善决定草案公开 | 完善涉及公民权利义务的决定草案的公开工作 | 甲局、乙办 |\n"
        "深化处罚结果公开 | 加大行政处罚结果信息的公开力度 | 丙局 |\n"
        "推行信息解读 | 各政府机关结合文件出台编写配套的解读材料 | 各政府机关 |\n"
    )
    assert record_holding(records, "完善决定草案公开：完善涉及").units == ["甲局", "乙办"]
    assert record_holding(records, "推行信息解读：各政府机关结合").units == ["各政府机关"]


def test_of_two_heading_cells_the_later_is_the_rows_own() -> None:
    records = parse_text(
        "工作任务 | 目标和要求 | 责任单位 | 备注 |\n"
        "深化信息公开内容 | 推进重要政府信息公开 | 重点推进城市规划、土地出让等方面政府信息的公开 | 甲局、乙局 | |\n"
        "完善决定草案公开 | 完善涉及公民权利义务的决定草案的公开工作 | 丙办 | |\n"
    )
    first = record_holding(records, "重点推进城市规划")
    assert first.text.startswith("推进重要政府信息公开：") and first.units == ["甲局", "乙局"]


def test_a_task_cell_heading_several_rows_stays_a_heading() -> None:
    records = parse_text(
        "工作任务 | 目标和要求 | 责任单位 |\n"
        "决定公开 | 完善涉及公民权利义务的决定草案的公开工作 | 甲局 |\n"
        " | 建立决定草案公开情况的备案工作制度 | 乙局 |\n"
        "处罚公开 | 加大行政处罚结果信息的公开力度 | 丙局 |\n"
        " | 做好行政处罚结果信息的集中发布 | 丁局 |\n"
    )
    assert not any("决定公开：" in r.text or "处罚公开：" in r.text for r in records)


def test_unit_names_and_labels() -> None:
    assert parse_units("各政府机关").responsible == ["各政府机关"]
    assert parse_units("市直机关").responsible == ["市直机关"]
    assert not looks_like_units("责任主体") and looks_like_units("公开主体科室")


def test_a_catalogue_title_with_its_year_in_brackets() -> None:
    lines = ["索引号: 123", "", "某某县政务公开清单目录(2022)年度", "", "序号", "分类", "公开事项"]
    document = read_document(Path("page.txt"), lines, "0")
    assert document.title == "某某县政务公开清单目录(2022)年度"
    assert find_year(["成文日期: 2023-07-13"], document.title, "标题", "page.txt").year == 2022


def test_the_real_pages() -> None:
    assert record_with("zhecheng_catalog_2022", "国办、省、级政府信息公开工作制度").units == ["县政府办"]
    assert record_with("zhecheng_catalog_2022", "市级政府信息公开工作制度").units == ["县政府办"]
    assert record_with("shanghai_xxgk_tasks", "完善重大决定草案公开工作").units == ["市信息委", "市政府法制办"]
    assert record_with("shanghai_xxgk_tasks", "推行政府信息解读服务").units == ["各政府机关"]
    assert record_with("dongguan_mzj_catalog", "市民政局部门预算、决算").units == ["规划财务科"]
    assert not any(r.text.startswith("一级") for r in real_records("dongguan_mzj_catalog"))
    assert not any("责任主体" in r.units for r in real_records("dongguan_mzj_catalog"))
