"""The answer's words: templates filled from records, the answer's first sentence first.

Every phrase here is built from a record's own fields (units, deadline, source
lines), so each sentence of an answer can be traced to a document line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from indexer.index.store import shown_deadline
from indexer.models import Deadline, Passage, TaskRecord

__all__ = [
    "HOTLINE",
    "AnyCitation",
    "Citation",
    "PassageCitation",
    "deadline_phrase",
    "first_sentence",
    "list_line",
    "source_of",
    "units_phrase",
]

HOTLINE = "如需进一步咨询，请拨打 12345 政务服务便民热线。"
_SENTENCE = re.compile(r"[^。；！？]+[。；！？]?")


@dataclass
class Citation:
    """A record an answer cites, with how well it matched and the sentence that matched best."""

    record: TaskRecord
    score: float
    highlight: str = ""
    collective: bool = False
    # The table twin a unit-less body item takes its units from (see indexer.index.store.units_twin).
    borrowed: TaskRecord | None = field(default=None, repr=False)

    @property
    def lead_units(self) -> list[str]:
        return (self.borrowed or self.record).lead_units

    @property
    def responsible_units(self) -> list[str]:
        return (self.borrowed or self.record).responsible_units

    @property
    def deadline(self) -> Deadline:
        return shown_deadline(self.record, self.borrowed)

    @property
    def text(self) -> str:
        return self.record.text

    @property
    def doc_id(self) -> str:
        return self.record.doc_id

    @property
    def region(self) -> str:
        return self.record.region

    @property
    def year(self) -> int | None:
        return self.record.year

    def to_dict(self) -> dict[str, Any]:
        """The citation's JSON: the record's fields (``id`` as ``task_id``), then score, highlight, collective."""
        r, deadline = self.record, self.deadline
        return {
            "kind": "record",
            "task_id": r.id,
            "doc_id": r.doc_id,
            "doc_title": r.doc_title,
            "region": r.region,
            "year": r.year,
            "section": r.section,
            "number": r.number,
            "text": r.text,
            "lead_units": self.lead_units,
            "responsible_units": self.responsible_units,
            "deadline": {"raw": deadline.raw, "date": deadline.date, "kind": deadline.kind},
            "source": {
                "doc_id": r.doc_id,
                "path": r.source.path,
                "line_start": r.source.line_start,
                "line_end": r.source.line_end,
            },
            "score": round(self.score, 4),
            "highlight": self.highlight,
            "collective": self.collective,
            "units_from_table": self.borrowed.id if self.borrowed else None,
        }


@dataclass
class PassageCitation:
    """A passage an answer quotes because no record holds what it says: text only, never units or dates.

    ``excerpt`` is the part of the passage the question is about (what the
    answer quotes); the JSON keeps the whole passage text and its lines.
    """

    passage: Passage
    score: float
    excerpt: str

    @property
    def text(self) -> str:
        return self.passage.text

    @property
    def doc_id(self) -> str:
        return self.passage.doc_id

    @property
    def region(self) -> str:
        return self.passage.region

    @property
    def year(self) -> int | None:
        return self.passage.year

    def to_dict(self) -> dict[str, Any]:
        p = self.passage
        return {
            "kind": "passage",
            "passage_id": p.id,
            "doc_id": p.doc_id,
            "doc_title": p.doc_title,
            "region": p.region,
            "year": p.year,
            "text": p.text,
            "excerpt": self.excerpt,
            "lead_units": [],
            "responsible_units": [],
            "deadline": None,
            "source": {
                "doc_id": p.doc_id,
                "path": p.source.path,
                "line_start": p.source.line_start,
                "line_end": p.source.line_end,
            },
            "score": round(self.score, 4),
            "related_task_ids": p.record_ids,
        }


AnyCitation = Citation | PassageCitation


def best_sentence(text: str, question: str) -> str:
    """The clause sentence sharing most character pairs with the question (shorter wins ties)."""
    sentences = [s.strip() for s in _SENTENCE.findall(text) if s.strip()]
    if not sentences:
        return text
    asked = _bigrams(question)
    best: str = max(sentences, key=lambda s: (len(asked & _bigrams(s)), -len(s)))
    return best


def _bigrams(text: str) -> set[str]:
    han = re.sub(r"[^\u4e00-\u9fffA-Za-z0-9]", " ", text)
    return {han[i : i + 2] for i in range(len(han) - 1) if " " not in han[i : i + 2]}


def units_phrase(citation: Citation) -> str:
    lead, responsible = citation.lead_units, citation.responsible_units
    parts = []
    if lead:
        parts.append(f"牵头单位：{'、'.join(lead)}")
    if responsible:
        parts.append(f"{'配合/责任单位' if lead else '责任单位'}：{'、'.join(responsible)}")
    if not parts:
        return "责任单位：文件未列明"
    taken = "（据附件任务分解表）" if citation.borrowed is not None else ""
    return "；".join(parts) + taken


def deadline_phrase(citation: Citation) -> str:
    deadline = citation.deadline
    if deadline.kind == "date" and deadline.date and deadline.date in deadline.raw:
        return f"完成时限：{deadline.raw}"  # an .xlsx date cell is the ISO date itself: shown once
    if deadline.kind == "date":
        return f"完成时限：{deadline.raw}（{deadline.date}）"
    if deadline.kind == "ongoing":
        return f"完成时限：{deadline.raw}（持续性工作，无固定截止日期）"
    if deadline.raw:
        return f"完成时限：文件该栏写作“{deadline.raw}”，未给出明确日期"
    return "完成时限：文件未规定"


def first_sentence(intent: str, citation: Citation) -> str:
    """One sentence that answers the question before any citation: who, when, or what the clause says."""
    lead, responsible = citation.lead_units, citation.responsible_units
    if intent == "who":
        if lead and responsible:
            who = f"由{'、'.join(lead)}牵头，{'、'.join(responsible)}配合"
        elif lead or responsible:
            who = f"由{'、'.join(lead or responsible)}负责"
        else:
            who = "文件未列明这项工作的责任单位"
        return f"{who}；{_when_clause(citation)}。"
    if intent == "when":
        return f"{_when_clause(citation)}（{_who_clause(citation)}）。"
    return f"相关规定：“{citation.highlight or citation.record.text}”"


def _who_clause(citation: Citation) -> str:
    units = [*citation.lead_units, *citation.responsible_units]
    return f"责任单位：{'、'.join(units)}" if units else "文件未列明责任单位"


def _when_clause(citation: Citation) -> str:
    phrase = deadline_phrase(citation)
    return "文件未规定完成时限" if phrase == "完成时限：文件未规定" else phrase


def source_of(citation: Citation) -> str:
    r = citation.record
    scan = "（来源为扫描件，文字经 OCR 识别）" if r.source_kind == "ocr" else ""
    return f"《{r.doc_title}》{r.section}（{r.number}）{scan}"


def list_line(index: int, citation: Citation) -> str:
    mark = "［集体部署］" if citation.collective else ""
    text = citation.record.text if len(citation.record.text) <= 60 else citation.record.text[:60] + "…"
    return f"{index}. {mark}{source_of(citation)}：{text}｜{units_phrase(citation)}｜{deadline_phrase(citation)}"
