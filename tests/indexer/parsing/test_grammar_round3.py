"""Grammars added for the third layout batch: drawn tables, 台账 blocks, decimal items, unit sentences and headings."""

from __future__ import annotations

from pathlib import Path

from indexer.models import TaskRecord
from indexer.parsing.body.markers import find_markers, parse_marker
from indexer.parsing.fields.deadlines import find_prose_deadline, parse_deadline
from indexer.parsing.fields.units import parse_units
from indexer.parsing.parse import parse_file
from indexer.parsing.tables.ledger import find_ledger, label_line
from indexer.parsing.tables.ruled_tables import find_box_table, find_layout_table

_TITLE = "示例县2022年政务公开工作要点\n\n"


def _parse(tmp_path: Path, name: str, text: str) -> list[TaskRecord]:
    path = tmp_path / name
    path.write_text(_TITLE + text, encoding="utf-8")
    return parse_file(path).records


def _fields(record: TaskRecord) -> tuple[list[str], list[str], str, str | None]:
    return record.lead_units, record.responsible_units, record.deadline.kind, record.deadline.date


def test_box_drawn_table_joins_wrapped_cells_of_a_row():
    lines = [
        "┌────┬────────────┬──────────┬──────┐",
        "│ 序号 │ 工作任务   │ 责任单位 │ 完成时限 │",
        "├────┼────────────┼──────────┼──────┤",
        "│ 1  │ 更新公开指南 │ 县档案局牵头， │ 5月底前 │",
        "│    │ 和公开目录。 │ 县司法局配合 │      │",
        "└────┴────────────┴──────────┴──────┘",
    ]
    grid, covered = find_box_table(lines, 0) or (None, None)
    assert grid is not None and covered == range(0, 6)
    assert grid.rows[0].cells == ["1", "更新公开指南和公开目录。", "县档案局牵头，县司法局配合", "5月底前"]


def test_space_aligned_table_keeps_a_row_across_a_page_break_and_repeated_header():
    def row(*cells: str) -> str:
        return "".join(cell.ljust(width) for cell, width in zip(cells, (8, 18, 16, 10), strict=False)).rstrip()

    header = row("  序号", "工作任务", "责任单位", "完成时限")
    lines = [
        header,
        row("  1", "公开预算和决算信息，", "县财政局牵头，", "6月30日前"),
        row("", "细化到项级科目。", "县直各部门配合"),
        "",
        "                    — 2 —",
        "\f" + header,
        row("", "并同步解读。"),
        row("  2", "公开招生政策。", "县教育局", "9月底"),
        "",
        "    各部门要按季度报送进展情况，确保各项任务按时完成，并做好总结。",
    ]
    grid, covered = find_layout_table(lines, 0) or (None, None)
    assert grid is not None and covered == range(0, 8)
    first, second = grid.rows
    assert first.cells == [
        "1",
        "公开预算和决算信息，细化到项级科目。并同步解读。",
        "县财政局牵头，县直各部门配合",
        "6月30日前",
    ]
    assert second.cells == ["2", "公开招生政策。", "县教育局", "9月底"]


def test_ledger_blocks_read_as_a_table_with_missing_labels_empty():
    lines = [
        "序号：1",
        "任务名称：目录更新",
        "工作内容：更新主动公开目录。",
        "牵头单位：县政府办公室",
        "协同单位：无",
        "完成时间：长期",
        "------",
        "序号：2",
        "任务名称：年报发布",
        "工作内容：按时发布年度报告。",
        "牵头单位：县政府办公室",
        "完成时间：第一季度",
    ]
    assert label_line("牵头：县民政局") == ("牵头", "县民政局")
    assert label_line("说明：仅供参考") is None
    grid, _ = find_ledger(lines, 0) or (None, None)
    assert grid is not None
    assert grid.header == ["序号", "任务名称", "工作内容", "牵头单位", "协同单位", "完成时间"]
    assert grid.rows[1].cells[4] == ""
    assert parse_units("无").responsible == []


def test_ledger_document_gives_one_task_per_block(tmp_path: Path):
    text = "序号：1\n任务名称：目录更新\n工作内容：更新主动公开目录。\n牵头单位：县政府办公室\n"
    text += "协同单位：县司法局\n完成时间：2023年底前\n\n"
    text += "序号：2\n任务名称：年报\n工作内容：发布年度报告。\n牵头单位：县政府办公室\n完成时间：每月10日前\n"
    first, second = _parse(tmp_path, "ledger.txt", text)
    assert _fields(first) == (["县政府办公室"], ["县司法局"], "date", "2023-12-31")
    assert _fields(second) == (["县政府办公室"], [], "ongoing", None)


def test_label_lines_and_short_bullet_labels_belong_to_the_item_above(tmp_path: Path):
    text = "一、公开平台\n1. 规范网站栏目设置。\n主办单位：县政府办、县数据局\n"
    text += "协办单位：县委网信办\n时间进度：第二季度末\n"
    text += "2. 清理僵尸账号。\n   - 牵头：县委网信办\n   - 时限：年中\n"
    text += "3. 答复依申请公开。\n   - 责任：县司法局\n"
    first, second, third = _parse(tmp_path, "labels.md", text)
    assert _fields(first) == (["县政府办", "县数据局"], ["县委网信办"], "date", "2022-06-30")
    assert first.deadline.raw == "第二季度末"
    assert _fields(second) == (["县委网信办"], [], "unspecified", None)
    assert (third.lead_units, third.responsible_units) == ([], ["县司法局"])


def test_decimal_items_and_duty_brackets(tmp_path: Path):
    text = "1　公开政策\n\n1.1　公开规范性文件目录，6月30日前完成。（县政府办、县司法局按职责分工负责）\n\n"
    text += "1.2　集中发布惠企政策。（县商务局牵头，县发改局、各乡镇（街道）按职责落实）\n"
    first, second = _parse(tmp_path, "decimal.txt", text)
    assert _fields(first) == ([], ["县政府办", "县司法局"], "date", "2022-06-30")
    assert _fields(second)[:2] == (["县商务局"], ["县发改局", "各乡镇（街道）"])
    assert first.number == "1.1"


def test_unit_sentences_close_the_task_before_them():
    text = "（一）救助公开。公开救助标准。此项工作由县民政局负责。"
    text += "年内完成学区公开。由县教育局牵头，县财政局、县自然资源局参与。"
    markers = find_markers(text)
    assert [m[2] for m in markers] == ["县民政局负责", "县教育局牵头，县财政局、县自然资源局参与"]
    units = parse_marker(markers[1][2]).units
    assert (units.lead, units.responsible) == (["县教育局"], ["县财政局", "县自然资源局"])
    assert parse_marker("县政府办、县数据局共同负责").units.responsible == ["县政府办", "县数据局"]


def test_unit_headings_own_the_items_below(tmp_path: Path):
    text = "一、任务分工\n（一）县财政局\n1. 公开预算信息，9月底前完成。\n2. 公开债务信息。（县审计局配合）\n"
    text += "（二）各乡镇人民政府、各街道办事处\n3. 更新村务公开栏。\n"
    first, second, third = _parse(tmp_path, "owners.txt", text)
    assert _fields(first) == ([], ["县财政局"], "date", "2022-09-30")
    assert (second.lead_units, second.responsible_units) == (["县财政局"], ["县审计局"])
    assert third.responsible_units == ["各乡镇人民政府", "各街道办事处"]


def test_deadline_phrases_of_round_three():
    assert parse_deadline("9月底", 2022).date == "2022-09-30"
    assert parse_deadline("12月31日", 2022).date == "2022-12-31"
    assert parse_deadline("2025年底前", 2024).date == "2025-12-31"
    assert parse_deadline("第二季度末", 2022).date == "2022-06-30"
    assert parse_deadline("持续开展", 2022).kind == "ongoing"
    assert parse_deadline("每月10日前", 2022).kind == "ongoing"
    assert parse_deadline("按需", 2022).kind == "unspecified"
    relative = find_prose_deadline("应当在印发之日起20个工作日内全文公开。", 2022)
    assert relative is not None and (relative.raw, relative.kind) == ("印发之日起20个工作日内", "unspecified")
    vague = find_prose_deadline("年中公布防火重点区域。", 2022)
    assert vague is not None and (vague.raw, vague.kind) == ("年中", "unspecified")
