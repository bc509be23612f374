"""Hybrid retrieval over two channels — task records and passages — ranked together.

Each channel has a keyword (BM25) and a dense (FAISS) index built at index
time; a question costs one query embedding and four index look-ups. Records
are the structure, passages the text as read: a passage whose excerpt a
record already holds lifts that record (the record answers with its units
and deadline), and a passage no record holds stands on its own as a quote,
so a missed parse loses nothing. Region and year restrict every look-up
before ranking (see :class:`~indexer.index.filters.TaskFilter`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from assistant.answering.excerpts import (
    HOLDS_SHARE,
    Excerpt,
    excerpt_of,
    holds,
    longest_shared_phrase,
    matched_words,
)
from assistant.answering.issuers import named_first
from indexer.index.filters import TaskFilter
from indexer.index.reader import KnowledgeBase, Snapshot
from indexer.index.search import ChannelSearch
from indexer.models import Passage, TaskRecord
from indexer.timing import stage

__all__ = ["CANDIDATES", "CHANNELS", "FUSIONS", "MODES", "Channels", "Fusion", "Hit", "HybridRetriever", "Mode"]

Mode = Literal["keyword", "dense", "hybrid"]
Fusion = Literal["rrf", "weighted"]
Channels = Literal["records", "passages", "both"]
MODES: tuple[Mode, ...] = ("keyword", "dense", "hybrid")
FUSIONS: tuple[Fusion, ...] = ("rrf", "weighted")
CHANNELS: tuple[Channels, ...] = ("records", "passages", "both")
CANDIDATES = 100
"""How many candidates each index contributes before fusion."""
_PASSAGE_CANDIDATES = 30
_RRF_K = 60
_DENSE_WEIGHT = 0.6
_HEAD_MARGIN = 10
_TIE = 0.05  # records holding a passage this close to the best holder are equal candidates for its lift
_NEAR_TIE = 0.02  # hits scored within this share of the best: a rank or two apart in one index, a tie to fusion
_MIN_PHRASE = 4  # shared phrases shorter than this (公开, 信息公开) are in every clause and break no tie
_ISSUER_WINDOW = 20  # hits among which a document the question names by its issuer is looked for


@dataclass
class Hit:
    """A retrieved record, or a passage no record holds, with the evidence behind its rank.

    ``record`` is None for a passage that stands on its own; ``passage`` is the
    passage that found the hit (or lifted its record) and ``excerpt`` the part
    of it the question is about. ``dense``/``keyword`` are the best scores the
    hit's own channel gave; ``passage_dense``/``passage_keyword`` its passage's.
    """

    record: TaskRecord | None
    score: float
    dense: float = 0.0
    keyword: float = 0.0
    related: list[TaskRecord] | None = None
    passage: Passage | None = None
    excerpt: Excerpt | None = None
    passage_dense: float = 0.0
    passage_keyword: float = 0.0
    holders: list[TaskRecord] = field(default_factory=list)  # the records that say what the passage said

    @property
    def text(self) -> str:
        """The words that matched: the record's clause, or the window of a passage that stands alone."""
        if self.record is not None:
            return self.record.text
        return self.passage.text if self.passage is not None else ""


@dataclass
class _Scored:
    position: int
    fused: float
    dense: float
    keyword: float


class HybridRetriever:
    """Rank records and passages for a question; ``fusion`` picks reciprocal-rank (default) or weighted scores.

    ``channels`` keeps one channel alone (records only, passages only) for the
    side-by-side measurement in eval/PEERS.md; the product ranks both.
    """

    def __init__(
        self, kb: KnowledgeBase, mode: Mode = "hybrid", fusion: Fusion = "rrf", channels: Channels = "both"
    ) -> None:
        if mode not in MODES or fusion not in FUSIONS or channels not in CHANNELS:
            raise ValueError(f"unknown retrieval mode {mode!r} / fusion {fusion!r} / channels {channels!r}")
        self.kb = kb
        self.mode = mode
        self.fusion = fusion
        self.channels = channels

    def search(self, question: str, task_filter: TaskFilter, k: int, snapshot: Snapshot | None = None) -> list[Hit]:
        """Rank records and passages of ``snapshot`` (the current one if omitted): one generation end to end."""
        snapshot = snapshot or self.kb.current()
        vector = self.kb.encoder.encode_query(question) if self.mode != "keyword" else None
        with stage("retrieve"):
            return self._search(question, vector, task_filter, k, snapshot)

    def _search(
        self, question: str, vector: np.ndarray | None, task_filter: TaskFilter, k: int, snapshot: Snapshot
    ) -> list[Hit]:
        hits: dict[str, Hit] = {}
        if self.channels != "passages":
            hits.update(self._records(question, vector, task_filter, k, snapshot))
        if self.channels != "records":
            for hit in self._passages(question, vector, task_filter, snapshot):
                _merge(hits, hit)
        ranked = sorted(hits.values(), key=lambda h: h.score, reverse=True)
        if not (task_filter.region or task_filter.regions or task_filter.doc_id):
            ranked = _prefer_named_issuer(ranked, question)
        return _collapse_twins(_break_near_ties(ranked, question))[:k]

    def _records(
        self, question: str, vector: np.ndarray | None, task_filter: TaskFilter, k: int, snapshot: Snapshot
    ) -> dict[str, Hit]:
        scored = self._rank(question, vector, task_filter, snapshot.search.records, CANDIDATES)
        # Decode whole records only for the head of the ranking, plus the table/body twins of those.
        head = [s.position for s in scored[: 2 * k + _HEAD_MARGIN]]
        records = {r.id: r for r in snapshot.store.get(head)}
        ids = snapshot.store.ids([s.position for s in scored])
        position_of = {record_id: p for p, record_id in ids.items()}
        twins = {position_of[i] for r in records.values() for i in r.related_ids if i in position_of} - set(head)
        records.update((r.id, r) for r in snapshot.store.get(sorted(twins)))
        return {
            ids[s.position]: Hit(records[ids[s.position]], s.fused, s.dense, s.keyword)
            for s in scored
            if ids.get(s.position) in records
        }

    def _passages(
        self, question: str, vector: np.ndarray | None, task_filter: TaskFilter, snapshot: Snapshot
    ) -> list[Hit]:
        """Passage hits: each lifts the overlapping record that holds its excerpt, or stands alone.

        A record holds what its clause or its headings say: a passage centred on a heading is not a missed parse.
        """
        scored = self._rank(question, vector, task_filter, snapshot.search.passages, CANDIDATES)
        scored = scored[:_PASSAGE_CANDIDATES]
        passages = snapshot.store.passages([s.position for s in scored])
        # Holding is judged on a clause's words alone; only the records that hold a passage are decoded whole.
        clauses = snapshot.store.clauses([i for p in passages for i in p.record_ids])
        held: list[list[str]] = []
        hits = []
        for s, passage in zip(scored, passages, strict=True):
            excerpt = excerpt_of(passage, question)
            matched = matched_words(passage, question, excerpt)
            shares = [(holds(clauses[i], matched), i) for i in passage.record_ids if i in clauses]
            best = max((share for share, _ in shares), default=0.0)
            held.append([i for share, i in shares if share >= HOLDS_SHARE and share >= best - _TIE])
            hits.append(
                Hit(None, s.fused, 0.0, 0.0, None, passage, excerpt, passage_dense=s.dense, passage_keyword=s.keyword)
            )
        records = {r.id: r for r in snapshot.store.by_ids(sorted({i for ids in held for i in ids}))}
        for hit, ids in zip(hits, held, strict=True):
            hit.holders = [records[i] for i in ids if i in records]
        return hits

    def _rank(
        self,
        question: str,
        vector: np.ndarray | None,
        task_filter: TaskFilter,
        channel: ChannelSearch,
        k: int,
    ) -> list[_Scored]:
        """One channel's keyword and dense candidates (region and year restrict both searches, not their
        results), fused, best first."""
        found = channel.search(question, vector, k, task_filter, keyword=self.mode != "dense")
        keyword, dense = found.keyword, found.dense
        fused = self._fuse(keyword, dense)
        keyword_scores, dense_scores = dict(keyword), dict(dense)
        ranked = sorted(fused, key=lambda p: fused[p], reverse=True)
        return [_Scored(p, fused[p], dense_scores.get(p, 0.0), keyword_scores.get(p, 0.0)) for p in ranked]

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


def _merge(hits: dict[str, Hit], found: Hit) -> None:
    """Add a passage hit (passages come best first): every item ranks by its best channel.

    The passage lifts the record that says what it said (of several equal
    holders, the one the record channel ranks highest) to at least the
    passage's own rank, and is kept as that record's evidence; it never adds
    to a record's score, so a document whose parse is right ranks as its
    records do. A passage no record holds stands on its own at its rank.
    Fusion by sum was measured against this (eval/PEERS.md): it let long
    windows re-rank well-parsed documents and lost gold clauses of the
    development set, for no gain on real pages.
    """
    assert found.passage is not None
    if not found.holders:
        hits[found.passage.id] = found
        return
    record = max(found.holders, key=lambda r: hits[r.id].score if r.id in hits else -1.0)
    current = hits.get(record.id)
    if current is None:
        found.record = record
        hits[record.id] = found
    elif current.passage is None:
        current.score = max(current.score, found.score)
        current.passage, current.excerpt = found.passage, found.excerpt
        current.passage_dense, current.passage_keyword = found.passage_dense, found.passage_keyword


def _break_near_ties(ranked: list[Hit], question: str) -> list[Hit]:
    """Among the best document's records that fusion scores a hair from the best, the one saying a longer phrase
    of the question comes first (养老机构的监管信息: the clause with 养老机构监管信息, not the one saying 监管 five
    times); equal phrases keep the fused order. Which document answers stays fusion's call (a phrase pulling
    another document's clause ahead lost as many questions of the real sets as it won), and so does a passage no
    record holds (a catalogue row's passage shares the asked unit's name, 区生态环境局, with every question)."""
    if not ranked:
        return ranked
    near = [hit for hit in ranked if hit.score >= ranked[0].score * (1 - _NEAR_TIE)]
    top = _document(ranked[0])
    slots = [i for i, hit in enumerate(near) if hit.record is not None and hit.record.doc_id == top]
    if len(slots) < 2:
        return ranked

    def phrase(hit: Hit) -> int:
        assert hit.record is not None  # only records take the slots
        length = longest_shared_phrase(question, hit.record.text, besides=hit.record.doc_title)
        return length if length >= _MIN_PHRASE else 0

    for slot, hit in zip(slots, sorted((near[i] for i in slots), key=phrase, reverse=True), strict=True):
        near[slot] = hit
    return near + ranked[len(near) :]


def _prefer_named_issuer(ranked: list[Hit], question: str) -> list[Hit]:
    """The hits of the document whose issuer the question names before any other's (see :mod:`issuers`)."""
    return (
        named_first(ranked[:_ISSUER_WINDOW], question, lambda hit: (_document(hit), _title(hit)))
        + ranked[_ISSUER_WINDOW:]
    )


def _source(hit: Hit) -> TaskRecord | Passage | None:
    return hit.record if hit.record is not None else hit.passage


def _title(hit: Hit) -> str:
    return source.doc_title if (source := _source(hit)) is not None else ""


def _document(hit: Hit) -> str:
    return source.doc_id if (source := _source(hit)) is not None else ""


def _collapse_twins(hits: list[Hit]) -> list[Hit]:
    """A body item and its table rows are one task: keep the best table row, note the body."""
    kept: list[Hit] = []
    by_id = {h.record.id: h for h in hits if h.record is not None}
    used: set[str] = set()
    for hit in hits:
        record = hit.record
        if record is None:
            kept.append(hit)
            continue
        if record.id in used:
            continue
        twins = [by_id[i] for i in record.related_ids if i in by_id and i not in used]
        if record.kind != "table" and twins:
            best = max((t for t in twins if t.record and t.record.kind == "table"), key=lambda t: t.score, default=None)
            if best is not None and best.record is not None:
                used.update({record.id, best.record.id})
                evidence = hit if hit.passage is not None else best
                kept.append(
                    Hit(
                        best.record,
                        hit.score,
                        best.dense,
                        best.keyword,
                        [record],
                        evidence.passage,
                        evidence.excerpt,
                        evidence.passage_dense,
                        evidence.passage_keyword,
                    )
                )
                continue
        if record.kind == "table":
            body = [by_id[i].record for i in record.related_ids if i in by_id and i not in used]
            used.update(r.id for r in body if r is not None)
            hit.related = [r for r in body if r is not None] or None
        used.add(record.id)
        kept.append(hit)
    return kept
