"""Titles and names of rule pages, read after the ninth held-out set (now ``tests/real_dev10``).

A rule or duty list names itself in a line of its own (X公司信息公开办法, X省城市社区居务公开民主管理办法,
信息公开程序), never in a numbered item or one that opens with its verb (（三）建立健全…制度); a title starting
with its subject (信息公开实施办法) takes the issuer printed alone above it; a page with no title line is named by
its breadcrumb's last step (首页 > 信息制度 > X公司信息公开工作制度), but a plan's breadcrumb ends with its
column and never replaces the plan's title. Variant forms OpenCC leaves alone (陜) meet the gazetteer. "X及其Y" is
one body with its dependents (县人民政府及其派出机构), and a unit carried down from the item above is given back
in the page's own characters. A procedure's step names who drafts and who approves (由X提出…，报Y审查批准; 经X审议),
and a bracket right after a unit's kind, the sentence going on, is part of its name (各学院(研究院)应当…).
"""

from __future__ import annotations

from pathlib import Path

from indexer.models import Document
from indexer.parsing.fields.clause_units import clause_units
from indexer.parsing.fields.units import parse_units
from indexer.parsing.parse import parse_file
from tests.indexer.parsing.real_pages import parse_text, real_records, record_holding

REAL_DEV10 = Path(__file__).parents[2] / "real_dev10"
REAL_DEV = Path(__file__).parents[2] / "real_dev"


def _document(tmp_path: Path, text: str) -> Document:
    path = tmp_path / "page.txt"
    path.write_text(text, encoding="utf-8")
    return parse_file(path).document


def test_a_rule_names_itself_in_a_line_of_its_own(tmp_path: Path) -> None:
    body = "第一条 为规范信息公开工作，制定本办法。\n第二条 公司办公室负责信息公开日常工作。\n"
    assert _document(tmp_path, "某某科技公司信息公开办法\n" + body).title == "某某科技公司信息公开办法"
    assert _document(tmp_path, "某省城市社区居务公开民主管理办法\n" + body).title == "某省城市社区居务公开民主管理办法"
    assert _document(tmp_path, "信息公开程序\n" + body).title == "信息公开程序"


def test_an_item_or_a_verb_line_is_no_title(tmp_path: Path) -> None:
    body = "第一条 为规范信息公开工作，制定本办法。\n第二条 公司办公室负责信息公开日常工作。\n"
    assert _document(tmp_path, "（三）建立健全信息公开保密审查制度\n" + body).title == "page"
    assert _document(tmp_path, "建立健全信息公开保密审查制度\n" + body).title == "page"


def test_a_title_starting_with_its_subject_takes_the_issuer_above(tmp_path: Path) -> None:
    text = "某某(北京)软件\n信息公开实施办法\n一、目的\n为落实有关要求，制定本办法。\n"
    assert _document(tmp_path, text).title == "某某(北京)软件信息公开实施办法"
    text = "当前位置: 首页 > 综合新闻 > 信息公开\n信息公开程序\n(一)起草。各部门起草信息发布文件。\n"
    assert _document(tmp_path, text).title == "信息公开程序"


def test_a_breadcrumb_names_a_page_without_a_title_line(tmp_path: Path) -> None:
    text = "首页 > 信息制度 > 某某集团有限公司信息公开工作制度 >\n第一章 总则\n第一条 为规范信息公开，制定本制度。\n"
    assert _document(tmp_path, text).title == "某某集团有限公司信息公开工作制度"


def test_real_rule_pages_are_titled_and_placed() -> None:
    assert parse_file(REAL_DEV10 / "shengshunda_company_xxgk_trad.txt").document.title == "盛順達公司信息公開辦法"
    assert (
        parse_file(REAL_DEV10 / "taizhou_soe_xxgk_zhidu.txt").document.title
        == "泰州太阳集团投资有限公司信息公开工作制度"
    )
    shaanxi = parse_file(REAL_DEV10 / "shaanxi_juwu_banfa_2017_trad.txt").document
    assert (shaanxi.title, shaanxi.region) == ("陜西省城市社區居務公開民主管理辦法", "陜西省")


def test_a_plan_s_breadcrumb_ends_with_its_column_not_its_title() -> None:
    document = parse_file(REAL_DEV / "shenyang_2017.txt").document
    assert document.title == "沈阳市2017年政务公开工作要点任务明细表"


def test_a_body_and_its_dependents_are_one_unit() -> None:
    assert parse_units("县（市、区）人民政府及其派出机构").names == ["县（市、区）人民政府及其派出机构"]
    assert parse_units("区财政局及区人社局").names == ["区财政局", "区人社局"]


def test_a_unit_carried_down_keeps_the_page_s_characters() -> None:
    records = [r for r in real_records("shaanxi_juwu_banfa_2017_trad") if "督促檢查城市社區" in r.text]
    assert records and records[0].units == ["縣（市、區）人民政府及其派出機構"]


def test_a_procedure_step_names_who_drafts_and_who_approves() -> None:
    found = clause_units("局门户网站信息发布均由承办科(室)提出初审意见后,报局分管保密工作的领导审查批准。")
    assert found.names == ["承办科（室）", "局分管保密工作的领导"]
    found = clause_units("对群众要求公开的其他事项,由相关部门提出意见,经监督小组和政府审议后公开。")
    assert found.names == ["相关部门", "监督小组", "政府"]
    assert clause_units("经保密审查不能公开的信息应说明理由。").names == []


def test_an_approver_stands_beside_the_step_s_own_actor() -> None:
    found = clause_units("考核组起草年度考核方案,经政府领导审定后发文部署。")
    assert found.names == ["考核组", "政府领导"]
    record = next(r for r in real_records("tieling_zrzyj_baomi_2021") if "依申请公开信息" in r.text)
    assert record.units == ["承办科（室）局", "分管领导", "主要领导"]


def test_a_bracket_inside_a_name_is_no_marker() -> None:
    records = parse_text(
        "第三条 各部门、各学院(研究院)应当建立健全信息发布协调机制。\n第四条 做好信息公开工作（校办公室）。\n"
    )
    assert record_holding(records, "信息发布协调机制").units == ["各部门", "各学院（研究院）"]
    assert record_holding(records, "做好信息公开工作").units == ["校办公室"]
