"""Unit markers in prose: who does a task and by when, wherever the document writes it.

A marker is either labelled (``牵头单位：X；责任单位：Y；完成时限：Z``,
``责任单位：X　完成时间：Y``) or an assignment phrase (``X负责落实``,
``A、B分别负责落实``, ``X牵头，Y配合``, ``X牵头落实``). It may close a
sentence in brackets — full- or half-width — or stand on a line of its own
after the item it belongs to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from indexer.parsing.fields.deadlines import is_deadline_cell, is_deadline_phrase, parse_deadline
from indexer.parsing.fields.units import UnitAssignment, looks_like_units, parse_units
from indexer.parsing.text import join_cjk_spaces, normalise_parens, split_top_level

__all__ = [
    "Marker",
    "ends_with_marker",
    "find_markers",
    "has_deadline_label",
    "has_label",
    "is_marker",
    "parse_marker",
    "split_glued_deadline",
]

# Full labels and their short forms (``牵头：`` ``配合：`` ``责任：`` ``时限：`` in a 台账 or a list).
# The kind of office a label names: 责任单位, 责任处室 (a provincial department's divisions), 责任股室 …
_OFFICE = r"(?:单位|部门|科室|处室|股室|机构)"
_LEAD_LABEL = rf"牵头{_OFFICE}|主责{_OFFICE}|主办{_OFFICE}|牵头"
_UNIT_LABEL = rf"责任{_OFFICE}|负责{_OFFICE}|承办{_OFFICE}|实施主体|落实{_OFFICE}|责任"
_HELP_LABEL = rf"配合{_OFFICE}|协办{_OFFICE}|协助{_OFFICE}|协同{_OFFICE}|参与{_OFFICE}|配合|协办|协同"
_DEADLINE_LABEL = r"完成时限|完成时间|完成期限|时限要求|时间节点|时间进度|进度安排|时间安排|时限"
# A label ends with a colon, or with 为 in a sentence ("责任单位为X", "完成时限为Z").
_LABEL = re.compile(
    rf"(?<![\u4e00-\u9fff])({_LEAD_LABEL}|{_UNIT_LABEL}|{_HELP_LABEL}|{_DEADLINE_LABEL})"
    rf"\s*(?:[：:]|(?<=单位|部门|时限|时间|期限)为(?=[\u4e00-\u9fff\d“]))\s*"
)
_VERB = re.compile(r"(?:分别|按职责(?:分工)?)?(?:牵头|负责|配合|协办|协助|落实)(?:落实|实施|推进)?")
_OPEN = {"（": "）", "(": ")", "〔": "〕", "[": "]", "【": "】", "［": "］"}
_OPENERS = "".join(_OPEN)
_CLOSERS = "".join(_OPEN.values())
# A marker closing an item without brackets: after a dash ("——责任单位：X") or as the
# item's last sentence ("…。责任单位：X牵头，Y配合。").
# A sentence that only assigns the work before it: "此项工作由X负责。", "由X牵头，Y、Z参与。".
_UNIT_SENTENCE = re.compile(
    r"(?<=[。；;])\s*(?:(?:此|该|本|上述)项(?:工作|任务)|以上工作)?由"
    r"([^。；;（(]{2,80}?(?:牵头[，,、][^。；;（(]{2,80}?(?:参与|配合|协助|协办)|(?:共同|分别)?负责(?:落实|实施)?))[。；;]"
)
# How a time phrase glued to the end of a unit list opens (a digit, a month, 年底, 长期, 常态化, 每…).
_DEADLINE_START = re.compile(
    r"^(?:\d|[一二三四五六七八九十]{1,2}月|年[内底末]|长期|持续|常态|每|上半年|下半年|第|全年|今年|本年|明年|次年|随时|定期)"
)
_GLUED_MAX = 20
# A bracket inside a unit's name, not after a task: right after a unit's kind, with the sentence going on
# ("各部门、各学院（研究院）应当…", "区建设管理委（区交通委）负责…").
_NAME_BEFORE = re.compile(r"(?:学院|学校|部门|单位|科室|处室|[科室局处委办组]|中心|街道|[镇乡])$")
_SENTENCE_GOES_ON = re.compile(r"[\u4e00-\u9fff、]")
_CACHE = 8192  # the same phrases are tested while joining lines, finding markers and row ends
_NEXT_NUMBER = re.compile(r"(?<=[前底末内])\d{1,3}$")
_DASH_TAIL = re.compile(r"(?:——|—|--|－－)\s*([^—。]+?)\s*[。；;]?\s*$")
# A label written as a bracketed heading before its value: "【责任单位】X【完成时限】Y".
_TASK_MIN = 6  # the task before a row's spaced cells is a phrase, not a word
_NAME_MIN = 3
# Ticked and unticked channel boxes closing a catalogue row (■政府网站 口政府公报 □发布会/听证会□广播电视).
_CHANNEL_CELLS = re.compile(r"(?:\s+[■□☑☐口]\S*)*\s+\S*[■□☑☐]\S*(?:\s+[■□☑☐口]\S*)*\s*$")
_LABEL_NAMES = rf"{_LEAD_LABEL}|{_UNIT_LABEL}|{_HELP_LABEL}|{_DEADLINE_LABEL}"
_BRACKET_LABEL = re.compile(rf"[【〔\[［]\s*({_LABEL_NAMES})\s*[】〕\]］]\s*[：:]?\s*")


@dataclass
class Marker:
    """What a marker says: the units and, when it has one, the deadline as written."""

    units: UnitAssignment = field(default_factory=UnitAssignment)
    deadline: str | None = None


def has_deadline_label(text: str) -> bool:
    """True when ``text`` names a deadline by a label (``完成时限：``): then only labels give deadlines."""
    return bool(re.search(rf"(?:{_DEADLINE_LABEL})\s*[：:]", text))


def has_label(text: str) -> bool:
    """True when ``text`` names its fields by labels (``责任单位：X``), not by verbs or bare names."""
    return bool(_LABEL.search(text))


def _labelled(text: str) -> list[tuple[str, str]]:
    matches = list(_LABEL.finditer(text))
    parts = []
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        value = text[match.end() : end].split("。")[0]  # a note may follow the list: "。逗号前为牵头单位，下同"
        parts.append((match.group(1), _balanced(value.strip(" ；;，,。\u3000\t"))))
    return parts


def _balanced(value: str) -> str:
    """A value without the closing bracket of a bracket opened before it ("长期坚持）" on a unit line)."""
    while (
        value
        and value[-1] in _CLOSERS
        and sum(value.count(c) for c in _OPENERS) < sum(value.count(c) for c in _CLOSERS)
    ):
        value = value[:-1].rstrip(" ；;，,。")
    return value


def _unbracket(text: str) -> str:
    text = text.strip(" 。；;\u3000\t")
    if text[:1] in _OPEN and text.endswith(_OPEN[text[0]]) or text[:1] == "(" and text.endswith("）"):
        return text[1:-1].strip()
    return text


def _bare_units(text: str) -> tuple[str, str | None] | None:
    """A bracket holding only units, maybe with a time phrase last: ``（X、Y，年底前）`` → ("X、Y", "年底前")."""
    head, _, last = text.rpartition("，") if "，" in text else text.rpartition(",")
    if head and is_deadline_phrase(last):
        units = head
        deadline: str | None = last.strip()
    else:
        units, deadline = text, None
    if _VERB.search(units) or re.search(r"[。！？：:]", units) or not looks_like_units(units) or len(units) > 120:
        return None
    names = split_top_level(units, "、，,；;")
    if len(names[0]) < 3 or any(len(name) < 3 and name not in ("单位", "部门") for name in names):
        return None  # a qualifier such as "各街道（镇）" or "部门（单位）", not a unit list
    return units, deadline


@lru_cache(maxsize=_CACHE)
def split_glued_deadline(text: str) -> tuple[str, str] | None:
    """Units with a time phrase glued to their end ("市局各有关科室常态化开展", "各科室、单位 11 月底前").

    The time phrase is the longest ending that opens like one and reads as a deadline; the words before
    it must assign units.
    """
    text = text.strip(" 。；;")
    for start in range(max(1, len(text) - _GLUED_MAX), len(text) - 1):
        phrase, head = text[start:].strip(), text[:start].strip(" ，,、")
        if not (_DEADLINE_START.match(phrase) and is_deadline_cell(phrase)) or _NEXT_NUMBER.search(phrase):
            continue  # "11 月底前2": the next row's 序号 is glued on
        if head and _assigns(head) and parse_deadline(phrase, 2000).kind != "unspecified":
            return head, phrase
    return None


@lru_cache(maxsize=_CACHE)
def is_marker(text: str) -> bool:
    """True for a labelled marker or an assignment phrase naming only units (brackets around it allowed)."""
    text = join_cjk_spaces(normalise_parens(_unbracket(text)))
    if not text:
        return False
    if _LABEL.match(text):
        return True
    return _assigns(text) or split_glued_deadline(text) is not None


def _assigns(text: str) -> bool:
    """Only units, or units with assignment verbs (and maybe a time phrase after a comma)."""
    if _bare_units(text):
        return True
    head, _, last = text.rpartition("，") if "，" in text else text.rpartition(",")
    if head and is_deadline_phrase(last) and _VERB.search(head):
        text = head  # "X牵头，Y配合，三季度": an assignment with its time phrase last
    if not _VERB.search(text) or re.search(r"[。！？]", text):
        return False
    parts = split_top_level(_VERB.sub("、", text), "、，,；;")
    return bool(parts) and len(text) <= 120 and all(looks_like_units(p) for p in parts)


def parse_marker(text: str) -> Marker:
    """Units and deadline of a marker's content."""
    text = _unbracket(text)
    parts = _labelled(text)
    if not parts:
        if glued := split_glued_deadline(text):
            return Marker(parse_units(glued[0]), glued[1])
        bare = _bare_units(join_cjk_spaces(normalise_parens(text)))
        if bare is None:
            head, _, last = text.rpartition("，")
            if head and is_deadline_phrase(last) and is_marker(head):
                return Marker(parse_units(head), last.strip())
            return Marker(parse_units(text))
        return Marker(parse_units(bare[0]), bare[1])
    has_lead = any(re.fullmatch(_LEAD_LABEL, label) for label, _ in parts)
    marker = Marker()
    for label, value in parts:
        if re.fullmatch(_DEADLINE_LABEL, label):
            marker.deadline = value
        elif re.fullmatch(_LEAD_LABEL, label):
            parsed = parse_units(value)
            marker.units.lead.extend(parsed.names)
        elif has_lead or re.fullmatch(_HELP_LABEL, label):
            parsed = parse_units(value)
            marker.units.responsible.extend(parsed.names)
        else:
            parsed = parse_units(value)
            marker.units.lead.extend(parsed.lead)
            marker.units.responsible.extend(parsed.responsible)
    return marker


def find_markers(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, content)`` of each bracketed marker; brackets are matched by depth."""
    if labels := _bracket_labels(text):
        return labels
    markers = []
    index = 0
    while index < len(text):
        char = text[index]
        if char not in _OPEN:
            index += 1
            continue
        depth, end = 0, len(text)
        for position in range(index, len(text)):
            if text[position] in _OPENERS:
                depth += 1
            elif text[position] in _CLOSERS:
                depth -= 1
                if depth == 0:
                    end = position + 1
                    break
        content = text[index + 1 : end - 1] if end <= len(text) and text[end - 1] in _CLOSERS else text[index + 1 :]
        if end == len(text) and text[-1] not in _CLOSERS:
            content = content.rstrip(f"{_OPENERS} ")  # never closed, maybe by a stray opener: "（X牵头（"
        if is_marker(content) and not _inside_name(text, index, end, content):
            markers.append((index, end, content.strip()))
            index = end
        else:
            index += 1
    taken = [(start, end) for start, end, _ in markers]
    for sentence in _UNIT_SENTENCE.finditer(text):
        content = sentence.group(1).strip()
        overlaps = any(start < sentence.end() and sentence.start() < end for start, end in taken)
        if not overlaps and sentence.start() > 0 and is_marker(content):
            markers.append((sentence.start(), sentence.end(), content))
    markers.sort()
    if (tail := _tail_marker(text)) and (not markers or tail[0] >= markers[-1][1]):
        markers.append(tail)  # "…（Y配合）。完成时间：Z。": a label sentence after a bracket too
    return markers


def _inside_name(text: str, start: int, end: int, content: str) -> bool:
    """A bare unit bracket that qualifies the unit before it, the sentence going on after it."""
    if not _NAME_BEFORE.search(text[:start]) or not _SENTENCE_GOES_ON.match(text, end):
        return False
    return _bare_units(join_cjk_spaces(normalise_parens(_unbracket(content)))) is not None and not _LABEL.match(content)


def _bracket_labels(text: str) -> list[tuple[int, int, str]]:
    """ "…。【责任单位】X【完成时限】Y。": labels in brackets and their values, each run of them one marker.

    A value runs to the next bracketed label or to the end of its sentence.
    """
    markers: list[tuple[int, int, str]] = []
    matches = list(_BRACKET_LABEL.finditer(text))
    for index, match in enumerate(matches):
        following = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        stop = text.find("。", match.end(), following)
        end = following if stop < 0 else stop + 1
        part = f"{match.group(1)}：{text[match.end() : end].strip(' 。；;')}"
        if markers and markers[-1][1] == match.start():
            start, _, content = markers[-1]
            markers[-1] = (start, end, f"{content}；{part}")
        else:
            markers.append((match.start(), end, part))
    return [m for m in markers if m[0] > 0]


def _spaced_cells(text: str) -> tuple[int, int, str] | None:
    """A row's unit and time cells a space after its task ("做好…公开 县司法局 2024年6月底前"), as a marker.

    The first space-separated piece after the task is a unit list, each later one a unit list or a time phrase;
    a catalogue's 公开时限 cell may come before its 公开主体 (…之日起20个工作日内 自然资源主管部门). The ticked
    channel cells after them (■政府网站 □政府公报) are no part of it.
    """
    body = _CHANNEL_CELLS.sub("", text)
    for space in re.finditer(r"[ \u3000]+", body):
        tokens = body[space.end() :].split()
        if space.start() < _TASK_MIN or not tokens or len(tokens) > 3:
            continue
        cells = [t for t in tokens if len(t) >= _NAME_MIN]  # a wrapped line's cut word ("…完成 政府") is no cell
        units = [looks_like_units(t) for t in tokens]
        if (
            len(cells) == len(tokens)
            and (units[0] or (is_deadline_phrase(tokens[0]) and any(units)))
            and all(unit or is_deadline_phrase(t) for t, unit in zip(tokens, units, strict=True))
        ):
            return space.start(), len(text), "，".join(tokens)
    return None


def ends_with_marker(text: str) -> bool:
    """True when a complete dash clause closes ``text`` ("…。——责任单位：X"): the paragraph has ended."""
    return not text.endswith(("、", "，", ",", "；", ";", "：", ":")) and _tail_marker(text) is not None


def _tail_marker(text: str) -> tuple[int, int, str] | None:
    """A dash clause or a last sentence that is a marker, as ``(start, end, content)``."""
    if (dash := _DASH_TAIL.search(text)) and dash.start() > 0 and is_marker(dash.group(1)):
        label = re.search(rf"(?:{_LABEL_NAMES})\s*$", text[: dash.start()])
        if label and label.start() > 0:  # "…。责任单位——X": the label before the dash names the value
            return label.start(), len(text), f"{label.group(0).strip()}：{dash.group(1).strip()}"
        return dash.start(), len(text), dash.group(1).strip()
    body = text.rstrip(" 。；;\u3000")
    start = max(body.rfind("。"), body.rfind("；"), body.rfind(";")) + 1
    sentence = body[start:]
    if not 0 < start < len(body) or not is_marker(sentence):
        return _spaced_cells(body)
    while _LABEL.match(sentence.strip()):  # "…。责任单位：X；完成时限：Z": the labels before the last one too
        before = max(body.rfind("。", 0, start - 1), body.rfind("；", 0, start - 1), body.rfind(";", 0, start - 1)) + 1
        if not 0 < before < start - 1 or not _LABEL.match(body[before : start - 1].strip()):
            break
        start, sentence = before, body[before:]
    if _LABEL.match(sentence.strip()) or _VERB.search(sentence) or split_glued_deadline(sentence):
        return start, len(text), sentence.strip()  # "…。完成时间：Z", "…。X、Y负责落实", "…。X常态化开展"
    return None
