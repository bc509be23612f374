"""Turn a unit cell or marker ("X牵头，Y配合", "牵头单位：…；配合单位：…") into unit lists.

Names are kept as the document writes them (full-width parentheses, spaces
removed); the alias registry in :mod:`indexer.registry` decides later which
names mean the same unit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from indexer.parsing.fields.deadlines import is_deadline_phrase
from indexer.parsing.fields.unit_names import (
    UNIT_SUFFIX,
    first_name,
    is_unit_name,
    joined_units,
    named_through,
    named_unit,
    without_title,
)
from indexer.parsing.text import join_cjk_spaces, normalise_parens, only_ticks, split_top_level

__all__ = ["UnitAssignment", "looks_like_units", "parse_units", "subject_units"]

_OFFICE = r"(?:单位|部门|科室|处室|股室)"
_LABEL = re.compile(rf"^(?:责任|牵头|配合){_OFFICE}\s*[：:]\s*")
_LABELLED = re.compile(rf"((?:牵头|责任|配合){_OFFICE})\s*[：:]\s*([^；;]+)")
_QUALIFIER = re.compile(
    r"等(?:区)?(?:有关|相关)(?:行政执法)?部门\s*(?:（单位）|单位)?$|及所属公共企事业单位$|等\d{1,3}个(?:部门|单位)$"
)
# The adverbs a unit list's closing verb may carry: 分别/共同/具体/参照 落实, 按职责分工落实.
_ADVERB = r"(?:按照?(?:职责|职能|业务)(?:分工)?|按照?分工)?(?:分别|共同|具体|参照|统一|各自)?"
# A page cut off inside the closing verb ("按职责分工落") still closes the list.
_VERBS = r"(?:配合|落实|参与|协同|负责|协助|协办|实施|执行)*"
_TRAILING_VERB = re.compile(rf"(?:{_ADVERB}{_VERBS}|按照?(?:职责|职能)?分工落)$")
# Verbs that make the units before them the lead: "X牵头", "X统筹，Y配合", "X主办、Y协办".
_LEAD_NOUN = re.compile(r"(?:起草|制定|制发|承办)?(?:科室|处室|股室|部门|单位|机关)(?=$|[、，,；;\s（(])")
_LEAD_VERB = re.compile(r"牵头|统筹|主责|主办(?=[、，,；;。\s]|$)|负总责")  # 主办科室 is a unit
# A unit followed by its verb and the work it does: "各成员单位负责做好本单位…工作" (the object is no unit).
_VERB_OBJECT = re.compile(rf"{_ADVERB}(?:牵头|统筹|负责|配合|落实|参与|协助|协办|承担|做好|抓好)")
# "X等", "X等政府各有关部门": the list names X and leaves the rest to a collective word.
_ETC = re.compile(r"等(?:政府|各|其他|有关|相关|行政执法|成员|部门|单位|科室|处室|股室|机构)*$")
# "X会同Y", "宣传处会办公室": X leads with Y (not 会议/会商/会签/会审/会计/会展).
_WITH = re.compile(r"(?<=[处科室局厅办])会同?(?![议商签审谈计展])(?=[\u4e00-\u9fff])")
# Editorial notes inside a unit list: "（下同）", "以下责任单位均包含各区县政府", and a short name given for
# later use ("领导小组办公室（下称办公室）"): the unit is the name before it.
_EDITORIAL = re.compile(
    r"[，,]?\s*下同(?=[）〕﹞])|[（〔﹝]\s*下同\s*[）〕﹞]|[（〔﹝]\s*(?:以下简称|以下称|下称|简称)[^）〕﹞]{1,12}[）〕﹞]"
)
_EDITORIAL_PART = re.compile(r"^以下")
# "各区、县（市）政府": kinds of place listed before the name they share, one unit (not 各区 + 县（市）政府).
_PLACE_KIND = re.compile(r"^各?[省市区县旗](?:（[^）]{1,6}）)?$")
_SEPARATORS = "、，,；;\n"
# The last of sectors listed before the kind of body they share: "供热等主管部门", "供热等公共企事业单位".
_SECTOR_KIND = re.compile(r"^[^、，,]{1,8}?等(?:有关|相关)?[^、，,等]{0,8}?(?:部门|单位|机关|机构)$")
_SECTOR_MAX = 12
# A unit cell stating what one unit does and who does the rest: "…的规范性文件由对口部门公开".
_BY_UNIT = re.compile(r"由([^由，,。；;]{2,20}?)(?:负责|牵头)?(?:公开|发布|更新|办理|负责|落实)$")
# Two unit names a space apart ("市住房城乡建设局 市交通运输局"): the second opens with a level or 各.
_SPACED = re.compile(r"[ \u3000]+(?=(?:中共)?[省市区县镇乡各])")
# Names a space apart with no level prefix: apart unless the first is an organ its next name belongs to
# ("区人民政府 办公室", "区委 组织部") or the next is a bare internal office.
_PARENT = re.compile(r"(?:政府|[党市区县省州旗镇乡]委)$")
_SUB_OFFICE = re.compile(r"^(?:办公室|秘书[处科股]|综合[处科股])$")
# A lead unit marked inside a unit list: "X（牵头）、Y、Z" (the bracket is already full-width here).
_LEAD_MARK = re.compile(r"[（(]\s*(?:牵头|主责|牵头单位)\s*[）)]")
_LINE_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
# Words around the names that are not names: "此项由X负责" (the item's own assignment) and the
# entry count of a duty-list block header "X（共3项）".
_ITEM_SUBJECT = re.compile(r"^(?:(?:此|该|本|上述)项(?:工作|任务)?)?由(?=[\u4e00-\u9fff])")
# An entry count (共4项) or an annex pointed to (各有关部门（附件1）, 见附件) beside a name: no part of it.
_ENTRY_COUNT = re.compile(r"[（(]\s*(?:共\s*\d+\s*(?:项|条)|见?附件\s*\d*)\s*[）)]")
# A unit list that assigns parts of a task by their objects: "规章由X牵头、规范性文件由Y牵头，Z配合；
# 清单由W牵头，V配合". Each part is read alone; the object before 由 is no unit.
_PART_BREAK = re.compile(r"[；;]|(?<=牵头)[、，,]")
# Not 自由贸易区; 由其上一级政府 (its superior) names 上一级政府.
_OBJECT_BY = re.compile(r"^([^由、，,]{2,20}?)(?<!自)由其?(?=[\u4e00-\u9fff]{2})")


@dataclass
class UnitAssignment:
    """Who leads and who else carries a task."""

    lead: list[str] = field(default_factory=list)
    responsible: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.lead or self.responsible)

    @property
    def names(self) -> list[str]:
        """Every unit named, the leads first."""
        return [*self.lead, *self.responsible]


def parse_units(cell: str) -> UnitAssignment:
    """Parse a unit cell or a 责任单位 marker's content."""
    text = join_cjk_spaces(_spaced_names(normalise_parens(_LINE_BREAK.sub("\n", cell)))).strip().rstrip("。．. ")
    text = _ITEM_SUBJECT.sub("", _ENTRY_COUNT.sub("", text)).strip()
    if not text or re.fullmatch(r"[—\-－–\s]*|无|暂无", text) or only_ticks(text):
        return UnitAssignment()  # a dash, 无, or only the ticks of a 公开对象/方式 column: no unit
    if _LEAD_MARK.search(text):
        return _marked_lead(text)
    if parts := _by_parts(text):
        return parts
    labelled = _LABELLED.findall(text)
    if any(label.startswith("牵头") for label, _ in labelled):
        result = UnitAssignment()
        for label, names in labelled:
            target = result.lead if label.startswith("牵头") else result.responsible
            target.extend(_split_names(names))
        return _dedupe(result)
    text = _LABEL.sub("", text)
    lead_verb = _lead_verb(text)
    if lead_verb is None and (joint := _joint(text)):
        return joint
    if lead_verb is not None:
        left, right = text[: lead_verb.start()], _without_object(text[lead_verb.end() :])
        return _dedupe(UnitAssignment(lead=_split_names(left), responsible=_split_names(right)))
    return _dedupe(UnitAssignment(responsible=_split_names(text)))


def _by_parts(text: str) -> UnitAssignment | None:
    """Several leads, each for a part of the task ("A由X牵头、B由Y牵头，Z配合"): every part read alone, merged."""
    parts = [p for p in _PART_BREAK.split(text) if p.strip()]
    if len(parts) < 2 or sum(_lead_verb(p) is not None for p in parts) < 2:
        return None
    merged = UnitAssignment()
    for part in parts:
        found = parse_units(part)
        merged.lead.extend(found.lead)
        merged.responsible.extend(found.responsible)
    return _dedupe(merged)


def _spaced_names(text: str) -> str:
    """Unit names listed a space apart get a separator; other spaces (a wrapped line) are left to be joined."""
    for match in reversed(list(_SPACED.finditer(text))):
        before = re.split(r"[、，,；;\s]", text[: match.start()])[-1]
        after = re.split(r"[、，,；;\s]", text[match.end() :])[0]
        if named_unit(before) and is_unit_name(after):
            text = f"{text[: match.start()]}、{text[match.end() :]}"
    if re.fullmatch(r"\S+(?:[ \u3000]+\S+)+", text):
        names = re.split(r"[ \u3000]+", text)
        apart = all(named_unit(n) for n in names) and not any(_PARENT.search(n) for n in names[:-1])
        if apart and not any(_SUB_OFFICE.match(n) for n in names[1:]):
            text = "、".join(names)  # "党办校办 政策法规研究室": whole names, none the parent of the next
    return text


def _lead_verb(text: str) -> re.Match[str] | None:
    """The verb that makes the units before it the lead: 牵头 anywhere, 统筹/主责/负总责 after a unit list.

    牵头 opening a name ("牵头科室", "牵头起草科室": whichever section leads) is part of that name.
    """
    for match in _LEAD_VERB.finditer(text):
        opens = match.start() == 0 or text[match.start() - 1] in _SEPARATORS
        if opens and _LEAD_NOUN.match(text, match.end()):
            continue
        if match.group(0) == "牵头" or looks_like_units(text[: match.start()]):
            return match
    return None


def _without_object(text: str) -> str:
    """The words after a lead verb without its object: "牵头区级规范性文件集中公开工作，Y落实" → "，Y落实"."""
    parts = re.split(r"([、，,；;\n])", text, maxsplit=1)
    head = _strip_tail(_TRAILING_VERB.sub("", parts[0]).strip())
    if head and not is_unit_name(head):
        return "".join(parts[1:])
    return text


def _joint(text: str) -> UnitAssignment | None:
    """ "X会同Y": X leads, Y takes part; None when either side is not a unit list."""
    match = _WITH.search(text)
    if match is None:
        return None
    left, right = text[: match.start()], text[match.end() :]
    if not (looks_like_units(left) and looks_like_units(right)):
        return None
    return _dedupe(UnitAssignment(lead=_split_names(left), responsible=_split_names(right)))


def _shared_names(parts: list[str]) -> list[str]:
    """Join kinds of place to the name they share: ["各区", "县（市）政府"] → ["各区、县（市）政府"], and sectors
    listed before the kind of body they share: ["城市供水", "供气", "供热等主管部门"] → one name."""
    out: list[str] = []
    for part in _sector_lists(parts):
        kind = out[-1].split("、")[-1] if out else ""
        if kind and _PLACE_KIND.match(kind) and not named_unit(kind):
            out[-1] = f"{out[-1]}、{part}"
        else:
            out.append(part)
    return out


def _sector_lists(parts: list[str]) -> list[str]:
    """ "县级以上…城市供水、供气、供热等主管部门": words that are no names, listed up to 等 and the kind of body they
    share, are one body (split, they would leave 供气 and 供热等主管部门 as names)."""
    out: list[str] = []
    index = 0
    while index < len(parts):
        closing = index + 1
        while closing < len(parts) and len(parts[closing]) <= _SECTOR_MAX and not _SECTOR_KIND.match(parts[closing]):
            closing += 1
        listed = parts[index:closing]
        if (
            closing < len(parts)
            and _SECTOR_KIND.match(parts[closing])
            and not any(is_unit_name(p) for p in [*listed, parts[closing].partition("等")[0]])
        ):
            out.append("、".join(parts[index : closing + 1]))
            index = closing + 1
        else:
            out.append(parts[index])
            index += 1
    return out


def _strip_tail(name: str) -> str:
    """A name without the verbs and the 等 that close a unit list ("基层处等按职责分工落实" → "基层处")."""
    previous = None
    while previous != name:
        previous = name
        name = _TRAILING_VERB.sub("", name).strip()
        bare = _ETC.sub("", name).strip()
        if bare != name and is_unit_name(bare):
            name = bare
    return name


def _marked_lead(text: str) -> UnitAssignment:
    """ "X（牵头）、Y、Z": the marked names lead, the others are responsible."""
    result = UnitAssignment()
    for raw in split_top_level(text, _SEPARATORS):
        target = result.lead if _LEAD_MARK.search(raw) else result.responsible
        target.extend(_split_names(_LEAD_MARK.sub("", raw)))
    return _dedupe(result)


def subject_units(sentence: str) -> list[str]:
    """Units named as the subject of "…要…" ("各街道（镇）、各部门（单位）要对照…")."""
    parts = re.split(r"要(?!求)", normalise_parens(sentence), maxsplit=1)  # 根据X要求 is a request, not a modal
    head = parts[0]
    if len(parts) < 2 or len(head) > 40:
        return []
    names = _split_names(head)
    return names if names and all(UNIT_SUFFIX.search(n) for n in names) else []


def looks_like_units(cell: str) -> bool:
    """True when every comma-separated part of ``cell`` ends like a unit name.

    A part may also be a unit with its verb and the work it does ("各成员单位负责做好…工作") when the
    cell opens with a unit name of its own.
    """
    text = join_cjk_spaces(_spaced_names(normalise_parens(cell))).strip().rstrip("。．. ")
    if (lead_verb := _lead_verb(text)) is not None:
        text = f"{text[: lead_verb.start()]}、{_without_object(text[lead_verb.end() :])}"
    parts = [p for p in _shared_names(split_top_level(text, _SEPARATORS)) if _strip_tail(p)]
    if not parts:
        return False
    clean = [bool(is_unit_name(without_title(_strip_tail(p))) or _EDITORIAL_PART.match(p)) for p in parts]
    return all(clean) or (clean[0] and all(ok or _verb_object_head(p) for ok, p in zip(clean, parts, strict=True)))


def _verb_object_head(part: str) -> str | None:
    """The unit of "X负责做好…", "X具体落实…": a unit name before an assignment verb, or None."""
    for match in _VERB_OBJECT.finditer(part):
        head = part[: match.start()].strip()
        if is_unit_name(head):
            return head
    return None


def _split_names(text: str) -> list[str]:
    names: list[str] = []
    for raw in _shared_names(split_top_level(_EDITORIAL.sub("", text).strip("，,；;、 "), _SEPARATORS)):
        name = _TRAILING_VERB.sub("", raw).strip()
        stripped = _QUALIFIER.sub("", name).strip()
        if stripped and stripped != name and not stripped.endswith(("各", "区")):
            name = stripped
        name = _strip_tail(name)
        left, etc, right = name.rpartition("等")
        if etc and is_unit_name(left) and is_unit_name(right):
            names.extend([left, right])  # "区发改委等相关区直部门": the unit named, and the others meant
            continue
        if not name or _EDITORIAL_PART.match(name) or is_deadline_phrase(name):
            continue  # "区教育局负责，2023年6月底前完成": a time phrase is never a unit
        if not is_unit_name(name) and (head := _verb_object_head(name)):
            name = head  # "各成员单位负责做好本单位…工作": the unit, not the work
        by_object = _OBJECT_BY.match(name)
        if by_object and not is_unit_name(by_object.group(1)) and is_unit_name(name[by_object.end() :]):
            name = name[by_object.end() :]  # "文件公开由某某司": the unit after 由, not the object
        if not is_unit_name(name) and (by := _BY_UNIT.search(name)) and is_unit_name(by.group(1)):
            name = by.group(1)  # "上级部门制定的规范性文件由对口部门公开": who publishes, after 由
        name = first_name(named_through(without_title(name)))
        joined = joined_units(name)
        if len(joined) > 1:
            names.extend(joined)
            continue
        if name in {"单位", "部门"} and names and names[-1].endswith(("部门", "单位")):
            # "区政府各部门、单位" means the departments and units of 区政府 (the pair 部门（单位）).
            names[-1] = f"{names[-1]}（{name}）" if not names[-1].endswith("）") else names[-1]
            continue
        if name in {"单位", "部门"} and names and names[-1].startswith("各"):
            name = f"各{name}"  # "各科室、单位": each section and each unit
        names.append(name)
    return names


def _dedupe(assignment: UnitAssignment) -> UnitAssignment:
    lead = list(dict.fromkeys(assignment.lead))
    responsible = [u for u in dict.fromkeys(assignment.responsible) if u not in lead]
    return UnitAssignment(lead=lead, responsible=responsible)
