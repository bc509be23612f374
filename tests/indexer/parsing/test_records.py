"""Records of the shipped documents: hand-checked gold fixtures and per-layout counts."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from indexer.parsing.parse import parse_file
from tests.conftest import DOCUMENTS

GOLD = json.loads((Path(__file__).parent / "gold_records.json").read_text(encoding="utf-8"))
ZHANGQIU = "2024_济南市章丘区_政务公开工作要点"
JINING = "2025_济宁高新区_政务公开任务分解表"
BOSHAN = "2025_博山区_贯彻落实省政务公开工作要点实施方案"
SHIZHONG_2020 = "2020_济南市市中区_政务公开工作要点"
SHIZHONG_2025 = "2025_济南市市中区_政务公开工作要点"


def _by_id(parsed):
    return {r.id: r for p in parsed.values() for r in p.records}


def test_gold_fixture_covers_every_document():
    assert len(GOLD) >= 60
    assert {g["id"].split(":")[0] for g in GOLD} == {ZHANGQIU, JINING, BOSHAN, SHIZHONG_2020, SHIZHONG_2025}


@pytest.mark.parametrize("gold", GOLD, ids=[g["id"] for g in GOLD])
def test_gold_record(parsed, gold):
    record = _by_id(parsed)[gold["id"]]
    assert gold["contains"] in record.text
    assert record.lead_units == gold["lead_units"]
    assert record.responsible_units == gold["responsible_units"]
    assert (record.deadline.raw, record.deadline.date, record.deadline.kind) == tuple(gold["deadline"].values())


def test_documents_metadata(parsed):
    expected = {
        SHIZHONG_2025: ("2025年济南市市中区政务公开工作要点", "济南市市中区", 2025, None, "2025-06-30"),
        SHIZHONG_2020: (
            "2020年济南市市中区政务公开工作要点",
            "济南市市中区",
            2020,
            "市中政办字〔2020〕14号",
            "2020-07-31",
        ),
        ZHANGQIU: ("2024年济南市章丘区政务公开工作要点", "济南市章丘区", 2024, "章政办发〔2024〕1号", "2024-06-27"),
        BOSHAN: ("博山区贯彻落实《2025年山东省政务公开工作要点》实施方案", "博山区", 2025, None, None),
        JINING: (
            "济宁高新区贯彻落实2025年济宁市政务公开任务分解表",
            "济宁高新区",
            2025,
            "济高新管办字〔2025〕8号",
            "2025-06-16",
        ),
    }
    for doc_id, fields in expected.items():
        document = parsed[doc_id].document
        assert (document.title, document.region, document.year, document.number, document.issue_date) == fields


def test_zhangqiu_annex_has_all_58_rows_with_units_and_deadline(parsed):
    rows = [r for r in parsed[ZHANGQIU].records if r.kind == "table"]
    assert [r.number for r in rows] == [str(n) for n in range(1, 59)]
    assert all(r.units for r in rows)
    assert all(r.deadline.raw for r in rows)
    assert sum(r.deadline.kind == "unspecified" for r in rows) == 1  # row 33 holds unit names


def test_zhangqiu_page_break_rows_are_joined(parsed):
    rows = {r.number: r for r in parsed[ZHANGQIU].records if r.kind == "table"}
    assert rows["34"].text.endswith("每年年底前将政策评价结果和运用情况向社会公开。")
    assert rows["34"].source.line_end > rows["34"].source.line_start
    assert "序号" not in "".join(r.text for r in rows.values())


def test_jining_rows_inherit_merged_lead_cells(parsed):
    rows = [r for r in parsed[JINING].records if r.kind == "table"]
    assert len(rows) == 56
    assert all(r.lead_units for r in rows)
    inherited = next(r for r in rows if r.text.startswith("探索引入新技术"))
    assert inherited.lead_units == ["区党政办公室"]
    assert inherited.section.endswith("（八）优化升级政务公开平台建设")


def test_boshan_one_record_per_marker(parsed):
    text = (DOCUMENTS / f"{BOSHAN}.txt").read_text(encoding="utf-8")
    markers = text.count("责任单位：")
    segments = [r for r in parsed[BOSHAN].records if r.kind in ("segment", "prose")]
    assert len(segments) == markers
    assert all(r.units for r in segments)
    assert all("责任单位" not in r.text for r in segments)


def test_body_and_table_twins_are_linked(parsed):
    records = _by_id(parsed)
    body = records[f"{ZHANGQIU}:p5"]
    assert body.related_ids == [f"{ZHANGQIU}:t{n}" for n in range(23, 28)]
    assert records[f"{ZHANGQIU}:t23"].related_ids == [body.id]
    assert records[f"{SHIZHONG_2020}:t30"].related_ids == [f"{SHIZHONG_2020}:p14"]


def test_broken_lines_are_joined_in_prose(parsed):
    records = _by_id(parsed)
    assert "加大公开监督力度" in records[f"{SHIZHONG_2020}:p1"].text
    assert "“市中头条”" in records[f"{SHIZHONG_2020}:p9"].text


def test_ids_are_stable_across_parses():
    first = [r.id for r in parse_file(DOCUMENTS / f"{JINING}.txt").records]
    second = [r.id for r in parse_file(DOCUMENTS / f"{JINING}.txt").records]
    assert first == second and len(set(first)) == len(first)


def test_parsing_is_fast():
    start = time.perf_counter()
    for path in DOCUMENTS.iterdir():
        parse_file(path)
    assert time.perf_counter() - start < 5  # generous bound; the report shows the real numbers
