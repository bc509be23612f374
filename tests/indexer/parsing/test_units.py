from __future__ import annotations

import pytest

from indexer.parsing.units import parse_units, subject_units


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
