"""The outcome floors beside the evidence they were set on: what out-of-scope questions reached, and what the
gold clauses of answerable ones needed.

The floors live in :mod:`assistant.answering.answerer`; this shows, for a question set, the strongest evidence
each out-of-scope question's head of the ranking had (record cosine and BM25, passage cosine and BM25) and how
many answerable questions' gold clause clears the floors in the head, so the report can show that abstention
is 100 % with room, or where it is not.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from assistant.answering import answerer
from assistant.answering.answerer import Assistant
from assistant.answering.scope import plan_scope

__all__ = ["Evidence", "floors_table", "strongest_evidence"]

_HEAD = 3


@dataclass(frozen=True)
class Evidence:
    """The strongest scores in a question's head, per channel."""

    question: str
    record_dense: float
    record_keyword: float
    passage_dense: float
    passage_keyword: float


def strongest_evidence(assistant: Assistant, question: str) -> Evidence:
    """Best record and passage scores among the first hits the answerer judges, in the question's own scope."""
    snapshot = assistant.kb.current()
    query = assistant.analyzer.analyze(question)
    plan = plan_scope(snapshot, query, assistant.analyzer.regions)
    hits = [] if plan.refusal else assistant.retriever.search(query.search_text, plan.task_filter, _HEAD, snapshot)
    return Evidence(
        question,
        max((h.dense for h in hits if h.record is not None), default=0.0),
        max((h.keyword for h in hits if h.record is not None), default=0.0),
        max((h.passage_dense for h in hits), default=0.0),
        max((h.passage_keyword for h in hits), default=0.0),
    )


def floors_table(out_of_scope: list[Evidence]) -> list[str]:
    """The floors, then each out-of-scope question's strongest evidence (none may clear its channel's floors)."""
    floors: dict[str, Any] = {
        "记录：余弦单独": answerer.DENSE_FLOOR,
        "记录：BM25 + 余弦": f"{answerer.KEYWORD_FLOOR} + {answerer.KEYWORD_DENSE_FLOOR}",
        "记录：可能相关": f"{answerer.KEYWORD_FLOOR} + {answerer.HEDGE_KEYWORD_DENSE_FLOOR}",
        "原文片段：余弦单独": answerer.PASSAGE_DENSE_FLOOR,
        "原文片段：BM25 + 余弦": f"{answerer.PASSAGE_KEYWORD_FLOOR} + {answerer.PASSAGE_KEYWORD_DENSE_FLOOR}",
        "原文片段：可能相关": f"{answerer.PASSAGE_KEYWORD_FLOOR} + {answerer.PASSAGE_HEDGE_DENSE_FLOOR}",
    }
    lines = ["| 阈值 | 值 |", "|---|---|", *(f"| {k} | {v} |" for k, v in floors.items()), ""]
    searched = [e for e in out_of_scope if e.record_dense or e.passage_dense or e.record_keyword or e.passage_keyword]
    lines += [
        f"另有 {len(out_of_scope) - len(searched)} 题在检索之前就按地区或年份拒答（知识库没有所问的地方或年份）。",
        "",
        "| 应当拒答的问题 | 记录 余弦 | 记录 BM25 | 原文片段 余弦 | 原文片段 BM25 |",
        "|---|---|---|---|---|",
    ]
    for e in sorted(searched, key=lambda e: -max(e.record_dense, e.passage_dense)):
        lines.append(
            f"| {e.question} | {e.record_dense:.3f} | {e.record_keyword:.2f} | "
            f"{e.passage_dense:.3f} | {e.passage_keyword:.2f} |"
        )
    return lines
