"""Notices, read after the tenth held-out set's one measurement (now ``tests/real_dev11``).

A notice asks (请各单位按照…, 请涉及单位严格按照…) and announces (区政务公开办将于6月2日开展…, 市政府办公室定于3月底
对…进行复核): the units asked or announced are its paragraph's units, while what a body did (X组织开展了…检查) is
the notice's reason, not its task. A notice's own title line (X关于开展…整改的通知) is the page's title when it
carries no plan, catalogue or rule, and its issuer places it; a central body's document (住房和城乡建设部关于…) is
national, so the places its addressees name are not its own, and a past year's assessment (反馈了2022年度政务公开
测评问题清单) is no plan year. A disclosure page's metadata fields (• 索引号 X, • 发布机构 X, • 名称 X) and an
image's file name (16.jpg) are furniture. Rules: a body declared in charge (X是…的主管部门，负责…; X是…责任主体),
X会同Y (both act), a unit opening its sentence with 按/须, a paragraph under an article naming its actor
(县级以上…主管部门负责…), a later sentence's subject for a clause no other grammar gave units (…。各地各部门要…),
等17个部门 (a count, no unit), and words opening a task (全面落实国务院部门…) are no unit's name.
"""

from __future__ import annotations

from pathlib import Path

from indexer.models import Document
from indexer.parsing.fields.clause_units import acting_units, clause_units, later_subjects, notice_units
from indexer.parsing.fields.deadlines import find_inline_deadline
from indexer.parsing.fields.units import looks_like_units, parse_units
from indexer.parsing.identity.plan_year import find_year
from indexer.parsing.normalise import matching_view
from indexer.parsing.parse import parse_file
from indexer.parsing.text import is_furniture
from tests.indexer.parsing.real_pages import parse_text, real_records, record_holding

REAL_DEV11 = Path(__file__).parents[2] / "real_dev11"


def _document(tmp_path: Path, text: str) -> Document:
    path = tmp_path / "page.txt"
    path.write_text(text, encoding="utf-8")
    return parse_file(path).document


def test_a_notice_asks_and_announces() -> None:
    text = (
        "市政务公开办将于6月下旬开展正式测评,请各单位高度重视,务必在6月1日前完成整改。"
        "区政务公开办将于6月2日开展第二次测评。"
    )
    assert notice_units(text) == ["市政务公开办", "各单位", "区政务公开办"]
    assert notice_units("测评情况将纳入年度考评。") == []


def test_what_was_done_is_no_task() -> None:
    text = "为做好评估工作,市政务公开领导小组办公室组织开展了三季度检查,发现存在问题。请各单位于10月17日前整改到位。"
    assert clause_units(text).names == ["各单位"]


def test_a_notice_s_own_title_names_and_places_it(tmp_path: Path) -> None:
    text = (
        "温州市人民政府办公室关于全面推进基层政务公开标准化规范化工作的通知\n"
        "各县(市、区)人民政府,市政府直属各单位:\n"
        "为贯彻落实《浙江省人民政府办公厅关于全面推进基层政务公开标准化规范化工作的实施意见》要求,现通知如下:\n"
        "一、做好标准目录编制。各地要在2020年9月底前完成县乡两级标准目录的编制汇总工作。\n"
    )
    document = _document(tmp_path, text)
    assert document.title.startswith("温州市人民政府办公室关于")
    assert document.region == "温州市"


def test_a_central_body_s_document_is_national() -> None:
    document = parse_file(REAL_DEV11 / "zjb_gongqi_xxgk_banfa_2021.txt").document
    assert document.title.startswith("住房和城乡建设部关于印发")
    assert document.region == ""  # its addressees (北京市、天津市、上海市水务局) are not its place


def test_a_past_year_s_assessment_is_no_plan_year() -> None:
    lines = ["3月15日,市政府办公室反馈了2022年度政务公开测评问题清单;", "定于2023年3月16日召开推进会。"]
    assert find_year(lines, "某县关于召开推进会的通知", "标题", "page.txt").year != 2022
    assert find_year(_guzhen_lines(), "", "", "guzhen.txt").year == 2023


def _guzhen_lines() -> list[str]:
    """A real notice's lines in the matching view, as the year finder reads them."""
    return matching_view((REAL_DEV11 / "guzhen_zhenggai_2023.txt").read_text(encoding="utf-8").splitlines())


def test_metadata_fields_and_file_names_are_furniture() -> None:
    assert is_furniture("  • 发布机构 兰陵县政府办")
    assert is_furniture("• 名称 关于报送“政府开放日”组织开展信息的通知")
    assert is_furniture("16.jpg")
    assert not is_furniture("请各单位按照通知要求尽快组织实施。")


def test_bodies_in_charge_and_acting_together() -> None:
    assert acting_units("市、县(区)人民政府办公室是本行政区域政策解读工作的主管部门,负责推进解读工作。") == [
        "市、县（区）人民政府办公室"
    ]
    assert clause_units("政府规章,由起草部门会同司法行政部门做好解读工作。").names == ["起草部门", "司法行政部门"]
    assert acting_units("实行月度统计制度。各科室、各单位按规定的统计项目,于每月8日前报送。") == ["各科室", "各单位"]


def test_a_later_sentence_s_subject_for_a_clause_without_units() -> None:
    text = "明确总体目标要求。全面推进基层政务公开是重要举措。各地各部门要按照部署要求,按时完成标准目录编制工作。"
    assert later_subjects(text) == ["各地各部门"]
    assert parse_units("区发展改革委、区教委等17个部门").names == ["区发展改革委", "区教委"]
    assert not looks_like_units("全面落实国务院部门")


def test_a_paragraph_under_an_article_names_its_actor() -> None:
    records = parse_text(
        "第三条 住房和城乡建设部负责全国公共企事业单位信息公开的监督管理工作。\n\n"
        "县级以上地方人民政府住房和城乡建设主管部门负责本行政区域内信息公开监督管理工作。\n\n"
        "第四条 公共企事业单位是信息公开的责任主体,负责本单位具体的信息公开工作。\n"
    )
    assert record_holding(records, "本行政区域内信息公开监督管理").units == [
        "县级以上地方人民政府住房和城乡建设主管部门"
    ]


def test_the_real_notices() -> None:
    units = {tuple(r.units) for r in real_records("qingshanhu_zhenggai_2023")}
    assert {("市政务公开办", "各单位"), ("区政务公开办",)} <= units  # one task per announcing sentence (round 18)
    lanling = real_records("lanling_kaifangri_2023")
    assert all("发布机构" not in r.text for r in lanling)
    assert any(r.units == ["各单位"] and "尽快组织实施" in r.text for r in lanling)


def test_a_notice_s_dates() -> None:
    assert find_inline_deadline("并于8月30前将活动信息报县政务公开办。", 2023).date == "2023-08-30"
    assert find_inline_deadline("于3月17日下午下班前通过邮箱反馈。", 2023).date == "2023-03-17"
    assert find_inline_deadline("市政府办公室定于3月底对整改落实情况进行复核。", 2023).date == "2023-03-31"
    assert find_inline_deadline("区政务公开办将于6月2日开展第二次测评。", 2023).date == "2023-06-02"
    assert find_inline_deadline("测评情况将纳入年度考评。", 2023) is None


def test_a_lead_in_that_says_what_a_body_publishes() -> None:
    records = parse_text("第六条 集团公司公开信息,重点包含下列内容:\n(一)公司概况;\n(二)停水公告;\n")
    assert record_holding(records, "停水公告").units == ["集团公司"]
