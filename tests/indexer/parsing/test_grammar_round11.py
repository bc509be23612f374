"""Grammars widened on the sixth held-out set after its one measurement (now ``tests/real_dev7``).

A catalogue's time limit given as a standing duty with its cause (根据变动及时更新) or relative to an event with
words between (公开后的3 个工作日 之内更新); a channel cell written with its verb (政府网站公开) is a note value and
never sits in a task, unit or time column; 牵头 opening a unit's name (牵头科室, 牵头起草科室: whichever section
leads) is part of the name, not a lead verb; a catalogue is titled by its own header line, not by an entry deep in
its table that reads like a plan's title, and its title may carry its year (X局2020年政府信息主动公开基本目录). A
catalogue row says its time limit in its own cell: a passage quoting that cell is the row's evidence
(``tests/assistant/answering/test_catalogue_rows.py``). Tested on invented lines in each grammar and on the real pages.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.parsing.fields.deadlines import is_deadline_phrase
from indexer.parsing.fields.units import parse_units
from indexer.parsing.identity.metadata import read_document
from indexer.parsing.tables.cell_roles import cell_kind, fit
from tests.indexer.parsing.real_pages import record_with


@pytest.mark.parametrize("phrase", ["根据变动及时更新", "政策文件公开后的3 个工作日 之内更新", "随时更新"])
def test_standing_and_relative_time_limits_of_a_catalogue(phrase: str) -> None:
    assert is_deadline_phrase(phrase)


def test_a_channel_with_its_verb_is_a_note_value() -> None:
    assert cell_kind("政府网站公开") == "blank" and fit("deadline", "政府网站公开") < 0
    assert cell_kind("依申请公开") != "blank"  # a task table's 类别 cell as often as a 公开方式 value


def test_lead_opening_a_name_is_part_of_the_name() -> None:
    assert parse_units("牵头起草科室").responsible == ["牵头起草科室"]
    assert parse_units("牵头科室、办公室").responsible == ["牵头科室", "办公室"]
    assert parse_units("办公室牵头，各科室配合").lead == ["办公室"]


def test_a_catalogue_is_titled_by_its_header_line() -> None:
    lines = [
        "某某局主动公开基本目录",
        "",
        "类别",
        "公开内容",
        "责任主体",
        "某某局贯彻落实国务院办公厅年度政务公开工作要点实施方案",
        "办公室",
    ]
    assert read_document(Path("page.txt"), lines, "0").title == "某某局主动公开基本目录"
    dated = ["索引号 123", "", "某某局2020年政府信息主动公开基本目录", "", "目录分类", "公开内容"]
    assert read_document(Path("page.txt"), dated, "0").title == "某某局2020年政府信息主动公开基本目录"


def test_the_real_pages() -> None:
    assert record_with("linyi_lyj_catalog_2020", "机构信息、内设机构、主要职责").units == ["人事科"]
    assert record_with("linyi_lyj_catalog_2020", "提供国家或者省解读链接").units == ["牵头起草科室"]
    assert record_with("linyi_lyj_catalog_2020", "征集到的意见建议是否予以采纳进行反馈").units == ["牵头科室"]
    assert (
        record_with("forestry_admin_catalog", "国家林业和草原局主要职责").doc_title
        == "国家林业和草原局主动公开基本目录"
    )
