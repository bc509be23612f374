"""The cell-role classifier: table cells placed by what they hold (real pages and short invented rows)."""

from __future__ import annotations

import pytest

from indexer.parsing.cell_roles import align_row, cell_kind, split_rows
from indexer.parsing.columns import header_roles
from tests.indexer.parsing.real_pages import record_with


@pytest.mark.parametrize(
    ("cell", "kind"),
    [
        ("3", "number"),
        ("持续推进", "deadline"),
        ("2021年8月前", "deadline"),
        ("办公室牵头，各科室配合", "units"),
        ("财政所、便民综合服务中心、土管所等", "units"),
        ("深化政策解读形式", "title"),
        ("一、以公开助力经济平稳健康发展。", "title"),
        ("积极做好政策解读工作，持续提升政策解读质量，丰富解读形式。", "text"),
        ("——", "blank"),
    ],
)
def test_cell_kind(cell: str, kind: str) -> None:
    assert cell_kind(cell) == kind


def test_a_row_shifted_left_by_a_merged_heading_is_aligned_by_content() -> None:
    roles = header_roles(["工作任务", "具体要求", "责任部门"]) or []
    aligned = align_row(
        ["3.及时反馈网民意见。", "各科室", ""], roles, ["二、做好网站信息公开。", "2.更新信息。", "办公室"]
    )
    assert aligned.cells == ["二、做好网站信息公开。", "3.及时反馈网民意见。", "各科室"]


def test_cells_the_header_has_no_column_for_are_set_aside() -> None:
    roles = header_roles(["工作任务", "具体要求", "责任单位", "时限要求"]) or []
    cells = [
        "一、助力经济发展。",
        "（一）加强市场主体信息公开。",
        "1",
        "进一步增强政策文件透明度。",
        "市政府各有关部门",
        "持续推进",
    ]
    aligned = align_row(cells, roles, [""] * 4)
    assert aligned.number == "1"
    assert aligned.titles == ["一、助力经济发展。"]
    assert aligned.cells == [
        "（一）加强市场主体信息公开。",
        "进一步增强政策文件透明度。",
        "市政府各有关部门",
        "持续推进",
    ]


def test_a_run_of_cells_is_cut_where_the_kinds_start_over() -> None:
    roles = header_roles(["工作任务", "具体要求", "责任科室", "时限要求"]) or []
    cells = [
        "深化解读形式",
        "2",
        "积极做好政策解读工作，丰富解读形式。",
        "各科室",
        "持续推进",
        "3",
        "规范做好年度报告编制发布工作。",
        "办公室",
        "年底前",
    ]
    assert split_rows(cells, roles) == [[0, 1, 2, 3, 4], [5, 6, 7, 8]]


def test_cell_per_line_page_with_a_merged_heading_and_an_unnamed_number_column() -> None:
    """chizhou_xfj: 工作任务 | 具体要求 | 责任科室 | 时限要求, but each row also carries a 序号 cell."""
    training = record_with("chizhou_xfj", "积极参加政务公开工作培训")
    assert training.responsible_units == ["办公室"] and training.deadline.kind == "ongoing"
    assert record_with("chizhou_xfj", "积极做好政策解读工作").responsible_units == ["各科室"]
    assert record_with("chizhou_xfj", "年度报告编制发布工作").responsible_units == ["办公室"]


def test_cell_per_line_page_whose_heading_column_is_merged() -> None:
    """town_bzqc: rows of 2 or 3 cells between `|` lines; a merged 工作任务 cell only on a group's first row."""
    assert record_with("town_bzqc", "线上政策宣讲").responsible_units == ["民政办公室", "卫生院"]
    assert record_with("town_bzqc", "发放简易版明白卡").responsible_units == ["党政办公室"]


def test_cell_per_line_page_without_separators() -> None:
    """weifang_2017: every line a cell, no bars and no blank lines; rows of task text + unit line."""
    assert record_with("weifang_2017", "围绕出台促进就业规划").lead_units == ["市人社局"]
    assert record_with("weifang_2017", "按月公开全市财政收支情况").lead_units == ["市财政局"]


def test_pipe_rows_shifted_left_by_a_merged_first_column() -> None:
    """jiangmen_land_center: "3.及时反馈… | 各科室 | |" under 工作任务 | 具体要求 | 责任部门."""
    wechat = record_with("jiangmen_land_center", "及时更新微信公众号信息")
    assert (wechat.lead_units, wechat.responsible_units) == (["办公室"], ["各科室"])
    assert record_with("jiangmen_land_center", "加强政策咨询服务").responsible_units == ["各科室"]


def test_pipe_rows_followed_by_bar_lines_and_rows_with_extra_heading_cells() -> None:
    """guangdong_wsjkw_2021: a lone `|` after each row; jingzhou_2022: a first row with two merged headings."""
    vaccine = record_with("guangdong_wsjkw_2021", "扎实做好疫苗接种信息公开")
    assert vaccine.responsible_units == ["疾控处"] and vaccine.deadline.kind == "ongoing"
    market = record_with("jingzhou_2022", "切实公开涉及市场主体政策文件")
    assert market.responsible_units == ["市政府各有关部门", "各县市区人民政府", "功能区管委会"]
    assert market.deadline.kind == "ongoing"
