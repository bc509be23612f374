"""Units handed down to the items below them: unit headings and lead-in sentences.

Two grammars give units to items that name none:

* a heading that is a unit name or closes with a unit marker
  (``（一）市财政局``, ``第一部分　强化数据开放（责任单位：县数据局）``,
  ``一、各区、县（市）政府、市政府各部门负责落实的工作任务``) owns the items
  under it;
* a lead-in — a sentence closing with a colon whose subject is a unit
  (``兰州市人民政府办公室负责向社会主动公开下列政府信息：``,
  ``X按职能主动公开以下政府信息：``) — owns the deeper items that follow it,
  until a block at its own level or above; so does an item or a paragraph that names whose duties follow
  (``（二）信息公开管理小组职责：``).

An item's own units always win; these only fill records that have none.
"""

from __future__ import annotations

import re

from indexer.models import TaskRecord
from indexer.parsing.body.markers import find_markers, is_marker, parse_marker
from indexer.parsing.body.structures import Block, Heading, Item, Paragraph
from indexer.parsing.fields.clause_units import clause_units
from indexer.parsing.fields.unit_names import names_one_body
from indexer.parsing.fields.units import looks_like_units, parse_units

__all__ = ["Scopes", "duty_lead_in", "duty_owner", "heading_units", "lead_in_units", "stated_duties", "table_owner"]

_HELPER_MARK = re.compile(r"(?:配合|协助|协办|参与)\s*[）)]")
_HELPER_LABEL = re.compile(r"(?:^|[；;。])\s*(?:配合|协助|协办)(?:单位|部门)?\s*[：:]")
# What follows the subject of a lead-in or of a heading that assigns: "X负责…", "X按职能…", "X要…",
# "X公开信息，重点包含下列内容：".
_SUBJECT_VERB = re.compile(r"负责|牵头|按职能|按职责|按照|应当|应|要|将|主动|向社会|具体|承担|统一|依法|公开")
_COLON_END = re.compile(r"[：:]\s*$")
# A heading that names whose duties follow: "（一）办公室职责", "一、领导小组及职责", "局办公室负责保障内容。",
# "（一）县政府办公室公开的政府信息".
_DUTY_HEADING = re.compile(
    r"^(.{2,20}?)(?:及其|及|的)?(?:主要|具体)?(?:工作)?"
    r"(?:职责|负责(?:的)?(?:保障|公开)?(?:内容|事项)|(?:负责|主动)?公开的(?:政府)?信息(?:内容|目录)?)[。:：]?$"
)
_DUTY_OPENING = re.compile(r"^(.{2,20}?)(?:的)?(?:主要)?职责[:：]?(?=[\u4e00-\u9fff])")
_BARE_LEAD_IN = 8  # "主要包括", "具体如下": a lead-in sentence too short to name anyone


def _names(text: str) -> list[str]:
    parsed = parse_units(text)
    return parsed.names


def _subject(sentence: str) -> list[str]:
    """The units a sentence opens with, before its first verb ("X、Y负责…"), or []."""
    sentence = sentence.strip().removeprefix("由")
    verb = _SUBJECT_VERB.search(sentence)
    head = sentence[: verb.start()].strip("，,、 ") if verb else ""
    return _names(head) if head and looks_like_units(head) else []


def lead_in_units(text: str) -> list[str]:
    """Units of a lead-in: the text closes with a colon, and its last sentence opens with who does what follows.

    A bare "主要包括：" after the sentence that names the unit hands that sentence's subject on.
    """
    if not _COLON_END.search(text):
        return []
    sentences = [s for s in re.split(r"[。；;！？]", text.rstrip("：: ")) if s.strip()]
    if len(sentences) > 1 and len(sentences[-1].strip()) <= _BARE_LEAD_IN:
        return _subject(sentences[-1]) or _subject(sentences[-2])
    return _subject(sentences[-1]) if sentences else []


def duty_lead_in(text: str) -> list[str]:
    """The body whose duties the numbered lines below list, named by an item or a paragraph of its own that
    closes with a colon ("（二）信息公开管理小组职责：", "信息公开工作领导小组办公室具体职责："), or []."""
    duty = _DUTY_HEADING.match(text.strip())
    if not _COLON_END.search(text) or not duty or not looks_like_units(duty.group(1)):
        return []
    return _names(duty.group(1))


def heading_units(title: str) -> list[str]:
    """Units a heading hands down: a unit name, a closing unit marker, "X负责落实的工作任务", or the duties of a
    unit ("办公室职责", "领导小组及职责", "局办公室负责保障内容")."""
    if looks_like_units(title):
        return _names(title)
    if names_one_body(title):
        return [title.strip()]  # 三、校务公开、信息公开工作办公室: one body whose name holds a 、
    if (duty := _DUTY_HEADING.match(title.strip())) and looks_like_units(duty.group(1)):
        return _names(duty.group(1))
    if is_marker(title):  # a duty-list block header "责任单位：X（共N项）"
        units = parse_marker(title).units
        return units.names
    markers = find_markers(title)
    if len(markers) == 1 and not title[markers[0][1] :].strip("。 "):
        units = parse_marker(markers[0][2]).units
        return units.names
    return _subject(title) if re.search(r"(?:负责|牵头)(?:落实)?的", title) else []


# A paragraph stating a body's duties under its heading: "主要职责：负责协调和监督校务公开工作。"
_STATED_DUTIES = re.compile(r"^(?:主要|具体)?(?:工作)?职责\s*[:：]\s*(?=\S)")


def stated_duties(text: str) -> str | None:
    """The duties a "主要职责：…" paragraph states, or None (a bare "主要职责：" leads into items)."""
    match = _STATED_DUTIES.match(text.strip())
    return text.strip()[match.end() :] if match else None


def duty_owner(text: str) -> list[str]:
    """The unit an item opens with when its heading runs into its duties ("信息中心职责负责财政局网站的维护…")."""
    match = _DUTY_OPENING.match(text.strip())
    return _names(match.group(1)) if match and looks_like_units(match.group(1)) else []


def assign_owner(records: list[TaskRecord], owner: list[str], text: str) -> None:
    """Records without units are the owner's tasks; a helper the item adds (配合) makes the owner lead."""
    helped = bool(_HELPER_MARK.search(text) or _HELPER_LABEL.search(text))
    for record in records:
        if not record.lead_units and not record.responsible_units:
            if not clause_units(record.text):  # the item's own "由X负责" wins over the heading
                record.responsible_units = list(owner)
        elif not record.lead_units and helped:
            record.lead_units = [u for u in owner if u not in record.responsible_units]


def table_owner(body: list[Block], line: int) -> list[str]:
    """Units of the heading a table row sits under: the last body block before the row, when it is a unit heading."""
    before = [block for block in body if block.span.end < line]
    if before and isinstance(before[-1], Heading):
        return heading_units(before[-1].title)
    return []


class Scopes:
    """The owners in force while the body is read in order: unit headings by level, and the last lead-in."""

    def __init__(self) -> None:
        self._owners: dict[int, list[str]] = {}
        self._lead_in: tuple[int, list[str]] | None = None
        self._depth = 0

    def heading(self, block: Heading) -> None:
        self._owners = {level: units for level, units in self._owners.items() if level < block.level}
        if units := heading_units(block.title):
            self._owners[block.level] = units
        self._close(block.level)
        self._depth = block.level
        if units := lead_in_units(block.title):
            self._lead_in = (block.level, units)

    def item(self, block: Item, records: list[TaskRecord]) -> None:
        """Give the item's records their owner, then let the item open a lead-in of its own."""
        self._close(block.level)
        owner = self._lead_in[1] if self._lead_in else self._owners.get(max(self._owners, default=-1))
        duties_of = duty_lead_in(block.text)
        if owner and not duties_of:  # "（二）X职责：" heads X's duties, it is none of the last owner's
            assign_owner(records, owner, f"{block.text}{block.marker}")
        if units := lead_in_units(block.text) or duties_of:
            self._lead_in = (block.level, units)

    def heading_owner(self) -> list[str]:
        """The units of the innermost unit heading in force, or []."""
        return self._owners.get(max(self._owners, default=-1), [])

    def paragraph(self, block: Paragraph) -> None:
        if units := lead_in_units(block.text) or duty_lead_in(block.text):
            self._lead_in = (self._depth, units)

    def _close(self, level: int) -> None:
        if self._lead_in and level <= self._lead_in[0]:
            self._lead_in = None
