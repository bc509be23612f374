"""Numbered lines that are no task: a title, a catalogue's legend and a duty list's heading read as items.

A disclosure catalogue opens with a 概述 whose numbered lines say what it rests on and how it
works — 主要依据 (laws cited alone), 责任主体：…, 公开时限：…, 公开方式：…, 监督渠道：… — and a part
heading (第二部分 主动公开基本目录). Read as items they become records with no unit and no time,
which outrank the catalogue's own rows; their text stays in the passages.
"""

from __future__ import annotations

import re

from indexer.models import TaskRecord
from indexer.parsing.debris import without_pinyin
from indexer.parsing.identity.metadata import catalogue_title
from indexer.parsing.normalise import matching_view

__all__ = ["is_not_task"]

_TITLE_MIN = 10  # a title this long is the document's own, not a heading word that a task may start with
_CITED = r"(?:[\u4e00-\u9fff]{0,12})《[^》]{2,80}》"
# Laws and documents cited alone (《中华人民共和国政府信息公开条例》; 国务院办公厅《…》、《…》及…的工作规定;
# X市政府信息公开有关规定).
_CITATIONS = re.compile(
    rf"^(?:{_CITED}(?:[、，,及和与]{_CITED})*(?:[^《》。]{{0,30}})?|[\u4e00-\u9fff]{{2,30}}(?:有关|相关)规定)[;；。]?$"
)
# A catalogue's legend: a label of how it works, then its value.
_LEGEND = re.compile(
    r"^(?:责任主体|公开主体|公开时限|公开方式|公开形式|公开渠道|公开载体|监督渠道|监督方式|监督举报|公开范围|"
    r"主要依据|编制依据|公开依据|适用范围|编制说明)\s*[:：]"
)
# A heading word alone: 概述, 主动公开基本目录, 说明, 政策 — short, no sentence, no verb of a task.
_HEADING_WORD = re.compile(r"^[\u4e00-\u9fff]{2,10}$")
_WORD_MAX = 4  # a numbered word this short (2.政策) is a category, never a task with no unit and no time
_HEADING_WORDS = re.compile(r"(?:概述|概况|说明|目录|依据|附则|总则)$")
# The heading of a duty list read as an item ("（二）信息公开管理小组职责："): its lines below are the tasks.
_DUTY_HEADING = re.compile(r"^[^。；;，,]{2,30}?(?:职责|職責)\s*[:：]$")


def is_not_task(record: TaskRecord, title: str) -> bool:
    """A prose record with no unit and no time that is the document's title, a catalogue section's title, or a
    line of a catalogue's legend."""
    if record.kind == "table" or record.units or record.deadline.raw:
        return False
    text = without_pinyin(record.text)  # the matching view already: records are built on it
    head = text[: text.index("目录") + 2] if "目录" in text else text  # a title glued to the header's 序号
    if (len(title) >= _TITLE_MIN and text.startswith(matching_view([title])[0])) or catalogue_title(head):
        return True
    return bool(
        _CITATIONS.match(text)
        or _LEGEND.match(text)
        or _DUTY_HEADING.match(text)
        or (_HEADING_WORD.match(text) and (len(text) <= _WORD_MAX or _HEADING_WORDS.search(text)))
    )
