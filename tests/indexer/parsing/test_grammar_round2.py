"""Grammars added for the second layout batch: more numbering, bracket and dash markers, two-row headers."""

from __future__ import annotations

from pathlib import Path

from indexer.parsing.body.body import body_blocks
from indexer.parsing.body.markers import find_markers, parse_marker
from indexer.parsing.body.structures import Item, Span
from indexer.parsing.fields.clause_units import clause_units, unit_first_sentences
from indexer.parsing.fields.deadlines import find_prose_deadline, parse_deadline
from indexer.parsing.normalise import Restorer, matching_view
from indexer.parsing.parse import parse_file
from indexer.parsing.tables.columns import header_roles
from indexer.parsing.tables.grid import Grid, GridRow, grid_rows, merge_subheader


def _parse(tmp_path: Path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return parse_file(path).records


def test_half_bracket_and_task_numbering_are_item_styles():
    lines = ["一、公开平台", "1) 更新网站栏目。", "2) 清理僵尸账号。", "二、依申请公开", "任务三、规范答复文书。"]
    items = [b for b in body_blocks(lines, len(lines)) if isinstance(b, Item)]
    assert [(i.number, i.text) for i in items] == [
        ("1)", "更新网站栏目。"),
        ("2)", "清理僵尸账号。"),
        ("任务三、", "规范答复文书。"),
    ]


def test_lenticular_and_square_brackets_are_markers():
    text = "梳理公开目录。【牵头单位：县档案馆；配合单位：县融媒体中心；完成时限：6月底前】"
    (start, _, content), *_ = find_markers(text)
    marker = parse_marker(content)
    assert text[:start] == "梳理公开目录。"
    assert (marker.units.lead, marker.units.responsible, marker.deadline) == (["县档案馆"], ["县融媒体中心"], "6月底前")
    (_, _, square), *_ = find_markers("公开收费清单。［责任单位：县医保局、县卫健局］")
    assert parse_marker(square).units.responsible == ["县医保局", "县卫健局"]


def test_dash_clause_and_closing_label_sentence_are_markers():
    (_, _, dash), *_ = find_markers("发布年度报告。——责任单位：县统计局牵头，县发改局配合")
    assert (parse_marker(dash).units.lead, parse_marker(dash).units.responsible) == (["县统计局"], ["县发改局"])
    (start, _, sentence), *_ = find_markers("公开审批结果，做到全程留痕。责任单位：县行政审批局。")
    assert start > 0 and parse_marker(sentence).units.responsible == ["县行政审批局"]
    assert find_markers("公开审批结果。责任到人，限期办结。") == []


def test_repeated_unit_line_is_not_a_running_header(tmp_path: Path):
    text = (
        "某县2024年政务公开任务清单\n\n一、公开事项\n\n"
        "任务一、公开年度采购意向。\n责任单位：县财政局\n完成时间：年底前\n\n"
        "任务二、公开政府债务限额。\n责任单位：县财政局\n完成时间：9月底前\n"
    )
    records = _parse(tmp_path, "某县-2024-blocks.txt", text)
    assert [(r.responsible_units, r.deadline.raw) for r in records] == [
        (["县财政局"], "年底前"),
        (["县财政局"], "9月底前"),
    ]


def test_two_row_header_merges_the_spanned_columns():
    header = ["序号", "工作任务", "责任分工", "", "完成时限"]
    sub = ["", "", "牵头单位", "配合单位", ""]
    assert merge_subheader(header, sub) == ["序号", "工作任务", "牵头单位", "配合单位", "完成时限"]
    assert merge_subheader(header, ["1", "公开预算", "县财政局", "", "年底前"]) is None
    grid = Grid(
        header, [GridRow(sub, Span(2, 2)), GridRow(["1", "公开部门预算", "县财政局", "各单位", "年底前"], Span(3, 3))]
    )
    (row,) = grid_rows(grid)
    assert (row.cells["lead"], row.cells["responsible"]) == ("县财政局", "各单位")


def test_a_column_of_people_has_no_unit_role():
    roles = header_roles(["序号", "重点工作", "工作举措", "责任领导", "牵头单位", "责任单位", "完成时限"])
    assert roles == ["number", "task", "requirement", "note", "lead", "responsible", "deadline"]


def test_prose_relative_and_ongoing_phrases_and_next_year():
    assert find_prose_deadline("公开部门预算，预算批复后15日内完成", 2024).raw == "预算批复后15日内"
    assert find_prose_deadline("常态化开展网站巡查", 2024).kind == "ongoing"
    assert find_prose_deadline("常态化巡查，持续推进整改", 2024) is None  # two phrases: no guess
    assert parse_deadline("次年2月底前", 2024).date == "2025-02-28"
    assert parse_deadline("次年2月", 2024).kind == "unspecified"


def test_unit_first_sentences_split_a_paragraph():
    text = "清理文件。由县司法局牵头，县直各部门配合，年内完成清理。县政府办公室负责集中发布现行文件。"
    first, second = unit_first_sentences(text)
    assert first.startswith("清理文件。由县司法局") and second.startswith("县政府办公室负责")
    assert unit_first_sentences("县政府办公室负责集中发布。主要负责同志要带头解读。") == []
    together = clause_units("由县文旅局、县市场监管局共同负责，公开门票价格。")
    assert together.responsible == ["县文旅局", "县市场监管局"]


def test_restorer_prefers_the_record_lines():
    original = ["抄送：县政府各部門", "（一）编写解读（责任单位：县政府各部门）"]
    restorer = Restorer(original, matching_view(original))
    assert restorer.restore("县政府各部门", (2, 2)) == "县政府各部门"
    assert restorer.restore("县政府各部门", (1, 1)) == "县政府各部門"


def test_unnumbered_unit_first_paragraph_and_unlabelled_dash(tmp_path: Path):
    text = (
        "某县2025年政务公开工作要点\n\n一、政策公开\n"
        "1）集中公开现行规范性文件，6月底前完成。——县司法局牵头，县政府办公室配合\n"
        "由县民政局牵头，各乡镇配合，公开救助对象。县医保局负责公开定点机构名单，9月30日前完成。\n"
    )
    records = _parse(tmp_path, "某县-2025-mix.txt", text)
    assert [(r.lead_units, r.responsible_units, r.deadline.date) for r in records] == [
        (["县司法局"], ["县政府办公室"], "2025-06-30"),
        (["县民政局"], ["各乡镇"], None),
        ([], ["县医保局"], "2025-09-30"),
    ]
