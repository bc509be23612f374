"""Where and when an answer may come from: the question's place and year against what the knowledge base holds.

A place the knowledge base lacks, or a year it lacks, is said plainly instead
of answered from elsewhere. 今年/去年/明年 are resolved against today (one
injectable clock); when that year is missing, the nearest year the place has
is used and the answer says so. Unknown is not absent: a document whose
place or year no clue named stays a candidate for every question, and a
place or year the knowledge base lacks is refused only when no such
document holds a relevant clause (``Plan.missing``).
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.answering.query import Query
from assistant.answering.regions import RegionIndex
from indexer.index.filters import UNKNOWN_REGION, TaskFilter
from indexer.index.reader import Snapshot

__all__ = ["Plan", "plan_scope"]


@dataclass(frozen=True)
class Plan:
    """The filter an answer uses, a note to put before it, or the reason to refuse.

    ``missing`` is the refusal to give when only documents of unknown place or
    year could answer and none of them holds a relevant clause.
    """

    task_filter: TaskFilter
    note: str = ""
    refusal: str = ""
    missing: str = ""


def plan_scope(snapshot: Snapshot, query: Query, regions: RegionIndex) -> Plan:
    """The filter for ``query``; a unit's list, or a unit asked of 今年, looks for the nearest year among the documents
    that name the unit."""
    scope = query.scope
    unknown_place = any(d.region == UNKNOWN_REGION for d in snapshot.documents)
    if scope.missing:
        nearest = "、".join(dict.fromkeys(regions.label(r) for r in scope.nearest))
        near = f"；已收录的邻近地区：{nearest}" if nearest else ""
        reason = f"知识库中没有{scope.missing}的文件{near}。"
        if not unknown_place:
            return Plan(TaskFilter(), refusal=reason)
        only_unknown = TaskFilter(regions=(UNKNOWN_REGION,), year=query.year, unknown_places=True)
        return Plan(only_unknown, missing=reason)
    place = "、".join(scope.labels)
    documents = [d for d in snapshot.documents if not scope.regions or d.region in scope.regions]
    if query.unit and (query.intent == "list" or query.relative_year):
        # 今年 asked of a unit: the nearest year among the documents that name it, not among all documents
        named = {m.record.doc_id for m in snapshot.store.unit_tasks(query.unit, TaskFilter(regions=scope.regions))}
        documents = [d for d in documents if d.id in named] or documents
    years = sorted({d.year for d in documents if d.year})
    scoped = TaskFilter(regions=scope.regions, year=query.year, unknown_places=True)
    if query.year is None or query.year in years or not years:
        return Plan(scoped)
    asked = query.year
    nearest_year = min(years, key=lambda y: (abs(y - asked), -y))
    titles = "、".join(f"《{d.title}》" for d in documents if d.year == nearest_year)
    if query.relative_year:
        wording = f"{place}{query.year}年（{query.relative_year}）"
        note = f"知识库中没有{wording}的文件，以下按最近的{nearest_year}年文件回答。"
        query.year = nearest_year
        return Plan(TaskFilter(regions=scope.regions, year=nearest_year, unknown_places=True), note=note)
    reason = f"知识库中没有{place}{query.year}年的文件；最近的是{nearest_year}年的{titles}。"
    if any(d.year is None for d in snapshot.documents if not scope.regions or d.region in (*scope.regions, "")):
        return Plan(scoped, missing=reason)  # only documents of unknown year can answer: refuse if they cannot
    return Plan(TaskFilter(), refusal=reason)
