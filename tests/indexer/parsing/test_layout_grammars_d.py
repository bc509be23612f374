"""Grammars added for unseen layouts: CSV, ruled grids, transposed tables, enumerators, bare unit brackets."""

from __future__ import annotations

from indexer.parsing.body.body import numbering
from indexer.parsing.body.markers import is_marker, parse_marker
from indexer.parsing.body.structures import Paragraph, Span
from indexer.parsing.fields.deadlines import is_deadline_phrase, parse_deadline
from indexer.parsing.fields.item_units import apply_item_units, split_item_units
from indexer.parsing.fields.units import parse_units
from indexer.parsing.tables.grid import grid_rows
from indexer.parsing.tables.text_grids import find_csv_table, find_ruled_grid, find_transposed_table


def test_csv_table_with_quoted_cells_and_footer() -> None:
    lines = [
        "序号,任务内容,牵头单位,配合单位,完成时限",
        '1,"发布清单,并解读""要点""",区甲局,"区乙局',
        '区丙局",年底',
        '"注：说明文字",,,,',
    ]
    found = find_csv_table(lines, 0)
    assert found is not None
    rows = grid_rows(found[0])
    assert len(rows) == 1
    assert rows[0].cells["requirement"] == '发布清单,并解读"要点"'
    assert parse_units(rows[0].cells["responsible"]).responsible == ["区乙局", "区丙局"]


def test_ruled_grid_joins_split_header_and_wrapped_cells() -> None:
    lines = [
        "+----+----------+------+------+",
        "| 序号 | 工作任务 | 牵头 | 完成 |",
        "|    |          | 单位 | 时限 |",
        "+====+==========+======+======+",
        "| 1  | 编制目录并 | 区甲局、 | 年底前 |",
        "|    | 动态更新   | 区乙局 |      |",
        "+----+----------+------+------+",
    ]
    found = find_ruled_grid(lines, 0)
    assert found is not None
    row = grid_rows(found[0])[0]
    assert row.cells["requirement"] == "编制目录并动态更新"
    assert parse_units(row.cells["lead"]).responsible == ["区甲局", "区乙局"]


def test_transposed_table_reads_one_task_per_column() -> None:
    lines = ["项目\t任务1\t任务2", "工作任务\t公开甲事项\t公开乙事项", "牵头单位\t县甲局\t县乙局", "完成时限\t三季度\t"]
    found = find_transposed_table(lines, 0)
    assert found is not None
    rows = grid_rows(found[0])
    assert [r.cells["requirement"] for r in rows] == ["公开甲事项", "公开乙事项"]
    assert rows[1].cells["lead"] == "县乙局"


def test_general_enumerators() -> None:
    for text in (
        "Ⅱ、加强公开",
        "㈡ 加强公开",
        "⑶公开甲事项",
        "四）公开甲事项",
        "第二部分　深化公开",
        "7 公开甲事项",
        "◆ 公开甲事项",
    ):
        assert numbering(text) is not None, text
    assert numbering("2021年是开局之年") is None


def test_lead_marked_inside_unit_list_and_line_breaks() -> None:
    units = parse_units("县甲局（牵头）、县乙局<br>县丙局")
    assert units.lead == ["县甲局"]
    assert units.responsible == ["县乙局", "县丙局"]


def test_bare_unit_bracket_with_time_phrase() -> None:
    assert is_marker("县甲局、县乙局，年底前")
    marker = parse_marker("县甲局牵头，县乙局配合，三季度")
    assert marker.units.lead == ["县甲局"]
    assert marker.deadline == "三季度"
    assert not is_marker("镇")


def test_unit_sentences_with_wei() -> None:
    marker = parse_marker("牵头单位为县甲局，配合单位为县乙局，完成时限为年底")
    assert marker.units.lead == ["县甲局"]
    assert marker.units.responsible == ["县乙局"]
    assert marker.deadline == "年底"


def test_deadline_phrases() -> None:
    assert parse_deadline("三季度", 2022).date == "2022-09-30"
    assert parse_deadline("第四季度前", 2022).date == "2022-12-31"
    assert parse_deadline("年底", 2022).date == "2022-12-31"
    assert parse_deadline("上半年内", 2022).date == "2022-06-30"
    assert parse_deadline("按季度", 2022).kind == "ongoing"
    assert parse_deadline("随时", 2022).kind == "unspecified"
    assert parse_deadline("2025年6月", 2025).kind == "unspecified"
    assert is_deadline_phrase("政策印发后3个工作日内")
    assert not is_deadline_phrase("县财政局")


def test_end_list_maps_item_numbers_to_units() -> None:
    blocks = [
        Paragraph("第1项：县甲局牵头，县乙局配合", Span(1, 1)),
        Paragraph("第2—3项：县丙局", Span(2, 2)),
        Paragraph("第4、5项：县丁局", Span(3, 3)),
    ]
    kept, mapping = split_item_units(list(blocks))
    assert kept == []
    assert mapping[1].lead == ["县甲局"]
    assert mapping[3].responsible == ["县丙局"]
    assert mapping[5].responsible == ["县丁局"]
    assert apply_item_units([], mapping) is None
