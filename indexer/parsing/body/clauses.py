"""Inline ordinal clauses: ``一是…（X、Y，年底前）；二是…（Z）`` inside a notice paragraph.

A notice often writes its tasks as a run of ``一是/二是/三是`` clauses in one
paragraph under an ``一、`` heading, each closing with a bare bracket of units
and maybe a time phrase. Each clause is one task, read like a numbered item:
this module only cuts the paragraph at the ordinals.
"""

from __future__ import annotations

import re

from indexer.parsing.body.markers import find_markers
from indexer.parsing.body.structures import Item, Paragraph

__all__ = ["opens_clause_run", "ordinal_clauses"]

_ORDINAL = r"[一二三四五六七八九十]{1,3}是"
_CLAUSE_START = re.compile(rf"(?:^|(?<=[；;。]))\s*({_ORDINAL})")


def ordinal_clauses(paragraph: Paragraph) -> list[Item]:
    """The paragraph's ``一是…`` clauses as items, when it opens with one and a clause names units.

    A paragraph that merely says "一是…二是…" without any unit bracket is
    framing, so at least one clause must carry a marker.
    """
    text = paragraph.text.strip()
    starts = list(_CLAUSE_START.finditer(text))
    if not starts or starts[0].start(1) != 0 or not find_markers(text):
        return []
    items: list[Item] = []
    for index, match in enumerate(starts):
        end = starts[index + 1].start() if index + 1 < len(starts) else len(text)
        clause = text[match.start(1) : end].strip().rstrip("；;").strip()
        if clause:
            items.append(Item(0, match.group(1), clause, paragraph.span))
    return items


def opens_clause_run(text: str, previous: str) -> bool:
    """True when ``text`` starts a ``一是`` run on a new line after a short title line.

    The heading line ``一、突出重点`` has no closing punctuation, so the line
    joiner would glue the clause run onto it; a run starts its own paragraph
    unless the line before was cut mid-sentence.
    """
    return bool(re.match(_ORDINAL, text.strip())) and not previous.endswith(("，", ",", "、", "；", ";", "：", ":"))
