"""Template answers with citations: every sentence comes from a record, none from a model.

:class:`Assistant` is the one entry point the CLI, the API and the UI share:
question in, :class:`Answer` out.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from assistant.answering.query import Query, QuestionAnalyzer, QuestionError
from assistant.answering.retriever import Fusion, Hit, HybridRetriever, Mode
from assistant.settings import Settings
from indexer.index.reader import KnowledgeBase, Snapshot
from indexer.index.store import TaskFilter, UnitMatch
from indexer.models import TaskRecord

__all__ = ["Answer", "Assistant", "Citation"]

HOTLINE = "如需进一步咨询，请拨打 12345 政务服务便民热线。"
# Calibrated on eval/dev_questions.jsonl (see eval/REPORT.md): below both, nothing is relevant.
DENSE_FLOOR = 0.88
KEYWORD_FLOOR = 2.8
_SENTENCE = re.compile(r"[^。；！？]+[。；！？]?")


@dataclass
class Citation:
    """A record an answer cites, with how well it matched and the sentence that matched best."""

    record: TaskRecord
    score: float
    highlight: str = ""
    collective: bool = False

    def to_dict(self) -> dict[str, Any]:
        """The citation's JSON: the record's fields (``id`` as ``task_id``), then score, highlight, collective."""
        r = self.record
        return {
            "task_id": r.id,
            "doc_id": r.doc_id,
            "doc_title": r.doc_title,
            "region": r.region,
            "year": r.year,
            "section": r.section,
            "number": r.number,
            "text": r.text,
            "lead_units": r.lead_units,
            "responsible_units": r.responsible_units,
            "deadline": asdict(r.deadline),
            "score": round(self.score, 4),
            "highlight": self.highlight,
            "collective": self.collective,
        }


@dataclass
class Answer:
    question: str
    answered: bool
    text: str
    intent: str
    filters: dict[str, Any]
    citations: list[Citation] = field(default_factory=list)
    generation: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "answered": self.answered,
            "text": self.text,
            "intent": self.intent,
            "filters": self.filters,
            "citations": [c.to_dict() for c in self.citations],
            "generation": self.generation,
        }


class Assistant:
    """Question → analysis → retrieval or list → template answer."""

    def __init__(
        self,
        kb: KnowledgeBase,
        gazetteer_file: Path | None = None,
        max_question_chars: int = 500,
        mode: Mode = "hybrid",
        fusion: Fusion = "rrf",
    ) -> None:
        self.kb = kb.load()
        self.retriever = HybridRetriever(kb, mode, fusion)
        self.gazetteer_file = gazetteer_file
        self.max_question_chars = max_question_chars
        self._analyzers: dict[str, QuestionAnalyzer] = {}

    @classmethod
    def from_settings(
        cls, kb: KnowledgeBase, settings: Settings, mode: Mode = "hybrid", fusion: Fusion = "rrf"
    ) -> Assistant:
        return cls(kb, settings.regions_file, settings.max_question_chars, mode, fusion)

    @property
    def analyzer(self) -> QuestionAnalyzer:
        return self._analyzer(self.kb.current())

    def _analyzer(self, snapshot: Snapshot) -> QuestionAnalyzer:
        """The analyzer knows the snapshot's regions and units; one per generation."""
        analyzer = self._analyzers.get(snapshot.generation)
        if analyzer is None:
            unit_names = [name for unit in snapshot.store.units() for name in unit.names]
            analyzer = QuestionAnalyzer(
                snapshot.regions, unit_names, self.kb.registry, self.gazetteer_file, self.max_question_chars
            )
            self._analyzers = {snapshot.generation: analyzer}
        return analyzer

    def ask(self, question: str, top_k: int = 5, region: str | None = None, year: int | None = None) -> Answer:
        """Answer from one snapshot; the answer names the generation it came from."""
        snapshot = self.kb.current()
        answer = self._ask(snapshot, question, top_k, region, year)
        answer.generation = snapshot.generation
        return answer

    def _ask(self, snapshot: Snapshot, question: str, top_k: int, region: str | None, year: int | None) -> Answer:
        try:
            query = self._analyzer(snapshot).analyze(question)
        except QuestionError as exc:
            return Answer(str(question)[:200], False, str(exc), "invalid", {})
        query.region = region or query.region
        query.year = year or query.year
        if query.unknown_region and not query.region:
            text = f"知识库中没有{query.unknown_region}的文件。{snapshot.coverage()}{HOTLINE}"
            return Answer(query.text, False, text, query.intent, query.filters())
        if query.intent == "list":
            return self._list(snapshot, query)
        if query.intent == "due" and query.due_date_raw:
            return self._due(snapshot, query)
        return self._retrieve(snapshot, query, top_k)

    # ---------------------------------------------------------------- lists

    def _list(self, snapshot: Snapshot, query: Query) -> Answer:
        assert query.unit is not None  # the analyzer gives the list intent only with a unit
        matches = snapshot.store.unit_tasks(query.unit, TaskFilter(region=query.region, year=query.year))
        matches = _latest_year(matches, query.latest_year, key=lambda m: m.record.year)
        matches = _drop_listed_twins(matches)
        citations = [Citation(m.record, 1.0, collective=m.collective) for m in matches]
        if not citations:
            return _abstain(snapshot, query, f"知识库中没有找到{query.unit}承担的任务。")
        direct = sum(1 for c in citations if not c.collective)
        lines = [
            f"{query.unit}共涉及 {len(citations)} 项任务"
            f"（点名承担 {direct} 项，集体部署 {len(citations) - direct} 项）："
        ]
        lines += [_list_line(i, c) for i, c in enumerate(citations, start=1)]
        return Answer(query.text, True, "\n".join(lines), query.intent, query.filters(), citations)

    def _due(self, snapshot: Snapshot, query: Query) -> Answer:
        task_filter = TaskFilter(region=query.region, year=query.year, deadline_kind="date")
        analyzer = self._analyzer(snapshot)
        records = [r for r in snapshot.store.tasks(task_filter) if r.deadline.date == analyzer.due_date(query, r.year)]
        if query.unit:
            keys = {self.kb.registry.key(query.unit)}
            records = [r for r in records if keys & {self.kb.registry.key(u, r.region) for u in r.units}]
        records = _latest_year(records, query.latest_year, key=lambda r: r.year)
        citations = [Citation(r, 1.0) for r in _drop_twin_records(records)]
        if not citations:
            return _abstain(snapshot, query, f"知识库中没有完成时限为“{query.due_date_raw}”的任务。")
        lines = [f"完成时限为“{query.due_date_raw}”的任务共 {len(citations)} 项："]
        lines += [_list_line(i, c) for i, c in enumerate(citations, start=1)]
        return Answer(query.text, True, "\n".join(lines), query.intent, query.filters(), citations)

    # ------------------------------------------------------------ retrieval

    def _retrieve(self, snapshot: Snapshot, query: Query, top_k: int) -> Answer:
        task_filter = TaskFilter(region=query.region, year=query.year)
        hits = self.retriever.search(query.search_text, task_filter, max(top_k, 1), snapshot)
        if query.latest_year and hits:
            newest = max(h.record.year or 0 for h in hits)
            hits = [h for h in hits if h.record.year == newest]
        if not hits or not _relevant(hits[0], self.retriever.mode):
            return _abstain(snapshot, query, "抱歉，知识库中没有找到与您的问题相关的条款。")
        citations = [Citation(h.record, h.score, _best_sentence(h.record.text, query.text)) for h in hits]
        text = _render(query, hits, citations)
        return Answer(query.text, True, text, query.intent, query.filters(), citations)


def _abstain(snapshot: Snapshot, query: Query, reason: str) -> Answer:
    text = f"{reason}{snapshot.coverage()}{HOTLINE}"
    return Answer(query.text, False, text, query.intent, query.filters())


def _relevant(hit: Hit, mode: str) -> bool:
    if mode == "keyword":
        return hit.keyword >= KEYWORD_FLOOR
    if mode == "dense":
        return hit.dense >= DENSE_FLOOR
    return hit.dense >= DENSE_FLOOR or hit.keyword >= KEYWORD_FLOOR


_Item = TypeVar("_Item")


def _latest_year(items: list[_Item], latest: bool, key: Callable[[_Item], int | None]) -> list[_Item]:
    if not latest or not items:
        return items
    newest = max(key(i) or 0 for i in items)
    return [i for i in items if key(i) == newest]


def _drop_listed_twins(matches: list[UnitMatch]) -> list[UnitMatch]:
    """A list never shows one task twice: a body item goes when its table row is listed."""
    listed = {m.record.id for m in matches}
    return [m for m in matches if m.record.kind == "table" or not (set(m.record.related_ids) & listed)]


def _drop_twin_records(records: list[TaskRecord]) -> list[TaskRecord]:
    listed = {r.id for r in records}
    return [r for r in records if r.kind == "table" or not (set(r.related_ids) & listed)]


def _bigrams(text: str) -> set[str]:
    han = re.sub(r"[^\u4e00-\u9fffA-Za-z0-9]", " ", text)
    return {han[i : i + 2] for i in range(len(han) - 1) if " " not in han[i : i + 2]}


def _best_sentence(text: str, question: str) -> str:
    """The clause sentence sharing most character pairs with the question (shorter wins ties)."""
    sentences = [s.strip() for s in _SENTENCE.findall(text) if s.strip()]
    if not sentences:
        return text
    asked = _bigrams(question)
    best: str = max(sentences, key=lambda s: (len(asked & _bigrams(s)), -len(s)))
    return best


def _units_phrase(citation: Citation) -> str:
    parts = []
    if citation.record.lead_units:
        parts.append(f"牵头单位：{'、'.join(citation.record.lead_units)}")
    if citation.record.responsible_units:
        label = "配合/责任单位" if citation.record.lead_units else "责任单位"
        parts.append(f"{label}：{'、'.join(citation.record.responsible_units)}")
    return "；".join(parts) if parts else "责任单位：文件未列明"


def _deadline_phrase(citation: Citation) -> str:
    deadline = citation.record.deadline
    if deadline.kind == "date":
        return f"完成时限：{deadline.raw}（{deadline.date}）"
    if deadline.kind == "ongoing":
        return f"完成时限：{deadline.raw}（持续性工作，无固定截止日期）"
    if deadline.raw:
        return f"完成时限：文件该栏写作“{deadline.raw}”，未给出明确日期"
    return "完成时限：文件未规定"


def _source(citation: Citation) -> str:
    return f"《{citation.record.doc_title}》{citation.record.section}（{citation.record.number}）"


def _list_line(index: int, citation: Citation) -> str:
    mark = "［集体部署］" if citation.collective else ""
    text = citation.record.text if len(citation.record.text) <= 60 else citation.record.text[:60] + "…"
    return f"{index}. {mark}{_source(citation)}：{text}｜{_units_phrase(citation)}｜{_deadline_phrase(citation)}"


def _render(query: Query, hits: list[Hit], citations: list[Citation]) -> str:
    best = citations[0]
    lead = {
        "who": f"这项工作的{_units_phrase(best)}。",
        "when": f"{_deadline_phrase(best)}。",
    }.get(query.intent, f"相关规定：“{best.highlight}”")
    lines = [
        f"{lead}",
        f"出处：{_source(best)}",
        f"条款：{best.record.text}",
        f"{_units_phrase(best)}；{_deadline_phrase(best)}。",
    ]
    if hits[0].related:
        lines.append(f"正文对应条目：{hits[0].related[0].section}（{hits[0].related[0].number}）")
    others = citations[1:]
    if others and not query.region and len({c.record.doc_id for c in citations}) > 1:
        lines.append("其他文件中的相关条款（按文件年份从新到旧）：")
        by_document: dict[str, list[Citation]] = {}
        for citation in sorted(others, key=lambda c: -(c.record.year or 0)):
            by_document.setdefault(citation.record.doc_id, []).append(citation)
        for group in by_document.values():
            lines.append(f"《{group[0].record.doc_title}》")
            lines += [
                f"- {c.record.section}（{c.record.number}）：{c.highlight}（{_units_phrase(c)}；{_deadline_phrase(c)}）"
                for c in group
            ]
    elif others:
        lines.append("其他相关条款：")
        lines += [f"- {_source(c)}：{c.highlight}（{_units_phrase(c)}；{_deadline_phrase(c)}）" for c in others]
    return "\n".join(lines)
