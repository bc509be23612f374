"""An open vocabulary for table headers: which role each column plays.

Real task tables name their columns in many ways (工作任务/重点任务/事项,
牵头单位/主责单位, 完成时限/时间节点/进度安排 …). A header cell is given a
role by the words it contains, never by its position, so a table whose
deadline column comes before its unit columns reads the same.
"""

from __future__ import annotations

import re
from typing import Literal

__all__ = ["ROLES", "Role", "header_roles", "role_of"]

Role = Literal["number", "task", "requirement", "lead", "responsible", "deadline", "note"]
ROLES: tuple[Role, ...] = ("number", "task", "requirement", "lead", "responsible", "deadline", "note")

# 公开主体: the body that publishes — a unit column, beside the 责任科室 that does the work inside it.
_PUBLISHER = re.compile(r"主体$")
_CATALOGUE_SUBCOLUMNS = re.compile(
    r"^(?:全社会|特定群[众体]|主动(?:公开)?|依申请(?:公开)?|[省市县区乡镇村](?:[、/][省市县区乡镇村])?级|公开层级|事项类别)$"
)
# Checked in order: the first vocabulary a header cell matches gives its role.
_VOCABULARY: tuple[tuple[Role, re.Pattern[str]], ...] = (
    ("number", re.compile(r"^(?:序号|编号|序|No\.?)$")),
    # a column naming people (责任领导, 分管领导, 责任人, 联系人) holds titles, never units
    ("note", re.compile(r"领导|责任人|联系人|负责人|经办人")),
    # where and to whom a catalogue publishes (公开载体/渠道/方式/对象) and its legal basis: never tasks or units
    # (a 网站所属栏目 / 对应栏目 names where it is published, not the task), and which of the 政务五公开
    # (决策、执行、管理、服务、结果公开) a row is
    ("note", re.compile(r"依据|条款|位阶|载体|渠道|方式|对象|形式|所属栏目|对应栏目|五公开")),
    # the sub-columns of a 基层政务公开标准目录: to whom (全社会/特定群众), how (主动/依申请), at which level (镇级),
    # and of a 主动公开事项目录: whether the law requires it (事项类别: 法定公开、其他)
    ("note", _CATALOGUE_SUBCOLUMNS),
    # the standard an item's content must meet (内容规范, 公开规范): a note beside the item, not its text
    ("note", re.compile(r"规范$")),
    ("lead", re.compile(r"牵头|主责|主办")),
    ("responsible", re.compile(r"配合|协办|协助|责任|负责|承办|实施主体|落实主体|落实单位|单位|部门|科室|股室")),
    ("deadline", re.compile(r"时限|时间|期限|节点|进度|日期|时效")),
    ("requirement", re.compile(r"要求|措施|举措|工作内容|任务内容|具体内容|主要内容|内容|分工")),
    ("task", re.compile(r"任务|项目|事项|分类|类别|工作|目标|指标|栏目|名称|[一二三四]级目录")),
    ("note", re.compile(r"备注|说明|标准")),
    ("responsible", _PUBLISHER),
)
_MAX_HEADER_CELL = 10
# A column name's bracketed gloss ("事项类别（法定公开、其他）", "公开内容（要素）") does not name the column.
_GLOSS = re.compile(r"(?<=.)[（(][^（）()]*[）)]$")
# 任务分工 / 工作分工: the division of labour — who does the work — in a header with no other unit column
# (beside a 责任处室 column, 细化分工 holds the detailed work).
_DIVISION = re.compile(r"分工$")
_LEVEL_HEADING = re.compile(r"^[一二三四五]级")


def role_of(cell: str) -> Role | None:
    """The role a header cell names, or None when it is not a known column name."""
    text = _GLOSS.sub("", re.sub(r"[\s*#:：]", "", cell))
    if not text or len(text) > _MAX_HEADER_CELL:
        return None
    for role, pattern in _VOCABULARY:
        if pattern.search(text):
            return role
    return None


def header_roles(cells: list[str]) -> list[Role | None] | None:
    """Roles of a header row, or None when the row is not a task-table header.

    A header names at least three known columns, one of them a task or
    requirement and one a unit or deadline column. When a table has several
    task-like columns, the last one holds the task text and the earlier ones
    are its headings (任务分类 → 任务内容).
    """
    roles = [role_of(c) for c in cells]
    if not {"lead", "responsible"} & set(roles):
        roles = [_unit_role(role, re.sub(r"\s", "", cell)) for role, cell in zip(roles, cells, strict=True)]
    named = [r for r in roles if r]
    if len(named) < 3 or not ({"task", "requirement"} & set(named)):
        return None
    if not ({"lead", "responsible", "deadline"} & set(named)):
        return None
    textual = [i for i, r in enumerate(roles) if r in ("task", "requirement")]
    for index in textual:
        roles[index] = "task"
    # 一级事项 / 二级目录 name levels of headings, never the task text (when another column can hold it)
    contents = [i for i in textual if not _LEVEL_HEADING.match(re.sub(r"\s", "", cells[i]))] or textual
    roles[contents[-1]] = "requirement"
    return roles


def _unit_role(role: Role | None, cell: str) -> Role | None:
    """In a header with no unit column, 任务分工 names who does the work."""
    if role == "requirement" and _DIVISION.search(cell):
        return "responsible"
    return role
