"""List answers: a unit's tasks, the tasks due by a date, the tasks past their deadline.

A list is a complete SQL answer from the records store, never a top-k
guess. Due-by means every task whose normalised deadline falls on or before
the date (not only those whose text repeats the asked phrase); overdue means
before today, in this year's documents unless the question names a year (a
2020 plan's tasks are history, not today's backlog), with the other years
counted. Dated lists run by date within each plan year, newest year first;
standing and undated tasks are counted apart, never hidden, and a year the
answer assumed is said.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

from assistant.answering.excerpts import asking_removed, bigrams
from assistant.answering.query import Query, QuestionAnalyzer
from assistant.answering.render import Citation, list_line
from assistant.answering.scope import Plan
from assistant.answering.tasks import overdue_year
from indexer.index.reader import Snapshot
from indexer.index.store import UnitMatch
from indexer.models import TaskRecord
from indexer.parsing.normalise import matching_view

__all__ = ["due_answer", "list_answer", "overdue_answer"]

Listed = tuple[str, list[Citation]]


def list_answer(snapshot: Snapshot, query: Query, plan: Plan) -> Listed | str:
    """Every task of ``query.unit`` in scope: named first, then collective deployments that include it.

    A unit asked without a place that several documents name (党政办公室, 办公室, 区人社局) is a different
    office in each: the list says so and runs document by document, the documents that write the unit
    exactly as asked first — never one merged count.
    """
    assert query.unit is not None
    matches = _known_first(query, _drop_listed_twins(snapshot.store.unit_tasks(query.unit, plan.task_filter)))
    if not matches:
        return f"{plan.note}知识库中没有找到{query.unit}承担的任务。"
    named_in = {m.record.doc_id for m in matches if not m.collective}
    if query.scope.named or len(named_in) < 2:
        citations = [Citation(m.record, 1.0, collective=m.collective) for m in matches]
        direct = sum(1 for c in citations if not c.collective)
        counts = f"点名承担 {direct} 项，集体部署 {len(citations) - direct} 项"
        return _grouped(f"{plan.note}{query.unit}共涉及 {len(citations)} 项任务（{counts}）：", citations), citations
    order = _documents_for(query, [m for m in matches if not m.collective], snapshot)
    kept = sorted(
        (m for m in matches if m.record.doc_id in named_in), key=lambda m: (order[m.record.doc_id], m.collective)
    )
    citations = [Citation(m.record, 1.0, collective=m.collective) for m in kept]
    head = (
        f"{plan.note}{len(named_in)} 份文件都写有“{query.unit}”，各是本地的单位，按文件分别列出"
        f"（共 {len(citations)} 项；可在问题中写明地区）："
    )
    return _grouped(head, citations), citations


def _known_first(query: Query, matches: list[UnitMatch]) -> list[UnitMatch]:
    """A place named: the unit's tasks in documents known to be of that place, when any names it.

    A document whose place is unknown stays a candidate only where no document of the place names the unit
    (the same rule as retrieval's: known places first, unknown ones when the known hold no answer).
    """
    if not query.scope.regions:
        return matches
    known = [m for m in matches if m.record.region in query.scope.regions]
    return known or matches


def _documents_for(query: Query, named: list[UnitMatch], snapshot: Snapshot) -> dict[str, int]:
    """The order of the documents that name the unit: the one the question's other words point to (信息公开指南
    in "市政府办公室在信息公开指南里负责哪些事"), then those writing the unit exactly as asked, then by how many
    tasks name it, then the newest."""
    assert query.unit is not None
    asked = matching_view([query.unit])[0]
    exact = {m.record.doc_id for m in named if asked in {matching_view([u])[0] for u in m.record.units}}
    counts = Counter(m.record.doc_id for m in named)
    years = {d.id: d.year or 0 for d in snapshot.documents}
    titles = {d.id: d.title for d in snapshot.documents if d.id in counts}
    issued = _issuer_named(query, titles)
    pointed = _pointed_document(query, named, "、".join(titles.values()))
    ranked = sorted(
        counts,
        key=lambda doc: (doc not in issued, doc != pointed, doc not in exact, -counts[doc], -years.get(doc, 0), doc),
    )
    return {doc: position for position, doc in enumerate(ranked)}


_QUALIFIER_MAX = 10  # characters before the unit that may name its organ (某某县交通运输局, 某某镇)
_PARTICLES = re.compile(r"[的里中内]+$")


def _issuer_named(query: Query, titles: dict[str, str]) -> set[str]:
    """The documents whose title holds the words the question writes right before the unit: "某镇党政办" asks
    about the 党政办 of the document titled 某镇…, whether or not the gazetteer knows the place.

    The longest such words that some titles hold and others lack; none when every title (or none) holds them.
    """
    assert query.unit is not None
    view, unit = matching_view([query.text, query.unit])
    end = view.rfind(unit)
    before = _PARTICLES.sub("", view[max(0, end - _QUALIFIER_MAX) : max(end, 0)])  # 某镇的党政办, 方案里的
    viewed = dict(zip(titles, matching_view(list(titles.values())), strict=True))
    for size in range(len(before), 1, -1):
        holding = {doc for doc, title in viewed.items() if before[-size:] in title}
        if holding and len(holding) < len(viewed):
            return holding
    return set()


_POINTED_MIN = 2  # character pairs of the question, beyond the unit's, that one document has and the others lack
# Words of every plan (政务公开, 工作任务): they point to no document, whichever of them happens to write them.
_EVERY_PLAN = bigrams("政务公开工作要点、重点任务、信息公开")


def _pointed_document(query: Query, named: list[UnitMatch], titles: str) -> str | None:
    """The document whose tasks share clearly more of the question's other words than any other, if one does.

    The unit's own words, the words every plan uses and the documents' titles (a title names every task of
    its document) point nowhere.
    """
    assert query.unit is not None
    words = bigrams(asking_removed(query.text)) - bigrams(query.unit) - _EVERY_PLAN - bigrams(titles)
    shared: dict[str, set[str]] = {}
    for match in named:
        shared.setdefault(match.record.doc_id, set()).update(words & bigrams(match.record.text))
    ranked = sorted(shared.items(), key=lambda item: -len(item[1]))
    if not ranked:
        return None
    best, rest = ranked[0][1], set().union(*(words for _, words in ranked[1:]))
    return ranked[0][0] if len(best - rest) >= _POINTED_MIN else None


def due_answer(snapshot: Snapshot, query: Query, plan: Plan, analyzer: QuestionAnalyzer) -> Listed | str:
    """Tasks whose deadline falls on or before the asked date, in any document in scope.

    The date takes the year the question names (今年 and the like resolved
    already), else the newest plan year in scope, and says so: "9月底前"
    asked of plans up to 2025 means 2025-09-30, and a 2024 task due
    2024-12-31 is listed.
    """
    records = _in_scope(snapshot, query, plan)
    newest = max((r.year for r in records if r.year), default=None)
    cutoff = analyzer.due_date(query, query.year or newest)
    if cutoff is None:
        return f"{plan.note}无法把“{query.due_date_raw}”换算成日期。"
    due = [r for r in records if r.deadline.date is not None and r.deadline.date <= cutoff]
    assumed = f"（问题未写年份，按知识库中最新的{newest}年计）" if query.year is None and newest else ""
    return _dated(f"完成时限在{cutoff}（{query.due_date_raw}）及之前", due, records, plan.note, assumed)


def overdue_answer(snapshot: Snapshot, query: Query, plan: Plan, today: date) -> Listed | str:
    """Tasks whose deadline date is before today: of this year's documents (else the newest year's) unless
    the question names a year; the other years' overdue tasks are counted, not listed."""
    records = _in_scope(snapshot, query, plan)
    overdue = [r for r in records if r.deadline.date is not None and r.deadline.date < today.isoformat()]
    what = f"截至今天（{today.isoformat()}）已过完成时限"
    year = overdue_year(sorted({r.year for r in records if r.year}), today) if query.year is None else None
    if year is None:
        return _dated(what, overdue, records, plan.note)
    others = Counter(r.year for r in overdue if r.year != year)
    shown = "按今年的文件" if year == today.year else f"今年（{today.year}年）没有文件，按最近的{year}年文件"
    counts = "、".join(f"{y or '未注明年份'}年 {n} 项" for y, n in sorted(others.items(), key=lambda i: -(i[0] or 0)))
    rest = f"；往年文件中另有 {others.total()} 项逾期（{counts}），问题写明年份即可列出" if others else ""
    return _dated(
        f"{year}年文件中{what}",
        [r for r in overdue if r.year == year],
        [r for r in records if r.year == year],
        plan.note,
        f"（问题未写年份，{shown}{rest}）",
    )


def _in_scope(snapshot: Snapshot, query: Query, plan: Plan) -> list[TaskRecord]:
    """The tasks in scope; of the unit asked about when it is named in them (a bureau's own plan names its sections)."""
    records = snapshot.store.tasks(plan.task_filter)
    if query.unit:
        registry = snapshot.store.registry
        key = registry.key(query.unit)
        named = [r for r in records if key in {registry.key(u, r.region) for u in r.units}]
        records = named or records
    return _drop_twin_records(records)


def _dated(what: str, chosen: list[TaskRecord], scope: list[TaskRecord], note: str, assumed: str = "") -> Listed | str:
    if not chosen:
        return f"{note}知识库中没有{what}的任务{assumed}。"
    ongoing = sum(1 for r in scope if r.deadline.kind == "ongoing")
    undated = sum(1 for r in scope if r.deadline.kind == "unspecified")
    rest = f"另有长期性任务 {ongoing} 项、未定完成时限的任务 {undated} 项，未计入。" if ongoing or undated else ""
    chosen = sorted(chosen, key=lambda r: (-(r.year or 0), r.deadline.date or "", r.doc_id))
    citations = [Citation(r, 1.0) for r in chosen]
    return _by_year(f"{note}{what}的任务共 {len(chosen)} 项{assumed}。{rest}", citations), citations


def _by_year(head: str, citations: list[Citation]) -> str:
    """A dated list: one block per plan year (newest first), by date within it, numbered across blocks."""
    lines = [head]
    years = {c.record.year for c in citations}
    for number, citation in enumerate(citations, start=1):
        if len(years) > 1 and (number == 1 or citations[number - 2].record.year != citation.record.year):
            count = sum(1 for c in citations if c.record.year == citation.record.year)
            lines.append(f"{citation.record.year or '未注明年份'}年文件（{count} 项，按完成时限排列）")
        lines.append(list_line(number, citation))
    return "\n".join(lines)


def _grouped(head: str, citations: list[Citation]) -> str:
    """The list, one block per document (newest first), numbered across blocks."""
    lines = [head]
    by_document: dict[str, list[Citation]] = {}
    for citation in citations:
        by_document.setdefault(citation.record.doc_id, []).append(citation)
    number = 0
    for group in by_document.values():
        if len(by_document) > 1:
            place = group[0].record.region or "文件未写明地区"
            lines.append(f"《{group[0].record.doc_title}》（{place}，{len(group)} 项）")
        for citation in group:
            number += 1
            lines.append(list_line(number, citation))
    return "\n".join(lines)


def _drop_listed_twins(matches: list[UnitMatch]) -> list[UnitMatch]:
    """A list never shows one task twice: a body item goes when its table row is listed."""
    listed = {m.record.id for m in matches}
    return [m for m in matches if m.record.kind == "table" or not (set(m.record.related_ids) & listed)]


def _drop_twin_records(records: list[TaskRecord]) -> list[TaskRecord]:
    listed = {r.id for r in records}
    return [r for r in records if r.kind == "table" or not (set(r.related_ids) & listed)]
