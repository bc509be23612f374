"""Template answers with citations: every sentence comes from a record, none from a model.

:class:`Assistant` is the one entry point the CLI, the API and the UI share:
question in, :class:`Answer` out. An answer never comes from a place or a
year the question did not ask about: a place the knowledge base lacks is
refused by name, a year it lacks is refused (or, for 今年/去年, answered from
the nearest year with that year stated). Retrieval ends in one of three
outcomes — a confident answer, a hedged "可能相关的条款", or a short refusal.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from assistant.answering.listing import due_answer, list_answer, overdue_answer
from assistant.answering.query import Query, QuestionAnalyzer, QuestionError
from assistant.answering.regions import RegionIndex
from assistant.answering.render import (
    HOTLINE,
    Citation,
    best_sentence,
    deadline_phrase,
    first_sentence,
    source_of,
    units_phrase,
)
from assistant.answering.retriever import Fusion, Hit, HybridRetriever, Mode
from assistant.answering.scope import Plan, plan_scope
from assistant.settings import Settings
from indexer.gazetteer import Gazetteer
from indexer.index.reader import KnowledgeBase, Snapshot
from indexer.index.store import units_twin

__all__ = ["Answer", "Assistant", "Citation", "Outcome"]

Outcome = Literal["answer", "hedge", "refuse"]
# Calibrated on the two development sets (eval/REPORT.md, eval/REPORT_EVERYDAY.md): the best hit is the
# answer when its cosine reaches DENSE_FLOOR, or its BM25 score reaches KEYWORD_FLOOR with a cosine of at
# least KEYWORD_DENSE_FLOOR (shared words alone are not meaning: "路灯坏了找谁修" shares 找谁 with many
# clauses); with shared words and a cosine a little lower, it is offered as "可能相关"; otherwise nothing is.
DENSE_FLOOR = 0.875
KEYWORD_FLOOR = 2.0
KEYWORD_DENSE_FLOOR = 0.855
HEDGE_KEYWORD_DENSE_FLOOR = 0.845
KEYWORD_ONLY_FLOOR = 2.8  # the keyword-only mode has no cosine to check shared words against
_HEDGE_CITATIONS = 2


@dataclass
class Answer:
    question: str
    outcome: Outcome
    text: str
    intent: str
    filters: dict[str, Any]
    citations: list[Citation] = field(default_factory=list)
    generation: str = ""
    coverage: list[str] = field(default_factory=list)  # what the knowledge base holds, shown folded with a refusal

    @property
    def answered(self) -> bool:
        return self.outcome != "refuse"

    def to_dict(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "answered": self.answered,
            "outcome": self.outcome,
            "text": self.text,
            "intent": self.intent,
            "filters": self.filters,
            "citations": [c.to_dict() for c in self.citations],
            "generation": self.generation,
            "coverage": self.coverage,
        }


class Assistant:
    """Question → analysis → scope (place, year) → list, due-by, overdue or retrieval → template answer."""

    def __init__(
        self,
        kb: KnowledgeBase,
        max_question_chars: int = 500,
        mode: Mode = "hybrid",
        fusion: Fusion = "rrf",
        today: Callable[[], date] = date.today,
    ) -> None:
        self.kb = kb.load()
        self.retriever = HybridRetriever(kb, mode, fusion)
        self.max_question_chars = max_question_chars
        self.today = today
        self._analyzers: dict[str, QuestionAnalyzer] = {}

    @classmethod
    def from_settings(
        cls,
        kb: KnowledgeBase,
        settings: Settings,
        mode: Mode = "hybrid",
        fusion: Fusion = "rrf",
        today: Callable[[], date] = date.today,
    ) -> Assistant:
        return cls(kb, settings.max_question_chars, mode, fusion, today)

    @property
    def analyzer(self) -> QuestionAnalyzer:
        return self._analyzer(self.kb.current())

    def _analyzer(self, snapshot: Snapshot) -> QuestionAnalyzer:
        """The analyzer knows the snapshot's places and units; one per generation."""
        analyzer = self._analyzers.get(snapshot.generation)
        if analyzer is None:
            unit_names = [name for unit in snapshot.store.units() for name in unit.names]
            regions = RegionIndex(snapshot.documents, Gazetteer.load())
            analyzer = QuestionAnalyzer(regions, unit_names, self.kb.registry, self.max_question_chars, self.today)
            self._analyzers = {snapshot.generation: analyzer}
        return analyzer

    def ask(self, question: str, top_k: int = 5, region: str | None = None, year: int | None = None) -> Answer:
        """Answer from one snapshot; the answer names the generation it came from."""
        snapshot = self.kb.current()
        answer = self._ask(snapshot, question, top_k, region, year)
        answer.generation = snapshot.generation
        return answer

    def _ask(self, snapshot: Snapshot, question: str, top_k: int, region: str | None, year: int | None) -> Answer:
        analyzer = self._analyzer(snapshot)
        try:
            query = analyzer.analyze(question)
        except QuestionError as exc:
            return Answer(str(question)[:200], "refuse", str(exc), "invalid", {})
        if region:
            query.scope = analyzer.regions.resolve(region)
        if year:
            query.year, query.relative_year = year, None
        plan = plan_scope(snapshot, query, analyzer.regions)
        if plan.refusal:
            return refusal(snapshot, query, plan.refusal)
        if query.intent == "list" and query.unit:
            return self._finish(query, list_answer(snapshot, query, plan))
        if query.intent == "due" and query.due_date_raw:
            return self._finish(query, due_answer(snapshot, query, plan, analyzer))
        if query.intent == "overdue":
            return self._finish(query, overdue_answer(snapshot, query, plan, self.today()))
        return self._retrieve(snapshot, query, plan, top_k)

    def _finish(self, query: Query, listed: tuple[str, list[Citation]] | str) -> Answer:
        if isinstance(listed, str):
            return Answer(query.text, "refuse", f"{listed}{HOTLINE}", query.intent, query.filters())
        text, citations = listed
        return Answer(query.text, "answer", text, query.intent, query.filters(), citations)

    def _retrieve(self, snapshot: Snapshot, query: Query, plan: Plan, top_k: int) -> Answer:
        hits = self.retriever.search(query.search_text, plan.task_filter, max(top_k, 1), snapshot)
        outcome = _outcome(hits[0], self.retriever.mode) if hits else "refuse"
        if outcome == "refuse":
            reason = f"{plan.note}抱歉，知识库中没有找到与您的问题相关的条款。"
            return refusal(snapshot, query, reason)
        citations = [_citation(snapshot, h, query.text) for h in hits]
        if outcome == "hedge":
            shown = citations[:_HEDGE_CITATIONS]
            lines = [f"{plan.note}没有找到与您的问题确切对应的条款。以下是可能相关的条款，仅供参考："]
            lines += [f"- {_line(c)}" for c in shown]
            return Answer(query.text, "hedge", "\n".join(lines), query.intent, query.filters(), shown)
        text = _render(query, hits, citations, plan.note)
        return Answer(query.text, "answer", text, query.intent, query.filters(), citations)


def refusal(snapshot: Snapshot, query: Query, reason: str) -> Answer:
    """One or two sentences and the hotline; the coverage list travels apart, for a folded block."""
    text = reason if HOTLINE in reason else f"{reason}{HOTLINE}"
    coverage = [f"《{d.title}》" for d in snapshot.documents]
    return Answer(query.text, "refuse", text, query.intent, query.filters(), coverage=coverage)


def _outcome(hit: Hit, mode: str) -> Outcome:
    """Answer, hedge or refuse by the best hit's scores (a mode without one index judges by the other alone)."""
    if mode == "keyword":
        return "answer" if hit.keyword >= KEYWORD_ONLY_FLOOR else "refuse"
    shared_words = mode != "dense" and hit.keyword >= KEYWORD_FLOOR
    if hit.dense >= DENSE_FLOOR or (shared_words and hit.dense >= KEYWORD_DENSE_FLOOR):
        return "answer"
    if shared_words and hit.dense >= HEDGE_KEYWORD_DENSE_FLOOR:
        return "hedge"
    return "refuse"


def _citation(snapshot: Snapshot, hit: Hit, question: str) -> Citation:
    """A body item with no units of its own shows its annex-table twin's units, marked as taken from the table."""
    twins = {r.id: r for r in snapshot.store.by_ids(hit.record.related_ids)} if not hit.record.units else {}
    twin = units_twin(hit.record, twins.get)
    return Citation(hit.record, hit.score, best_sentence(hit.record.text, question), borrowed=twin)


def _line(citation: Citation) -> str:
    return f"{source_of(citation)}：{citation.highlight}（{units_phrase(citation)}；{deadline_phrase(citation)}）"


def _render(query: Query, hits: list[Hit], citations: list[Citation], note: str) -> str:
    best = citations[0]
    lines = [
        f"{note}{first_sentence(query.intent, best)}",
        f"出处：{source_of(best)}",
        f"条款：{best.record.text}",
        f"{units_phrase(best)}；{deadline_phrase(best)}。",
    ]
    if hits[0].related:
        lines.append(f"正文对应条目：{hits[0].related[0].section}（{hits[0].related[0].number}）")
    others = citations[1:]
    if others and len({c.record.doc_id for c in citations}) > 1:
        lines.append("其他文件中的相关条款（按文件年份从新到旧）：")
        by_document: dict[str, list[Citation]] = {}
        for citation in sorted(others, key=lambda c: -(c.record.year or 0)):
            by_document.setdefault(citation.record.doc_id, []).append(citation)
        for group in by_document.values():
            lines.append(f"《{group[0].record.doc_title}》")
            lines += [f"- {_line(c)}" for c in group]
    elif others:
        lines.append("其他相关条款：")
        lines += [f"- {_line(c)}" for c in others]
    return "\n".join(lines)
