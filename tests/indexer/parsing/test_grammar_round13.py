"""Grammars widened in parser round 13, on the development sets' catalogue pages.

A table written one cell per paragraph, where an empty cell leaves one more empty line, has a row every
header-width cells when that reading puts a unit under every unit column; a row cut before its unit cell is no
row. 内容规范 is a note beside a catalogue item, not its text. A catalogue title may open with its year. A
site's banner (X基层政务公开平台) names the page's place. A run of short clauses numbered from 1 written one per
line is one cell. A catalogue's legend (主要依据 cited alone, 责任主体：…, 公开时限：…, 概述) is no task. A
rolling limit may follow its event without 后 (关联规范性文件公开3个工作日内). A site path of 栏目 is a note value. A
sequence number the row already holds (工作事项 and 公开内容 each numbered 1, 2 …) stays in the row.
Tested on invented lines in each grammar and on the real pages.
"""

from __future__ import annotations

from pathlib import Path

from indexer.parsing.fields.deadlines import is_deadline_phrase
from indexer.parsing.identity.metadata import read_document
from indexer.parsing.normalise import matching_view
from indexer.parsing.tables.cell_roles import cell_kind
from indexer.parsing.tables.columns import header_roles
from tests.indexer.parsing.real_pages import parse_text, real_records, record_holding, record_with

# fmt: off
_SPACED = "\n\n".join([
    "公开事项", "公开内容", "内容规范", "公开主体", "公开时限",
    "机构职能", "机构设置、部门职能、办公地址、办公时间、联系方式等信息", "-", "办公室", "20个工作日内",
    "领导信息", "本部门负责人姓名、分管工作、简历等信息", "需公开领导分工", "人事科", "20个工作日内",
    "规范性文件", "本部门制定的规范性文件全文及解读材料",
]).replace("\n\n-\n\n", "\n\n\n")  # an empty cell: one more empty line
# fmt: on


def test_spaced_cells_with_an_empty_cell_are_cut_every_header_width() -> None:
    records = parse_text(_SPACED)
    assert record_holding(records, "机构设置、部门职能").units == ["办公室"]
    assert record_holding(records, "本部门负责人姓名").units == ["人事科"]
    assert not any("规范性文件全文" in r.text and r.units for r in records)  # cut before its unit cell


def test_a_content_standard_is_a_note() -> None:
    roles = header_roles(["目录类别", "公开事项", "内容规范", "公开主体", "公开时限"])
    assert roles == ["task", "requirement", "note", "responsible", "deadline"]


def test_a_catalogue_title_opening_with_its_year() -> None:
    lines = ["当前位置: 首页", "", "2024年某某县交通运输局主动公开基本目录", "", "目录类别"]
    assert read_document(Path("page.txt"), lines, "0").title == "2024年某某县交通运输局主动公开基本目录"


def test_a_site_banner_names_the_place() -> None:
    lines = matching_view(["无障碍浏览", "", "苏尼特左旗基层政务公开平台", "", "交通运输领域基层政务公开标准目录"])
    document = read_document(Path("page.txt"), lines, "0" * 64)
    assert (document.region, document.region_source) == ("苏尼特左旗", "网站")


def test_numbered_clauses_one_per_line_are_one_cell() -> None:
    records = parse_text(
        "\n\n".join(
            [
                "序号", "公开事项", "公开内容", "公开时限", "公开主体",
                "1", "公路建设", "1.农村公路建设计划;", "2.农村公路建设补助信息;", "3.农村公路验收情况。",
                "20个工作日内", "交通运输局",
                "2", "道路运输", "道路运输经营许可的办理结果", "20个工作日内", "运管所",
            ]
        )
    )  # fmt: skip
    assert record_holding(records, "1.农村公路建设计划; 2.农村公路建设补助信息; 3.").units == ["交通运输局"]


def test_a_catalogue_legend_is_no_task() -> None:
    records = parse_text(
        "一、主要依据\n（一）《中华人民共和国政府信息公开条例》;\n（二）某市政府信息公开有关规定;\n"
        "二、责任主体、公开时限\n（一）责任主体:某镇人民政府\n（二）公开时限:信息形成之日起20个工作日内公开。\n"
        "三、工作任务\n（一）及时公开财政预决算信息，按季度更新。\n"
    )
    assert [r.text for r in records] == ["及时公开财政预决算信息，按季度更新。"]


def test_rolling_limits_and_site_paths() -> None:
    assert is_deadline_phrase("关联规范性文件公开3个工作日内")
    assert not is_deadline_phrase("规范性文件公开3个工作日内完成解读")
    assert cell_kind("政府信息公开平台—政策—政策解读") == "blank"
    assert cell_kind("政策解读") == "title"


def test_the_real_pages() -> None:
    assert record_with("wenshang_jtj_2024", "公开领导信息以及部门基本信息").units == ["办公室", "机关党建科"]
    assert record_with("wenshang_jtj_2024", "政府信息公开工作机构的名称").units == ["办公室"]
    assert record_with("sunitezuoqi_jtj_catalog", "农村公路建设项目施工情况").units == ["交通运输局"]
    assert record_with("baoan_town_catalog_trad", "非政策類的通知公告文件").units == ["黨政辦"]
    assert record_with("baoan_town_catalog_trad", "含文字解讀").deadline.raw == "關聯規范性文件公開3個工作日內"
    assert not any(r.text.startswith(("概述", "責任主體", "《")) for r in real_records("sanjiao_town_catalog_trad"))
    forestry = real_records("forestry_admin_catalog")
    assert (
        record_holding(list(forestry), "机关各司局、各相关单位职能简介").deadline.raw == "形成或变更之日起20个工作日内"
    )
    assert not any(r.text in ("机构设置", "领导简介", "政策") for r in forestry)
