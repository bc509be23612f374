"""Whether words are a unit's name, by grammar: an office suffix (局, 办公室, 领导小组), a collective of places
(各设区市), and what is never a name (a meeting, a website, a person's title, a task's opening verb).

Kept apart from :mod:`indexer.parsing.fields.units`, which splits a cell into names: this module judges one
name, and reads the names inside one (an alias in brackets, two names joined by 及, a name reached through 的/为).
"""

from __future__ import annotations

import re

__all__ = [
    "UNIT_SUFFIX",
    "first_name",
    "is_unit_name",
    "joined_units",
    "named_through",
    "named_unit",
    "names_one_body",
    "without_title",
]

# Meetings (a 发布会, a 座谈会 too), websites, people's titles (主要负责同志, 常务副市长, 办公室主任): no units.
_NOT_UNIT = re.compile(
    r"(?:网站|会议|平台|专栏|系统|网|栏|同志|负责人|领导|主任|书记|[市县区州旗]长|秘书长|局长|社会|组织机构"
    r"|(?:发布|座谈|听证|见面|推介|培训|交流|恳谈|说明|通气|论证|评审|协调|调度|推进)会"
    r"|^(?:责任|公开)主体)$"  # a catalogue's label (【责任主体】X), not a unit
)
# Words that open a task, never a unit's name: "加大社会参与力度" has no unit 加大社会.
_TASK_OPENING = re.compile(
    r"^(?:加大|加强|推进|推动|做好|抓好|健全|完善|强化|开展|建立|持续|进一步|切实|认真|积极|全面|贯彻|按照|根据|围绕|依据|依照)"
)
# An item's title run into its first sentence with no stop between them: "抓好工作落实各单位要…",
# "认真开展政府子网站运行管理工作各政府子网站主办单位应…" — the unit is the 各… after a title that opens with a
# task's verb or closes with a title's noun (…工作, …体系).
_GLUED_TITLE = re.compile(r"^(.{2,30}?)(各.{1,24})$")
_TITLE_END = re.compile(r"(?:工作|落实|管理|建设|机制|制度|体系|保障|要求)$")
UNIT_SUFFIX = re.compile(
    r"(?:局|办|委|室|部|院|中心|分局|公司|集团|街道|镇|办事处|管委会|单位|部门|队|所|会|站|人武部|开发区|"
    r"政府|厅|[^公上]司|处|科|股|镇街|乡镇|海关|机构|银行|支行|分行|馆|社|联|协|电视台|经开区|高新区|新区|园区|功能区|"
    r"实验区|试验区|示范区|合作区|旅游区|度假区|保税区|校|大学|学院|主体|社区|村委会|居委会|[^分编]组|专班|机关)"
    r"(?:[（〔<][^）〕>]{1,12}[）〕>])?$"
)
# A collective of local governments named by their kinds alone: 各设区市, 各县（市、区）, 各市县, 各地.
_PLACE_COLLECTIVE = re.compile(r"^各(?:设区)?(?:[省市区县乡镇旗地街村居（）、]|社区|街道){1,8}$")
# "X及Y", "X和Y": two units joined by a conjunction, when each side is a unit name by itself
# (市发展和改革局 is one name: 市发展 is none). "X及其Y" is one body with its own dependents (县人民政府及其派出机构):
# 其派出机构 names no one without X.
_CONJUNCTION = re.compile(r"以及(?!其)|及(?!其)|和|与")
# A bare kind after the conjunction shares the left side's qualifier: 相关部门和单位 is one collective, not 单位.
_GENERIC = frozenset({"单位", "單位", "部门", "部門", "机构", "機構"})
# A unit's other name in brackets after it ("区建设管理委（区交通委）", "省编办（省审改办）"): the unit is its
# first name.
_ALIAS = re.compile(r"^(.{2,}?)（([^（）]{3,12})）$")
_LEVEL = re.compile(r"^(?:中共)?[省市区县镇乡旗州]?")
# A unit named through another: "行政机关的政府信息公开工作机构", "学校信息公开工作机构为校信息公开办公室" — the
# unit is the name after the last 的 or 为 when both sides are unit names (or the left is no name at all for 的).
_THROUGH = re.compile(r"的|[为為是](?=[\u4e00-\u9fff])")


_BODY_NAME_MAX = 20


def names_one_body(text: str) -> bool:
    """A heading's words that name one body, its parts joined by 、 (校务公开、信息公开工作办公室, 校务、信息公开
    工作领导小组): short, no sentence or clause inside, ending like a unit's name — never a task's words."""
    text = text.strip()
    if len(text) > _BODY_NAME_MAX or re.search(r"[。；;，,：:（()）]", text) or _TASK_OPENING.match(text):
        return False
    return is_unit_name(text.replace("、", ""))


def named_unit(name: str) -> bool:
    """A name ending in an office suffix, not a meeting or a website."""
    return (
        0 < len(name) <= 30
        and bool(UNIT_SUFFIX.search(name))
        and not _NOT_UNIT.search(name)
        and not _TASK_OPENING.match(name)
    )


def is_unit_name(name: str) -> bool:
    """A unit name by its grammar: an office name, or a collective of local governments (各设区市)."""
    return named_unit(name) or bool(_PLACE_COLLECTIVE.match(name))


def named_through(name: str) -> str:
    """The unit a name reaches through 的 (whose) or 为 (is): the last name of the chain when it is a unit.

    "组成的专门考核组" → 专门考核组; "X工作机构为校办公室" → 校办公室 (both sides units, so 为民服务中心 stays);
    a bare generic after 的 (制定文件的部门) is the description's noun, not a name: the whole stays.
    """
    for match in reversed(list(_THROUGH.finditer(name))):
        left, right = name[: match.start()], name[match.end() :]
        if len(right) >= 3 and is_unit_name(right) and (match.group() == "的" or is_unit_name(left)):
            return right
    return name


def without_title(name: str) -> str:
    """A unit name without an item title glued before it (抓好工作落实各单位 → 各单位); else the name."""
    glued = _GLUED_TITLE.match(name)
    if not glued or not is_unit_name(glued.group(2)) or is_unit_name(glued.group(1)):
        return name
    if _TASK_OPENING.match(glued.group(1)) or _TITLE_END.search(glued.group(1)):
        return glued.group(2)
    return name


def first_name(name: str) -> str:
    """A name without its alias in brackets: the bracket names the same unit again."""
    if (alias := _ALIAS.match(name)) and _is_alias(alias.group(1), alias.group(2)):
        return alias.group(1)
    return name


def _is_alias(name: str, other: str) -> bool:
    """ "区建设管理委（区交通委）", "规划信息处（爱卫办）": a second name of the same unit, written at the same level.

    The bracket is another unit name with the same level prefix as the first (both 区…, or neither);
    a bracket naming a function without the level ("区党工委组织部（人力资源部）") and a collective's kinds
    ("各镇人民政府（街道办）") are part of the name.
    """
    if name.startswith("各") or not (named_unit(name) and named_unit(other)):
        return False
    return _LEVEL.match(name)[0] == _LEVEL.match(other)[0]  # type: ignore[index]


def joined_units(name: str) -> list[str]:
    """ "其他股室及属下单位" → both units: a conjunction between two names that are units by themselves."""
    for match in _CONJUNCTION.finditer(name):
        left, right = name[: match.start()], name[match.end() :]
        if len(left) >= 3 and named_unit(left) and is_unit_name(right) and right not in _GENERIC:
            return [left, *joined_units(right)]
    return [name]
