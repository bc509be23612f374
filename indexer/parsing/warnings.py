"""What the parser could not read: warnings for a person, and the reason a file holds no task.

Warnings never reach the index; ``inspect`` and the upload API show them so
whoever uploads a file can see which items lack a unit or a deadline and
which lines belong to nothing.
"""

from __future__ import annotations

import re

from indexer.models import ParseWarning, TaskRecord
from indexer.parsing.body.markers import is_marker
from indexer.parsing.body.structures import Block, Paragraph
from indexer.parsing.fields.clause_units import unit_phrases
from indexer.parsing.tables.tables import is_separator_line

__all__ = ["no_tasks_reason", "parse_warnings"]

_EXCERPT = 40


def parse_warnings(records: list[TaskRecord], blocks: list[Block]) -> list[ParseWarning]:
    """Items with no unit, deadlines left unspecified, unit lines and paragraphs that belong to nothing."""
    warnings: list[ParseWarning] = []
    for record in records:
        line, excerpt = record.source.line_start, record.text[:_EXCERPT]
        if record.kind != "closing" and not record.units:
            warnings.append(ParseWarning(line, "无责任单位", excerpt))
            if phrases := unit_phrases(record.text):  # a unit named but not as the subject of an assignment
                warnings.append(ParseWarning(line, "单位名称未归属", "、".join(dict.fromkeys(phrases))[:_EXCERPT]))
        if record.deadline.kind == "unspecified" and record.deadline.raw:
            warnings.append(ParseWarning(line, "时限未能解析", record.deadline.raw))
    used = {(r.source.line_start, r.source.line_end) for r in records}
    for block in blocks:
        if not isinstance(block, Paragraph) or (block.span.start, block.span.end) in used:
            continue
        kind = "单位标注未归属任何条目" if is_marker(block.text) else "段落不属于任何条目"
        warnings.append(ParseWarning(block.span.start, kind, block.text[:_EXCERPT]))
    return sorted(warnings, key=lambda w: w.line)


def no_tasks_reason(lines: list[str]) -> str:
    """Why a file that was read holds no task, in words a person can act on."""
    content = [line.strip() for line in lines if line.strip()]
    if content and all(is_separator_line(line) for line in content):
        return "每一行都是表格分隔线，没有任何内容"
    if any(line.count("|") >= 2 or "\t" in line for line in content):
        return (
            "未识别到任何任务条目：表格表头中没有可识别的列名"
            "（需含任务列如“工作任务/具体要求”，以及单位列或时限列如“责任单位/完成时限”）"
        )
    if not any(re.search(r"[\u4e00-\u9fff]", line) for line in content):
        return "未识别到任何任务条目：文件中没有中文内容"
    return "未识别到任何任务条目（没有“（一）”“1.”式条目、责任单位标注或任务分解表）"
