"""Grammars widened on the third real development set (``tests/real_dev3``, once the held-out set real_holdout).

Each rule is a grammar or a vocabulary, tested on short invented lines (any page written that way reads
the same) and on the real page where it was missed.
"""

from __future__ import annotations

import pytest

from indexer.parsing.fields.deadlines import is_deadline_phrase
from indexer.parsing.fields.units import parse_units
from indexer.parsing.tables.cell_roles import cell_kind, fit
from indexer.parsing.tables.cell_rows import split_rows
from indexer.parsing.tables.columns import header_roles
from indexer.parsing.tables.grid import merge_subheader
from tests.indexer.parsing.real_pages import parse_text as _records
from tests.indexer.parsing.real_pages import record_holding as _with
from tests.indexer.parsing.real_pages import record_with

# ------------------------------------------------------------------ unit-list grammar


@pytest.mark.parametrize(
    ("cell", "responsible"),
    [
        # whole names a space apart, none the parent organ of the next
        ("教务处 学生处", ["教务处", "学生处"]),
        ("规划部 政策研究室 工会", ["规划部", "政策研究室", "工会"]),
        # an organ and its own office a space apart stay one name
        ("区人民政府 办公室", ["区人民政府办公室"]),
        ("县委 宣传部", ["县委宣传部"]),
        ("市教育局 办公室", ["市教育局办公室"]),
        # a closing verb cut off by the end of the page still closes the list
        ("办公室、财务科按职责分工落", ["办公室", "财务科"]),
    ],
)
def test_unit_list_grammar(cell: str, responsible: list[str]) -> None:
    assert parse_units(cell).responsible == responsible


# ------------------------------------------------------------------ one cell per line


_BARRED = "\n".join(
    [
        "工作任务", "|", "工作要求", "|", "牵头单位", "|", "责任单位", "|",
        "一、加强规划公开", "|", "|||",
        "（一）做好规划主动公开", "|", "|||",
        "1.公开本级国土空间规划和专项规划纲要及配套政策措施", "|", "设立专题集中展示", "|",
        "市规划局", "|", "市直有关单位", "|",
        "2.归集历史规划", "|", "在专栏集中发布", "|", "市发展改革委", "|", "各县人民政府", "|",
        "（二）做好项目信息公开", "|", "|||",
        "3.依法公开重大建设项目批准结果和实施情况等有关信息", "|", "设立专栏公开", "|",
        "市住建局", "|", "市直有关单位", "|",
    ]
)  # fmt: skip


def test_barred_cells_headings_closed_by_empty_cells() -> None:
    """A numbered heading closed by a line of empty cells heads the rows after it, however many follow."""
    records = _records(_BARRED)
    assert len(records) == 3
    third = _with(records, "依法公开重大建设项目")
    assert (third.lead_units, third.responsible_units) == (["市住建局"], ["市直有关单位"])


def test_item_numbered_task_cell_states_the_task() -> None:
    """A short 工作任务 cell numbered as an item (2.归集历史规划) is the row's task, not a group heading."""
    second = _with(_records(_BARRED), "归集历史规划")
    assert "在专栏集中发布" in second.text
    assert (second.lead_units, second.responsible_units) == (["市发展改革委"], ["各县人民政府"])


def test_short_requirement_between_task_and_units() -> None:
    """A short requirement cell between the task text and the unit cells stays in the row."""
    task = "1.依法公开重大建设项目批准结果和实施情况等有关信息，接受社会监督"
    cells = [task, "设立专栏公开", "市住建局", "市直有关单位"]
    assert split_rows(cells, ["task", "requirement", "lead", "responsible"]) == [[0, 1, 2, 3]]


# ------------------------------------------------------------------ pipe rows


_CATALOGUE = """| 序号 | 工作任务 | 具体要求 | 责任单位 | 完成时限 |
|---|---|---|---|---|
| 1 | 基本信息 (3项) |
(1)办学规模、学科情况等办学基本情况 | 校长办公室 | 每年10月 |
(2)校级领导班子简介及分工 | 校长办公室 | 变动即更 | ||
(3)学术委员会相关制度、年度报告 | 人事处 规划处 | 每年1月 | ||
"""


def test_pipe_row_trailing_empty_cells_hold_no_column() -> None:
    """The empty cells a pipe row ends with do not pull its cells into the columns before them."""
    records = _records(_CATALOGUE)
    assert _with(records, "校级领导班子简介").responsible_units == ["校长办公室"]
    assert _with(records, "学术委员会相关制度").responsible_units == ["人事处", "规划处"]


def test_category_with_entry_count_is_a_heading() -> None:
    """ "基本信息 (3项)" names a category and how many entries it has: a heading, never a task."""
    assert not [r for r in _records(_CATALOGUE) if "基本信息" in r.text]


# ------------------------------------------------------------------ real pages


def test_real_dev3_pages() -> None:
    second = record_with("baoshan_2021", "归集整理和主动公开历史规划")
    assert second.lead_units == ["市发展改革委", "自然资源和规划局"]
    assert record_with("baoshan_2021", "重大建设项目批准服务").lead_units == ["市发展改革委"]
    assert record_with("university_xxgk_catalog", "学校章程").responsible_units == ["党办校办", "政策法规研究室"]
    assert record_with("university_xxgk_catalog", "拟录取研究生名单").responsible_units == ["研究生院"]
    assert record_with("city_wjw_catalog", "法定职能").responsible_units == ["人事科"]
    assert record_with("huangshi_scjgj_catalog", "多种形式的解读").responsible_units == ["政策制定科室"]
    assert record_with("wuyuan_jyj_catalog_trad", "領導名單").responsible_units == ["五原縣教育局"]
    assert record_with("fengtun_town_catalog_trad", "人民政府工作報告全文").responsible_units == ["鎮人民政府"]
    assert record_with("zhongshan_ybj_2021", "积极推进部门及所属单位预算").responsible_units == [
        "办公室",
        "法规和基金监管科",
        "医保中心",
    ]


# ------------------------------------------------------------------ catalogue headers


@pytest.mark.parametrize(
    ("header", "roles"),
    [
        # 公开主体 names a unit, alone or beside the 责任科室 inside it (round 7: both are read)
        (["公开事项", "公开内容", "公开时限", "公开主体"], ["task", "requirement", "deadline", "responsible"]),
        (["公开事项", "公开内容", "公开主体", "责任科室"], ["task", "requirement", "responsible", "responsible"]),
        # 一级事项 / 二级目录 head levels; the content column holds the task even when they come after it
        (
            ["序号", "公开事项", "公开内容", "公开时限", "公开主体", "一级事项", "二级事项"],
            ["number", "task", "requirement", "deadline", "responsible", "task", "task"],
        ),
        (["一级目录", "二级目录", "公开内容", "责任科室"], ["task", "task", "requirement", "responsible"]),
        # the audience, manner and level sub-columns of a standard catalogue
        (["公开事项", "公开内容", "责任科室", "全社会", "特定群众", "主动", "依申请公开", "镇级"], None),
    ],
)
def test_catalogue_header_vocabulary(header: list[str], roles: list[str] | None) -> None:
    got = header_roles(header)
    if roles is None:
        assert got is not None and got[3:] == ["note"] * 5
    else:
        assert got == roles


def test_checks_are_no_content() -> None:
    """A tick or a checklist of channels fills a catalogue's note columns: never a task or a unit."""
    assert cell_kind("√") == "blank"
    assert cell_kind("■政府网站 □政府公报 ■政务新媒体") == "blank"
    assert cell_kind("●现行规范性文件") != "blank"


def test_displaced_sub_header_is_not_merged() -> None:
    """Sub-column names that fall under other content columns (the spans were lost) are not a header row."""
    header = ["公开事项", "公开内容", "公开依据", "公开时限", "责任科室"]
    assert merge_subheader(header, ["一级事项", "二级事项", "全社会", "特定群体", ""]) is None
    split = merge_subheader(["工作任务", "责任分工", "", "完成时限"], ["", "牵头单位", "配合单位", ""])
    assert split == ["工作任务", "牵头单位", "配合单位", "完成时限"]


_TOWN_CATALOGUE = "\n".join(
    [
        "序号 |", "公开事项 |", "公开内容(要素) |", "公开依据 |", "公开时限 |", "公开主体 |", "公开渠道和载体 |",
        "公开对象 |", "一级事项 |", "二级事项 |", "全社会 |", "特定群众 |",
        "1 |", "概况信息 |", "乡镇简介 |", "乡镇行政区划、人口民族、自然资源等信息。 |", "《条例》 |",
        "信息形成或变更之日起20个工作日内 |", "镇人民政府 |", "■政府网站 |", "√ |", "|",
        "2 |", "政府文件 |", "政府文件 |", "镇政府印发的政府文件。 |", "《条例》 |",
        "信息形成或变更之日起3个工作日内 |", "镇党政办 |", "■政府网站 ■公示栏 |", "√ |", "|",
    ]
)  # fmt: skip


def test_town_catalogue_one_cell_per_line() -> None:
    records = _records(_TOWN_CATALOGUE)
    assert _with(records, "乡镇行政区划").responsible_units == ["镇人民政府"]
    assert _with(records, "镇政府印发的政府文件").responsible_units == ["镇党政办"]
    assert not [r for r in records if "政府网站" in r.text]


# ------------------------------------------------------------------ broken pipe rows


_BROKEN_ROWS = """| 事项类别 | 事项名称 | 公开内容 | 公开依据 | 公开时限 | 公开责任 |
|---|---|---|---|---|---|
| 机构信息 |
领导信息
|
本机关领导姓名、职务、分管工作等。 | 《政府信息公开条例》 | 自该信息形成之日起20个工作日内 | 办公室 |
| 机构信息 |
内设机构
|
内设机构的名称及职能、办公地址等。 | 《政府信息公开条例》 | 自该信息形成之日起20个工作日内 | 人事科 |
"""


def test_barred_row_goes_on_over_bare_lines() -> None:
    """In a table whose rows open with a bar, a line that does not is the rest of the row above."""
    records = _records(_BROKEN_ROWS)
    assert len(records) == 2
    assert _with(records, "本机关领导姓名").responsible_units == ["办公室"]
    assert _with(records, "内设机构的名称及职能").responsible_units == ["人事科"]


_BROKEN_AFTER_BAR = """序号 | 工作任务 | 具体要求 |
公开依据 | 公开 时限 |
责任 科室 | 公开对象 | ||
1 | 政策文件 | 本机关制定的规范性文件全文。 | 《政府信息公开条例》 | 信息形成之日起20个工作日内 | 办公室 | √ | ||
2 | 政策解读 | 文字解读、图解等多种形式的解读。 |
《政府信息公开条例》 | 信息形成之日起20个工作日内 | 政策制定科室 | √ | ||
3.做好公示公告公开。 |
4.做好会议信息公开。 | 信息形成之日起5个工作日内 | 综合科 | √ | ||
"""


def test_row_broken_after_a_bar() -> None:
    """A header broken after a bar goes on with column names; a row goes on where the next line opens with
    what no row opens with (a law cited), never where it opens with a task of its own."""
    records = _records(_BROKEN_AFTER_BAR)
    assert _with(records, "文字解读、图解").responsible_units == ["政策制定科室"]
    assert _with(records, "规范性文件全文").responsible_units == ["办公室"]
    assert _with(records, "做好会议信息公开").responsible_units == ["综合科"]
    assert "做好会议信息公开" not in _with(records, "做好公示公告公开").text


# ------------------------------------------------------------------ cells and deadlines


@pytest.mark.parametrize(
    "phrase",
    [
        "自该政府信息形成或者变更之日起20个工作日内及时公开",
        "信息产生、变更之日起20个工作日内予以公开",
        "自文件印发之日起5个工作日内",
    ],
)
def test_rolling_time_limit_is_a_deadline_phrase(phrase: str) -> None:
    assert is_deadline_phrase(phrase)
    assert cell_kind(phrase) == "deadline"


def test_law_cited_alone_is_not_content() -> None:
    assert fit("requirement", "《中华人民共和国政府信息公开条例》") < 0
    assert fit("requirement", "《条例》,政府信息公开方面的规章、主管部门发布的法规解释性文件。") > 0


_ITEMS = "\n".join(
    [
        "工作任务", "具体要求", "落实科室", "",
        "做好规划公开", "1.主动公开本部门发展规划原文和政策解读等相关信息。", "办公室", "",
        "做好执法信息公开", "2.主动公开市场准入负面清单，及时做好更新发布。", "3.及时公开定点机构管理相关政策规定。",
        "4.公布基金使用监督检查结果，曝光违法违规案件。", "法规科、监管科按职责分工落实", "",
    ]
)  # fmt: skip


def test_item_run_shares_the_unit_cell_after_it() -> None:
    """Consecutively numbered items between a heading and one unit cell all carry that unit cell."""
    records = _records(_ITEMS)
    for words in ("市场准入负面清单", "定点机构管理", "公布基金使用监督检查结果"):
        assert _with(records, words).responsible_units == ["法规科", "监管科"]
    assert _with(records, "发展规划原文").responsible_units == ["办公室"]


def test_ticks_bullets_and_citations_are_no_time_limit() -> None:
    """A tick fills only note columns; a bulleted content list or a law cited is never a time limit."""
    assert fit("deadline", "√") < 0 < fit("deadline", "2023年6月底前") and fit("note", "√") == 0
    assert fit("deadline", "●重要政策解读") < fit("deadline", "政策解读")
    assert fit("deadline", "《中华人") < fit("deadline", "政策解读")
