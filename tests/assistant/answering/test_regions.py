"""Places: a knowledge base mixing city-, county-, zone- and province-level documents, and documents of no known
place. No alias can be empty or one character (issue 23: an empty alias is in every question)."""

from __future__ import annotations

import pytest

from assistant.answering.regions import RegionIndex
from indexer.gazetteer import Gazetteer
from indexer.models import Document

REGIONS = ["潍坊市", "中山市", "荆州市", "济南市章丘区", "博山区", "济宁高新区", "广东省", "北京市", "西城区", ""]


def _document(region: str) -> Document:
    return Document(f"doc-{region or 'unknown'}", f"{region}政务公开工作要点", region, 2024, None, None, "x", "0")


@pytest.fixture(scope="module")
def regions() -> RegionIndex:
    return RegionIndex([_document(r) for r in REGIONS], Gazetteer.load())


def test_no_covered_region_has_an_empty_or_one_character_alias(regions):
    assert all(len(alias) >= 2 for covered in regions.covered for alias in covered.aliases)


@pytest.mark.parametrize(
    "question", ["低保标准调整了会不会在网上公布啊", "政策解读工作指引谁牵头？", "哪些任务9月底前要完成"]
)
def test_a_question_naming_no_place_is_scoped_to_no_place(regions, question):
    assert regions.resolve(question).regions == ()


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("潍坊的财政信息谁公开", ("潍坊市",)),
        ("中山市就业政策谁负责", ("中山市",)),
        ("章丘区人社局今年有啥活要干", ("济南市章丘区",)),
        ("济宁高新区惠企通平台谁负责", ("济宁高新区",)),
        ("博山区买房子有没有补贴", ("博山区",)),
        ("西城区PPP项目谁负责落实", ("西城区",)),
    ],
)
def test_city_county_and_zone_documents_are_found_by_their_names(regions, question, expected):
    assert regions.resolve(question).regions == expected


def test_a_province_reaches_its_own_documents_and_those_of_its_cities_and_counties(regions):
    assert set(regions.resolve("广东省卫健委疫苗接种信息谁负责").regions) == {"广东省", "中山市"}
    assert set(regions.resolve("北京的冬奥会场馆信息谁负责").regions) == {"北京市", "西城区"}
    assert set(regions.resolve("北京市西城区财政预决算").regions) == {"西城区"}  # the most specific place wins


def test_a_province_or_city_knows_which_documents_are_its_own(regions):
    """北京 asked: 北京市's plan is its own, 西城区's is inside it (answered first from the own one)."""
    assert regions.resolve("北京的冬奥会场馆信息谁负责").own == ("北京市",)
    assert regions.resolve("广东省卫健委疫苗接种信息谁负责").own == ("广东省",)
    assert regions.resolve("博山区买房子有没有补贴").own == ("博山区",)


def test_a_place_no_document_covers_is_named_as_missing(regions):
    scope = regions.resolve("营口市审计结果公开是哪个部门牵头？")
    assert scope.missing == "营口市" and scope.regions == ()


@pytest.mark.parametrize(
    ("question", "missing"),
    [
        ("医保定点医药机构名单啥时候公开", None),
        ("其中区党政办公室的任务有哪些", None),
        ("去保定看病报销谁负责", "保定市"),
    ],
)
def test_a_place_name_counts_only_where_a_word_starts(regions, question, missing):
    """保定 inside 医保定点, 中区 inside 其中区: a place's name inside another word names no place."""
    assert regions.resolve(question).missing == missing


def test_a_zone_name_shared_by_a_city_and_a_municipality_reaches_both():
    """高新区 alone is 济宁高新区 and 重庆高新区 alike; 重庆 is a municipality (province level), so its zone is
    placed under the province and answers to its own name too."""
    index = RegionIndex([_document(r) for r in ["济宁高新区", "重庆高新区", "重庆市"]], Gazetteer.load())
    assert set(index.resolve("高新区十四五规划纲要谁负责公开？").regions) == {"济宁高新区", "重庆高新区"}
    assert index.resolve("重庆高新区规划纲要谁负责").regions == ("重庆高新区",)
    assert set(index.resolve("重庆的规划纲要谁负责").regions) == {"重庆市", "重庆高新区"}
    assert index.label("重庆高新区") == "重庆市高新区"
