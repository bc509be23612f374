"""Turn a unit cell or marker ("X牵头，Y配合", "牵头单位：…；配合单位：…") into unit lists.

Names are kept as the document writes them (full-width parentheses, spaces
removed); the alias registry in :mod:`indexer.registry` decides later which
names mean the same unit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from indexer.parsing.text import join_cjk_spaces, normalise_parens, split_top_level

__all__ = ["UnitAssignment", "looks_like_units", "parse_units", "subject_units"]

_OFFICE = r"(?:单位|部门|科室|处室|股室)"
_LABEL = re.compile(rf"^(?:责任|牵头|配合){_OFFICE}\s*[：:]\s*")
_LABELLED = re.compile(rf"((?:牵头|责任|配合){_OFFICE})\s*[：:]\s*([^；;]+)")
_QUALIFIER = re.compile(r"等(?:区)?(?:有关|相关)(?:行政执法)?部门\s*(?:（单位）|单位)?$|及所属公共企事业单位$")
_TRAILING_VERB = re.compile(
    r"(?:按照?(?:职责|职能|业务)(?:分工)?|按照?分工)?(?:分别|共同)?(?:配合|落实|参与|协同|负责|协助|协办|实施)*$"
)
# "X等", "X等政府各有关部门": the list names X and leaves the rest to a collective word.
_ETC = re.compile(r"等(?:政府|各|其他|有关|相关|行政执法|成员|部门|单位|科室|处室|股室|机构)*$")
# "X会同Y", "宣传处会办公室": X leads with Y (not 会议/会商/会签/会审/会计/会展).
_WITH = re.compile(r"(?<=[处科室局厅办])会同?(?![议商签审谈计展])(?=[\u4e00-\u9fff])")
# Editorial notes inside a unit list: "（下同）", "以下责任单位均包含各区县政府".
_EDITORIAL = re.compile(r"[，,]?\s*下同(?=[）〕﹞])|[（〔﹝]\s*下同\s*[）〕﹞]")
_EDITORIAL_PART = re.compile(r"^以下")
# "各区、县（市）政府": kinds of place listed before the name they share, one unit (not 各区 + 县（市）政府).
_PLACE_KIND = re.compile(r"^各?[省市区县旗](?:（[^）]{1,6}）)?$")
# Meetings and websites, and people's titles (主要负责同志, 常务副市长, 办公室主任): never units.
_NOT_UNIT = re.compile(r"(?:网站|会议|平台|专栏|系统|网|栏|同志|负责人|领导|主任|书记|[市县区州旗]长|秘书长|局长)$")
_UNIT_SUFFIX = re.compile(
    r"(?:局|办|委|室|部|院|中心|分局|公司|集团|街道|镇|办事处|管委会|单位|部门|队|所|会|站|人武部|开发区|"
    r"政府|厅|处|科|股|镇街|乡镇|海关|机构|银行|支行|分行|馆|社|联|协|电视台|经开区|高新区|新区|园区|功能区)"
    r"(?:[（〔<][^）〕>]{1,8}[）〕>])?$"
)
_SEPARATORS = "、，,；;\n"
# A lead unit marked inside a unit list: "X（牵头）、Y、Z" (the bracket is already full-width here).
_LEAD_MARK = re.compile(r"[（(]\s*(?:牵头|主责|牵头单位)\s*[）)]")
_LINE_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
# Words around the names that are not names: "此项由X负责" (the item's own assignment) and the
# entry count of a duty-list block header "X（共3项）".
_ITEM_SUBJECT = re.compile(r"^(?:(?:此|该|本|上述)项(?:工作|任务)?)?由(?=[\u4e00-\u9fff])")
_ENTRY_COUNT = re.compile(r"[（(]\s*共\s*\d+\s*(?:项|条)\s*[）)]")


@dataclass
class UnitAssignment:
    """Who leads and who else carries a task."""

    lead: list[str] = field(default_factory=list)
    responsible: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.lead or self.responsible)


def parse_units(cell: str) -> UnitAssignment:
    """Parse a unit cell or a 责任单位 marker's content."""
    text = join_cjk_spaces(normalise_parens(_LINE_BREAK.sub("\n", cell))).strip()
    text = _ITEM_SUBJECT.sub("", _ENTRY_COUNT.sub("", text)).strip()
    if not text or re.fullmatch(r"[—\-－–\s]*|无|暂无", text):
        return UnitAssignment()
    if _LEAD_MARK.search(text):
        return _marked_lead(text)
    labelled = _LABELLED.findall(text)
    if any(label.startswith("牵头") for label, _ in labelled):
        result = UnitAssignment()
        for label, names in labelled:
            target = result.lead if label.startswith("牵头") else result.responsible
            target.extend(_split_names(names))
        return _dedupe(result)
    text = _LABEL.sub("", text)
    if "牵头" not in text and (joint := _joint(text)):
        return joint
    if "牵头" in text:
        left, _, right = text.partition("牵头")
        return _dedupe(UnitAssignment(lead=_split_names(left), responsible=_split_names(right)))
    return _dedupe(UnitAssignment(responsible=_split_names(text)))


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
    """Join kinds of place to the name they share: ["各区", "县（市）政府"] → ["各区、县（市）政府"]."""
    out: list[str] = []
    for part in parts:
        kind = out[-1].split("、")[-1] if out else ""
        if kind and _PLACE_KIND.match(kind) and not _is_unit_name(kind):
            out[-1] = f"{out[-1]}、{part}"
        else:
            out.append(part)
    return out


def _strip_tail(name: str) -> str:
    """A name without the verbs and the 等 that close a unit list ("基层处等按职责分工落实" → "基层处")."""
    previous = None
    while previous != name:
        previous = name
        name = _TRAILING_VERB.sub("", name).strip()
        bare = _ETC.sub("", name).strip()
        if bare != name and _is_unit_name(bare):
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
    head, sep, _ = normalise_parens(sentence).partition("要")
    if not sep or len(head) > 40:
        return []
    names = _split_names(head)
    return names if names and all(_UNIT_SUFFIX.search(n) for n in names) else []


def looks_like_units(cell: str) -> bool:
    """True when every comma-separated part of ``cell`` ends like a unit name."""
    text = join_cjk_spaces(normalise_parens(cell)).replace("牵头", "、")
    parts = _shared_names(split_top_level(text, _SEPARATORS))
    return bool(parts) and all(_is_unit_name(_strip_tail(p)) or _EDITORIAL_PART.match(p) for p in parts)


def _is_unit_name(name: str) -> bool:
    """A unit name by its grammar: a short name ending in an office suffix, not a meeting or a website."""
    return 0 < len(name) <= 30 and bool(_UNIT_SUFFIX.search(name)) and not _NOT_UNIT.search(name)


def _split_names(text: str) -> list[str]:
    names: list[str] = []
    for raw in _shared_names(split_top_level(_EDITORIAL.sub("", text).strip("，,；;、 "), _SEPARATORS)):
        name = _TRAILING_VERB.sub("", raw).strip()
        stripped = _QUALIFIER.sub("", name).strip()
        if stripped and stripped != name and not stripped.endswith(("各", "区")):
            name = stripped
        name = _strip_tail(name)
        left, etc, right = name.rpartition("等")
        if etc and _is_unit_name(left) and _is_unit_name(right):
            names.extend([left, right])  # "区发改委等相关区直部门": the unit named, and the others meant
            continue
        if not name or _EDITORIAL_PART.match(name):
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
