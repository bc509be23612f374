"""What record building shares between prose and tables: the record factory and the body outline."""

from __future__ import annotations

from dataclasses import dataclass, field

from indexer.models import Deadline, Document, SourceSpan, TaskRecord
from indexer.parsing.units import UnitAssignment

__all__ = ["NO_DEADLINE", "Outline", "make_record"]

NO_DEADLINE = Deadline(raw="", date=None, kind="unspecified")


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
