"""Each place and year clue on a few synthetic lines; every case here failed with the title-only reader."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.parsing.identity.declared import Declaration, InvalidDeclaration, declaration
from indexer.parsing.identity.metadata import read_document
from indexer.parsing.normalise import matching_view
from indexer.parsing.parse import parse_file

PLAIN_TITLE = "2022年政务公开工作要点"  # a title that names no place


def _read(text: str, name: str = "page.txt") -> tuple[str, str, int | None, str]:
    document = read_document(Path(name), matching_view(text.splitlines()), "0" * 64, name)
    return document.region, document.region_source, document.year, document.year_source


def test_title_short_city_is_completed() -> None:
    assert _read("潍坊政务公开工作要点实施方案\n一、加强公开")[:2] == ("潍坊市", "标题")


def test_title_shared_district_name_is_narrowed_by_the_text() -> None:
    text = "和平区2022年政务公开工作要点\n认真落实习近平总书记对天津工作的重要要求。"
    assert _read(text)[:2] == ("天津市和平区", "标题")


def test_shared_name_without_context_is_no_place() -> None:
    assert _read("市中区2022年政务公开工作要点\n一、加强公开")[:2] == ("", "")


def test_title_quotes_a_superior_plan_and_the_signature_names_the_place() -> None:
    text = "贯彻落实《2025年山东省政务公开工作要点》实施方案\n正文。\n淄博市博山区人民政府办公室\n2025年3月1日"
    assert _read(text)[:2] == ("淄博市博山区", "落款")


def test_notice_issuer_after_its_number() -> None:
    text = f"(失效)西政办发〔2017〕14号 北京市西城区人民政府办公室关于印发{PLAIN_TITLE}的通知\n{PLAIN_TITLE}"
    assert _read(text)[:2] == ("西城区", "发文机关")


def test_issuer_line_before_a_date_is_the_signature() -> None:
    text = f"{PLAIN_TITLE}\n现印发给你们。\n西充县人民政府办公室\n2017年7月27日"
    assert _read(text)[:2] == ("西充县", "落款")


def test_issuer_body_never_swallows_an_unknown_district() -> None:
    """重庆市 followed by a district the gazetteer lacked must not read as a bureau of 重庆市."""
    assert _read(f"{PLAIN_TITLE}\n重庆市某某区人民政府办公室\n2020年6月2日")[:2] == ("", "")


def test_metadata_pipe_row_in_traditional_characters_with_pinyin() -> None:
    text = f"| 文件編號: | 發(fā)布機構(gòu): | 安吉縣人民政府 | |\n{PLAIN_TITLE}"
    assert _read(text)[:2] == ("安吉县", "发布机构")


def test_metadata_source_line() -> None:
    assert _read(f"来源:北京市大兴区人民政府网站日期:2018-08-20\n{PLAIN_TITLE}")[:2] == ("大兴区", "发布机构")


def test_provincial_body_belongs_to_the_province() -> None:
    assert _read(f"发布机构: 广东省卫生健康委员会\n{PLAIN_TITLE}")[:2] == ("广东省", "发布机构")


def test_document_number_abbreviation_of_one_city() -> None:
    assert _read(f"潍政办发〔2017〕3号\n{PLAIN_TITLE}")[:2] == ("潍坊市", "文号")


def test_document_number_abbreviation_inside_the_place_named() -> None:
    text = f"西政办发〔2017〕14号\n{PLAIN_TITLE}\n按照北京市有关要求推进。"
    assert _read(text)[:2] == ("西城区", "文号")


@pytest.mark.parametrize("number", ["西政办发〔2017〕14号", "(国办发〔2022〕8号)", "宁政办发〔2020〕1号"])
def test_ambiguous_national_or_cited_numbers_give_no_place(number: str) -> None:
    assert _read(f"{number}\n{PLAIN_TITLE}")[:2] == ("", "")


def test_unit_in_the_text_carries_its_city() -> None:
    text = f"{PLAIN_TITLE}\n加强金融政策信息公开。市金融办、人民银行潍坊市中心支行分别牵头落实"
    assert _read(text)[:2] == ("潍坊市", "正文单位")


def test_own_level_word_and_zones_name_the_city() -> None:
    text = f"各县、市、区人民政府,荆州经开区,荆州高新区:\n结合我市实际,制定全市清单。\n{PLAIN_TITLE}"
    assert _read(text)[:2] == ("荆州市", "正文")


def test_a_city_unit_is_no_place_for_a_county_text() -> None:
    text = f"{PLAIN_TITLE}\n全县政务公开工作。按照潍坊市财政局要求,我县各部门落实。"
    assert _read(text)[:2] == ("", "")


def test_the_subject_wins_over_the_poster_it_contains() -> None:
    text = "| 发布机构: | 安吉县人民政府 |\n2022年全市政务公开工作。\n(牵头单位:湖州市发展改革委)\n全市推进。"
    assert _read(text)[:2] == ("湖州市", "正文单位")


def test_file_name_with_chinese_place_words() -> None:
    assert _read("一、加强公开\n(一)做好解读。", "2025_博山区_实施方案.txt")[:2] == ("博山区", "文件名")


def test_unknown_place_name_is_refused() -> None:
    assert _read("测试区2024年政务公开工作要点\n一、加强公开")[:2] == ("", "")


def test_a_county_short_name_never_starts_a_place() -> None:
    """南太湖新区 holds 太湖 (太湖县's short form): not a place of this text."""
    assert _read(f"{PLAIN_TITLE}\n全市推进。南太湖新区管委会负责落实。")[:2] == ("", "")


def test_plan_year_from_the_text() -> None:
    assert _read("一、总体要求\n2017年全县政务公开工作的总体要求是:全面贯彻。")[2:] == (2017, "正文")


def test_year_from_page_metadata_date() -> None:
    assert _read("发文日期: 2021年03月16日\n一、加强公开")[2:] == (2021, "发文日期")


def test_year_from_the_signature_date() -> None:
    assert _read("一、加强公开\n西充县人民政府办公室\n2017年7月27日")[2:] == (2017, "落款")


def test_upload_date_of_a_sharing_site_is_no_year() -> None:
    assert _read("- 上传时间:2022-12-15\n一、加强公开")[2:] == (None, "")


def test_declared_place_and_year_win(tmp_path: Path) -> None:
    path = tmp_path / "2019年和平区政务公开工作要点.txt"
    path.write_text("2019年和平区政务公开工作要点\n一、加强公开\n(一)公开预算。(区财政局负责，9月底前完成)\n", "utf-8")
    parsed = parse_file(path, declared=declaration("沙市", "2025"))
    document = parsed.document
    assert (document.region, document.region_source, document.year, document.year_source) == (
        "荆州市沙市区",
        "运维声明",
        2025,
        "运维声明",
    )
    assert {(r.region, r.year, r.deadline.date) for r in parsed.records} == {("荆州市沙市区", 2025, "2025-09-30")}


@pytest.mark.parametrize(
    ("region", "expected"),
    [
        ("潍坊", "潍坊市"),
        ("广东省", "广东省"),
        ("北京市西城区", "西城区"),
        ("济宁高新区", "济宁高新区"),
        ("重庆高新区", "重庆高新区"),
        (" ", None),
    ],
)
def test_declared_region_is_completed(region: str, expected: str | None) -> None:
    assert declaration(region).region == expected


@pytest.mark.parametrize(
    ("region", "year", "message"),
    [("测试区", None, "不在全国行政区划表中"), ("和平区", None, "对应多个地方"), (None, "20x5", "年份")],
)
def test_invalid_declarations_say_why(region: str | None, year: str | None, message: str) -> None:
    with pytest.raises(InvalidDeclaration, match=message):
        declaration(region, year)


def test_empty_declaration_is_false() -> None:
    assert not Declaration() and Declaration(year=2025)


def test_a_street_named_after_a_city_is_no_place() -> None:
    assert _read("北京路街道2022年政务公开工作要点\n一、加强公开")[:2] == ("", "")


def test_a_place_of_the_own_level_named_once_is_no_place() -> None:
    """One passing mention (学习借鉴…经验) is not the document's place; a unit or a second mention would be."""
    text = f"{PLAIN_TITLE}\n全区推进。学习借鉴杭州市西湖区经验,全区落实。"
    assert _read(text)[:2] == ("", "")


def test_a_unit_cell_above_a_deadline_cell_is_no_signature() -> None:
    assert _read(f"{PLAIN_TITLE}\n公开预算\n威海市财政局\n2017年6月底前\n全县推进")[:2] == ("", "")


def test_a_source_inside_a_sentence_is_no_page_metadata() -> None:
    assert _read(f"{PLAIN_TITLE}\n资金来源:潍坊市财政局拨付")[:2] == ("潍坊市", "正文单位")  # a unit, not 发布机构


# The document's own level from its bodies written with the level word alone, and what that level decides.


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("市政府办公室、各县(市)区政府、市政府各部门负责落实", "市"),  # own bodies + addressees one level down
        ("各市人民政府,省政府各厅委:\n(各市政府、省政府各部门负责落实)(省审计厅牵头落实)", "省"),
        ("区数据资源局、区投资促进局等相关区直部门、各镇(办)", "区"),
        ("(县编办牵头落实)(县民政局牵头落实)", "县"),
        ("经市政府同意。营口市政府各部门、营口市审计局牵头落实", None),  # 经 | 市政府 is no body; 营口市… is a name
        ("加强市场监管局、区域协调", None),  # 市场, 区域 are words, not level words
    ],
)
def test_own_bodies_and_addressees_give_the_level(text: str, level: str | None) -> None:
    from indexer.parsing.identity.place import _self_level

    assert _self_level(text) == level


def test_a_province_quoted_by_a_city_plan_is_not_its_subject() -> None:
    """营政办 is 营口; 《辽宁省人民政府办公厅…》 is the superior's plan, and the text's own bodies are a city's."""
    text = (
        "关于印发贯彻落实省政府办公厅2016年政务公开工作要点的通知\n营政办〔2016〕95号\n"
        "各县(市)区人民政府,市政府各部门:\n为贯彻落实《辽宁省人民政府办公厅关于贯彻落实的实施方案》精神。\n"
        "(一)推进行政决策公开。市政府办公室、各县(市)区政府、市政府各部门负责落实\n"
        "推进审计结果公开。市审计局牵头落实"
    )
    assert _read(text)[:2] == ("营口市", "文号")


def test_a_number_shared_by_a_province_and_cities_is_narrowed_by_the_level() -> None:
    """辽 is 辽宁 and begins 辽阳, 辽源: a text addressed to 各市人民政府 and 省政府各厅委 is the province's."""
    text = (
        "辽政办〔2016〕23号\n某某办公厅关于贯彻落实2016年政务公开工作要点的实施方案\n各市人民政府,省政府各厅委:\n"
        "(一)推进决策公开。(各市政府、省政府各部门负责落实)(省审计厅牵头落实)"
    )
    assert _read(text)[:2] == ("辽宁省", "文号")


def test_a_province_number_in_a_city_text_is_no_place() -> None:
    text = "辽政办〔2016〕23号\n2016年政务公开工作要点\n(一)推进决策公开。(市政府办公室、市政府各部门负责落实)"
    assert _read(text)[:2] == ("", "")


def test_a_municipality_zone_in_the_title_is_the_zone() -> None:
    """重庆 is a province-level city: 重庆高新区 is its zone, as 济宁高新区 is 济宁's (not the whole of 重庆市)."""
    text = "重庆高新区贯彻落实国务院办公厅2021年政务公开工作要点任务分解表\n工作任务\n牵头单位"
    assert _read(text)[:2] == ("重庆高新区", "标题")


def test_a_province_before_a_zone_word_is_still_the_province() -> None:
    assert _read("广东省新区建设2022年政务公开工作要点\n一、加强公开")[:2] == ("广东省", "标题")


def test_a_number_cited_from_a_body_of_the_own_level_names_the_place() -> None:
    """No number of its own: 市政务公开领导小组 is the city's own body (bare 市, a city text), so 徐政公开发 is 徐州."""
    text = (
        f"{PLAIN_TITLE}\n根据市政务公开领导小组《关于印发准备工作方案的通知》(徐政公开发〔2008〕1号)的要求,"
        "对全市工作进行总结。\n责任单位:市政府办公室,市政府各部门、各县(市)区政府。"
    )
    assert _read(text)[:2] == ("徐州市", "文号")


@pytest.mark.parametrize(
    "cited",
    [
        "省政府办公厅《关于印发实施方案的通知》(辽政办〔2016〕23号)",  # the superior's body: 省 in a city text
        "《国务院办公厅关于印发要点的通知》(国办发〔2016〕19号)",  # no own body before it
    ],
)
def test_a_number_cited_from_another_level_is_no_place(cited: str) -> None:
    text = f"{PLAIN_TITLE}\n为贯彻落实{cited}精神。\n(市政府办公室、市政府各部门负责落实)"
    assert _read(text)[:2] == ("", "")


def test_a_slogan_on_the_own_place_names_it() -> None:
    """相山 names one place, a 区, and the text's own bodies are a district's (区直部门, 区X局)."""
    text = (
        "工作任务 |\n聚焦建设“美好相山”、推动科技创新,及时发布政策信息。 |\n各区直部门、各镇(办)、经开区 |\n"
        "区数据资源局、区投资促进局等相关区直部门 |"
    )
    assert _read(text)[:2] == ("淮北市相山区", "正文")


@pytest.mark.parametrize(
    "slogan",
    [
        "“平安相山”",  # right slogan, but the text gives no level of its own
        "“美好长安”",  # 长安区 in 西安 and in 石家庄
        "“美好营口”",  # a city in a district's text
        "“平安西城”,学习北京市东城区",  # another district of the own level is named beside it
    ],
)
def test_a_slogan_without_one_place_of_the_own_level_is_no_place(slogan: str) -> None:
    own = "" if "相山" in slogan else "\n区数据资源局、区投资促进局等相关区直部门 |"
    assert _read(f"{PLAIN_TITLE}\n聚焦建设{slogan}。{own}")[:2] == ("", "")


def test_a_quoted_superior_never_overrides_the_own_number_without_level_words() -> None:
    text = f"营政办〔2016〕95号\n{PLAIN_TITLE}\n为贯彻落实《辽宁省人民政府办公厅关于贯彻落实的实施方案》精神。"
    assert _read(text)[:2] == ("营口市", "文号")


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("正文\n黄石市市场监督管理局政府信息主动公开基本目录\n一级", "黄石市市场监督管理局政府信息主动公开基本目录"),
        ("首页 > 政务公开\n兰州市政府信息公开指南\n一、主动公开", "兰州市政府信息公开指南"),
        ("凤屯镇政务公开事项标准目录\n序号 | 事项", "凤屯镇政务公开事项标准目录"),
        # an entry of a catalogue, numbered, is never its title
        ("目录\n3.政府信息公开指南\n4.政府信息公开制度", "page"),
        ("(二)政府文件信息领域基层政务公开标准目录\n序号", "page"),
    ],
)
def test_a_catalogue_or_guide_names_itself_in_its_header(text: str, title: str) -> None:
    document = read_document(Path("page.txt"), matching_view(text.splitlines()), "0" * 64, "page.txt")
    assert document.title == title


def test_a_catalogue_title_names_the_place() -> None:
    assert _read("正文\n黄石市市场监督管理局政府信息主动公开基本目录\n政策 | 规范性文件")[:2] == ("黄石市", "标题")
