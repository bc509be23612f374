"""Template answers with citations: every sentence comes from a record, none from a model.

:class:`Assistant` is the one entry point the CLI, the API and the UI share:
question in, :class:`Answer` out.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

from assistant.knowledge import KnowledgeBase, Snapshot
from assistant.query import Query, QuestionAnalyzer, QuestionError
from assistant.retriever import Hit, HybridRetriever
from indexer.models import TaskRecord
from indexer.store import TaskFilter

__all__ = ["Answer", "Assistant", "Citation"]

HOTLINE = "如需进一步咨询，请拨打 12345 政务服务便民热线。"
# Calibrated on eval/dev_questions.jsonl (see eval/REPORT.md): below both, nothing is relevant.
DENSE_FLOOR = 0.88
KEYWORD_FLOOR = 2.8
_SENTENCE = re.compile(r"[^。；！？]+[。；！？]?")


@dataclass
class Citation:
    task_id: str
    doc_id: str
    doc_title: str
    region: str
    year: int | None
    section: str
    number: str
    text: str
    lead_units: list[str]
    responsible_units: list[str]
    deadline: dict[str, Any]
    score: float
    highlight: str = ""
    collective: bool = False

    @classmethod
    def of(cls, record: TaskRecord, score: float, highlight: str = "", collective: bool = False) -> Citation:
        return cls(
            task_id=record.id,
            doc_id=record.doc_id,
            doc_title=record.doc_title,
            region=record.region,
            year=record.year,
            section=record.section,
            number=record.number,
            text=record.text,
            lead_units=record.lead_units,
            responsible_units=record.responsible_units,
            deadline=asdict(record.deadline),
            score=round(score, 4),
            highlight=highlight,
            collective=collective,
        )


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
        return asdict(self)


class Assistant:
    """Question → analysis → retrieval or list → template answer."""

    def __init__(self, kb: KnowledgeBase, mode: str = "hybrid", fusion: str = "rrf") -> None:
        self.kb = kb.load()
        self.retriever = HybridRetriever(kb, mode, fusion)  # type: ignore[arg-type]
        self._analyzers: dict[str, QuestionAnalyzer] = {}

    @property
    def analyzer(self) -> QuestionAnalyzer:
        return self._analyzer(self.kb.current())

    def _analyzer(self, snapshot: Snapshot) -> QuestionAnalyzer:
        """The analyzer knows the snapshot's regions and units; one per generation."""
        analyzer = self._analyzers.get(snapshot.generation)
        if analyzer is None:
            unit_names = [name for _, _, names, _, _ in snapshot.store.units() for name in names]
            settings = self.kb.settings
            analyzer = QuestionAnalyzer(
                snapshot.regions, unit_names, self.kb.registry, settings.regions_file, settings.max_question_chars
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
        matches = snapshot.store.unit_tasks(query.unit, TaskFilter(region=query.region, year=query.year))  # type: ignore[arg-type]
        matches = _latest_year(matches, query.latest_year, key=lambda m: m.record.year)
        matches = _drop_listed_twins(matches)
        citations = [Citation.of(m.record, 1.0, collective=m.collective) for m in matches]
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
        citations = [Citation.of(r, 1.0) for r in _drop_twin_records(records)]
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
        citations = [Citation.of(h.record, h.score, _best_sentence(h.record.text, query.text)) for h in hits]
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


def _latest_year(items: list, latest: bool, key) -> list:
    if not latest or not items:
        return items
    newest = max(key(i) or 0 for i in items)
    return [i for i in items if key(i) == newest]


def _drop_listed_twins(matches: list) -> list:
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
    return max(sentences, key=lambda s: (len(asked & _bigrams(s)), -len(s)))


def _units_phrase(citation: Citation) -> str:
    parts = []
    if citation.lead_units:
        parts.append(f"牵头单位：{'、'.join(citation.lead_units)}")
    if citation.responsible_units:
        label = "配合/责任单位" if citation.lead_units else "责任单位"
        parts.append(f"{label}：{'、'.join(citation.responsible_units)}")
    return "；".join(parts) if parts else "责任单位：文件未列明"


def _deadline_phrase(citation: Citation) -> str:
    deadline = citation.deadline
    if deadline["kind"] == "date":
        return f"完成时限：{deadline['raw']}（{deadline['date']}）"
    if deadline["kind"] == "ongoing":
        return f"完成时限：{deadline['raw']}（持续性工作，无固定截止日期）"
    if deadline["raw"]:
        return f"完成时限：文件该栏写作“{deadline['raw']}”，未给出明确日期"
    return "完成时限：文件未规定"


def _source(citation: Citation) -> str:
    return f"《{citation.doc_title}》{citation.section}（{citation.number}）"


def _list_line(index: int, citation: Citation) -> str:
    mark = "［集体部署］" if citation.collective else ""
    text = citation.text if len(citation.text) <= 60 else citation.text[:60] + "…"
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
        f"条款：{best.text}",
        f"{_units_phrase(best)}；{_deadline_phrase(best)}。",
    ]
    if hits[0].related:
        lines.append(f"正文对应条目：{hits[0].related[0].section}（{hits[0].related[0].number}）")
    others = citations[1:]
    if others and not query.region and len({c.doc_id for c in citations}) > 1:
        lines.append("其他文件中的相关条款（按文件年份从新到旧）：")
        by_document: dict[str, list[Citation]] = {}
        for citation in sorted(others, key=lambda c: -(c.year or 0)):
            by_document.setdefault(citation.doc_id, []).append(citation)
        for group in by_document.values():
            lines.append(f"《{group[0].doc_title}》")
            lines += [
                f"- {c.section}（{c.number}）：{c.highlight}（{_units_phrase(c)}；{_deadline_phrase(c)}）"
                for c in group
            ]
    elif others:
        lines.append("其他相关条款：")
        lines += [f"- {_source(c)}：{c.highlight}（{_units_phrase(c)}；{_deadline_phrase(c)}）" for c in others]
    return "\n".join(lines)
