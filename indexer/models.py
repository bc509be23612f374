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
    "DocumentStats",
    "ParseWarning",
    "ParsedDocument",
    "Passage",
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
    # Where the region was read from (标题, 发布机构, 文号, 落款, 正文单位, 文件名, 运维声明 …), or "" when no
    # clue named a place: an unknown region is not an absent one (answers say the file does not state it).
    region_source: str = ""
    year_source: str = ""

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
    # "ocr" when the record was read from a scan or an image by OCR (its wording may hold recognition
    # errors), "text" otherwise; records stored before the field existed load as "text".
    source_kind: str = "text"

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


@dataclass(frozen=True)
class Passage:
    """A window over a document's text as read: what a question can still find when no record holds it.

    Passages cover every line of the file — tables the parser could not rebuild, notices,
    headers — on line and sentence boundaries, overlapping. ``record_ids`` are the records
    whose source lines the window overlaps, so a passage can lift its record instead of
    competing with it.
    """

    id: str
    doc_id: str
    doc_title: str
    region: str
    year: int | None
    text: str
    source: SourceSpan
    record_ids: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Passage:
        data = dict(data)
        data["source"] = SourceSpan(**data["source"])
        return cls(**data)


@dataclass(frozen=True)
class ParseWarning:
    """Something the parser read but could not place (never indexed; shown to whoever uploads the file)."""

    line: int
    kind: str
    text: str


@dataclass
class ParsedDocument:
    """A document and its task records, as the parser returns them and the writer takes them."""

    document: Document
    records: list[TaskRecord]
    warnings: list[ParseWarning] = field(default_factory=list)
    passages: list[Passage] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "document": self.document.to_dict(),
            "records": [r.to_dict() for r in self.records],
            "warnings": [asdict(w) for w in self.warnings],
            "passages": [p.to_dict() for p in self.passages],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ParsedDocument:
        return cls(
            Document.from_dict(data["document"]),
            [TaskRecord.from_dict(r) for r in data["records"]],
            [ParseWarning(**w) for w in data["warnings"]],
            [Passage.from_dict(p) for p in data.get("passages", [])],
        )


@dataclass(frozen=True)
class DocumentStats:
    """What one document yielded: the index summary, the parsing report and the documents list all show it."""

    records: int
    units: int
    with_units: int
    with_dates: int
    ongoing: int
    unspecified: int
    unspecified_raw: tuple[str, ...]

    @classmethod
    def of(cls, records: list[TaskRecord]) -> DocumentStats:
        return cls(
            records=len(records),
            units=len({u for r in records for u in r.units}),
            with_units=sum(1 for r in records if r.units),
            with_dates=sum(1 for r in records if r.deadline.kind == "date"),
            ongoing=sum(1 for r in records if r.deadline.kind == "ongoing"),
            unspecified=sum(1 for r in records if r.deadline.kind == "unspecified"),
            unspecified_raw=tuple(sorted({r.deadline.raw for r in records if r.deadline.kind == "unspecified"})),
        )
