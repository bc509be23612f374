"""Units stated apart from the tasks: an end list mapping item numbers to units.

Some documents number their items and name the units only in a closing list
(``附：任务分工`` with ``第1项：X牵头，Y配合``, ``第2—3项：X``, ``第4、5项：Y``).
Those lines are not tasks; each gives the items it names their units, for any
item that names none itself.
"""

from __future__ import annotations

import re

from indexer.models import TaskRecord
from indexer.parsing.body.structures import Block, Paragraph
from indexer.parsing.fields.units import UnitAssignment, parse_units

__all__ = ["apply_item_units", "is_item_units_line", "split_item_units"]

_ENTRY = re.compile(r"^第\s*(\d{1,3}(?:\s*(?:[—\-–~～至到]|、|，|,)\s*\d{1,3})*)\s*(?:项|条)\s*[：:]\s*(.+?)[。；;]?$")


def is_item_units_line(text: str) -> bool:
    """True for a line of an end list (``第2—3项：市财政局``): it stands on its own."""
    return _ENTRY.match(text) is not None


def split_item_units(blocks: list[Block]) -> tuple[list[Block], dict[int, UnitAssignment]]:
    """The blocks without the end-list lines, and the units each listed item number gets."""
    kept: list[Block] = []
    mapping: dict[int, UnitAssignment] = {}
    for block in blocks:
        match = _ENTRY.match(block.text) if isinstance(block, Paragraph) else None
        units = parse_units(match.group(2)) if match else None
        if match is None or not units:
            kept.append(block)
            continue
        for number in _numbers(match.group(1)):
            mapping[number] = units
    return kept, mapping


def _numbers(spec: str) -> list[int]:
    """ "2—3" → [2, 3]; "4、5" → [4, 5]; "7-8" → [7, 8]."""
    numbers: list[int] = []
    for part in re.split(r"\s*[、，,]\s*", spec):
        bounds = [int(n) for n in re.findall(r"\d+", part)]
        if len(bounds) == 2 and bounds[0] <= bounds[1] <= bounds[0] + 50:
            numbers.extend(range(bounds[0], bounds[1] + 1))
        else:
            numbers.extend(bounds)
    return numbers


def apply_item_units(records: list[TaskRecord], mapping: dict[int, UnitAssignment]) -> None:
    """Give each numbered record without units the units its number is listed with."""
    for record in records:
        digits = re.fullmatch(r"\D*?(\d{1,3})\D*", record.number)
        units = mapping.get(int(digits.group(1))) if digits else None
        if units and not record.lead_units and not record.responsible_units:
            record.lead_units = list(units.lead)
            record.responsible_units = list(units.responsible)
