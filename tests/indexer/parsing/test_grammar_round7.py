"""Grammars widened on the third real development set, second pass: an assessment table (一级指标 … 五级指标).

An office's yearly assessment of its disclosure work is a table of indicators, levels as columns, each
indicator with its weight (23, 0.75) and the 科室 that answers for it; flattened one cell per line, cells
parted by empty lines and each row closed by a line of spaces (its empty last cell written out). Tested on
invented lines in that grammar and on the real page (``tests/real_dev3/zhoucun_wjj_2021``).
"""

from __future__ import annotations

import pytest

from indexer.parsing.fields.deadlines import is_deadline_phrase
from indexer.parsing.fields.units import parse_units
from indexer.parsing.tables.cell_roles import cell_kind, fit
from indexer.parsing.tables.columns import header_roles, role_of
from tests.indexer.parsing.real_pages import parse_text as _records
from tests.indexer.parsing.real_pages import record_holding as _with
from tests.indexer.parsing.real_pages import record_with

_SPACES = " "

_ASSESSMENT = "\n\n".join(
    [
        "县司法局2022年度政务公开考核指标", _SPACES,
        "一级指标", "二级指标", "三级指标", "四级指标", "责任股室", _SPACES,
        "主动公开", "重点领域信息", "20", "法律服务", "0.75",
        "是否及时公开本县公共法律服务事项清单", "公共法律服务股", _SPACES,
        "是否公开人民调解组织名录和调解员名单", "人民参与和促进法治股", _SPACES,
        "行政执法", "3", "0.5", "是否公开行政执法主体、权限和程序", "法治督察股", "办公室", _SPACES,
    ]
) + "\n\n\n"  # fmt: skip


def test_indicator_levels_head_task_columns() -> None:
    """Indicator levels are task levels; the finest one holds what is assessed (the row's content)."""
    roles = header_roles(["一级指标", "二级指标", "三级指标", "四级指标", "责任股室"])
    assert roles == ["task", "task", "task", "requirement", "responsible"]


def test_indicator_weight_is_no_content() -> None:
    """A fraction alone weighs an indicator: neither a task, a unit nor a 序号 (1.2 stays a number-like cell)."""
    assert cell_kind("0.75") == "blank"
    assert cell_kind("0.5") == "blank"
    assert cell_kind("1.") == "number"


def test_rows_closed_by_a_line_of_spaces() -> None:
    """Each row ends at its line of spaces; the empty lines between cells end neither a row nor the table."""
    records = _records(_ASSESSMENT)
    assert len(records) == 3
    assert _with(records, "公共法律服务事项清单").responsible_units == ["公共法律服务股"]
    assert _with(records, "人民调解组织名录").responsible_units == ["人民参与和促进法治股"]
    assert _with(records, "行政执法主体").responsible_units == ["法治督察股", "办公室"]
    assert not [r for r in records if "0.75" in r.text or "0.5" in r.deadline.raw]


def test_real_assessment_page() -> None:
    assert record_with("zhoucun_wjj_2021", "老年人养老保障").responsible_units == ["中医科"]
    assert record_with("zhoucun_wjj_2021", "各项老年人补贴申领").responsible_units == ["中医科"]
    assert record_with("zhoucun_wjj_2021", "基层政务公开事项标准目录").responsible_units == ["办公室"]


# ------------------------------------------------------------------ section rows of a tab table

_SECTIONS = "\n".join(
    [
        "序号\t主要任务\t具体内容\t责任单位\t时间安排",
        "一\t推进决策公开\t\t\t",
        "1\t目录公开\t公布年度重大行政决策事项目录\t县司法局\t6月底前",
        "二、深化执行公开\t\t\t\t",
        "2\t督查公开\t公开重点工作督查检查结果\t县政府督查室\t每季度",
    ]
)


def test_section_rows_head_the_rows_below() -> None:
    """A row holding only a section heading (a serial and its category, or "二、…" spanning the row) heads the
    rows below and is no task of its own: no record, and no units carried into it."""
    records = _records(_SECTIONS)
    assert len(records) == 2
    assert _with(records, "重大行政决策事项目录").section.startswith("一、推进决策公开")
    assert _with(records, "督查检查结果").section.startswith("二、深化执行公开")


# ------------------------------------------------------------------ catalogues (tests/real_dev4)

_PUBLISHERS = """县林草局主动公开事项目录 | |||
公开事项 | 公开内容(要素) | 公开时限 | 公开 主体 |
事项类别 (法定公 开、其他) |
公开对象 | 责任股室 | ||
机构信息 | 林草局办公地址、办公时间、联系方式 | 形成之日起20个工作日内 | 某县林草局 | 法定公开 | 全社会 | 办公室 | ||
领导信息 | 林草局领导姓名、职务、分工等信息 | | | | | | ||
规划信息 | 林地保护利用规划和年度采伐限额 | 形成之日起20个工作日内 | 某县林草局 | 法定公开 | 全社会 | 资源股 | ||
"""


def test_publisher_and_office_are_both_units() -> None:
    """公开主体 names the body and 责任股室 the office inside it: both are the row's units. A column name's
    bracketed gloss (事项类别（法定公开、其他）) does not hide the name."""
    assert role_of("事项类别 (法定公 开、其他)") == "note"
    assert role_of("公开内容（要素）") == "requirement"
    records = _records(_PUBLISHERS)
    assert _with(records, "办公地址").responsible_units == ["某县林草局", "办公室"]
    assert _with(records, "采伐限额").responsible_units == ["某县林草局", "资源股"]


def test_merged_unit_cells_repeat_the_row_above() -> None:
    """Unit cells merged down a column are blank below their first row: those rows have the units above."""
    assert _with(_records(_PUBLISHERS), "领导姓名").responsible_units == ["某县林草局", "办公室"]


@pytest.mark.parametrize(
    ("cell", "lead", "responsible"),
    [
        ("局防控办主办、各工作组协办", ["局防控办"], ["各工作组"]),
        ("县司法局主办，各部门协办", ["县司法局"], ["各部门"]),
        ("局主办科室", [], ["局主办科室"]),  # 主办科室 names the office in charge: a unit, no verb
        ("局宣传科研组", [], ["局宣传科研组"]),  # 组 and 专班 end unit names
        ("疫情防控工作专班", [], ["疫情防控工作专班"]),
    ],
)
def test_lead_verb_and_group_units(cell: str, lead: list[str], responsible: list[str]) -> None:
    units = parse_units(cell)
    assert (units.lead, units.responsible) == (lead, responsible)
    assert cell_kind(cell) == "units"


def test_unit_after_by_in_a_unit_cell() -> None:
    """A unit cell that says who publishes the rest, after 由, names that unit (not the sentence)."""
    units = parse_units("制定规范性文件的部门，上级部门制定的规范性文件由对口部门公开")
    assert units.responsible == ["制定规范性文件的部门", "对口部门"]
    assert record_with("sanjiao_town_catalog_trad", "規范性文件,配套有解讀文件").responsible_units == [
        "制定規范性文件的部門",
        "對口部門",
    ]


_SPACED = "\n\n".join(
    [
        "某街道基层政务公开标准目录",
        "公开事项", "公开内容(要素)", "公开依据", "公开时限", "公开主体", "公开渠道和载体", "公开对象",
        "序号", "一级事项", "二级事项", "", "", "全社会", "特定群体",
        "1", "基本信息", "街道概况", "1.机构概况", "2.领导简介", "3.联系电话",
        "《中华人民共和国政府信息公开条例》(国务院令第711号)等",
        "信息产生、变更之日起20个工作日内公开,保持长期公开(相关政策法规另有规定的应从其规定)",
        "某街道办事处", "■政府网站", "", "",
        "2", "政策文件", "惠民政策", "本街道涉及的惠民政策要点",
        "《中华人民共和国政府信息公开条例》(国务院令第711号)等",
        "信息产生、变更之日起20个工作日内公开,保持长期公开(相关政策法规另有规定的应从其规定)",
        "某街道办事处", "■公示栏",
    ]
)  # fmt: skip


def test_spaced_cells_with_a_flattened_two_row_header() -> None:
    """Every cell followed by an empty line: two empty lines are an empty cell, not the table's end; 序号 and
    the level columns named after the content columns belong first; a list of short names numbered from 1 is
    one cell; laws cited (…等) are the basis, never the content; the rolling time limit with its proviso is one."""
    records = _records(_SPACED)
    assert len(records) == 2
    first = _with(records, "街道概况")
    assert "2.领导简介" in first.text and first.responsible_units == ["某街道办事处"]
    second = _with(records, "惠民政策要点")
    assert second.responsible_units == ["某街道办事处"] and "条例" not in second.text
    assert fit("requirement", "《中华人民共和国政府信息公开条例》(国务院令第711号)等") < 0
    assert is_deadline_phrase("信息产生、变更之日起20个工作日内公开,保持长期公开(相关政策法规另有规定的应从其规定)")


def test_real_dev4_pages() -> None:
    assert record_with("wuyuan_mzj_catalog", "民政局权责清单").responsible_units == ["五原县民政局", "办公室"]
    assert record_with("wuyuan_mzj_catalog", "领导姓名、照片").responsible_units == ["五原县民政局", "办公室"]
    assert record_with("songjiachuan_street_catalog", "惠民政策要点").responsible_units == ["宋家川街道办事处"]
    outbreak = record_with("jiangmen_wjj_2021", "流调溯源")
    assert (outbreak.lead_units, outbreak.responsible_units) == (["局防控办"], ["各工作组"])
    assert record_with("jiangmen_wjj_2021", "统一步调对外发声").responsible_units == ["局宣传科研组"]


_TWO_CATALOGUES = """(一)重大建设项目领域基层政务公开标准目录 |
序号 | 公开事项 | 公开内容(要素) | 公开依据 | 公开时限 | 公开主体 | 公开渠道和载体 |
1 | 批准服务 | 申报要求、申报材料清单 | 《条例》 | 信息形成之日起20个工作日内 | 某街道办事处 | ■政府网站 |
| √ |
| √ |
(二)义务教育领域基层政务公开标准目录 |
序号 | 公开事项 | 公开内容(要素) | 公开依据 | 公开时限 | 公开主体 | 公开渠道和载体 |
1 | 重要政策执行情况 | 控辍保学
| 辖区内控辍保学实施情况 | 相关政策文件 | 信息形成之日起20个工作日内 | 某街道办事处 | ■政府网站 | √ |
"""


def test_tick_rows_and_the_next_tables_header() -> None:
    """Rows of ticks only are no rows; a row that ends with the next table's header ends this table, and the
    next table is read under its own header."""
    records = _records(_TWO_CATALOGUES)
    assert _with(records, "申报材料清单").responsible_units == ["某街道办事处"]
    assert _with(records, "控辍保学实施情况").responsible_units == ["某街道办事处"]
    assert not [r for r in records if r.text.strip() in ("√", "") or "公开内容" in r.text]


def test_real_catalogue_of_several_tables() -> None:
    assert record_with("jiulong_street_catalog", "控辍保学实施情况").responsible_units == ["九龙街道办事处"]
