"""Hybrid retrieval: keyword (BM25) and dense (FAISS) candidates, fused, filtered, twins collapsed.

Both indexes are built at index time; a question costs one query embedding,
one BM25 scoring pass and one FAISS search.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from indexer.index.filters import TaskFilter
from indexer.index.reader import KnowledgeBase, Snapshot
from indexer.models import TaskRecord

__all__ = ["CANDIDATES", "FUSIONS", "MODES", "Fusion", "Hit", "HybridRetriever", "Mode"]

Mode = Literal["keyword", "dense", "hybrid"]
Fusion = Literal["rrf", "weighted"]
MODES: tuple[Mode, ...] = ("keyword", "dense", "hybrid")
FUSIONS: tuple[Fusion, ...] = ("rrf", "weighted")
CANDIDATES = 100
"""How many candidates each index contributes before fusion."""
_RRF_K = 60
_DENSE_WEIGHT = 0.6
_HEAD_MARGIN = 10


@dataclass
class Hit:
    """A retrieved record with the evidence behind its rank."""

    record: TaskRecord
    score: float
    dense: float = 0.0
    keyword: float = 0.0
    related: list[TaskRecord] | None = None


class HybridRetriever:
    """Rank records for a question; ``fusion`` picks reciprocal-rank (default) or weighted-score fusion.

    Both were measured on the development set (eval/REPORT.md); RRF ranks the
    gold clause slightly higher and needs no score normalisation.
    """

    def __init__(self, kb: KnowledgeBase, mode: Mode = "hybrid", fusion: Fusion = "rrf") -> None:
        if mode not in MODES or fusion not in FUSIONS:
            raise ValueError(f"unknown retrieval mode {mode!r} / fusion {fusion!r}")
        self.kb = kb
        self.mode = mode
        self.fusion = fusion

    def search(self, question: str, task_filter: TaskFilter, k: int, snapshot: Snapshot | None = None) -> list[Hit]:
        """Rank records of ``snapshot`` (the current one if omitted): one generation end to end."""
        snapshot = snapshot or self.kb.current()
        allowed = snapshot.scopes.allowed(task_filter)  # region and year restrict both searches, not their results
        if allowed is not None and not allowed.any():
            return []
        keyword = snapshot.keyword.search(question, CANDIDATES, allowed) if self.mode != "dense" else []
        dense: list[tuple[int, float]] = []
        if self.mode != "keyword":
            vector = self.kb.encoder.encode_query(question)
            dense = snapshot.dense.search(vector, CANDIDATES, allowed)
        fused = self._fuse(keyword, dense)
        ranked = sorted(fused, key=lambda p: fused[p], reverse=True)
        # Decode whole records only for the head of the ranking, plus the table/body twins of those.
        head = ranked[: 2 * k + _HEAD_MARGIN]
        records = {r.id: r for r in snapshot.store.get(head)}
        ids = snapshot.store.ids(ranked)
        position_of = {record_id: p for p, record_id in ids.items()}
        twins = {position_of[i] for r in records.values() for i in r.related_ids if i in position_of} - set(head)
        records.update((r.id, r) for r in snapshot.store.get(sorted(twins)))
        keyword_scores, dense_scores = dict(keyword), dict(dense)
        hits = [
            Hit(records[ids[p]], fused[p], dense_scores.get(p, 0.0), keyword_scores.get(p, 0.0))
            for p in ranked
            if ids.get(p) in records
        ]
        return _collapse_twins(hits)[:k]

    def _fuse(self, keyword: list[tuple[int, float]], dense: list[tuple[int, float]]) -> dict[int, float]:
        fused: dict[int, float] = {}
        if self.fusion == "rrf" or not (keyword and dense):
            for results in (keyword, dense):
                for rank, (position, _) in enumerate(results):
                    fused[position] = fused.get(position, 0.0) + 1.0 / (_RRF_K + rank + 1)
            return fused
        top_keyword = keyword[0][1]
        for position, score in keyword:
            fused[position] = (1 - _DENSE_WEIGHT) * score / top_keyword
        floor = dense[-1][1]
        span = max(dense[0][1] - floor, 1e-6)
        for position, score in dense:
            fused[position] = fused.get(position, 0.0) + _DENSE_WEIGHT * (score - floor) / span
        return fused


def _collapse_twins(hits: list[Hit]) -> list[Hit]:
    """A body item and its table rows are one task: keep the best table row, note the body."""
    kept: list[Hit] = []
    by_id = {h.record.id: h for h in hits}
    used: set[str] = set()
    for hit in hits:
        if hit.record.id in used:
            continue
        twins = [by_id[i] for i in hit.record.related_ids if i in by_id and i not in used]
        if hit.record.kind != "table" and twins:
            best = max((t for t in twins if t.record.kind == "table"), key=lambda t: t.score, default=None)
            if best is not None:
                used.update({hit.record.id, best.record.id})
                kept.append(Hit(best.record, hit.score, best.dense, best.keyword, related=[hit.record]))
                continue
        if hit.record.kind == "table":
            body = [by_id[i].record for i in hit.record.related_ids if i in by_id and i not in used]
            used.update(r.id for r in body)
            hit.related = body or None
        used.add(hit.record.id)
        kept.append(hit)
    return kept
