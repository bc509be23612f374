"""General grammars: numbering, header vocabulary, unit markers, deadlines, encodings, layout corpora."""

from __future__ import annotations

from pathlib import Path

import pytest

from eval.layouts import DEVELOPMENT_CORPORA, FIELDS, score_corpus
from indexer.errors import DocumentError
from indexer.parsing.body.body import body_blocks
from indexer.parsing.body.markers import find_markers, is_marker, parse_marker
from indexer.parsing.body.structures import Heading, Item
from indexer.parsing.fields.deadlines import parse_deadline
from indexer.parsing.fields.units import looks_like_units
from indexer.parsing.parse import parse_file
from indexer.parsing.tables.columns import header_roles


def test_numbering_levels_follow_first_appearance_and_split_glued_headings():
    lines = [
        "一、加强政策发布",
        "(一)做好政策集中发布1.集中公开现行有效的规范性文件。（责任单位：旗司法局）",
        "（1）细分条目",
        "①在门户网站公开。（市政府办负责）",
    ]
    blocks = body_blocks(lines, len(lines))
    assert [(type(b).__name__, b.level) for b in blocks] == [
        ("Heading", 1),
        ("Heading", 2),
        ("Item", 3),
        ("Heading", 4),
        ("Item", 5),
    ]
    assert isinstance(blocks[2], Item) and blocks[2].number == "1."
    assert isinstance(blocks[1], Heading) and blocks[1].title == "做好政策集中发布"


def test_unit_line_after_item_belongs_to_it():
    lines = ["一、政策公开", "1. 公开权责清单。", "责任单位：区委编办牵头，区数据局配合\u3000完成时间：2024年6月底前"]
    item = body_blocks(lines, len(lines))[1]
    assert isinstance(item, Item) and item.marker.startswith("责任单位")
    marker = parse_marker(item.marker)
    assert (marker.units.lead, marker.units.responsible, marker.deadline) == (
        ["区委编办"],
        ["区数据局"],
        "2024年6月底前",
    )


@pytest.mark.parametrize(
    ("header", "roles"),
    [
        ("序号 工作任务 具体要求 责任单位 完成时限", ["number", "task", "requirement", "responsible", "deadline"]),
        (
            "任务分类 序号 任务内容 主责单位 协办单位 完成期限",
            ["task", "number", "requirement", "lead", "responsible", "deadline"],
        ),
        ("序号 完成期限 工作措施 主责单位 协办单位", ["number", "deadline", "requirement", "lead", "responsible"]),
        ("项目 任务内容 实施主体 进度安排", ["task", "requirement", "responsible", "deadline"]),
    ],
)
def test_header_vocabulary(header, roles):
    assert header_roles(header.split()) == roles


def test_header_naming_no_known_column():
    assert header_roles(["甲", "乙", "丙", "丁"]) is None


@pytest.mark.parametrize(
    ("content", "lead", "responsible"),
    [
        ("市交通委负责落实", [], ["市交通委"]),
        ("市发改委、区住建委分别负责落实", [], ["市发改委", "区住建委"]),
        ("区财政局牵头,全区各部门、各街道负责落实", ["区财政局"], ["全区各部门", "各街道"]),
        ("市人社局牵头落实", ["市人社局"], []),
        ("A局、B局分别牵头落实", ["A局", "B局"], []),
        ("牵头单位：市司法局；配合单位：县政府各部门", ["市司法局"], ["县政府各部门"]),
    ],
)
def test_unit_markers(content, lead, responsible):
    assert is_marker(content)
    units = parse_marker(content).units
    assert (units.lead, units.responsible) == (lead, responsible)


def test_markers_in_prose_and_non_units():
    text = "公开规划纲要。(市发改局负责落实)公开征求意见。（区政府常务会议审议）"
    assert [m[2] for m in find_markers(text)] == ["市发改局负责落实"]
    assert not looks_like_units("区政府常务会议") and not looks_like_units("政府网站")
    assert looks_like_units("各乡（镇）人民政府")


@pytest.mark.parametrize(
    ("raw", "date", "kind"),
    [
        ("十二月底前", "2025-12-31", "date"),
        ("四月三十日前", "2025-04-30", "date"),
        ("11 月底前", "2025-11-30", "date"),
        ("三季度末", "2025-09-30", "date"),
        ("下半年", "2025-12-31", "date"),
        ("2026年3月底前", "2026-03-31", "date"),
        ("2024/8/31", "2024-08-31", "date"),
        ("每半年", None, "ongoing"),
        ("预算批准后20日内", None, "unspecified"),
        ("汛期前", None, "unspecified"),
        ("——", None, "unspecified"),
    ],
)
def test_deadline_grammar(raw, date, kind):
    assert (parse_deadline(raw, 2025).date, parse_deadline(raw, 2025).kind) == (date, kind)


def test_traditional_text_is_matched_simplified_and_kept_traditional(tmp_path):
    path = tmp_path / "doc.txt"
    path.write_text(
        "歙縣2020年政務公開重點任務表\n| 項目 | 工作內容 | 完成時限 | 責任單位 |\n"
        "| 政策解讀 | 集中發佈惠企紓困政策清單。 | 長期堅持 | 縣發改委牽頭，縣財政局配合 |\n",
        encoding="utf-8",
    )
    parsed = parse_file(path)
    record = parsed.records[0]
    assert parsed.document.region == "歙縣" and parsed.document.year == 2020
    assert (record.lead_units, record.responsible_units) == (["縣發改委"], ["縣財政局"])
    assert (record.deadline.raw, record.deadline.kind) == ("長期堅持", "ongoing")


def test_gbk_document_parses(tmp_path):
    path = tmp_path / "gbk.txt"
    path.write_bytes("2025年测试区政务公开工作要点\n一、公开\n（一）公开清单。（责任单位：区政府办）\n".encode("gbk"))
    assert parse_file(path).records[0].responsible_units == ["区政府办"]


@pytest.mark.parametrize(
    ("content", "problem"),
    [("|---|---|\n|---|---|\n", "分隔线"), ("| 甲 | 乙 | 丙 |\n| 1 | 2 | 3 |\n", "列名")],
)
def test_no_task_reasons(tmp_path, content, problem):
    path = tmp_path / "bad.md"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DocumentError, match=problem):
        parse_file(path)


def test_warnings_name_items_without_units(tmp_path):
    path = tmp_path / "doc.txt"
    path.write_text(
        "2025年测试区政务公开工作要点\n一、公开\n（一）公开清单。\n（二）公开目录。（责任单位：区政府办）\n"
    )
    warnings = parse_file(path).warnings
    assert [(w.line, w.kind) for w in warnings] == [(3, "无责任单位")]


@pytest.mark.parametrize("corpus", DEVELOPMENT_CORPORA, ids=[p.name for p in DEVELOPMENT_CORPORA])
def test_layout_corpus_meets_target(corpus: Path):
    """The development corpora meet the issue's bar (the held-out set is reported in eval/LAYOUTS.md, not tested)."""
    if not (corpus / "gold.jsonl").is_file():
        pytest.skip(f"{corpus} 不存在")
    scores, _ = score_corpus(corpus)
    gold = sum(s.gold for s in scores)
    for field in FIELDS:
        assert sum(s.right[field] for s in scores) >= 0.95 * gold, field
