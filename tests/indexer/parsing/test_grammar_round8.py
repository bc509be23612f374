"""Titles as offices print them (issue 17): a page's title names its issuer, and the passages are indexed under it.

A notice quotes the plan it issues (关于印发《X》的通知), with or without title marks; a title may follow its
date; a plan ends in 分工方案 or 清单及分工 or (2024年版); a catalogue calls itself 主动公开基本目录, adds (试行)
and closes a pipe table's title row with empty cells. The title of a catalogue's numbered 领域 section
（二）X领域基层政务公开标准目录 is no task, nor the page's title. Tested on invented lines in each grammar
and on the real pages.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.parsing.identity.metadata import catalogue_title, read_document
from tests.indexer.parsing.real_pages import SHARED, parse_text, real_records

_DEV = Path(__file__).parents[2]


def _title(*lines: str) -> str:
    return read_document(Path("page.txt"), list(lines), "0").title


@pytest.mark.parametrize(
    ("lines", "title"),
    [
        # the quoted title wins over a later line that gives only its end
        (
            [
                "某区人力资源和社会保障局",
                "关于印发《2025年某区人力资源和社会保障局政务公开工作要点》的通知",
                "",
                "政务公开工作要点",
            ],
            "2025年某区人力资源和社会保障局政务公开工作要点",
        ),
        (
            ["某市人民政府办公厅关于印发某市2017年政务公开工作要点任务明细表的通知", "某政办发〔2017〕39号"],
            "某市2017年政务公开工作要点任务明细表",
        ),
        (
            ["2022年4月28日 某市2022年政务公开重点工作任务分工方案", "为认真落实……"],
            "某市2022年政务公开重点工作任务分工方案",
        ),
        (
            ["某县医疗保障局2025年度政务公开重点工作清单及分工", "具体要求 | 责任科室 |"],
            "某县医疗保障局2025年度政务公开重点工作清单及分工",
        ),
        (["(某市民政局)主动公开基本目录", "序号 | 公开事项 |"], "(某市民政局)主动公开基本目录"),
        (["民政局主动公开事项目录 | ||||||||", "公开事项 | 公开内容(要素) |"], "民政局主动公开事项目录"),
        (["某街道办事处基层政务公开标准目录 (试行)", ""], "某街道办事处基层政务公开标准目录 (试行)"),
        (
            ["某市市场监督管理局 政务公开工作要点分工方案(2024年版)", ""],
            "某市市场监督管理局 政务公开工作要点分工方案(2024年版)",
        ),
    ],
)
def test_title_grammars(lines: list[str], title: str) -> None:
    assert _title(*lines) == title


def test_a_numbered_catalogue_entry_is_no_title() -> None:
    """A short numbered entry of a catalogue (3.政府信息公开指南, （三）信息公开指南) names no catalogue."""
    assert catalogue_title("3.政府信息公开指南") is None
    assert catalogue_title("（三）政府信息公开指南") is None
    assert catalogue_title("（三）公共资源交易领域基层政务公开标准目录") == "公共资源交易领域基层政务公开标准目录"


def test_catalogue_section_titles_are_no_tasks() -> None:
    records = parse_text(
        "（一）重大建设项目领域基层政务公开标准目录 |\n"
        "序号 | 公开事项 | 公开内容(要素) | 公开时限 | 公开主体 |\n"
        "1 | 批准服务信息 | 申报要求、申报材料清单、批准结果 | 信息形成之日起20个工作日内 | 某街道办事处 |\n"
        "（二）公共资源交易领域基层政务公开标准目录\n"
        "序号 | 公开事项 | 公开内容(要素) | 公开时限 | 公开主体 |\n"
        "1 | 政府采购 | 采购项目公告、采购文件、采购结果 | 信息形成之日起20个工作日内 | 某街道办事处 |\n"
    )
    assert [r.text for r in records if "标准目录" in r.text] == []
    assert len(records) == 2 and all(r.units == ["某街道办事处"] for r in records)


def test_real_pages_titles_and_no_title_records() -> None:
    if not (SHARED / "real").exists():
        pytest.skip("shared pages absent")
    jiading = read_document(
        _DEV / "real_dev4" / "jiading_rsj_2025.txt",
        (_DEV / "real_dev4" / "jiading_rsj_2025.txt").read_text(encoding="utf-8").splitlines(),
        "0",
    )
    assert jiading.title == "2025年嘉定区人力资源和社会保障局政务公开工作要点"
    assert not [r for r in real_records("fengtun_town_catalog_trad") if not r.units]
    assert not [r for r in real_records("jiulong_street_catalog") if "标准目录" in r.text]
