"""Turn a document's blocks into task records ("blocks → task records").

One record per smallest unit of work that carries its own units or deadline:
each prose item, each 〔责任单位〕 segment inside an item, each closing
paragraph that assigns work, and each annex-table row. A table row that
restates a body item is linked to it through ``related_ids``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from indexer.blocks import L1_MARK, L2_MARK, Block, Heading, Item, Paragraph, TableRow
from indexer.deadlines import find_inline_deadline, parse_deadline
from indexer.models import Deadline, Document, SourceSpan, TaskRecord
from indexer.text import join_cjk_spaces
from indexer.units import UnitAssignment, parse_units, subject_units

__all__ = ["build_records", "find_unit_markers"]

_NO_DEADLINE = Deadline(raw="", date=None, kind="unspecified")
_MARKER_OPEN = "〔（("
_MARKER_CLOSE = {"〔": "〕", "（": "）", "(": ")"}
_MARKER_LABEL = re.compile(r"\s*责任单位\s*[：:]")


@dataclass
class _Outline:
    """Body headings and items, so table rows can borrow their wording and link to them."""

    headings: list[tuple[str, str]] = field(default_factory=list)  # (label, title)
    items: list[tuple[str, str, str, list[TaskRecord]]] = field(default_factory=list)
    # (l1 label, number, title, records)


def build_records(document: Document, blocks: list[Block]) -> list[TaskRecord]:
    """Build every task record of ``document`` from its blocks, in document order."""
    outline = _Outline()
    records = _body_records(document, [b for b in blocks if not isinstance(b, TableRow)], outline)
    rows = [b for b in blocks if isinstance(b, TableRow)]
    records.extend(_table_records(document, rows, outline))
    return records


def find_unit_markers(text: str) -> list[tuple[int, int, str]]:
    """Return ``(start, end, content)`` of each （责任单位：…）/〔责任单位：…〕 marker.

    Brackets are matched by depth, so "各镇（街道）" inside a marker does not end it.
    """
    markers = []
    for match in _MARKER_LABEL.finditer(text):
        start = match.start() - 1
        if start < 0 or text[start] not in _MARKER_OPEN:
            continue
        depth, end = 0, None
        for index in range(start, len(text)):
            char = text[index]
            if char in "〔（(":
                depth += 1
            elif char in "〕）)":
                depth -= 1
                if depth == 0:
                    end = index + 1
                    break
        if end is None:
            end = len(text)
        markers.append((start, end, text[match.end() : end - 1].strip()))
    return markers


# --------------------------------------------------------------------- body


def _body_records(document: Document, blocks: list[Block], outline: _Outline) -> list[TaskRecord]:
    records: list[TaskRecord] = []
    l1_label = ""
    item_count = 0
    closing_count = 0
    for block in blocks:
        if isinstance(block, Heading):
            l1_label = f"{block.number}、{block.title}"
            outline.headings.append((l1_label, block.title))
        elif isinstance(block, Item):
            item_count += 1
            title = _item_title(block.text)
            if block.level == 1:
                section = number = block.number
                section += title
            else:
                section = " > ".join(p for p in (l1_label, f"{block.number}{title}") if p)
                number = block.number
            item_records = _item_records(document, block, section, number, f"p{item_count}")
            if block.level == 2:
                outline.items.append((l1_label, block.number, title, item_records))
            records.extend(item_records)
        elif isinstance(block, Paragraph):
            units = subject_units(block.text)
            deadline = find_inline_deadline(block.text, document.year)
            if units or deadline:
                closing_count += 1
                records.append(
                    _record(
                        document,
                        f"c{closing_count}",
                        "结尾部分",
                        "结尾段",
                        block.text,
                        UnitAssignment(responsible=units),
                        deadline or _NO_DEADLINE,
                        block.span.start,
                        block.span.end,
                        "closing",
                    )
                )
    return records


def _item_title(text: str) -> str:
    title = text.partition("。")[0].strip()
    return title if len(title) <= 40 else title[:40]


def _item_records(document: Document, item: Item, section: str, number: str, key: str) -> list[TaskRecord]:
    text = item.text
    markers = find_unit_markers(text)
    start, end = item.span.start, item.span.end
    if len(markers) <= 1 and (not markers or not text[markers[0][1] :].strip("。 ")):
        # One marker at the end (or none): the whole item is one task.
        clean = text[: markers[0][0]].strip() if markers else text
        units = parse_units(markers[0][2]) if markers else UnitAssignment()
        if not units and item.level == 1:
            units = UnitAssignment(responsible=subject_units(clean.partition("。")[2]))
        deadline = find_inline_deadline(clean, document.year) or _NO_DEADLINE
        return [_record(document, key, section, number, clean, units, deadline, start, end, "prose")]
    records = []
    cursor = 0
    for index, (m_start, m_end, content) in enumerate(markers, start=1):
        segment = text[cursor:m_start].strip("。 ") + "。"
        cursor = m_end
        deadline = find_inline_deadline(segment, document.year) or _NO_DEADLINE
        records.append(
            _record(
                document,
                f"{key}.{index}",
                section,
                f"{number}-{index}",
                segment.replace("。。", "。"),
                parse_units(content),
                deadline,
                start,
                end,
                "segment",
            )
        )
    tail = text[cursor:].strip("。 ")
    if tail:
        deadline = find_inline_deadline(tail, document.year) or _NO_DEADLINE
        records.append(
            _record(
                document,
                f"{key}.{len(markers) + 1}",
                section,
                f"{number}-{len(markers) + 1}",
                tail + "。",
                UnitAssignment(),
                deadline,
                start,
                end,
                "segment",
            )
        )
    return records


# ------------------------------------------------------------------- tables


@dataclass
class _TableState:
    l1_label: str = ""
    l2_label: str = ""
    twin: list[TaskRecord] | None = None
    group_lead: str = ""
    group_responsible: str = ""


def _table_records(document: Document, rows: list[TableRow], outline: _Outline) -> list[TaskRecord]:
    records: list[TaskRecord] = []
    state = _TableState()
    used_keys: set[str] = set()
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
        for index, title in enumerate(titles):
            _apply_title(state, title, index < len(titles) - 1, outline)
        if not requirement:
            continue
        units = _row_units(row, state, new_group=bool(titles))
        raw_deadline = row.cells.get("deadline")
        if raw_deadline is None:
            deadline = find_inline_deadline(requirement, document.year) or _NO_DEADLINE
        else:
            deadline = parse_deadline(raw_deadline, document.year)
        number = row.cells.get("number") or str(len(records) + 1)
        section = " > ".join(p for p in (state.l1_label, state.l2_label) if p)
        key, repeat = f"t{number}", 1
        while key in used_keys:  # a 序号 used twice (two tables numbered from 1) still gets a unique id
            repeat += 1
            key = f"t{number}~{repeat}"
        used_keys.add(key)
        record = _record(
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
        return UnitAssignment(
            lead=[*lead_units.lead, *lead_units.responsible],
            responsible=[u for u in [*parsed.lead, *parsed.responsible] if u not in lead_units.lead],
        )
    return parsed


def _apply_title(state: _TableState, title: str, is_upper: bool, outline: _Outline) -> None:
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


def _best_heading(title: str, outline: _Outline) -> str | None:
    number = L1_MARK.match(title)
    best, score = None, 0.0
    for label, heading_title in outline.headings:
        s = _similar(title, heading_title)
        if number and label.startswith(number.group(0)):
            s += 0.3
        if s > score:
            best, score = label, s
    return best if score >= 0.7 else None


def _best_item(title: str, l1_label: str, outline: _Outline) -> tuple[str, str, list[TaskRecord] | None]:
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


def _record(
    document: Document,
    key: str,
    section: str,
    number: str,
    text: str,
    units: UnitAssignment,
    deadline: Deadline,
    line_start: int,
    line_end: int,
    kind: str,
) -> TaskRecord:
    return TaskRecord(
        id=f"{document.id}:{key}",
        doc_id=document.id,
        doc_title=document.title,
        region=document.region,
        year=document.year,
        section=section,
        number=number,
        text=text.strip(),
        lead_units=units.lead,
        responsible_units=units.responsible,
        deadline=deadline,
        source=SourceSpan(document.path, line_start, line_end),
        kind=kind,  # type: ignore[arg-type]
    )
