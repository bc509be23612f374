"""Grammars widened on the third real development set, second pass: an assessment table (一级指标 … 五级指标).

An office's yearly assessment of its disclosure work is a table of indicators, levels as columns, each
indicator with its weight (23, 0.75) and the 科室 that answers for it; flattened one cell per line, cells
parted by empty lines and each row closed by a line of spaces (its empty last cell written out). Tested on
invented lines in that grammar and on the real page (``tests/real_dev3/zhoucun_wjj_2021``).
"""

from __future__ import annotations

from indexer.parsing.tables.cell_roles import cell_kind
from indexer.parsing.tables.columns import header_roles
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
