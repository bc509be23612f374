"""What record building shares between prose and tables: the record factory, the body outline, the bounds.

Bounds (issue 14): a record's text, section and document title have maximum
lengths, because every answer, task list and embedding carries them — one
10 MB line once made every ``/api/ask`` answer 30–50 MB. An over-long task is
split at sentence ends into several records; an over-long section or title is
clipped; each case leaves a :class:`~indexer.models.ParseWarning` naming the line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from indexer.models import Deadline, Document, ParseWarning, SourceSpan, TaskRecord
from indexer.parsing.fields.deadlines import NO_DEADLINE
from indexer.parsing.fields.units import UnitAssignment

__all__ = [
    "MAX_SECTION_CHARS",
    "MAX_TASK_CHARS",
    "MAX_TITLE_CHARS",
    "NO_DEADLINE",
    "Outline",
    "bound_document",
    "bound_records",
    "make_record",
]

MAX_TASK_CHARS = 2000  # the longest shipped task is 525 characters
MAX_SECTION_CHARS = 200  # the longest shipped section is 56
MAX_TITLE_CHARS = 200  # the longest shipped title is 29
_SENTENCE_END = re.compile(r"(?<=[。！？；!?;])")
_CLIPPED = "…"


@dataclass
class Outline:
    """Body headings and items, so table rows can borrow their wording and link to them."""

    headings: list[tuple[str, str]] = field(default_factory=list)  # (label, title)
    items: list[tuple[str, str, str, list[TaskRecord]]] = field(default_factory=list)
    # (l1 label, number, title, records)


def make_record(
    document: Document,
    key: str,
    section: str,
    number: str,
    text: str,
    units: UnitAssignment,
    deadline: Deadline,
    line_start: int,
    line_end: int,
    kind: str,
) -> TaskRecord:
    return TaskRecord(
        id=f"{document.id}:{key}",
        doc_id=document.id,
        doc_title=document.title,
        region=document.region,
        year=document.year,
        section=section,
        number=number,
        text=text.strip(),
        lead_units=units.lead,
        responsible_units=units.responsible,
        deadline=deadline,
        source=SourceSpan(document.path, line_start, line_end),
        kind=kind,  # type: ignore[arg-type]
    )


def bound_document(document: Document) -> tuple[Document, list[ParseWarning]]:
    """The document with its title clipped to :data:`MAX_TITLE_CHARS` (and a warning when it was)."""
    if len(document.title) <= MAX_TITLE_CHARS:
        return document, []
    warning = ParseWarning(1, "文档标题过长，已截断", document.title[:40])
    return replace(document, title=_clip(document.title, MAX_TITLE_CHARS)), [warning]


def bound_records(records: list[TaskRecord]) -> tuple[list[TaskRecord], list[ParseWarning]]:
    """Records whose sections are clipped and whose over-long texts are split at sentence ends.

    The pieces of a split task keep its section, units, deadline and source
    lines; the first keeps its id, the others get ``~2``, ``~3``… after it.
    """
    bounded: list[TaskRecord] = []
    warnings: list[ParseWarning] = []
    for record in records:
        line = record.source.line_start
        if len(record.section) > MAX_SECTION_CHARS:
            warnings.append(ParseWarning(line, "章节标题过长，已截断", record.section[:40]))
            record.section = _clip(record.section, MAX_SECTION_CHARS)
        if len(record.text) <= MAX_TASK_CHARS:
            bounded.append(record)
            continue
        pieces = _split_text(record.text, MAX_TASK_CHARS)
        warnings.append(ParseWarning(line, f"任务文字过长，已按句拆分为 {len(pieces)} 条", record.text[:40]))
        for number, piece in enumerate(pieces, start=1):
            bounded.append(replace(record, id=record.id if number == 1 else f"{record.id}~{number}", text=piece))
    return bounded, warnings


def _split_text(text: str, limit: int) -> list[str]:
    """Pack whole sentences into pieces of at most ``limit`` characters; cut a longer sentence."""
    pieces: list[str] = []
    current = ""
    for sentence in (s for s in _SENTENCE_END.split(text) if s):
        while len(sentence) > limit:
            if current:
                pieces.append(current)
                current = ""
            pieces.append(sentence[:limit])
            sentence = sentence[limit:]
        if len(current) + len(sentence) > limit:
            pieces.append(current)
            current = ""
        current += sentence
    if current:
        pieces.append(current)
    return [p.strip() for p in pieces if p.strip()]


def _clip(text: str, limit: int) -> str:
    return text[: limit - len(_CLIPPED)] + _CLIPPED
