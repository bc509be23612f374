"""Answers built from what the conversation already cited: a field of one task, a narrowed list, the next page.

Nothing is retrieved again and nothing is written by a model: a task is read
back from the records store by its id (so the answer shows the current
generation's record, with its annex-table units as the first answer showed
them) and every sentence is a template over its fields, with its source lines.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from assistant.answering.answerer import Answer
from assistant.answering.render import (
    AnyCitation,
    Citation,
    PassageCitation,
    deadline_phrase,
    first_sentence,
    list_line,
    source_of,
    units_phrase,
)
from assistant.conversation.state import Cited, Field
from indexer.index.reader import Snapshot
from indexer.index.store import units_twin
from indexer.models import TaskRecord
from indexer.registry import UnitRegistry

__all__ = ["FIELD_NAMES", "GONE", "ListFilter", "field_answer", "list_text", "narrowed", "records_of"]

GONE = "上一条回答引用的条款已不在当前知识库中（文件可能已更新或删除），请重新提问。"
FIELD_NAMES: dict[Field, str] = {
    "when": "完成时限",
    "who": "责任单位",
    "lead": "牵头单位",
    "partner": "配合单位",
    "text": "原文",
    "source": "出处",
    "detail": "详细内容",
}
_PASSAGE_NOTE = "这段原文未能读成带责任单位和完成时限的任务条目，其中的责任单位和时限请以原文为准。"


def records_of(snapshot: Snapshot, items: list[Cited]) -> list[Citation]:
    """The items' records in the current generation, in order, each with its table twin's units when it borrows
    them; items no longer in the store are left out."""
    ids = [c.task_id for c in items if c.task_id]
    records = {r.id: r for r in snapshot.store.by_ids(ids)}
    collective = {c.task_id for c in items if c.collective}
    return [_citation(snapshot, records[i], i in collective) for i in ids if i in records]


def _citation(snapshot: Snapshot, record: TaskRecord, collective: bool = False) -> Citation:
    twins = {r.id: r for r in snapshot.store.by_ids(record.related_ids)} if not record.units else {}
    return Citation(record, 1.0, collective=collective, borrowed=units_twin(record, twins.get))


def field_answer(snapshot: Snapshot, item: Cited, field: Field, understood: str, question: str, today: date) -> Answer:
    """One field of one task (or of a quoted passage), after the sentence that says which task was understood."""
    if item.passage is not None:
        p = item.passage
        citation: AnyCitation = PassageCitation(p, 1.0, p.text)
        lines = [f"相关原文：“{p.text}”", _PASSAGE_NOTE]
        lines.append(f"出处：《{p.doc_title}》第{p.source.line_start}–{p.source.line_end}行")
        return Answer(question, "answer", "\n".join([understood, *lines]), "followup", {}, [citation])
    found = records_of(snapshot, [item])
    if not found:
        return Answer(question, "refuse", f"{understood}\n{GONE}", "followup", {})
    best = found[0]
    if field == "detail":  # the whole record: clause, units and deadline, source
        lines = [f"条款：{best.record.text}", f"{units_phrase(best)}；{deadline_phrase(best)}。"]
        lines.append(f"出处：{source_of(best)}")
    else:
        lines = [
            *_field_lines(best, field),
            *(_status(best, today) if field == "when" else []),
            f"出处：{source_of(best)}",
        ]
    return Answer(question, "answer", "\n".join([understood, *lines]), "followup", _filters(best), [best])


def _field_lines(c: Citation, field: Field) -> list[str]:
    lead, responsible = c.lead_units, c.responsible_units
    if field == "when":
        return [first_sentence("when", c)]
    if field == "who":
        return [first_sentence("who", c)]
    if field == "lead":
        if lead:
            return [f"牵头单位：{'、'.join(lead)}。"]
        return [f"文件未单列牵头单位；{units_phrase(c)}。"]
    if field == "partner":
        if lead and responsible:
            return [f"配合单位：{'、'.join(responsible)}（牵头单位：{'、'.join(lead)}）。"]
        if lead or responsible:
            return [f"文件未区分牵头与配合单位，{units_phrase(c)}。"]
        return ["文件未列明这项工作的责任单位。"]
    if field == "text":
        return [f"原文：“{c.record.text}”"]
    if field == "source":
        r = c.record
        return [f"这项任务出自{source_of(c)}，第{r.source.line_start}–{r.source.line_end}行。"]
    return [first_sentence("what", c)]  # not reached: "detail" is rendered whole by field_answer


def _status(c: Citation, today: date) -> list[str]:
    """Whether a dated task's deadline has passed, as of today (what "过期了吗" asks)."""
    if c.deadline.kind != "date" or not c.deadline.date:
        return []
    passed = c.deadline.date < today.isoformat()
    return [f"截至今天（{today.isoformat()}），{'已过完成时限' if passed else '尚未到完成时限'}。"]


def _filters(c: Citation) -> dict[str, object]:
    return {"region": c.record.region or None, "year": c.record.year, "unit": None, "due": None}


@dataclass(frozen=True)
class ListFilter:
    """A refinement of the last list: a status, a unit (as lead only, or any role), a year, an order."""

    registry: UnitRegistry
    today: date
    status: str | None = None
    unit: str | None = None
    lead_only: bool = False
    year: int | None = None
    sort: bool = False
    regions: tuple[str, ...] = ()

    def keeps(self, c: Citation) -> bool:
        deadline = c.deadline
        if self.status == "overdue" and not (deadline.date and deadline.date < self.today.isoformat()):
            return False
        if self.status == "upcoming" and not (deadline.date and deadline.date >= self.today.isoformat()):
            return False
        if self.status == "ongoing" and deadline.kind != "ongoing":
            return False
        if self.year is not None and c.record.year != self.year:
            return False
        if self.regions and c.record.region not in self.regions:
            return False
        if self.unit:
            key = self.registry.key(self.unit, c.record.region)
            units = c.lead_units if self.lead_only else [*c.lead_units, *c.responsible_units]
            return key in {self.registry.key(u, c.record.region) for u in units}
        return True

    def describe(self) -> str:
        """The refinement in words: "已逾期、区党政办公室牵头的"."""
        parts = [f"{'、'.join(self.regions)}的文件中"] if self.regions else []
        if self.year is not None:
            parts.append(f"{self.year}年文件中")
        status = {"overdue": f"截至今天（{self.today.isoformat()}）已逾期", "upcoming": "尚未到期", "ongoing": "长期性"}
        if self.status:
            parts.append(status[self.status])
        if self.unit:
            parts.append(f"{self.unit}{'牵头' if self.lead_only else '承担'}")
        return "、".join(parts)


def narrowed(citations: list[Citation], refine: ListFilter) -> list[Citation]:
    """The citations the refinement keeps, by completion date when asked (standing and undated ones last)."""
    kept = [c for c in citations if refine.keeps(c)]
    if refine.sort:
        kept.sort(key=lambda c: (c.deadline.date is None, c.deadline.date or "", c.deadline.kind != "ongoing"))
    return kept


def list_text(head: str, citations: list[Citation], start: int = 1) -> str:
    """A list answer's text: the head, then one numbered line per task (numbers continue from ``start``)."""
    return "\n".join([head, *(list_line(number, c) for number, c in enumerate(citations, start=start))])
