"""The last reading of a document the structured reading found no task in.

A document in a layout none of the grammars knows should still give its
reader something: every paragraph or numbered line that states work (a task
verb) and says who or by when (a unit phrase or a deadline phrase) becomes a
task, with its units read by the unit grammar and its deadline by the deadline
grammar. A document of only framing still gives nothing, and is rejected.
"""

from __future__ import annotations

import re

from indexer.models import Document, TaskRecord
from indexer.parsing.body.markers import find_markers, parse_marker
from indexer.parsing.fields.clause_units import acting_units, clause_units, unit_first_sentences
from indexer.parsing.fields.deadlines import find_prose_deadline, parse_deadline
from indexer.parsing.fields.units import UnitAssignment, subject_units
from indexer.parsing.normalise import matching_view
from indexer.parsing.record_base import NO_DEADLINE, make_record
from indexer.parsing.text import is_furniture, strip_debris

__all__ = ["TASK_VERB", "fallback_records"]

TASK_VERB = re.compile(r"做好|推进|推动|公开|发布|公布|建立|健全|完善|落实|编制|开展|加强|规范|更新|制定|组织|实施")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_MIN_CJK = 8  # shorter lines are titles, signatures or dates, not tasks
# A page whose text layer ran every paragraph into one line: a Chinese numeral item after a sentence end starts
# an item of its own ("…请认真抓好贯彻落实。 一、加强组织领导。各级各部门要…").
_RUN_IN_ITEM = re.compile(r"(?<=[。；;！？])\s*(?=[一二三四五六七八九十]{1,3}、)")


def _units(text: str) -> tuple[str, UnitAssignment, str | None]:
    """The line without its unit bracket, its units and the bracket's deadline (``None`` if it has none)."""
    markers = find_markers(text)
    if markers:
        start, end, content = markers[-1]
        marker = parse_marker(content)
        clean = (text[:start] + text[end:]).strip()
        return clean, marker.units, marker.deadline
    found = clause_units(text)
    if not found:
        found = UnitAssignment(responsible=subject_units(text) or acting_units(text))
    return text, found, None


def fallback_records(document: Document, lines: list[str]) -> list[TaskRecord]:
    """One record per line that carries a task verb and a unit or deadline phrase."""
    records: list[TaskRecord] = []
    title = matching_view([document.title])[0]
    for number, raw in enumerate(lines, start=1):
        text = strip_debris(raw)
        if len(_CJK.findall(text)) < _MIN_CJK or not TASK_VERB.search(text) or is_furniture(text):
            continue  # a page's metadata (• 发布机构 X) says who published it, not who does the work
        if text == title:
            continue  # the notice's own title (关于做好2023年度第二季度…的通知) names its work, it gives none
        for task in _tasks(text):
            clean, units, stated = _units(task)
            if stated is not None:
                deadline = parse_deadline(stated, document.year)
            else:
                deadline = find_prose_deadline(clean, document.year) or NO_DEADLINE
            if not units and not deadline.raw:
                continue
            key = f"f{len(records) + 1}"
            records.append(
                make_record(document, key, "", str(len(records) + 1), clean, units, deadline, number, number, "prose")
            )
    return records


def _tasks(text: str) -> list[str]:
    """A line's tasks: its run-in items (…印发给你们。 一、加强组织领导。各级各部门要…), and within each its
    sentences when two or more open with their own units (X将于…。Y将于…); else the line."""
    if find_markers(text):
        return [text]
    items = [item.strip() for item in _RUN_IN_ITEM.split(text) if item.strip()]
    return [task for item in items for task in (unit_first_sentences(item) or [item])]
