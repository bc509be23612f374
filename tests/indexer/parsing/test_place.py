"""Every real page, shipped document and layout corpus gets its right place (or none) and year, with the clue.

The expectations were written by reading each page (``../shared/real``,
``../shared/real2``): the place the page itself states, or ``""`` where it
never names one — unknown is acceptable, a wrong place never is.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from indexer.parsing.parse import parse_file

ROOT = Path(__file__).resolve().parents[3]
SHARED = ROOT.parent / "shared"

# file: (region, region source, year, year source)  # why, as read on the page
REAL = {
    "real/beijing_2018.txt": ("北京市", "标题", 2018, "标题"),  # title 北京市2018年…; signed 北京市人民政府办公厅
    "real/chizhou_xfj.txt": ("", "", None, ""),  # a bare task table: no place or year in the excerpt
    "real/county_bureau_trad.txt": ("", "", None, ""),  # only 縣政府 / 我局: the county is never named
    "real/jiangmen_land_center.txt": ("江门市", "正文单位", None, ""),  # follows 《江门市政府系统…细则》: a city centre
    "real/town_bzqc.txt": ("", "", None, ""),  # only 本镇: the town is never named
    "real/weifang_2017.txt": ("潍坊市", "标题", 2017, "标题"),  # title 潍坊政务公开… (short), then 潍坊市2017年…
    "real/weihai_commerce_2017.txt": ("威海市", "正文单位", 2017, "正文"),  # run-on first line 威海市商务局 2017 年…
    "real/xicheng_2017.txt": ("西城区", "标题", 2017, "标题"),  # 北京市西城区2017年…: a municipality's district
    "real2/beijing_2017_sx.txt": ("", "", 2017, "文件名"),  # 市政府办公厅/各区政府 only: 北京 is never written
    "real2/daxing_2018.txt": ("大兴区", "标题", 2018, "标题"),  # title 大兴区2018年…; issuer 北京市大兴区…
    "real2/guangdong_wsjkw_2021.txt": ("广东省", "标题", 2021, "标题"),  # 名称: 广东省卫生健康委…: a provincial body
    "real2/guizhou_2017_garbled.txt": ("贵州省", "标题", 2017, "通知"),  # title 贵州?017年…; signed 贵州省…办公厅
    "real2/guizhou_2020.txt": ("贵州省", "正文", 2020, "文件名"),  # 全省/省直各部门 + 《贵州省权力清单…》; no plan year
    "real2/heping_tj_2022.txt": ("天津市和平区", "标题", 2022, "标题"),  # 和平区 (3 in China) + 天津 in the text
    "real2/huzhou_2022_trad.txt": (
        "湖州市",
        "正文单位",
        2022,
        "正文",
    ),  # 全市 + 湖州市政府…; 安吉縣 only posted it
    "real2/jingzhou_2022.txt": ("荆州市", "正文", 2022, "标题"),  # spam title; 我市/全市 + 荆州经开区, 荆州高新区
    "real2/shanwei_scjgj_2024.txt": (
        "汕尾市",
        "标题",
        2024,
        "标题",
    ),  # title 汕尾市市场监督管理局 政务公开工作要点分工方案(2024年版)
    "real2/xichong_2017.txt": ("西充县", "标题", 2017, "标题"),  # title 西充县2017年…
    "real2/xingyi_2021.txt": ("兴义市", "标题", 2021, "标题"),  # title 兴义市2021年…
    "real2/yunnan_dept_2017.txt": ("", "", 2017, "文件名"),  # 省编办/各州、市人民政府 only: 云南 is never written
}
# tests/real_dev (read on the page only; the URL in its README is no part of the page)
REAL_DEV = {
    "baotou_szfb_catalog.txt": ("", "", None, ""),  # only 市人民政府办公室: the city is never named
    "chongqing_gxq_2021.txt": ("重庆高新区", "标题", 2021, "标题"),  # title 重庆高新区…: a zone of 重庆
    "cityoffice_zhidu_trad.txt": ("", "", None, ""),  # only 市政府辦公室: the city is never named
    "county_jyj_catalog.txt": ("", "", None, ""),  # only 县教育局 / 县人民政府网站: the county is never named
    "county_xx_trad_shuffled.txt": ("", "", None, ""),  # every name replaced by xx
    "guangxi_njfwzx.txt": ("", "", None, ""),  # only 桂农机办: 桂 is 广西 or 桂林, and no level word decides
    "heihe_2021.txt": ("黑河市", "标题", 2021, "标题"),  # title 黑河市…2021年…
    "huaibei_xiangshan.txt": ("淮北市相山区", "正文", None, ""),  # 区直部门, 区X局 + 建设“美好相山”; no year
    "lanzhou_guide.txt": ("兰州市", "标题", None, ""),  # a guide names itself: 兰州市政府信息公开指南; no plan year
    "liaoning_2016.txt": ("辽宁省", "文号", 2016, "标题"),  # 辽政办 (辽宁, 辽阳, 辽源) + 各市政府, 省政府各部门
    "shenyang_2017.txt": (
        "沈阳市",
        "标题",
        2017,
        "标题",
    ),  # title from the notice: 关于印发沈阳市2017年政务公开工作要点任务明细表的通知
    "wujiaqu_guide.txt": ("五家渠市", "标题", None, ""),  # guide title 第六师五家渠市政务信息公开指南; no plan year
    "xuancheng_2020_trad.txt": ("宣城市", "标题", 2020, "发文日期"),  # title from the notice: 宣城市全面推進…實施方案
    "xuanzhou_catalog.txt": ("", "", None, ""),  # a department's catalogue that names no place
    "xuzhou_2008.txt": ("徐州市", "文号", 2008, "文件名"),  # 全市 + 市政务公开领导小组《…》(徐政公开发…)
    "yingkou_2016.txt": (
        "营口市",
        "文号",
        2016,
        "标题",
    ),  # 营政办 + 市政府各部门, 市审计局; year from the notice's title
    "zigong_2022.txt": ("自贡市", "标题", 2022, "标题"),  # title 自贡市2022年…方案, after its date
}
SHIPPED = {
    "2020_济南市市中区_政务公开工作要点.md": ("济南市市中区", 2020),
    "2024_济南市章丘区_政务公开工作要点.md": ("济南市章丘区", 2024),
    "2025_博山区_贯彻落实省政务公开工作要点实施方案.txt": ("博山区", 2025),
    "2025_济南市市中区_政务公开工作要点.txt": ("济南市市中区", 2025),
    "2025_济宁高新区_政务公开任务分解表.txt": ("济宁高新区", 2025),
}
LAYOUT_CORPORA = [ROOT / "tests" / f"layouts{suffix}" for suffix in ("", "_b", "_c", "_d", "_holdout")]


@pytest.mark.skipif(not (SHARED / "real2").is_dir(), reason="../shared is not checked out here")
@pytest.mark.parametrize("name", sorted(REAL))
def test_real_page_place_and_year(name: str) -> None:
    document = parse_file(SHARED / name).document
    found = (document.region, document.region_source, document.year, document.year_source)
    assert found == REAL[name]


@pytest.mark.parametrize("name", sorted(REAL_DEV))
def test_real_dev_page_place_and_year(name: str) -> None:
    document = parse_file(ROOT / "tests" / "real_dev" / name).document
    found = (document.region, document.region_source, document.year, document.year_source)
    assert found == REAL_DEV[name]


def test_every_real_dev_page_is_listed() -> None:
    assert {p.name for p in (ROOT / "tests" / "real_dev").glob("*.txt")} == set(REAL_DEV)


def test_every_real_page_is_listed() -> None:
    if not (SHARED / "real2").is_dir():
        pytest.skip("../shared is not checked out here")
    pages = {f"{p.parent.name}/{p.name}" for d in ("real", "real2") for p in (SHARED / d).glob("*.txt")}
    assert pages == set(REAL)


@pytest.mark.parametrize("name", sorted(SHIPPED))
def test_shipped_documents_keep_their_regions(name: str) -> None:
    document = parse_file(ROOT / "knowledge_base" / "documents" / name).document
    assert (document.region, document.year) == SHIPPED[name]
    assert (document.region_source, document.year_source) == ("标题", "标题")


def _gold_regions(corpus: Path) -> dict[str, str]:
    lines = (corpus / "gold.jsonl").read_text(encoding="utf-8").splitlines()
    return {(row := json.loads(line))["file"]: row["region"] for line in lines if line.strip()}


@pytest.mark.parametrize("corpus", LAYOUT_CORPORA, ids=lambda p: p.name)
def test_layout_corpora_regions_match_their_gold(corpus: Path) -> None:
    """Every layout document's region as its gold states it (自治县 names were empty before)."""
    wrong = {
        name: region
        for name, expected in _gold_regions(corpus).items()
        if (region := parse_file(corpus / name).document.region) != expected
    }
    assert wrong == {}


def test_every_region_found_names_exactly_one_place() -> None:
    """Whatever the clues give is a string the gazetteer resolves to one place (or a zone under one)."""
    from indexer.parsing.identity.declared import declaration
    from indexer.parsing.normalise import matching_view

    folders = [ROOT / "knowledge_base" / "documents", ROOT / "tests" / "real_dev", *LAYOUT_CORPORA]
    folders += [SHARED / name for name in ("real", "real2", "layouts") if (SHARED / name).is_dir()]
    regions = set()
    for folder in folders:
        for path in sorted(folder.iterdir()):
            if path.suffix in {".txt", ".md", ".docx", ".xlsx", ".html", ".pdf"} and path.name != "README.md":
                regions.add(parse_file(path).document.region)
    view = {region: matching_view([region])[0] for region in regions - {""}}
    assert {region: declaration(region).region for region in view} == view
