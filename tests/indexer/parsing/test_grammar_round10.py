"""Grammars widened on the fifth held-out set after its one measurement (now ``tests/real_dev6``).

A ministry's departments are 司 (政策法规司, 制发司（局）); a unit list that gives each part of a task its own lead
("规章由X牵头、规范性文件由Y牵头，Z配合；清单由W牵头") is read part by part, and the object before 由 is no unit.
Words that open a task (加大社会组织…) never open a unit's name. A numbered list printed as one line keeps its
preamble out of item 1. A period that qualifies a thing (中长期规划、短期计划) is no time limit, while a catalogue's
动态调整 is one. An assignment glued to the task's last words (…等信息审批处牵头,各有关处室配合) is read with the
units the document names elsewhere. Tested on invented lines in each grammar and on the real pages.
"""

from __future__ import annotations

import pytest

from indexer.parsing.body.runon import numbered_start
from indexer.parsing.fields.clause_units import glued_units
from indexer.parsing.fields.deadlines import is_deadline_phrase
from indexer.parsing.fields.units import looks_like_units, parse_units
from indexer.parsing.tables.cell_roles import cell_kind
from indexer.parsing.tables.columns import role_of
from tests.indexer.parsing.real_pages import parse_text, record_holding, record_with


def test_departments_of_a_ministry_are_units() -> None:
    assert parse_units("某某司牵头，信息中心配合").lead == ["某某司"]
    assert parse_units("规划司、统计司按职责分工负责").responsible == ["规划司", "统计司"]
    assert parse_units("某某公司").responsible == ["某某公司"]


def test_each_part_of_a_task_with_its_own_lead() -> None:
    found = parse_units("规章由甲司牵头、规范性文件由乙司（局）牵头，各有关司（局）、信息中心配合")
    assert found.lead == ["甲司", "乙司（局）"] and found.responsible == ["各有关司（局）", "信息中心"]
    found = parse_units("文件公开由甲司牵头，丙馆配合；清单由乙司牵头，相关司（局）配合")
    assert found.lead == ["甲司", "乙司"] and found.responsible == ["丙馆", "相关司（局）"]
    assert parse_units("某某自由贸易试验区管委会").responsible == ["某某自由贸易试验区管委会"]


def test_words_that_open_a_task_open_no_unit() -> None:
    records = parse_text("一、工作任务\n（一）加大社会组织信息公开力度。加强社会组织信用信息管理。\n")
    assert record_holding(records, "加大社会组织").units == []


def test_a_numbered_run_on_line_keeps_the_preamble_out_of_item_one() -> None:
    segment = "某部某年政务公开工作要点 做好某年工作,要坚持以人民为中心。 一、推进重点信息公开 1.及时更新法规文本。"
    assert segment[numbered_start(segment, " 2.规范规章公开工作。") :] == "1.及时更新法规文本。"
    assert numbered_start(segment, " 做好其他工作。") == 0


@pytest.mark.parametrize("phrase", ["中长期规划、短期计划", "年度工作计划", "年度报告"])
def test_a_period_that_qualifies_a_thing_is_no_time_limit(phrase: str) -> None:
    assert not is_deadline_phrase(phrase)


@pytest.mark.parametrize("phrase", ["动态调整", "按通知要求动态调整", "实时更新"])
def test_a_standing_time_limit_of_a_catalogue(phrase: str) -> None:
    assert is_deadline_phrase(phrase)


def test_an_assignment_glued_to_the_task_is_read_with_the_document_s_units() -> None:
    found = glued_units("公开办事方式、办事条件等信息审批处牵头,各有关处室、服务中心配合", {"审批处", "人事处"})
    assert found.lead == ["审批处"] and found.responsible == ["各有关处室", "服务中心"]
    assert not glued_units("公开办事方式等信息审批处牵头", {"人事处"})
    records = parse_text(
        "1. 更新权责清单。(审批处、人事处分别牵头,各有关处室配合)\n"
        "2. 优化办事流程,公开办事方式、办事条件等信息审批处牵头,各有关处室配合\n"
    )
    assert record_holding(records, "优化办事流程").lead_units == ["审批处"]


def test_channel_cells_and_the_five_kinds_column_are_notes() -> None:
    assert role_of("政务五公开") == "note"
    assert cell_kind("政府网站") == cell_kind("政务新媒体、公开栏") == cell_kind("全社会") == "blank"
    assert cell_kind("组织机构") == "title" and not looks_like_units("组织机构")


_CATALOGUE = "\n\n".join(
    [
        "目录类别", "目录名称", "公开内容", "公开事项", "内容规范", "政务五公开", "公开主体", "公开时限", "公开形式",
        "公开对象",
        "信息公开指南", "信息公开指南", "公开信息公开指南信息", "1、分类;2、编排体系;3、获取方式", "服务公开", "办公室",
        "相关信息形成或变更之日起20个工作日内", "政府网站", "全社会",
        "组织机构", "机构职能", "公开领导信息", "1、机构设置;2、部门职能", "管理公开", "办公室、党建科",
        "相关信息形成或变更之日起20个工作日内", "政府网站", "全社会",
    ]
) + "\n"  # fmt: skip


def test_a_cell_per_line_catalogue_with_channel_cells_after_the_time_limit() -> None:
    records = parse_text(_CATALOGUE)
    assert record_holding(records, "编排体系").units == ["办公室"]
    assert record_holding(records, "部门职能").units == ["办公室", "党建科"]


def test_the_real_pages() -> None:
    assert record_with("mzb_2022_trad", "開展養老服務規範標準等事項公開").units == ["養老服務司"]
    first = record_with("mzb_2021", "及时更新部门户网站政府信息公开平台的行政法规文本")
    assert first.text.startswith("1.对照") and first.lead_units == ["政策法规司"]
    assert record_with("xinjian_sthjj_catalog", "年度工作计划和总结").units == ["区生态环境局"]
    assert record_with("province_dept_catalog", "本部门制发的所有规范性按年度梳理结果").units == ["法规处"]
    assert record_with("liaoning_mzt_2020", "全面优化政务服务办事流程").lead_units == ["审批处"]
    assert record_with("wenshang_jtj_2024", "政府信息公开工作机构的名称").units == ["办公室"]
