"""Turn a document's blocks into task records ("blocks → task records").

One record per smallest unit of work that carries its own units or deadline:
each prose item, each 〔责任单位〕 segment inside an item, each closing
paragraph that assigns work, and each annex-table row
(:mod:`indexer.parsing.tables.table_records`).
"""

from __future__ import annotations

import re

from indexer.models import Deadline, Document, TaskRecord
from indexer.parsing.body.clauses import ordinal_clauses
from indexer.parsing.body.legend import is_not_task
from indexer.parsing.body.markers import Marker, find_markers, has_deadline_label, parse_marker
from indexer.parsing.body.runon import numbered_start, row_ends
from indexer.parsing.body.scopes import Scopes, duty_owner, stated_duties, table_owner
from indexer.parsing.body.structures import Block, Heading, Item, Paragraph, TableRow
from indexer.parsing.fields.clause_units import (
    acting_units,
    clause_units,
    glued_units,
    later_subjects,
    unit_first_sentences,
    unit_led,
)
from indexer.parsing.fields.deadlines import find_inline_deadline, find_prose_deadline, parse_deadline
from indexer.parsing.fields.item_units import apply_item_units, split_item_units
from indexer.parsing.fields.units import UnitAssignment, subject_units
from indexer.parsing.record_base import NO_DEADLINE, Outline, make_record
from indexer.parsing.tables.table_records import table_records

__all__ = ["build_records"]


def build_records(document: Document, blocks: list[Block]) -> list[TaskRecord]:
    """Build every task record of ``document`` from its blocks, in document order."""
    outline = Outline()
    body, listed = split_item_units([b for b in blocks if not isinstance(b, TableRow)])
    records = _body_records(document, body, outline)
    apply_item_units(records, listed)
    rows = [b for b in blocks if isinstance(b, TableRow)]
    table = table_records(document, rows, outline)
    for record in table:
        if not record.units and (owner := table_owner(body, record.source.line_start)):
            record.responsible_units = owner  # "一、X负责落实的工作任务" right above a table with no unit column
    records.extend(table)
    for record in records:
        if not record.units and record.kind != "table":  # a table's empty unit cell is its own statement
            found = clause_units(record.text)
            record.lead_units, record.responsible_units = found.lead, found.responsible
    known = {unit for record in records for unit in record.units}
    for record in records:
        if not record.units and record.kind != "table":
            found = glued_units(record.text, known) or UnitAssignment(
                responsible=acting_units(record.text) or later_subjects(record.text)
            )
            record.lead_units, record.responsible_units = found.lead, found.responsible
    return [r for r in records if not is_not_task(r, document.title)]


# --------------------------------------------------------------------- body


def _body_records(document: Document, blocks: list[Block], outline: Outline) -> list[TaskRecord]:
    records: list[TaskRecord] = []
    headings: dict[int, str] = {}
    item_count = 0
    closing_count = 0
    items = [b for b in blocks if isinstance(b, Item)]
    prose = not any(has_deadline_label(f"{b.text}；{b.marker}") for b in items)
    scopes = Scopes()  # unit headings ("（一）市财政局") and lead-ins ("X负责公开下列信息：") over the items below
    for block in blocks:
        if isinstance(block, Paragraph):
            scopes.paragraph(block)
        if isinstance(block, Heading):
            headings = {level: label for level, label in headings.items() if level < block.level}
            headings[block.level] = _heading_label(block)
            scopes.heading(block)
            if block.level == 1:
                outline.headings.append((headings[1], block.title))
        elif isinstance(block, Item):
            item_count += 1
            title = _item_title(block.text)
            l1_label = headings.get(1, "")
            if block.level == 1:
                section = number = block.number
                section += title
            else:
                parents = [label for level, label in sorted(headings.items()) if level < block.level]
                section = " > ".join(p for p in (*parents, f"{block.number}{title}") if p)
                number = block.number
            item_records = _item_records(document, block, (section, number, f"p{item_count}"), prose)
            scopes.item(block, item_records)
            if block.level == 2:
                outline.items.append((l1_label, block.number, title, item_records))
            records.extend(item_records)
        elif isinstance(block, Paragraph):
            trail = " > ".join(label for _, label in sorted(headings.items()))
            paragraph_records, closing_count = _paragraph_records(document, block, (trail, closing_count), prose)
            duties = stated_duties(block.text) if scopes.heading_owner() and not paragraph_records else None
            if duties:  # "主要职责：负责…" under a body's heading: that body's duty
                closing_count += 1
                duty = Item(0, "", duties, block.span)
                paragraph_records = _item_records(document, duty, (trail, "段", f"s{closing_count}"), prose)
                scopes.item(duty, paragraph_records)
            records.extend(paragraph_records)
    return records


def _paragraph_records(
    document: Document, block: Paragraph, place: tuple[str, int], prose: bool
) -> tuple[list[TaskRecord], int]:
    """An unnumbered paragraph's tasks, and the closing-paragraph count after it.

    一是/二是 clauses; a paragraph with its own units (a table run on into prose, a closing unit
    sentence); sentences that each open with their units; or a closing paragraph that names a
    subject unit or a deadline.
    """
    trail, count = place
    if clauses := ordinal_clauses(block):
        return _clause_records(document, clauses, (trail, count), prose), count + len(clauses)
    item = Item(0, "", block.text, block.span)
    tasks = unit_first_sentences(block.text)
    if (row_ends(block.text) or not tasks) and _markers(block.text):
        return _item_records(document, item, ("", "段", f"s{count + 1}"), prose), count + 1
    if tasks:
        return _sentence_records(document, item, ("", "段", f"s{count + 1}"), tasks, prose), count + 1
    if led := unit_led(block.text):  # "办公室  组织、协调…": a duty list written unit first
        owner, duties = led
        when = find_inline_deadline(duties, document.year) or NO_DEADLINE
        start, end = block.span.start, block.span.end
        record = make_record(
            document, f"s{count + 1}", trail, "段", duties, UnitAssignment([], owner), when, start, end, "prose"
        )
        return [record], count + 1
    units = UnitAssignment(responsible=subject_units(block.text)) or clause_units(block.text)
    if not units and (acting := acting_units(block.text)):
        units = UnitAssignment(responsible=acting)  # a rule's paragraph: "X须依据…", "X负责…" under an article
    deadline = find_inline_deadline(block.text, document.year)
    if not units and not deadline:
        return [], count
    record = make_record(
        document,
        f"c{count + 1}",
        "结尾部分",
        "结尾段",
        block.text,
        units,
        deadline or NO_DEADLINE,
        block.span.start,
        block.span.end,
        "closing",
    )
    return [record], count + 1


def _clause_records(document: Document, clauses: list[Item], place: tuple[str, int], prose: bool) -> list[TaskRecord]:
    """ "一是…（X，年底前）；二是…": each clause read as an item of its own under the headings above."""
    section, count = place
    records: list[TaskRecord] = []
    for index, clause in enumerate(clauses, start=count + 1):
        records.extend(_item_records(document, clause, (section, clause.number, f"s{index}"), prose))
    return records


def _heading_label(heading: Heading) -> str:
    """ "一、title" for a Chinese-numeral heading, "number + title" for the other styles."""
    separator = "、" if re.fullmatch(r"[一二三四五六七八九十]+", heading.number) else ""
    return f"{heading.number}{separator}{heading.title}"


def _item_title(text: str) -> str:
    title = text.partition("。")[0].strip()
    return title if len(title) <= 40 else title[:40]


def _item_records(document: Document, item: Item, place: tuple[str, str, str], prose: bool) -> list[TaskRecord]:
    """An item's records; ``prose`` when the document labels no deadline, so relative and ongoing phrases count."""
    section, number, key = place
    text = item.text
    markers = _markers(text)
    start, end = item.span.start, item.span.end
    if not markers and not item.marker and (tasks := unit_first_sentences(text)):
        return _sentence_records(document, item, place, tasks, prose)
    if len(markers) > 1 and (combined := _one_task(text, markers)):
        clean, marker = combined
        deadline = _deadline(marker, clean, document.year, prose)
        return [make_record(document, key, section, number, clean, marker.units, deadline, start, end, "prose")]
    if len(markers) <= 1 and (not markers or not text[markers[0][1] :].strip("。 ")):
        # One marker at the end (or none), or a unit line after the item: the whole item is one task.
        clean = text[: markers[0][0]].strip() if markers else text
        marker = _with_unit_line(parse_marker(markers[0][2]) if markers else Marker(), item.marker)
        units = marker.units or UnitAssignment(responsible=duty_owner(clean))
        if not units and item.level == 1:
            units = UnitAssignment(responsible=subject_units(clean.partition("。")[2]))
        deadline = _deadline(marker, clean, document.year, prose)
        return [make_record(document, key, section, number, clean, units, deadline, start, end, "prose")]
    records = []
    cursor = 0
    for index, (m_start, m_end, content) in enumerate(markers, start=1):
        following = text[m_end : markers[index][0]] if index < len(markers) else text[m_end:]
        segment = text[cursor:m_start]
        segment = segment[numbered_start(segment, following) :].strip("。 ") + "。"
        cursor = m_end
        if segment == "。":
            continue  # a marker opening the item (【责任主体】X): no task before it
        marker = parse_marker(content)
        deadline = _deadline(marker, segment, document.year, prose)
        records.append(
            make_record(
                document,
                f"{key}.{index}",
                section,
                f"{number}-{index}",
                segment.replace("。。", "。"),
                marker.units,
                deadline,
                start,
                end,
                "segment",
            )
        )
    tail = text[cursor:].strip("。 ")
    if tail:
        # A unit line after the item ("（牵头单位：X）" on its own line) closes the item's last, unmarked segment.
        marker = parse_marker(item.marker) if item.marker else Marker()
        closing = _deadline(marker, tail, document.year, prose) if item.marker else None
        records.append(
            make_record(
                document,
                f"{key}.{len(markers) + 1}",
                section,
                f"{number}-{len(markers) + 1}",
                tail + "。",
                marker.units,
                closing or find_inline_deadline(tail, document.year) or NO_DEADLINE,
                start,
                end,
                "segment",
            )
        )
    return records


def _with_unit_line(marker: Marker, line: str) -> Marker:
    """The item's unit line (责任处室：X牵头) names its own units; a marker inside the text may quote another plan's."""
    if not line:
        return marker
    own = parse_marker(line)
    return Marker(own.units or marker.units, own.deadline if own.deadline is not None else marker.deadline)


def _markers(text: str) -> list[tuple[int, int, str]]:
    """The item's markers, and the row ends of a table flattened into it (:mod:`runon`) where they do not overlap."""
    markers = find_markers(text)
    for row_end in row_ends(text):
        if not any(start < row_end[1] and row_end[0] < end for start, end, _ in markers):
            markers.append(row_end)
    return sorted(markers)


def _one_task(text: str, markers: list[tuple[int, int, str]]) -> tuple[str, Marker] | None:
    """Markers that together describe one task (``【X】…（时限：Z）``, ``〔牵头单位：X〕〔完成时限：Z〕``).

    Several markers split an item into segments only when more than one of them names units.
    """
    parsed = [parse_marker(content) for _, _, content in markers]
    groups = 0  # runs of adjacent markers ("〔牵头单位：X〕〔配合单位：Y〕") that name units
    for index, marker in enumerate(parsed):
        between = text[markers[index - 1][1] : markers[index][0]] if index else "x"
        if marker.units and (between.strip(" 。；;，,") or not parsed[index - 1].units):
            groups += 1
    if groups > 1:
        return None
    combined = Marker()
    for marker in parsed:
        combined.units.lead.extend(marker.units.lead)
        combined.units.responsible.extend(marker.units.responsible)
        combined.deadline = marker.deadline if marker.deadline is not None else combined.deadline
    pieces, cursor = [], 0
    for m_start, m_end, _ in markers:
        pieces.append(text[cursor:m_start])
        cursor = m_end
    pieces.append(text[cursor:])
    clean = "".join(pieces).strip(" 。") + "。"
    return clean.replace("。。", "。"), combined


def _sentence_records(
    document: Document, item: Item, place: tuple[str, str, str], tasks: list[str], prose: bool
) -> list[TaskRecord]:
    """One record per sentence that opens with its own units; the units are read from it later."""
    section, number, key = place
    return [
        make_record(
            document,
            f"{key}.{index}",
            section,
            f"{number}-{index}",
            task,
            UnitAssignment(),
            _deadline(Marker(), task, document.year, prose),
            item.span.start,
            item.span.end,
            "segment",
        )
        for index, task in enumerate(tasks, start=1)
    ]


def _deadline(marker: Marker, text: str, year: int | None, prose: bool) -> Deadline:
    """The marker's own deadline when it states one, else a deadline phrase inside the task text."""
    if marker.deadline is not None:
        return parse_deadline(marker.deadline, year)
    found = find_prose_deadline(text, year) if prose else find_inline_deadline(text, year)
    return found or NO_DEADLINE
