"""Labelled blocks (台账): one task written as a block of ``标签：值`` lines.

A 台账 is a table turned on its side: each block holds one row, each line
one cell, and the label in front of the value plays the header's part
(``任务名称：`` ``工作内容：`` ``牵头单位：`` ``协同单位：`` ``完成时间：``).
The labels are given roles by the same vocabulary as table headers
(:mod:`indexer.parsing.tables.columns`), so a ledger is read into a
:class:`~indexer.parsing.tables.grid.Grid` and from there exactly like a table: a
label a block leaves out is an empty cell. Blocks are separated by rule
lines, blank lines, or by a label coming round again.
"""

from __future__ import annotations

import re

from indexer.parsing.body.structures import Span
from indexer.parsing.tables.columns import header_roles, role_of
from indexer.parsing.tables.grid import Grid, GridRow

__all__ = ["find_ledger", "label_line"]

_LABEL_LINE = re.compile(r"^\s*(?:[-*•·]\s+)?([\u4e00-\u9fff]{2,6})\s*[：:]\s*(.*?)\s*$")
_RULE = re.compile(r"^[\s\-=_—─━*#~·.]{3,}$")
_MIN_LABELS = 3

TextTable = tuple[Grid, range]


def label_line(line: str) -> tuple[str, str] | None:
    """``(label, value)`` when ``line`` is ``标签：值`` and the label names a table column."""
    match = _LABEL_LINE.match(line)
    if match is None or role_of(match.group(1)) in (None, "note"):
        return None
    return match.group(1), match.group(2)


def _blocks(lines: list[str], start: int) -> tuple[list[tuple[dict[str, str], int, int]], int]:
    """The label blocks from ``start`` on, each with its first and last line, and the line after them."""
    blocks: list[tuple[dict[str, str], int, int]] = []
    current: dict[str, str] = {}
    first = index = start
    while index < len(lines):
        text = lines[index].strip()
        found = label_line(text) if text else None
        if found is None:
            if text and not _RULE.match(text):
                break
            if current:
                blocks.append((current, first, index - 1))
            current = {}
            if not text and index + 1 < len(lines) and label_line(lines[index + 1]) is None:
                index += 1
                break  # a blank line not followed by another block ends the ledger
        else:
            label, value = found
            if label in current:
                blocks.append((current, first, index - 1))
                current = {}
            if not current:
                first = index
            current[label] = value
        index += 1
    if current:
        blocks.append((current, first, index - 1))
    return blocks, index


def find_ledger(lines: list[str], start: int) -> TextTable | None:
    """A ledger of at least two label blocks starting at ``start``, as a grid; None when there is none."""
    if label_line(lines[start]) is None or (start > 0 and label_line(lines[start - 1]) is not None):
        return None
    blocks, _ = _blocks(lines, start)
    blocks = [b for b in blocks if len(b[0]) >= _MIN_LABELS]
    if len(blocks) < 2:
        return None
    header: list[str] = []
    for labels, _, _ in blocks:
        header.extend(label for label in labels if label not in header)
    roles = header_roles(header)
    if roles is None or not ({"task", "requirement"} & {role_of(label) for label in header}):
        return None
    grid = Grid(header, encoding="ledger")
    for labels, first, last in blocks:
        grid.rows.append(GridRow([labels.get(label, "") for label in header], Span(first + 1, last + 1)))
    return grid, range(start, blocks[-1][2] + 1)
