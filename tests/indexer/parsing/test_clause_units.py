"""A clause that names its own unit by assignment grammar gets it; a unit merely mentioned is warned about."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.parsing.fields.clause_units import clause_units, unit_phrases
from indexer.parsing.parse import parse_file


@pytest.mark.parametrize(
    ("text", "lead", "responsible"),
    [
        ("由县财政局负责公开预算执行情况。", [], ["县财政局"]),
        ("县人社局牵头，县财政局、县税务局配合，公开补贴发放。", ["县人社局"], ["县财政局", "县税务局"]),
        ("县民政局、县卫健局分别负责公开救助名录。", [], ["县民政局", "县卫健局"]),
        ("做好政务公开。各乡镇要按月更新公开栏。", [], ["各乡镇"]),
        ("做好公开。加强审核。复核更新。各乡镇要按月更新。", [], []),  # a later 要 states, not assigns
        ("县政府常务会议要研究公开事项。", [], []),
        ("进一步做好政务公开。", [], []),
    ],
)
def test_assignment_grammar(text: str, lead: list[str], responsible: list[str]) -> None:
    found = clause_units(text)
    assert (found.lead, found.responsible) == (lead, responsible)


def test_records_get_units_from_their_own_text_and_warn_otherwise(tmp_path: Path) -> None:
    path = tmp_path / "测试县2023年政务公开工作要点.txt"
    path.write_text(
        "测试县2023年政务公开工作要点\n一、政策公开\n"
        "（一）公开补贴政策。由县人社局负责，年底前完成。\n"
        "（二）公开救助名录。按照县民政局的统一部署更新名录。\n",
        encoding="utf-8",
    )
    parsed = parse_file(path)
    assert [r.responsible_units for r in parsed.records] == [["县人社局"], []]
    assert any(w.kind == "单位名称未归属" and "县民政局" in w.text for w in parsed.warnings)
    assert unit_phrases("按照县民政局的统一部署") == ["县民政局"]
