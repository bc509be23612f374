"""Duty lists, notices and prose with ASCII commas, read after the eleventh held-out set's one measurement (now
``tests/real_dev12``).

A duty list names whose duties follow in an item or a paragraph of its own (（二）信息公开管理小组职责：), and that
heading is no task. Prose written with ASCII commas (一、细化任务,夯实责任。各责任单位要…,…) is no CSV table: column
names are short words. An issuer's line right above the date line signs the document, it is no unit line of the item
before it. Whom a body moves to act acts too (积极引导局机关各处室、局属各单位自行组织…), units listed with a comma
before the subject are subjects too (…各区卫健局,市属市管卫生健康单位、委各处室要…), X向Y提供… names X, and a
clause with no actor of its own takes the first clause actor of its sentence (考评于12月底进行,各单位在…前完成…).
"""

from __future__ import annotations

from indexer.parsing.body.scopes import duty_lead_in
from indexer.parsing.fields.clause_units import acting_units, clause_units
from indexer.parsing.tables.text_grids import find_csv_table
from tests.indexer.parsing.real_pages import parse_text, record_holding, record_with


def test_a_duty_list_s_own_heading_hands_its_duties_down() -> None:
    assert duty_lead_in("信息公开管理小组职责:") == ["信息公开管理小组"]  # an item's text, after its number
    assert duty_lead_in("信息公开工作领导小组办公室具体职责:") == ["信息公开工作领导小组办公室"]
    assert duty_lead_in("信息公开管理小组职责") == []  # no colon: a title, not a lead-in
    records = parse_text(
        "一、组织机构\n(一)领导小组工作职责:\n1.研究部署信息公开工作。\n2.审定年度工作计划。\n"
        "(二)信息公开管理小组职责:\n1.受理和处理院内外提出的信息公开申请;\n2.采集、维护和更新医院的信息;\n"
    )
    assert record_holding(records, "受理和处理").responsible_units == ["信息公开管理小组"]
    assert record_holding(records, "审定年度").responsible_units == ["领导小组"]
    assert not any(r.text.endswith("职责:") for r in records)


def test_prose_with_ascii_commas_is_no_csv_table() -> None:
    lines = [
        "一、细化任务,夯实责任。各责任单位要对照《任务分解一览表》,进一步细化分解任务,明确牵头股室和责任股室,夯实人员责任",
        "",
        "二、把握关键,有序推进。各责任单位要按照要求,严格执行信息发布内容审核制度,及时公开本单位有关信息;",
    ]
    assert find_csv_table(lines, 0) is None
    table = ["序号,工作任务,责任单位,完成时限", "1,更新政府信息公开指南,区政府办公室,3月底前"]
    assert find_csv_table(table, 0) is not None


def test_the_issuer_above_the_date_signs_the_document() -> None:
    records = parse_text(
        "一、组织领导\n(一)各科室(单位)要高度重视政务公开工作,积极自觉参加培训学习。\n临沂市发展和改革委员会\n2020年4月8日\n"
    )
    assert record_holding(records, "积极自觉参加培训学习").responsible_units == ["各科室（单位）"]


def test_whom_a_body_moves_to_act_acts() -> None:
    text = "对相关责任处室进行专题培训。同时,积极引导局机关各处室、局属各单位自行组织相应的业务培训。"
    assert set(clause_units(text).names) == {"局机关各处室", "局属各单位"}


def test_units_listed_with_a_comma_before_the_subject_are_subjects() -> None:
    text = "加强组织领导各区卫健局,市属市管卫生健康单位、委各处室要认真贯彻落实基层政务公开工作要求。"
    assert clause_units(text).names == ["各区卫健局", "市属市管卫生健康单位", "委各处室"]
    assert "政府办" not in acting_units("各级成立政务公开领导小组,成员由政府办、民政等部门组成。")


def test_the_first_clause_actor_of_a_sentence_with_none_at_its_start() -> None:
    assert acting_units("考评于12月底进行,各单位在12月中旬前完成自查自评工作。") == ["各单位"]
    assert acting_units("预算执行局向各财政业务科室提供部门决算数据,财政业务科室在批复部门决算后,督促各部门公开。") == [
        "预算执行局",
        "财政业务科室",
    ]
    assert acting_units("接到申请后须第一时间上报,答复内容须经保密审查和区政务公开办审核后方可答复。") == []


def test_the_real_pages() -> None:
    assert record_with("hospital_xxgk_zhize", "保密审查").responsible_units == ["信息公开管理小组"]
    assert record_with("shiquan_fenjie_2021", "定期跟踪督办").responsible_units == ["县政府办", "考核办"]
    assert record_with("linyi_fgw_peixun_2020", "积极自觉参加培训学习").responsible_units == ["各科室（单位）"]
