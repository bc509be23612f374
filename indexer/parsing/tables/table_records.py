"""Annex-table rows → task records: headings borrowed from the body, merged unit cells, twins linked.

A table row that restates a body item is linked to it through ``related_ids``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from indexer.models import Document, SourceSpan, TaskRecord
from indexer.parsing.body.body import L1_MARK, L2_MARK
from indexer.parsing.body.structures import TableRow
from indexer.parsing.fields.deadlines import find_inline_deadline, parse_deadline
from indexer.parsing.fields.units import UnitAssignment, parse_units
from indexer.parsing.record_base import NO_DEADLINE, Outline, make_record
from indexer.parsing.tables.cell_roles import cell_kind
from indexer.parsing.tables.columns import role_of
from indexer.parsing.text import join_cjk_spaces

__all__ = ["table_records"]

_TASK_SENTENCE = 25  # longer 工作任务 cells state the task; shorter ones head a group of rows
_SHORT_CONTENT = 8  # a content cell this short ("公示公告、其他") only lists kinds: the item's name says what it is
_GROUP_COUNT = re.compile(r"[（(]\s*(?:共\s*)?\d+\s*项\s*[）)]$")
_ITEM_NUMBER = re.compile(r"^\d{1,2}[.、．](?!\d)")
_TASK_NAME = 6  # a shorter cell of its own ("通报", "机构职能") names a kind of item, not the row's task
# A group's name is a few words, no sentence and no level word (一级 二级 are the header's).
_GROUP_NAME = re.compile(r"(?![一二三四五]级)[^，,。；;：:《]{2,24}")
_NAME_LIST = re.compile(r"^1[.、．]\S{1,12}(?: \d{1,2}[.、．]\S{1,12})+$")


@dataclass
class _TableState:
    l1_label: str = ""
    l2_label: str = ""
    twin: list[TaskRecord] | None = None
    group_lead: str = ""
    group_responsible: str = ""
    task: str = ""
    nested: bool = False  # rows name a group and an item of it (招生管理 | 招生政策): a catalogue's item names


def table_records(document: Document, rows: list[TableRow], outline: Outline) -> list[TaskRecord]:
    records: list[TaskRecord] = []
    state = _TableState()
    used_keys: set[str] = set()
    named = _names_each_row(rows)
    for row in rows:
        if row.continuation and records:
            _continue_record(records[-1], row)
            continue
        requirement = row.cells.get("requirement", "")
        titles = [join_cjk_spaces(t) for t in row.titles if t]
        if m := L2_MARK.match(requirement):
            head, sep, rest = requirement[m.end() :].partition(" ")
            if sep and len(head) <= 20:
                titles.append(requirement[: m.end()] + head)
                requirement = rest.strip()
        requirement = join_cjk_spaces(requirement)
        if _GROUP_COUNT.search(requirement):
            titles, requirement = [*titles, requirement], ""  # "招生考试信息 (8项)": a category heading
        for index, title in enumerate(titles):
            _apply_title(state, title, index < len(titles) - 1, outline)
        if not requirement:
            continue
        own_title = titles and titles[-1] != state.task
        listed = bool(_NAME_LIST.match(requirement))  # a list of names says what the item holds, not what it is
        own_name = named and _names_task(titles[-1]) if own_title else False
        state.nested = state.nested or (bool(own_title) and any(_group_name(t) for t in titles[:-1]))
        if own_title and (
            _states_task(titles[-1]) or len(requirement) <= _SHORT_CONTENT or listed or own_name or state.nested
        ):
            requirement = f"{_row_names(titles)}：{requirement}"  # the row's own task, then its requirements
        state.task = titles[-1] if titles else state.task
        units = _row_units(row, state, new_group=bool(titles))
        raw_deadline = row.cells.get("deadline")
        if raw_deadline is None:
            deadline = find_inline_deadline(requirement, document.year) or NO_DEADLINE
        else:
            deadline = parse_deadline(raw_deadline, document.year)
        number = row.cells.get("number") or str(len(records) + 1)
        section = " > ".join(p for p in (state.l1_label, state.l2_label) if p)
        key, repeat = f"t{number}", 1
        while key in used_keys:  # a 序号 used twice (two tables numbered from 1) still gets a unique id
            repeat += 1
            key = f"t{number}~{repeat}"
        used_keys.add(key)
        record = make_record(
            document,
            key,
            section,
            number,
            requirement,
            units,
            deadline,
            row.span.start,
            row.span.end,
            "table",
        )
        if state.twin:
            record.related_ids = [twin.id for twin in state.twin]
            for twin in state.twin:
                twin.related_ids.append(record.id)
        records.append(record)
    return records


def _row_names(titles: list[str]) -> str:
    """The names a row writes before its content: its own item's, after the merged group name that opens on this
    row (教育概况 教育事业发展主要情况) — a numbered heading is the section's, not the item's."""
    upper = [t for t in titles[:-1] if _group_name(t) and t != titles[-1]]
    return " ".join(dict.fromkeys([*upper, titles[-1]]))


def _group_name(cell: str) -> bool:
    """A merged cell naming the group of items (政策文件, 教育概况): no numbered heading, law cited, time limit or
    column name — those landed among the titles from a shifted row."""
    if L1_MARK.match(cell) or L2_MARK.match(cell) or _ITEM_NUMBER.match(cell) or not _GROUP_NAME.fullmatch(cell):
        return False
    return cell_kind(cell) == "title" and all(role_of(word) is None for word in cell.split())


def _names_each_row(rows: list[TableRow]) -> bool:
    """Every 工作任务 cell heads one row alone (each row brings its own): the column names the rows' tasks,
    however short ("完善某某事项公开工作"), and groups none."""
    heads: list[int] = []
    previous = ""
    for row in rows:
        if row.continuation:
            continue
        title = next((t for t in reversed(row.titles) if t), "")
        if title and title != previous:  # a merged cell repeats the title above: the same group
            heads.append(0)
            previous = title
        if heads and row.cells.get("requirement"):
            heads[-1] += 1
    return len(heads) >= 2 and all(count == 1 for count in heads)


def _names_task(title: str) -> bool:
    """A 工作任务 cell long enough to name a task (not 通报, not 机构职能), and no numbered section heading."""
    return len(title) >= _TASK_NAME and not (L1_MARK.match(title) or L2_MARK.match(title))


def _states_task(title: str) -> bool:
    """A 工作任务 cell that is a task sentence of its own (not a short group heading): it belongs in the text."""
    if _ITEM_NUMBER.match(title):
        return True  # numbered as an item (2.归集整理…), not as a heading: the row's own task however short
    return len(title) > _TASK_SENTENCE and not (L1_MARK.match(title) or L2_MARK.match(title))


def _continue_record(record: TaskRecord, row: TableRow) -> None:
    """A row broken by a page break: its words finish the row above."""
    record.text += row.cells.get("requirement", "")
    record.source = SourceSpan(record.source.path, record.source.line_start, row.span.end)


def _row_units(row: TableRow, state: _TableState, new_group: bool) -> UnitAssignment:
    """Units of a row; a blank cell in a merged column repeats the row above in its group."""
    lead = row.cells.get("lead")
    responsible = row.cells.get("responsible", "")
    if row.layout == "cells":
        if new_group:
            state.group_lead, state.group_responsible = "", ""
        lead = lead if lead else state.group_lead
        responsible = responsible if responsible else state.group_responsible
        state.group_lead, state.group_responsible = lead, responsible
    parsed = parse_units(responsible)
    if lead is not None:
        lead_units = parse_units(lead)
        leads = lead_units.names
        # a cell spanning both unit columns names its unit once, as the lead
        return UnitAssignment(lead=leads, responsible=[u for u in parsed.names if u not in leads])
    return parsed


def _apply_title(state: _TableState, title: str, is_upper: bool, outline: Outline) -> None:
    if L1_MARK.match(title) or (is_upper and not L2_MARK.match(title)):
        state.l1_label = _best_heading(title, outline) or title
        state.l2_label, state.twin = "", None
        return
    l1_label, l2_label, twin = _best_item(title, state.l1_label, outline)
    if l1_label and not L1_MARK.match(title):
        state.l1_label = l1_label
    state.l2_label, state.twin = l2_label, twin


def _similar(a: str, b: str) -> float:
    strip = re.compile(r"^[（(]?[一二三四五六七八九十]+[）)、]?|[\s，。、]")
    return SequenceMatcher(None, strip.sub("", a), strip.sub("", b)).ratio()


def _best_heading(title: str, outline: Outline) -> str | None:
    number = L1_MARK.match(title)
    best, score = None, 0.0
    for label, heading_title in outline.headings:
        s = _similar(title, heading_title)
        if number and label.startswith(number.group(0)):
            s += 0.3
        if s > score:
            best, score = label, s
    return best if score >= 0.7 else None


def _best_item(title: str, l1_label: str, outline: Outline) -> tuple[str, str, list[TaskRecord] | None]:
    number = L2_MARK.match(title)
    own_label = title
    if number:
        own_label = f"（{number.group(1)}）{title[number.end() :].strip().rstrip('。')}"
    best, score = None, 0.0
    for item in outline.items:
        item_l1, item_number, item_title, _ = item
        s = _similar(title, item_title)
        if number and item_number == f"（{number.group(1)}）":
            s += 0.3
        if l1_label and item_l1 == l1_label:
            s += 0.05
        if s > score:
            best, score = item, s
    if best is None or score < 0.7:
        return "", own_label, None
    item_l1, item_number, item_title, item_records = best
    return item_l1, f"{item_number}{item_title}", item_records
