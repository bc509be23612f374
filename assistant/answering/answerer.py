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
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, Literal

from assistant.answering.excerpts import highlight
from assistant.answering.listing import due_answer, list_answer, overdue_answer
from assistant.answering.query import Query, QuestionAnalyzer, QuestionError
from assistant.answering.regions import RegionIndex
from assistant.answering.render import (
    HOTLINE,
    AnyCitation,
    Citation,
    PassageCitation,
    best_sentence,
    deadline_phrase,
    first_sentence,
    source_of,
    units_phrase,
)
from assistant.answering.retriever import Channels, Fusion, Hit, HybridRetriever, Mode
from assistant.answering.scope import Plan, plan_scope
from assistant.settings import Settings
from indexer.gazetteer import Gazetteer
from indexer.index.filters import TaskFilter
from indexer.index.reader import KnowledgeBase, Snapshot
from indexer.index.store import units_twin

__all__ = ["Answer", "Assistant", "Citation", "Outcome"]

Outcome = Literal["answer", "hedge", "refuse"]
# Calibrated on the two development sets (eval/REPORT.md, eval/REPORT_EVERYDAY.md): the best hit is the
# answer when its cosine reaches DENSE_FLOOR, or its BM25 score reaches KEYWORD_FLOOR with a cosine of at
# least KEYWORD_DENSE_FLOOR (shared words alone are not meaning: "路灯坏了找谁修" shares 找谁 with many
# clauses); with shared words and a cosine a little lower, it is offered as "可能相关"; otherwise nothing is.
# Recalibrated with the real pages' questions beside them (eval/PEERS.md, "阈值标定"): 0.878 and 2.6 are the
# lowest floors at which no out-of-scope question of either set is answered (结婚登记 reached 0.875 with 2.51)
# or offered as 可能相关 (路灯坏了找谁修 shared five BM25 points with a clause at a cosine of 0.850).
DENSE_FLOOR = 0.878
KEYWORD_FLOOR = 2.6
KEYWORD_DENSE_FLOOR = 0.855
HEDGE_KEYWORD_DENSE_FLOOR = 0.852
KEYWORD_ONLY_FLOOR = 2.8  # the keyword-only mode has no cosine to check shared words against
# The same floors for a passage's evidence (a window of text, not a clause), calibrated the same way on the
# development sets, real pages included (eval/PEERS.md shows the calibration): no out-of-scope question's
# passage reached a cosine of 0.865, nor 0.835 with a BM25 score of 3.
PASSAGE_DENSE_FLOOR = 0.875
PASSAGE_KEYWORD_FLOOR = 3.0
PASSAGE_KEYWORD_DENSE_FLOOR = 0.84
PASSAGE_HEDGE_DENSE_FLOOR = 0.835
PASSAGE_KEYWORD_ONLY_FLOOR = 4.0
_HEDGE_CITATIONS = 2
_JUDGED = 3
_OUTCOME_ORDER: dict[str, int] = {"refuse": 0, "hedge": 1, "answer": 2}


@dataclass
class Answer:
    question: str
    outcome: Outcome
    text: str
    intent: str
    filters: dict[str, Any]
    citations: list[AnyCitation] = field(default_factory=list)
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
        channels: Channels = "both",
    ) -> None:
        self.kb = kb.load()
        self.retriever = HybridRetriever(kb, mode, fusion, channels)
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
            listed = list_answer(snapshot, query, plan)
            if isinstance(listed, str):  # no record names the unit: the text may still say what it does
                return self._unlisted(snapshot, query, plan, top_k, listed)
            return self._finish(query, listed)
        if query.intent == "due" and query.due_date_raw:
            return self._finish(query, due_answer(snapshot, query, plan, analyzer))
        if query.intent == "overdue":
            return self._finish(query, overdue_answer(snapshot, query, plan, self.today()))
        return self._retrieve(snapshot, query, plan, top_k)

    def _finish(self, query: Query, listed: tuple[str, list[Citation]] | str) -> Answer:
        if isinstance(listed, str):
            return Answer(query.text, "refuse", f"{listed}{HOTLINE}", query.intent, query.filters())
        text, citations = listed
        return Answer(query.text, "answer", text, query.intent, query.filters(), [*citations])

    def _unlisted(self, snapshot: Snapshot, query: Query, plan: Plan, top_k: int, missing: str) -> Answer:
        """A unit no task record names (a missed parse, a name written otherwise): the clauses and passages the
        question finds, after saying that no list could be made; the refusal only when they find nothing."""
        found = self._retrieve(snapshot, query, plan, top_k)
        if not found.answered:
            return self._finish(query, missing)
        found.text = f"{missing}以下是与问题相关的内容：\n{found.text}"
        return found

    def _retrieve(self, snapshot: Snapshot, query: Query, plan: Plan, top_k: int) -> Answer:
        hits, outcome = self._search(snapshot, query, plan, top_k)
        if outcome == "refuse":
            reason = plan.missing or f"{plan.note}抱歉，知识库中没有找到与您的问题相关的条款。"
            return refusal(snapshot, query, reason)
        citations = [_citation(snapshot, h, query.text) for h in hits]
        note = plan.note + self._place_note(snapshot, query, plan, citations[0])
        if outcome == "hedge":
            shown = citations[:_HEDGE_CITATIONS]
            lines = [f"{note}没有找到与您的问题确切对应的条款。以下是可能相关的条款，仅供参考："]
            lines += [f"- {_line(c)}" for c in shown]
            return Answer(query.text, "hedge", "\n".join(lines), query.intent, query.filters(), shown)
        text = _render(query, hits, citations, note)
        return Answer(query.text, "answer", text, query.intent, query.filters(), citations)

    def _search(self, snapshot: Snapshot, query: Query, plan: Plan, top_k: int) -> tuple[list[Hit], Outcome]:
        """Documents known to be of the asked place and year first; those whose place or year is unknown only
        when the known ones hold no answer (a template clause copied everywhere must not pull an answer from a
        file that may be of another place). A province or city asked: its own documents before those of the
        places inside it (a municipality asked: its own plan before a district's, which copies its clauses)."""
        wanted = max(top_k, 1)
        task_filter = plan.task_filter
        narrower: list[TaskFilter] = []
        own = query.scope.own
        if own and len(own) < len(task_filter.regions) and not plan.missing:
            narrower.append(replace(task_filter, regions=own, unknown_places=False))
        if task_filter.unknown_places and (task_filter.regions or task_filter.year is not None) and not plan.missing:
            narrower.append(replace(task_filter, unknown_places=False))
        for scope in narrower:  # the narrowest scope that holds an answer gives it
            hits = self.retriever.search(query.search_text, scope, wanted, snapshot)
            hits, outcome = _best_first(hits, self.retriever.mode, query.intent)
            if outcome == "answer":
                return hits, outcome
        hits = self.retriever.search(query.search_text, task_filter, wanted, snapshot)
        return _best_first(hits, self.retriever.mode, query.intent)

    def _place_note(self, snapshot: Snapshot, query: Query, plan: Plan, best: AnyCitation) -> str:
        """Where the answer comes from, first: its place (and year, unless asked) when the base covers several.

        A document whose place is unknown says so, and so does an answer to a place the knowledge base lacks
        (``plan.missing``) that only such a document could give.
        """
        cited = best.record if isinstance(best, Citation) else best.passage
        if plan.missing:
            missing = plan.missing.rstrip("。")
            return f"{missing}；以下内容来自未写明地区或年份的文件《{cited.doc_title}》，请核对是否适用。"
        places = {d.region for d in snapshot.documents}
        if not cited.region:
            return f"据《{cited.doc_title}》（文件未写明地区），"
        if len(places) < 2:
            return ""
        year = f"{cited.year}年" if cited.year and cited.year != query.year else ""
        return f"据{self._analyzer(snapshot).regions.label(cited.region)}{year}的文件，"


def refusal(snapshot: Snapshot, query: Query, reason: str) -> Answer:
    """One or two sentences and the hotline; the coverage list travels apart, for a folded block."""
    text = reason if HOTLINE in reason else f"{reason}{HOTLINE}"
    coverage = [f"《{d.title}》" for d in snapshot.documents]
    return Answer(query.text, "refuse", text, query.intent, query.filters(), coverage=coverage)


def _best_first(hits: list[Hit], mode: str, intent: str) -> tuple[list[Hit], Outcome]:
    """The ranking with its best-ranked hit that clears the floors first, and the outcome it gives.

    Records and passages are judged on their own channel's floors, so the top of a fused ranking may be a
    passage below its floor just above a record that clears its own. Only the head is judged: how many
    citations a caller asks for must not change whether a question is answered. A "who" question is
    answered from the first clearing clause that names its units, when the head has one: a clause that
    names none cannot answer it.
    """
    outcomes = [_outcome(hit, mode) for hit in hits[:_JUDGED]]
    for wanted in ("answer", "hedge"):
        cleared = [i for i, outcome in enumerate(outcomes) if outcome == wanted]
        if cleared:
            named = [i for i in cleared if (record := hits[i].record) is not None and record.units]
            first = named[0] if intent == "who" and named else cleared[0]
            return [hits[first], *hits[:first], *hits[first + 1 :]], wanted
    return hits, "refuse"


def _outcome(hit: Hit, mode: str) -> Outcome:
    """Answer, hedge or refuse by the best evidence a hit has: its record's scores, or its passage's."""
    outcomes = []
    if hit.record is not None and (hit.dense or hit.keyword):
        outcomes.append(
            _judge(
                hit.dense,
                hit.keyword,
                mode,
                DENSE_FLOOR,
                KEYWORD_FLOOR,
                KEYWORD_DENSE_FLOOR,
                HEDGE_KEYWORD_DENSE_FLOOR,
                KEYWORD_ONLY_FLOOR,
            )
        )
    if hit.passage is not None:
        outcomes.append(
            _judge(
                hit.passage_dense,
                hit.passage_keyword,
                mode,
                PASSAGE_DENSE_FLOOR,
                PASSAGE_KEYWORD_FLOOR,
                PASSAGE_KEYWORD_DENSE_FLOOR,
                PASSAGE_HEDGE_DENSE_FLOOR,
                PASSAGE_KEYWORD_ONLY_FLOOR,
            )
        )
    return max(outcomes, key=_OUTCOME_ORDER.__getitem__, default="refuse")


def _judge(dense: float, keyword: float, mode: str, *floors: float) -> Outcome:
    """One channel's verdict: a cosine alone, or shared words backed by a lower cosine (a mode without one
    index judges by the other alone)."""
    dense_floor, keyword_floor, keyword_dense_floor, hedge_floor, keyword_only_floor = floors
    if mode == "keyword":
        return "answer" if keyword >= keyword_only_floor else "refuse"
    shared_words = mode != "dense" and keyword >= keyword_floor
    if dense >= dense_floor or (shared_words and dense >= keyword_dense_floor):
        return "answer"
    if shared_words and dense >= hedge_floor:
        return "hedge"
    return "refuse"


def _citation(snapshot: Snapshot, hit: Hit, question: str) -> AnyCitation:
    """A record citation (a body item with no units of its own shows its annex-table twin's units, marked as
    taken from the table), or the quote of a passage no record holds."""
    if hit.record is None:
        assert hit.passage is not None and hit.excerpt is not None
        return PassageCitation(hit.passage, hit.score, hit.excerpt.text)
    twins = {r.id: r for r in snapshot.store.by_ids(hit.record.related_ids)} if not hit.record.units else {}
    twin = units_twin(hit.record, twins.get)
    return Citation(hit.record, hit.score, best_sentence(hit.record.text, question), borrowed=twin)


def _line(citation: AnyCitation) -> str:
    if isinstance(citation, PassageCitation):
        return f"{_passage_source(citation)}：{citation.excerpt}（原文片段，责任单位与时限请以原文为准）"
    return f"{source_of(citation)}：{citation.highlight}（{units_phrase(citation)}；{deadline_phrase(citation)}）"


def _passage_source(citation: PassageCitation) -> str:
    p = citation.passage
    return f"《{p.doc_title}》第{p.source.line_start}–{p.source.line_end}行"


def _render(query: Query, hits: list[Hit], citations: list[AnyCitation], note: str) -> str:
    best = citations[0]
    if isinstance(best, PassageCitation):
        lines = [
            f"{note}相关原文：“{highlight(best.excerpt, query.text)}”",
            "这段原文未能读成带责任单位和完成时限的任务条目，其中的责任单位和时限请以原文为准。",
            f"出处：{_passage_source(best)}",
        ]
    else:
        lines = [
            f"{note}{first_sentence(query.intent, best)}",
            f"出处：{source_of(best)}",
            f"条款：{best.record.text}",
            f"{units_phrase(best)}；{deadline_phrase(best)}。",
        ]
        if hits[0].related:
            lines.append(f"正文对应条目：{hits[0].related[0].section}（{hits[0].related[0].number}）")
    others = citations[1:]
    if others and len({c.doc_id for c in citations}) > 1:
        lines.append("其他文件中的相关内容（按文件年份从新到旧）：")
        by_document: dict[str, list[AnyCitation]] = {}
        for citation in sorted(others, key=lambda c: -(c.year or 0)):
            by_document.setdefault(citation.doc_id, []).append(citation)
        for group in by_document.values():
            lines.append(f"《{_title(group[0])}》")
            lines += [f"- {_line(c)}" for c in group]
    elif others:
        lines.append("其他相关内容：")
        lines += [f"- {_line(c)}" for c in others]
    return "\n".join(lines)


def _title(citation: AnyCitation) -> str:
    return citation.record.doc_title if isinstance(citation, Citation) else citation.passage.doc_title
