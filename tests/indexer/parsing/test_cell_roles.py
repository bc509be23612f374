"""The cell-role classifier: table cells placed by what they hold (real pages and short invented rows)."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.parsing.parse import parse_file
from indexer.parsing.tables.cell_roles import align_row, cell_kind
from indexer.parsing.tables.cell_rows import split_rows
from indexer.parsing.tables.columns import header_roles
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


def _table(tmp_path: Path, text: str) -> list[tuple[str, list[str], str]]:
    path = tmp_path / "doc.txt"
    path.write_text(text, encoding="utf-8")
    return [(r.text, r.responsible_units, r.deadline.raw) for r in parse_file(path).records]


def test_cell_lines_closed_by_their_own_bar(tmp_path: Path) -> None:
    """Each cell line ends with " |" (a web table copied cell by cell), rows run on without separators."""
    records = _table(
        tmp_path,
        "序号 |\n工 作 任 务 |\n责任单位 |\n时限要求 |\n"
        "1 |\n编制完善基层政务公开事项目录并按目录公开各类信息。 |\n"
        "各县市区政府,各乡镇政府、街道办事处 |\n2020年11月底 |\n"
        "2 |\n推行基层政务服务一次告知制度。 |\n市数据资源局 |\n2020年底 |\n",
    )
    assert records == [
        (
            "编制完善基层政务公开事项目录并按目录公开各类信息。",
            ["各县市区政府", "各乡镇政府", "街道办事处"],
            "2020年11月底",
        ),
        ("推行基层政务服务一次告知制度。", ["市数据资源局"], "2020年底"),
    ]


def test_blank_line_after_every_cell_and_a_unit_heading_over_the_table(tmp_path: Path) -> None:
    """Blank lines after every cell separate cells, not rows; a table with no unit column takes its heading's units."""
    records = _table(
        tmp_path,
        "某市2017年政务公开工作要点任务明细表\n\n一、各区、县(市)政府、市政府各部门负责落实的工作任务\n\n"
        "序号\n\n任务事项\n\n工作要求\n\n公开载体\n\n完成时限\n\n"
        "1\n\n公开预期引导信息\n\n对出台的财政、就业等政策进行深入解读，及时发声，澄清事实。\n\n市政府门户网站\n\n长期推进\n\n"
        "2\n\n具有市场监管职责部门公开随机抽查事项清单,及时公布抽查结果和查处情况\n\n"
        "1.重点推进监管执法信息公开;2.随机抽查事项清单应说明抽查依据。\n\n市政府门户网站\n\n长期推进\n",
    )
    assert records[0] == (  # each 任务事项 cell names its own row's task: it opens the text
        "公开预期引导信息：对出台的财政、就业等政策进行深入解读，及时发声，澄清事实。",
        ["各区、县（市）政府", "市政府各部门"],
        "长期推进",
    )
    assert records[1][0].startswith("具有市场监管职责部门公开随机抽查事项清单,及时公布抽查结果和查处情况：1.重点推进")
    assert records[1][1:] == (["各区、县（市）政府", "市政府各部门"], "长期推进")


def test_catalogue_columns(tmp_path: Path) -> None:
    """公开载体/公开方式 are notes, 时效 a deadline column, 栏目 a heading column."""
    assert header_roles(["栏目名称", "具体内容", "提供内容时效标准", "更新标准", "保障部门"]) == [
        "task",
        "requirement",
        "deadline",
        "note",
        "responsible",
    ]
    assert header_roles(["信息类别", "内容描述", "责任主体", "公开方式", "公开时限"]) == [
        "task",
        "requirement",
        "responsible",
        "note",
        "deadline",
    ]


def test_cell_tables_on_real_dev_pages() -> None:
    """tests/real_dev: xuancheng (cells closed by ' |'), huaibei (bars, 等相关区直部门), chongqing (blank lines)."""
    assert record_with("xuancheng_2020_trad", "推行基層政務服務一次告知制度").deadline.date == "2020-12-31"
    consumption = record_with("huaibei_xiangshan", "推进优化消费环境信息公开")
    assert consumption.responsible_units[:4] == ["区政府办", "区商务局", "区文化旅游体育局", "相关区直部门"]
    plans = record_with("chongqing_gxq_2021", "公开高新区“十四五”重点专项规划")
    assert plans.lead_units == ["改革发展局", "规划和自然资源局"] and "城市建设事务中心" in plans.responsible_units


def test_a_unit_like_heading_opens_the_next_row() -> None:
    """A category cell that ends like a unit ("内设机构及下属单位") after a full row, before the text, is a heading."""
    roles = header_roles(["分类", "内容要求", "责任单位"]) or []
    cells = [
        "机构简介",
        "机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名等。",
        "办公室",
        "内设机构及下属单位",
        "内设机构及下属单位设置、职能、办公地址、办公时间、联系方式等。",
        "办公室",
    ]
    assert split_rows(cells, roles) == [[0, 1, 2], [3, 4, 5]]
