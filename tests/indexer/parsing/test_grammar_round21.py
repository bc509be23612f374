"""Cover notices and catalogue rows, read on ``tests/real_dev13`` before the thirteenth held-out set's measurement.

A cover notice gives work of its own before the body it sends (各单位要…，于8月31日前报我局; 请各部门、单位依照…);
a catalogue written as spaced cells puts its 公开主体 after its 公开时限 and its channel boxes after both; a pipe
catalogue's header has a second row of column names, its channel cell wraps onto lines of its own and its rows name
a group and an item (招生管理 | 招生政策) whose names belong in the row's text.
"""

from __future__ import annotations

from tests.indexer.parsing.real_pages import parse_text, record_holding, record_with

_NOTICE = (
    "关于印发某某领域政务公开标准指引的通知\n"
    "各区县生态环境局：\n"
    "现将《标准指引》印发给你们，请认真抓好贯彻执行。\n"
    "各单位要及时领取公开事项，编制本区县标准目录，于2020年8月31日前报我局复核。\n"
    "某某市生态环境局\n"
    "2020年7月28日\n"
    "某某领域政务公开标准指引\n"
    "一、总体要求\n"
    "区县生态环境局要推动公开工作标准化规范化。\n"
)


def test_a_cover_notice_gives_its_own_work() -> None:
    records = parse_text(_NOTICE)
    task = record_holding(records, "及时领取公开事项")
    assert task.responsible_units == ["各单位"]
    assert task.deadline.date == "2020-08-31"
    assert not any("印发给你们" in r.text or r.text.startswith("各区县生态环境局") for r in records)


def test_a_notice_alone_is_still_read_line_by_line() -> None:
    """With no body below its notice lines (a garbled page), the page is left to the last reading, line by line."""
    assert record_with("sichuan_college_xxgk_garbled", "不得危及国家安全").responsible_units == ["学院各部门"]


def test_a_request_in_a_notice_is_work() -> None:
    records = parse_text(
        "各部门、单位:\n"
        "为做好学校信息公开工作,请各部门、单位依照《指标体系》,明确所需公开的具体事项。\n"
        "党政办公室\n"
        "2020年10月6日\n"
        "一、基本信息\n"
        "党政办要公开办学基本情况。\n"
    )
    assert record_holding(records, "明确所需公开的具体事项").responsible_units == ["各部门（单位）"]


def test_a_spaced_catalogue_row_gives_its_unit_after_its_time_limit() -> None:
    records = parse_text(
        "序号 公开事项 公开内容 公开依据 公开时限 公开主体 公开渠道和载体\n"
        "1 机构信息 主管部门及派出机构信息 机构名称、机构职能、办公地址 《政府信息公开条例》 "
        "信息形成或者变更之日起20个工作日内 自然资源主管部门 ■政府网站 口政府公报\n"
        "2 公共服务 政策文件 本级政府出台的政策文件及相关解读 《政府信息公开条例》 "
        "信息形成或者变更之日起20个工作日内 自然资源主管部门 ■政府网站 口政府公报\n"
        "□公开查阅点■政府服务中心\n"
    )
    assert record_holding(records, "派出机构信息").responsible_units == ["自然资源主管部门"]
    assert record_holding(records, "相关解读").responsible_units == ["自然资源主管部门"]
    assert not any(r.text.startswith("公开查阅点") for r in records)


_PIPE_CATALOGUE = (
    "序号 | 公开事项 | 公开内容(要素) | 公开依据 | 公开时限 | 公开主体 | 公开渠道和载体 | 公开对象 | 公开方式 |\n"
    "一级事项 | 二级事项 | 全社会 | 特定群众 | 主动 | 依申请公开 | 县级 | 乡、村级 |\n"
    "1 | 征地管理政策 | ─ | 征地补偿安置法律以及适用于本地区的政策。 | 《政府信息公开条例》 | "
    "信息形成或者变更之日起20个工作日内 | 自然资源分局 | ■政府网站 | √ | √ |\n"
    "■征地信息公开平台 |\n"
    "2 | 招生管理 | 招生政策 | 各校招生工作实施方案;随迁子女入学办法 | 《政府信息公开条例》 | "
    "信息形成或者变更之日起20个工作日内 | 镇教体文旅局 | ■政府网站 | √ | √ |\n"
    "招生计划 | 各校本年度招生计划 | 信息形成或者变更之日起20个工作日内 | 镇教体文旅局 | ■政府网站 | √ | √ |\n"
)


def test_a_pipe_catalogue_keeps_its_item_names_and_drops_its_second_header_row() -> None:
    records = parse_text(_PIPE_CATALOGUE)
    assert record_holding(records, "征地补偿安置").text.startswith("征地管理政策：")
    assert record_holding(records, "随迁子女").text.startswith("招生管理 招生政策：")
    assert record_holding(records, "本年度招生计划").text.startswith("招生计划：")
    assert all(r.units for r in records)  # no 县级：乡、村级 row, no 征地信息公开平台 row
    assert len(records) == 3


def test_the_real_pages() -> None:
    notice = record_with("chongqing_sthjj_zhiyin_2020", "及时领取区县、乡镇两级公开事项")
    assert notice.responsible_units == ["各单位"]
    assert record_with("zrzy_catalog_2022", "自然资源领域专项规划").responsible_units == ["自然资源主管部门"]
    assert record_with("zhengdi_catalog_trad", "擬征收土地告知").responsible_units == ["自然資源分局"]
    assert "教育概况" in record_with("dongyang_yiwujiaoyu_catalog", "教育事业发展主要情况").text
