"""Grammars widened on the fourth held-out set after its one measurement (now ``tests/real_dev5``).

Duty lists (职责分工): a heading names whose duties follow (（一）办公室职责, 一、领导小组及职责, 局办公室负责保障内容),
a heading runs into its duties (信息中心职责负责…), or each line opens with its unit set off by spaces
(办公室  组织、协调…). Catalogues flattened one cell per line with an empty line after each cell: a column name
broken over two lines (公开 / 时限), rows cut at the 序号 numbers 1, 2, 3 …, laws cited one per line set aside as
the 公开依据, a period alone (20工作日) or an event in brackets (信息形成(变更)20个工作日内) as the time limit, ticks
never a unit nor a time, a 网站所属栏目 column a note. Titles: 工作规定/制度, no breadcrumb, no year of a cited
notice. Tested on invented lines in each grammar and on the real pages.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.parsing.fields.deadlines import is_deadline_phrase, parse_deadline
from indexer.parsing.fields.units import parse_units
from indexer.parsing.identity.metadata import read_document
from indexer.parsing.tables.columns import role_of
from tests.indexer.parsing.real_pages import parse_text, real_records, record_holding, record_with


@pytest.mark.parametrize(
    "phrase", ["20工作日", "20个工作日内", "信息形成(变更)20个工作日内", "信息形成20个工 作日内公开"]
)
def test_time_limits_written_as_a_period_or_with_their_event_in_brackets(phrase: str) -> None:
    assert is_deadline_phrase(phrase)


def test_ticks_are_no_unit_and_no_time() -> None:
    assert not parse_units("√") and not parse_units("■ □")
    assert parse_deadline("√", 2025).raw == ""


def test_a_website_column_is_a_note() -> None:
    assert role_of("网站所属栏目") == "note" and role_of("对应栏目") == "note" and role_of("栏目名称") == "task"


_SPACED = "\n\n".join(
    [
        "序号", "公开事项", "公开内容(要素)", "公开依据", "公开", "时限", "公开", "主体", "公开渠道和载体",
        "一级", "事项", "二级", "事项",
        "1", "政策法规", "行政法规、规章", "中央及地方政府涉及某领域的行政法规", "《中华人民共和国政府信息公开条例》",
        "信息形成(变更)20个工作日内", "某某局", "政府网站",
        "2", "规范性文件", "各级政府及部门涉及某领域的规范性文件", "《中华人民共和国政府信息公开条例》",
        "信息形成(变更)20个工作日内", "某某局", "政府网站",
        "3", "项目建设", "招投标与中标情况", "招投标情况及中标结果", "《中华人民共和国政府信息公开条例》",
        "《某部关于推进某项建设公开制度的意见》", "20工作日", "某某局", "政府网站",
    ]
) + "\n"  # fmt: skip


def test_a_spaced_cell_catalogue_with_broken_column_names_and_merged_cells() -> None:
    records = parse_text(_SPACED)
    assert len(records) == 3
    for words in ("中央及地方政府涉及某领域的行政法规", "各级政府及部门涉及某领域的规范性文件", "招投标情况及中标结果"):
        record = record_holding(records, words)
        assert record.units == ["某某局"] and record.deadline.raw in ("信息形成(变更)20个工作日内", "20工作日")


def test_duty_headings_hand_their_unit_down() -> None:
    records = parse_text(
        "一、领导小组及职责\n（一）主要职责\n1.负责全局政府信息公开工作总体规划、重大事项的审核与决策。\n"
        "二、责任处室及其职责\n（一）办公室职责\n1.负责本局政府信息公开工作的具体组织协调。\n"
        "2.组织编写本局政府信息公开指南和年度报告。\n（二）信息中心职责\n负责本局网站的维护,发布本局政务信息。\n"
    )
    assert record_holding(records, "总体规划").units == ["领导小组"]
    assert record_holding(records, "具体组织协调").units == ["办公室"]
    assert record_holding(records, "网站的维护").units == ["信息中心"]


def test_a_unit_set_off_by_spaces_leads_its_duties() -> None:
    records = parse_text(
        "三、工作分工\n  办公室  组织、协调和管理通过政府网站主动公开政府信息的事宜;统一受理政府信息公开申请;\n"
        "  法规处  负责规范性文件的法律审核,参与信息公开属性的审核。\n  人教处  负责将政务公开工作列入绩效考核内容。\n"
    )
    assert record_holding(records, "统一受理").units == ["办公室"]
    assert record_holding(records, "法律审核").units == ["法规处"]
    assert record_holding(records, "绩效考核").units == ["人教处"]


def _document(*lines: str) -> tuple[str, int | None]:
    document = read_document(Path("page.txt"), list(lines), "0")
    return document.title, document.year


def test_titles_of_rules_and_no_breadcrumb_or_cited_notice() -> None:
    assert (
        _document("不能读取语音阅读器", "", "某市财政局政务公开工作规定", "", "文章来源:某市财政局")[0]
        == "某市财政局政务公开工作规定"
    )
    assert _document("首页 -> 政务公开 -> 政府信息公开制度 -> 市政府信息公开制度", "正文")[0] == "page"
    row = "| 政策问答 | 相关政策解答 | 《国务院办公厅关于印发2020年度政务公开工作要点的通知》 | 党政办 |"
    assert _document("| 某镇人民政府政务信息主动公开基本目录 | ||||", row) == (
        "某镇人民政府政务信息主动公开基本目录",
        None,
    )


def test_the_real_pages() -> None:
    assert record_with("sunitezuoqi_jtj_catalog", "各级政府及部门涉及交通运输领域的规范性文件").units == ["交通运输局"]
    assert record_with("city_czj_xxgk_duties", "对拟公开的政府信息进行保密审查").units == ["办公室"]
    assert record_with("county_slj_duties", "人事干部任免信息").units == ["局办公室"]
    assert record_with("shanghai_czj_2018", "参与市局政府信息公开的保密审核").units == ["法规处"]
    assert all(r.units != ["√"] for r in real_records("gongliu_zjj_catalog_trad"))
