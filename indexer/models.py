"""Typed records that flow from a source file to an answer.

Every later stage (stores, indexes, the CLI, the API) works with these objects;
``to_dict``/``from_dict`` here are the one place they become JSON.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

__all__ = [
    "Deadline",
    "DeadlineKind",
    "Document",
    "SourceSpan",
    "TaskKind",
    "TaskRecord",
]

DeadlineKind = Literal["date", "ongoing", "unspecified"]
TaskKind = Literal["prose", "segment", "closing", "table"]


@dataclass(frozen=True)
class Deadline:
    """A deadline as written (``raw``) and as understood (``date``/``kind``)."""

    raw: str
    date: str | None
    kind: DeadlineKind


@dataclass(frozen=True)
class SourceSpan:
    """Where a record's words stand in its file (1-based, inclusive lines)."""

    path: str
    line_start: int
    line_end: int


@dataclass(frozen=True)
class Document:
    """One source document and what its header says about it."""

    id: str
    title: str
    region: str
    year: int | None
    number: str | None
    issue_date: str | None
    path: str
    sha256: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Document:
        return cls(**data)


@dataclass
class TaskRecord:
    """The smallest unit of work in a document that carries its own units or deadline."""

    id: str
    doc_id: str
    doc_title: str
    region: str
    year: int | None
    section: str
    number: str
    text: str
    lead_units: list[str]
    responsible_units: list[str]
    deadline: Deadline
    source: SourceSpan
    kind: TaskKind = "prose"
    related_ids: list[str] = field(default_factory=list)

    @property
    def units(self) -> list[str]:
        """Lead units first, then the others, without repeats."""
        return list(dict.fromkeys([*self.lead_units, *self.responsible_units]))

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TaskRecord:
        data = dict(data)
        data["deadline"] = Deadline(**data["deadline"])
        data["source"] = SourceSpan(**data["source"])
        return cls(**data)
