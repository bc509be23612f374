"""Units handed down: lead-in sentences (``X负责公开下列信息：``) and headings that assign the items below."""

from __future__ import annotations

from pathlib import Path

from indexer.parsing.body.scopes import heading_units, lead_in_units
from indexer.parsing.parse import parse_file
from tests.indexer.parsing.real_pages import record_with


def _records(tmp_path: Path, text: str) -> list[tuple[str, list[str]]]:
    path = tmp_path / "doc.txt"
    path.write_text(text, encoding="utf-8")
    return [(r.text, r.responsible_units) for r in parse_file(path).records]


def test_lead_in_units() -> None:
    assert lead_in_units("某市人民政府办公室负责向社会主动公开下列政府信息。主要包括:") == ["某市人民政府办公室"]
    assert lead_in_units("某市人民政府各组成部门按职能主动公开以下政府信息：") == ["某市人民政府各组成部门"]
    assert lead_in_units("某市人民政府办公室负责向社会主动公开下列政府信息。") == []  # no colon: not a lead-in
    assert lead_in_units("主动公开的内容主要包括：") == []


def test_heading_that_assigns_the_tasks_under_it() -> None:
    assert heading_units("各区、县（市）政府、市政府各部门负责落实的工作任务") == ["各区、县（市）政府", "市政府各部门"]


def test_a_lead_in_owns_the_deeper_items_until_the_next_one(tmp_path: Path) -> None:
    records = _records(
        tmp_path,
        "某市政府信息公开指南\n\n一、主动公开政府信息\n\n"
        "1.某市人民政府办公室负责向社会主动公开下列政府信息。主要包括:\n\n"
        "(1)市政府领导人员简介、职责等信息;\n\n(2)政府公报;\n\n"
        "2.某市人民政府各组成部门按职能主动公开以下政府信息:\n\n"
        "(1)专项规划、区域规划及相关政策;\n\n(2)招商引资项目;\n",
    )
    owners = {text: units for text, units in records}
    assert owners["市政府领导人员简介、职责等信息;"] == ["某市人民政府办公室"]
    assert owners["政府公报;"] == ["某市人民政府办公室"]
    assert owners["招商引资项目;"] == ["某市人民政府各组成部门"]


def test_lead_in_paragraphs_on_real_pages() -> None:
    """lanzhou_guide / wujiaqu_guide (tests/real_dev): the unit is named once, before the list."""
    assert record_with("lanzhou_guide", "市政府工作机构及主要职责").responsible_units == ["兰州市人民政府办公室"]
    plans = record_with("lanzhou_guide", "专项规划、区域规划及相关政策")
    assert plans.responsible_units == ["兰州市人民政府各组成部门"]
    statistics = record_with("wujiaqu_guide", "主要包括统计公报和统计数据")
    assert statistics.responsible_units == ["第六师办公室", "五家渠市人民政府办公室"]


def test_a_lead_in_paragraph_under_a_bare_heading(tmp_path: Path) -> None:
    """A numbered title with no punctuation, then a blank line, is a heading, not the start of a paragraph."""
    records = _records(
        tmp_path,
        "某师市政务信息公开指南\n\n一、主动公开\n\n(一)主动公开的内容\n\n"
        "信息公开主体包括各行政机关。某师办公室、某市人民政府办公室负责向社会主动公开下列主要信息:\n\n"
        "1.履职依据。主要包括行政法规、政府规章和规范性文件。\n\n"
        "2.统计信息。主要包括统计公报和统计数据。\n",
    )
    assert records[-1] == ("统计信息。主要包括统计公报和统计数据。", ["某师办公室", "某市人民政府办公室"])
