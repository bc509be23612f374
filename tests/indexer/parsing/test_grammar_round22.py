"""Notices and a spaced catalogue, read after the thirteenth held-out set's one measurement (now ``tests/real_dev14``).

A catalogue written one cell per paragraph may wrap a cell onto a second line (出生 / 登记); a subject may put an
adverb before its modal or act with one (各相关单位一定要…, X、Y充分发挥…); a notice asks for something by a day
(于6月24日将…报送); a year that starts something (从2021年起将…纳入考核) is not the notice's year; an annex pointed
to beside a name (各有关部门（附件1）) is no part of it; 根据X要求 is a request, no subject and its modal.
"""

from __future__ import annotations

from indexer.parsing.fields.units import parse_units, subject_units
from tests.indexer.parsing.real_pages import parse_text, record_holding, record_with

_HEADER = ["序号", "公开事项", "公开内容(要素)", "公开依据", "公开时限", "公开主体", "公开渠道和载体"]
_LIMIT = "形成或者变更之日起20个工作日内予以公开"
_ROWS = [
    ["1", "出生\n登记", "出生\n登记", "受理部门、办理条件、办理流程", "《条例》", _LIMIT, "公安机关", "政府网站"],
    ["2", "收养、入籍等登记", "收养\n登记", "受理部门、所需材料", "《收养法》", _LIMIT, "公安机关", "网站", "现场"],
    ["3", "注销登记", "死亡注销", "受理部门、办理时限、收费依据", "《条例》", _LIMIT, "公安机关", "政府网站"],
]


def _spaced_catalogue() -> str:
    """Every cell a paragraph, an empty line after it, rows parted by three empty lines."""
    header = "\n\n".join(_HEADER)
    rows = "\n\n\n\n".join("\n\n".join(row) for row in _ROWS)
    return f"户籍管理领域基层政务公开标准目录\n\n{header}\n\n{rows}\n"


def test_a_cell_wrapped_onto_two_lines_does_not_end_a_spaced_catalogue() -> None:
    records = parse_text(_spaced_catalogue())
    assert record_holding(records, "办理条件、办理流程").text.startswith("出生登记")
    assert record_holding(records, "所需材料").text.startswith("收养、入籍等登记 收养登记")
    assert record_holding(records, "收费依据").text.startswith("注销登记 死亡注销")
    assert all(r.responsible_units == ["公安机关"] for r in records)


def test_an_adverb_between_the_subject_and_its_modal() -> None:
    records = parse_text(
        "一、高度重视,加强组织领导。推进基层政务公开标准化是赢得群众理解的关键。各相关单位一定要高度重视,"
        "对标公开目录,切实做好政务公开公示工作。\n"
        "二、强化督查。县政府办公室要定期通报工作进展情况。\n"
    )
    assert record_holding(records, "对标公开目录").responsible_units == ["各相关单位"]


def test_a_subject_that_acts_with_an_adverb() -> None:
    records = parse_text(
        "一、拓展公开渠道,提升服务水平。文化馆(站)、图书馆、各镇综合文化服务中心充分发挥基层阵地优势,"
        "加大政策宣传力度。\n"
        "二、强化督查。县政府办公室要定期通报工作进展情况。\n"
    )
    units = record_holding(records, "基层阵地优势").responsible_units
    assert units == ["文化馆（站）", "图书馆", "各镇综合文化服务中心"]


def test_a_day_a_notice_asks_by_and_the_year_of_its_date_line() -> None:
    records = parse_text(
        "关于征求公共文化服务领域基层政务公开标准目录意见的通知\n"
        "各县区文广旅局:\n"
        "按照省文旅厅要求,请各单位认真研究标准目录,提出修改意见。\n"
        "省文旅厅将从2021年起将公共文化服务领域基层政务公开落实情况纳入绩效考核内容,请各单位务必高度重视,"
        "于6月24日将认领情况、修改意见,报送至市局政策法规科。\n"
        "市文化广电和旅游局\n"
        "2020年6月22日\n"
    )
    assert record_holding(records, "于6月24日").deadline.date == "2020-06-24"


def test_a_request_is_no_modal() -> None:
    """根据公安部要求 asks nothing of 公安部: the subject is the one a later sentence gives its work to."""
    assert subject_units("根据公安部要求,省厅梳理了户籍管理领域的公共服务事项。") == []
    assert subject_units("各街道、各部门要对照任务清单抓好落实。") == ["各街道", "各部门"]


def test_an_annex_pointed_to_is_no_part_of_a_name() -> None:
    assert parse_units("各有关部门（附件1）").names == ["各有关部门"]
    assert parse_units("各乡镇(见附件)").names == ["各乡镇"]


def test_the_real_pages() -> None:
    assert record_with("huji_catalog_2023", "服现役注销").responsible_units == ["公安机关"]
    assert record_with("yangxian_wlj_zhinan_notice", "对标公开目录").responsible_units == ["各相关单位"]
    assert record_with("puyang_wglt_zhengqiu_notice_2020", "于6月24日").deadline.date == "2020-06-24"
    assert record_with("fujian_gat_huji_notice_2020", "细化梳理本地").responsible_units == ["市、县两级公安机关"]
    assert "各有关部门" in record_with("jianchang_zwgkr_notice_2023", "于5月11日16时前").responsible_units
