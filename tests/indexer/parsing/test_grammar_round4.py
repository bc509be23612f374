"""Round-4 grammars on short invented snippets: ordinal clauses, unit headings, duty-list blocks, fallback."""

from __future__ import annotations

from pathlib import Path

from indexer.parsing.body.body import body_blocks, is_block_header
from indexer.parsing.body.clauses import ordinal_clauses
from indexer.parsing.body.markers import is_marker, parse_marker
from indexer.parsing.body.structures import Heading, Paragraph, Span
from indexer.parsing.fields.deadlines import find_prose_deadline
from indexer.parsing.fields.units import parse_units
from indexer.parsing.parse import parse_file


def _records(tmp_path: Path, text: str) -> list[tuple[str, list[str], list[str], str]]:
    path = tmp_path / "doc.txt"
    path.write_text(text, encoding="utf-8")
    return [(r.text, r.lead_units, r.responsible_units, r.deadline.raw) for r in parse_file(path).records]


def test_ordinal_clauses_split_a_paragraph_at_each_clause() -> None:
    text = "一是整理办事指南并上网（县民政局、县财政局，年底前）；二是公布补贴标准（县农业农村局）。"
    clauses = ordinal_clauses(Paragraph(text, Span(1, 1)))
    assert [c.number for c in clauses] == ["一是", "二是"]
    assert ordinal_clauses(Paragraph("一是提高认识；二是加强协调。", Span(1, 1))) == []


def test_assignment_with_time_phrase_last_is_a_marker() -> None:
    assert is_marker("县住建局牵头，县自然资源局配合，二季度")
    marker = parse_marker("县住建局牵头，县自然资源局配合，二季度")
    assert marker.units.lead == ["县住建局"] and marker.deadline == "二季度"


def test_notice_of_clauses_gives_one_task_per_clause(tmp_path: Path) -> None:
    records = _records(
        tmp_path,
        "某县关于做好2022年政务公开工作的通知\n\n"
        "一、抓好公开重点\n"
        "一是整理各类办事指南并集中上网（县民政局、县财政局，年底前）；"
        "二是公布涉农补贴发放标准（县农业农村局牵头，县财政局配合，常态化推进）。\n",
    )
    assert records[0][1:] == ([], ["县民政局", "县财政局"], "年底前")
    assert records[1][1:] == (["县农业农村局"], ["县财政局"], "常态化推进")


def test_part_heading_hands_its_unit_to_the_items_below(tmp_path: Path) -> None:
    records = _records(
        tmp_path,
        "某县2022年政务公开工作要点\n\n"
        "第一部分　强化数据开放（责任单位：县数据局）\n\n"
        "1 梳理可开放的公共数据目录并公布。完成时间：年底。\n"
        "2 建设数据开放栏目并维护更新（县融媒体中心配合）。完成时间：三季度。\n"
        "3 公开数据使用规则（此项由县司法局负责）。完成时间：随时。\n",
    )
    assert records[0][1:] == ([], ["县数据局"], "年底")
    assert records[1][1:] == (["县数据局"], ["县融媒体中心"], "三季度")
    assert records[2][1:] == ([], ["县司法局"], "随时")


def test_heading_with_marker_stays_heading_but_a_task_sentence_does_not() -> None:
    lines = ["第一部分　做好公开（责任单位：县数据局）", "1 梳理数据目录并公布全部内容。"]
    assert isinstance(body_blocks(lines, len(lines))[0], Heading)


def test_duty_list_block_header_heads_the_entries_below(tmp_path: Path) -> None:
    assert is_block_header("责任单位：县卫健局（共2项）")
    assert parse_units("县卫健局（共2项）").responsible == ["县卫健局"]
    assert parse_units("此项由县卫健局负责").responsible == ["县卫健局"]
    records = _records(
        tmp_path,
        "某县2022年政务公开责任清单\n\n"
        "责任单位：县卫健局（共2项）\n"
        "◆ 公开医疗机构收费项目清单。\n　时限：年底\n"
        "◆ 公布家庭医生签约服务内容。\n　配合：各乡镇卫生院\n　时限：随时\n"
        "责任单位：县教育局（共1项）\n"
        "◆ 公开学校收费项目和标准。\n　时限：三季度\n",
    )
    assert [r[1:3] for r in records] == [
        ([], ["县卫健局"]),
        (["县卫健局"], ["各乡镇卫生院"]),
        ([], ["县教育局"]),
    ]


def test_relative_deadline_starts_after_the_subjects_preposition() -> None:
    found = find_prose_deadline("各医院在收费标准调整后10日内更新公示内容。", 2022)
    assert found is not None and found.raw == "收费标准调整后10日内"


def test_fallback_reads_task_lines_when_no_structure_is_found(tmp_path: Path) -> None:
    records = _records(
        tmp_path,
        "某县2022年政务公开安排\n\n请各单位注意以下事项：\n"
        "县市场监管局负责公开抽查结果，年底前完成。\n"
        "推进办事指南标准化整理（县政务服务中心，6月30日前）\n"
        "感谢配合。\n",
    )
    assert records[0][1:] == ([], ["县市场监管局"], "年底前")
    assert records[1][2:] == (["县政务服务中心"], "6月30日前")
