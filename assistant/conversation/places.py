"""A question that names no place, when the knowledge base covers several (issue 19): answer or ask back.

Most placeless questions are fine answered from the best document — the answer's
first sentence names its place ("据山东省济宁市高新区2025年的文件，…"). It
matters when several places answer *the same question differently*: "老旧小区改造
信息谁负责公开" is 市住建局 in one county, 区住建水利局 in another. So:

* a deployment for one place sets ``ZHENGWUYUAN_DEFAULT_REGION`` (resolved like a
  place in a question; empty = none) and a placeless question is answered for it;
* otherwise a who/when question asks back — the places as choices — only when
  another place's best clause is *close* to the best one (its shared words reach
  ``KEYWORD_SHARE`` of the best clause's BM25 score and its cosine is within
  ``DENSE_MARGIN``; each would be answered on its own) and it *says something
  different* (other units or another deadline). A clause only one place has
  ("政策解读工作指引", "掌上公报") leads by its words and is answered as before.

Calibrated on the dialogue set's dev part (eval/DIALOGUES.md); the single-question
sets are measured through the same rule (``python -m eval run``).
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.answering.answerer import DENSE_FLOOR, KEYWORD_DENSE_FLOOR, KEYWORD_FLOOR, Answer, Assistant
from assistant.answering.query import Query
from assistant.answering.render import Citation, deadline_phrase
from assistant.answering.retriever import Hit
from assistant.answering.scope import plan_scope
from assistant.conversation.answers import records_of
from assistant.conversation.state import Choice, Cited
from indexer.index.reader import Snapshot

__all__ = ["DENSE_MARGIN", "KEYWORD_SHARE", "PlaceQuestion", "ambiguous_places"]

KEYWORD_SHARE = 0.8
DENSE_MARGIN = 0.03
_CANDIDATES = 20
_MAX_PLACES = 4
_ASKED = ("who", "when")


@dataclass(frozen=True)
class PlaceQuestion:
    """An ask-back for the place: the sentence, one citation per place, and the places as choices."""

    text: str
    citations: list[Citation]
    choices: tuple[Choice, ...]


def ambiguous_places(assistant: Assistant, snapshot: Snapshot, query: Query, answer: Answer) -> PlaceQuestion | None:
    """The places to ask between, when ``query`` names none and close answers from several places differ."""
    if query.scope.named or query.scope.missing or query.intent not in _ASKED or answer.outcome != "answer":
        return None
    best = answer.citations[0] if answer.citations else None
    if not isinstance(best, Citation) or len(snapshot.regions) < 2:
        return None
    analyzer = assistant.analyzer
    plan = plan_scope(snapshot, query, analyzer.regions)
    hits = assistant.retriever.search(query.search_text, plan.task_filter, _CANDIDATES, snapshot)
    top = next((h for h in hits if h.record is not None and h.record.id == best.record.id), None)
    if top is None:
        return None
    rivals = _rivals(hits, top)
    cited = records_of(snapshot, [Cited(h.record.text, h.record.id) for h in (top, *rivals) if h.record])
    differing = [c for c in cited[1:] if _says(c) != _says(cited[0])] if cited else []
    if not differing:
        return None
    shown = [cited[0], *differing][:_MAX_PLACES]
    return PlaceQuestion(_sentence(shown), shown, _choices(shown, query.text))


def _rivals(hits: list[Hit], top: Hit) -> list[Hit]:
    """Each other place's best clause that is close to ``top`` and would be answered on its own."""
    seen = {top.record.region if top.record else ""}
    rivals = []
    for hit in hits:
        record = hit.record
        if record is None or record.region in seen or not record.region:
            continue
        seen.add(record.region)
        confident = hit.dense >= DENSE_FLOOR or (hit.keyword >= KEYWORD_FLOOR and hit.dense >= KEYWORD_DENSE_FLOOR)
        close = hit.keyword >= KEYWORD_SHARE * top.keyword and hit.dense >= top.dense - DENSE_MARGIN
        if confident and close:
            rivals.append(hit)
    return rivals


def _says(citation: Citation) -> tuple[frozenset[str], str]:
    """What an answer to who/when states: the units and the deadline."""
    return frozenset([*citation.lead_units, *citation.responsible_units]), deadline_phrase(citation)


def _sentence(shown: list[Citation]) -> str:
    places = "；".join(f"{c.record.region}：{_units(c)}，{deadline_phrase(c)}" for c in shown)
    return (
        f"知识库中有 {len(shown)} 个地区的文件都写了这项工作，但责任单位或时限不同（{places}）。请问您问的是哪个地区？"
    )


def _units(citation: Citation) -> str:
    return "、".join([*citation.lead_units, *citation.responsible_units]) or "文件未列明单位"


def _choices(shown: list[Citation], question: str) -> tuple[Choice, ...]:
    """One choice per place; choosing one sends the question again with the place written in it."""
    return tuple(Choice(c.record.region, f"{c.record.region}{question}", c.record.region) for c in shown)
