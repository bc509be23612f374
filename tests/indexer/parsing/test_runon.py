"""Tables flattened into run-on text: page lines, an inline header, row ends; units glued to a time phrase."""

from __future__ import annotations

from indexer.parsing.body.markers import parse_marker, split_glued_deadline
from indexer.parsing.body.runon import page_numbered, row_ends, strip_inline_header
from tests.indexer.parsing.real_pages import record_with


def test_page_lines_and_inline_header() -> None:
    pages = ["1、" + "甲" * 250 + "不", "2、发生错误。" + "乙" * 250, "3、)落实制度。"]
    assert page_numbered(pages) == {0, 1, 2}
    assert page_numbered(["1、做好公开。", "2、加强解读。"]) == set()  # numbered items, not pages
    text = "实施方案序号 工作任务 具体要求 责任科室(单位) 完成时限加强组织领导"
    assert strip_inline_header(text) == "实施方案加强组织领导"


def test_units_glued_to_a_time_phrase() -> None:
    assert split_glued_deadline("办公室、政策法规科,市局各有关科室常态化开展") == (
        "办公室、政策法规科,市局各有关科室",
        "常态化开展",
    )
    assert split_glued_deadline("各科室、单位 11 月底前") == ("各科室、单位", "11 月底前")
    assert split_glued_deadline("各科室、单位 11 月底前2") is None  # the next row's 序号 is glued on
    marker = parse_marker("办公室牵头,各科室、单位配合 11 月底前")
    assert (marker.units.lead, marker.units.responsible, marker.deadline) == (
        ["办公室"],
        ["各科室", "各单位"],
        "11 月底前",
    )


def test_row_ends_inside_run_on_text() -> None:
    text = "及时调整领导小组。办公室牵头,各科室配合 11 月底前强化考核监督。 政工科牵头,办公室配合 1 基础建设。"
    assert [content for _, _, content in row_ends(text)] == ["办公室牵头,各科室配合 11 月底前", "政工科牵头,办公室配合"]
    assert row_ends("规范文件公开。由林区司法局牵头，林区政府各部门配合，年内完成清理。") == []


def test_run_on_pdf_table_on_a_real_page() -> None:
    """weihai_commerce_2017: a PDF table as three page lines, rows glued end to start."""
    leader = record_with("weihai_commerce_2017", "主要负责人年内至少听取")
    assert (leader.lead_units, leader.deadline.date) == (["办公室"], "2017-11-30")
    assessment = record_with("weihai_commerce_2017", "政务公开纳入部门年度考核")
    assert (assessment.lead_units, assessment.responsible_units) == (["政工科"], ["办公室"])
    websites = record_with("weihai_commerce_2017", "局机关各网站栏目信息更新")
    assert "各科室" in websites.responsible_units and websites.deadline.date == "2017-11-30"
    guide = record_with("weihai_commerce_2017", "主动公开并及时更新信息公开指南")
    assert (guide.responsible_units, guide.deadline.date) == (["办公室"], "2017-11-30")


def test_units_glued_to_the_end_of_an_item_on_a_real_page() -> None:
    """shanwei_scjgj_2024: "…公开到位。市局各有关科室常态化开展"."""
    catalogue = record_with("shanwei_scjgj_2024", "持续推动政府信息主动公开目录的动态更新调整")
    assert catalogue.responsible_units == ["市局各有关科室"] and catalogue.deadline.kind == "ongoing"
    library = record_with("shanwei_scjgj_2024", "逐步推进本系统行政规范性文件库建设")
    assert library.responsible_units == ["政策法规科", "办公室"]


def test_a_unit_line_after_the_item_wins_over_a_quoted_bracket() -> None:
    """yunnan_dept_2017: the item quotes the provincial plan's bracket; the line after it is the department's own."""
    item = record_with("yunnan_dept_2017", "以清单管理推动简政放权")
    assert (item.lead_units, item.responsible_units) == (["人事处"], ["有关处室局"])
