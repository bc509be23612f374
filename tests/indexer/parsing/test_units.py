from __future__ import annotations

import pytest

from indexer.parsing.fields.units import parse_units, subject_units
from tests.indexer.parsing.real_pages import record_with


@pytest.mark.parametrize(
    ("cell", "lead", "responsible"),
    [
        ("区市场监管局牵头", ["区市场监管局"], []),
        ("区市场监管局、区发改局牵头，各部门配合", ["区市场监管局", "区发改局"], ["各部门"]),
        ("区司法局牵头有关部门单位", ["区司法局"], ["有关部门单位"]),
        ("区住房和城乡建设局牵头区住房保障服务中心", ["区住房和城乡建设局"], ["区住房保障服务中心"]),
        ("区司法局牵头，区政府各部门、单位落实，各镇（街道）", ["区司法局"], ["区政府各部门（单位）", "各镇（街道）"]),
        ("牵头单位：区政府办公室；配合单位：区大数据局、区财政局", ["区政府办公室"], ["区大数据局", "区财政局"]),
        ("各街道(镇),区发改局、区工信局等有关部门(单位)", [], ["各街道（镇）", "区发改局", "区工信局"]),
        ("区政府有关部门、各街道办事处", [], ["区政府有关部门", "各街道办事处"]),
        ("区直各部门、驻区各单位，各街道", [], ["区直各部门", "驻区各单位", "各街道"]),
        ("区自然资源和规划分局\n区城乡建设和交通局", [], ["区自然资源和规划分局", "区城乡建设和交通局"]),
        ("——", [], []),
    ],
)
def test_parse_units(cell, lead, responsible):
    result = parse_units(cell)
    assert (result.lead, result.responsible) == (lead, responsible)


def test_subject_units_only_for_unit_subjects():
    assert subject_units("各街道（镇）、各部门（单位）要对照重点工作任务分工抓好落实") == [
        "各街道（镇）",
        "各部门（单位）",
    ]
    assert subject_units("要把政府信息公开条例作为重要内容") == []


def test_registry_aliases_and_collectives(registry):
    assert registry.canonical("区人社局") == registry.canonical("区人力资源社会保障局") == "区人力资源和社会保障局"
    assert registry.key("大数据局") == registry.key("区大数据局")
    assert registry.collective_scope("区政府各部门（单位）") == "departments"
    assert registry.collective_scope("各镇（街道）") == "subdistricts"
    assert registry.collective_scope("区大数据局") is None
    assert registry.canonical("党政办", region="博山区") == "党政办"


@pytest.mark.parametrize(
    ("cell", "lead", "responsible"),
    [
        ("应急处、监督处、疾控处等按职责分工落实", [], ["应急处", "监督处", "疾控处"]),
        ("财政所、土管所等", [], ["财政所", "土管所"]),
        ("市发展改革委牵头，市住建局等政府各有关部门", ["市发展改革委"], ["市住建局"]),
        ("宣传处会办公室", ["宣传处"], ["办公室"]),
        ("市财政局会同市审计局", ["市财政局"], ["市审计局"]),
        ("市财政局会计核算中心", [], ["市财政局会计核算中心"]),
        ("管委会办公室", [], ["管委会办公室"]),
        ("人民银行某市中心支行、某银保监分局分别牵头落实", ["人民银行某市中心支行", "某银保监分局"], []),
        ("责任处室：人事处牵头，有关处室局配合落实", ["人事处"], ["有关处室局"]),
        (
            "市发展改革委，各区县政府﹝含某新区管委会，下同﹞，以下责任单位均包含各区县政府",
            [],
            ["市发展改革委", "各区县政府﹝含某新区管委会﹞"],
        ),
    ],
)
def test_unit_list_vocabulary(cell: str, lead: list[str], responsible: list[str]) -> None:
    """等 closing a list, 会/会同 between two units, bank branches, 处室 labels, editorial notes."""
    result = parse_units(cell)
    assert (result.lead, result.responsible) == (lead, responsible)


def test_unit_vocabulary_on_real_pages() -> None:
    epidemic = record_with("guangdong_wsjkw_2021", "重点围绕散发疫情")
    assert epidemic.responsible_units == ["应急处", "监督处", "医政医管处", "疾控处", "基层处"]
    joint = record_with("guangdong_wsjkw_2021", "提高新冠肺炎疫情信息发布规范化水平")
    assert (joint.lead_units, joint.responsible_units) == (["宣传处"], ["办公室"])
    assert record_with("town_bzqc", "惠农惠民资金发放").responsible_units == ["财政所", "便民综合服务中心", "土管所"]
    finance = record_with("weifang_2017", "加强金融政策信息公开")
    assert finance.lead_units == ["市金融办", "人民银行潍坊市中心支行", "潍坊银监分局"]
    services = record_with("yunnan_dept_2017", "年内完成政务服务事项目录的编制工作")
    assert (services.lead_units, services.responsible_units) == (["信息考评处"], ["有关处室局"])


def test_named_unit_and_the_others_meant() -> None:
    """ "X等相关区直部门": X and the collective; "经开区" is a unit."""
    parsed = parse_units("区政府办、区商务局等相关区直部门、各镇(办)、经开区")
    assert parsed.responsible == ["区政府办", "区商务局", "相关区直部门", "各镇（办）", "经开区"]


def test_a_note_after_the_unit_list_is_not_a_unit() -> None:
    """ "（责任单位：A、B,C。逗号前为牵头单位,…,下同）": the sentence after the list is an editorial note."""
    from indexer.parsing.body.markers import parse_marker

    marker = parse_marker(
        "责任单位:市发展改革委、市商务局,各区县政府。逗号前为牵头单位,多个牵头单位的按职责分别牵头,下同"
    )
    assert marker.units.responsible == ["市发展改革委", "市商务局", "各区县政府"]
