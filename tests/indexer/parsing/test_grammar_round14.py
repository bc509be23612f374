"""Grammars widened on the eighth held-out set after its one measurement (now ``tests/real_dev9``).

Duty lists and rules: a numbered line that is a body's name alone (四、校务公开监督小组办公室, one body even with a
、 inside) is a heading over that body's duties and never runs on into the next line; a heading "X公开的政府信息"
hands X down; a "主要职责：…" paragraph under a body's heading is that body's duty; a bare numbered title
("一、工作机构设置") is ended by the blank line after it, and a bare title with an unnumbered paragraph under it is
a heading; sentences opening with a unit and 抓好/应当/承担 are tasks of their own. Tables: a header whose names
are parted by single spaces, rows one a line; bar-only lines ("||") between the two rows of a header, and the
second row's last name left alone before the first row; a unit-like cell right after a row's 序号 is its heading.
Titles: rules and duty lists (X信息公开工作职责, X发布协调制度) and 居务/村务/校务公开 catalogues name themselves.
Tested on invented lines in each grammar and on the real pages.
"""

from __future__ import annotations

from pathlib import Path

from indexer.parsing.fields.unit_names import names_one_body
from indexer.parsing.identity.metadata import read_document
from indexer.parsing.normalise import matching_view
from tests.indexer.parsing.real_pages import parse_text, real_records, record_holding, record_with


def test_a_body_named_alone_heads_its_duties() -> None:
    records = parse_text(
        "一、信息公开工作监督小组\n主要职责:负责协调和监督信息公开工作。\n"
        "二、信息公开、校务公开工作办公室\n信息公开、校务公开工作办公室挂靠在校长办公室。\n主要职责:\n"
        "(一)拟订信息公开工作的相关规章制度;\n(二)协调处理向学校提出的信息公开申请;\n"
    )
    assert record_holding(records, "负责协调和监督").units == ["信息公开工作监督小组"]
    assert record_holding(records, "拟订信息公开工作").units == ["信息公开、校务公开工作办公室"]
    assert record_holding(records, "协调处理向学校").units == ["信息公开、校务公开工作办公室"]
    assert names_one_body("校务、信息公开工作领导小组")
    assert not names_one_body("加强信息公开工作领导小组")


def test_a_heading_naming_who_publishes() -> None:
    records = parse_text(
        "二、主动公开\n(一)县政府办公室公开的政府信息\n1.县政府制发的规范性文件。\n2.县政府人事任免。\n"
    )
    assert record_holding(records, "县政府人事任免").units == ["县政府办公室"]


def test_bare_titles_end_at_their_line() -> None:
    records = parse_text(
        "一、机构设置\n\n局办公室负责受理信息公开申请。\n\n二、保障措施\n\n各科室要按时报送信息，办公室将定期督查。\n"
    )
    assert not any(r.text.startswith(("机构设置", "保障措施")) for r in records)
    assert record_holding(records, "各科室要按时报送信息").units == ["各科室"]


def test_sentences_opening_with_their_units() -> None:
    records = parse_text(
        "第二条局领导小组负责研究信息公开中的重要事项。局办公室抓好信息审核、信息编目工作,做好检查指导。\n"
    )
    assert record_holding(records, "局办公室抓好").units == ["局办公室"]
    assert record_holding(records, "局领导小组负责").units == ["局领导小组"]


def test_a_header_parted_by_single_spaces() -> None:
    records = parse_text(
        "目标 序号 任务 有关要求 责任单位\n"
        "加强政策解读 1 做好政策解读工作 全面公开、精准解读相关政策措施。 政府办、各相关部门按职能分别落实。\n"
        "2 回应社会关切 做好重大舆情会商,快速反映,协调联动。 宣传部\n"
    )
    assert record_holding(records, "全面公开、精准解读").units == ["政府办", "各相关部门"]
    assert record_holding(records, "做好重大舆情会商").units == ["宣传部"]


def test_a_two_row_header_parted_by_bar_lines() -> None:
    lines = [
        "序号 |", "公开事项 |", "公开内容 |", "公开时限 |", "公开主体 |", "公开层级 |", "||",
        "一级事项 |", "二级事项 |", "社区 |", "|||||",
        "1 |", "综合居务 |", "机构信息 |", "居民委员会名称、办公地址、办公时间等 |", "20个工作日内 |",
        "居民委员会 |", "√ |",
        "||", "2 |", "居民小组 |", "居民小组工作职责、组长联系方式等信息 |", "20个工作日内 |", "居民委员会 |", "√ |",
    ]  # fmt: skip
    records = parse_text("\n".join(lines) + "\n")
    assert record_holding(records, "居民委员会名称").units == ["居民委员会"]
    assert record_holding(records, "居民小组工作职责").units == ["居民委员会"]


def test_titles_of_rules_and_community_catalogues() -> None:
    rules = read_document(
        Path("p.txt"), matching_view(["菜单", "某某学院信息公开工作职责", "日期: 2018-11-09"]), "0" * 64
    )
    assert rules.title == "某某学院信息公开工作职责"
    catalogue = read_document(Path("p.txt"), matching_view(["某某社区居务公开事项标准目录(暂行)", "序号 |"]), "0" * 64)
    assert catalogue.title == "某某社区居务公开事项标准目录(暂行)"
    lida = read_document(Path("p.txt"), matching_view(["上海立达学院信息公开职责", "来源: 校办"]), "0" * 64)
    assert lida.region == "上海市"


def test_the_real_pages() -> None:
    assert record_with("university_xiaowu_duties", "协调处理向学校提出的信息公开申请").units == [
        "校务公开、信息公开工作办公室"
    ]
    assert record_with("university_xiaowu_duties", "负责协调和监督校务公开工作").units == ["校务公开工作监督小组"]
    assert record_with("linxia_county_guide_2024", "县政府人事任免").units == ["县政府办公室"]
    assert record_with("taonan_tasks_2019", "起草部门应将经本部门负责任人审定").units == ["市政府办公室", "司法局"]
    assert record_with("bureau_xxgk_zhidu", "抓好信息审核、信息编目").units == ["局办公室"]
    assert record_with("dongpo_community_catalog", "居民小组组长职责").units == ["东坡社区居民委员会"]
    assert not any(r.text == "强化组织保障" for r in real_records("jinzhou_county_2020"))
