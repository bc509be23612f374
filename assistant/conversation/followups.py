"""Rules that read a question against the conversation: is it a follow-up, and to what?

No model guesses. A question is taken apart into cues from the vocabulary
(:mod:`assistant.conversation.vocabulary`) — a pointer (它, 上面那条), an
ordinal (第二条, 最后一项), a field (时限, 牵头, 配合, 原文, 出处), a refinement
(其中逾期的, 只看区人社局的, 按时间排), "还有吗", a place or a year — and what is
left once every such word and every filler is removed. What is left decides:

* words of its own (two characters or more) make it a new question, unless a
  pointer or ordinal ties those words to one of the items just cited
  ("掌上公报那条啥时候完成");
* nothing left: an elliptical follow-up — a place or year alone is a change of
  scope ("那市中区呢？"), list words refine the last list, an ordinal picks an
  item, a field or pointer asks about the task the last answer was about.

With no previous answer, every question is a new one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from assistant.answering.query import QuestionAnalyzer
from assistant.conversation.state import Cited, ConversationState, Field
from assistant.conversation.vocabulary import (
    ANY_PLACE,
    COUNT,
    FIELD_WORDS,
    FILLER,
    FROM_END,
    LAST,
    MORE,
    ORDINAL,
    REFERENCE,
    REFINE_MARK,
    SORT,
    STATUS_WORDS,
    chinese_number,
)

__all__ = ["Followup", "FollowupKind", "Status", "read_followup", "similarity"]

FollowupKind = Literal["new", "field", "pick", "refine", "more", "shift", "choice"]
Status = Literal["overdue", "upcoming", "ongoing"]
_PUNCTUATION = re.compile(r"[\s,.;:!?、，。；：！？…~～\"'“”‘’()（）《》【】\[\]<>·-]+")
_YEAR = re.compile(r"(?:20\d{2})\s*年(?:度)?|本年度|今年|本年|当年|去年|上一年|上年|前年|明年")
_LIST_NOUN = re.compile(r"任务|工作|事项|事情")
_CONTENT = 2  # characters of its own that make a question stand alone
_MATCH = 0.5  # share of a question's character pairs an item must hold to be the one it points at


@dataclass(frozen=True)
class Followup:
    """What a question was read as, with the cues the resolver needs."""

    kind: FollowupKind
    field: Field | None = None
    ordinal: int | None = None  # 1-based; -1 is the last item
    item: int | None = None  # an item picked by its words
    status: Status | None = None
    unit: str | None = None
    lead_only: bool = False
    year: int | None = None
    regions: tuple[str, ...] = ()  # a refinement to the documents of these places
    sort: bool = False
    place: str | None = None  # a change of place, as written
    year_text: str | None = None  # a change of year, as written
    choice: int | None = None  # the ask-back option chosen


@dataclass(frozen=True)
class _Cues:
    compact: str
    residual: str
    pointer: bool
    ordinal: int | None
    field: Field | None
    status: Status | None
    sort: bool
    refine: bool
    more: bool
    place: str | None
    regions: tuple[str, ...]
    year_text: str | None
    year: int | None
    unit: str | None
    count: bool


def read_followup(text: str, state: ConversationState, analyzer: QuestionAnalyzer) -> Followup:
    """Read ``text`` (already cleaned by the analyzer) as a follow-up of ``state``, or as a new question."""
    if state.empty:
        return Followup("new")
    cues = _cues(text, analyzer)
    if state.pending is not None and (answered := _answers_ask_back(cues, state, analyzer)) is not None:
        return answered
    if cues.more and state.items:
        return Followup("more")
    if len(cues.residual) >= _CONTENT:
        return _with_words(cues, state)
    return _elliptical(cues, state)


def _with_words(cues: _Cues, state: ConversationState) -> Followup:
    """A question with words of its own: a new question, unless it points at one of the items just cited."""
    if cues.ordinal is not None and state.items:
        return Followup("pick", field=cues.field, ordinal=cues.ordinal)
    if cues.pointer and state.items:
        item = best_item(cues.residual, state.items)
        if item is not None:
            return Followup("pick", field=cues.field, item=item)
    return Followup("new")


def _elliptical(cues: _Cues, state: ConversationState) -> Followup:
    """A question with no words of its own: its cues say what it continues."""
    if (cues.place or cues.year_text) and not cues.refine and state.topic is not None:
        if not (cues.status or cues.sort or cues.ordinal or cues.count):  # "那市中区谁负责呢" re-asks for 市中区
            return Followup("shift", field=cues.field, place=cues.place, year_text=cues.year_text)
    if cues.status and not cues.refine and (_LIST_NOUN.search(cues.compact) or not state.items):
        return Followup("new")  # "哪些任务逾期了" asks anew; "哪些逾期了" narrows the list
    if cues.status and not cues.refine and state.focus is not None and not _is_list(state):
        return Followup("field", field="when")  # "过期了吗" of the one task answered: its deadline and status
    narrowing = cues.refine and (cues.unit or cues.year_text or cues.regions or cues.status)
    if state.items and (cues.sort or narrowing or cues.status or (cues.count and not cues.ordinal)):
        return Followup(
            "refine",
            status=cues.status,
            unit=cues.unit,
            lead_only=cues.field == "lead",
            year=cues.year,
            regions=cues.regions,
            sort=cues.sort,
        )
    if cues.unit and _is_list(state) and not cues.field:
        return Followup("shift", place=cues.place, year_text=cues.year_text, unit=cues.unit)
    if cues.ordinal is not None and state.items:
        return Followup("pick", field=cues.field, ordinal=cues.ordinal)
    if (cues.field or cues.pointer) and state.items and not cues.unit:
        return Followup("field", field=cues.field or "detail")
    return Followup("new")


def _is_list(state: ConversationState) -> bool:
    return state.topic is not None and state.topic.listing


def _cues(text: str, analyzer: QuestionAnalyzer) -> _Cues:
    compact = _PUNCTUATION.sub("", text)
    unit = analyzer.analyze(compact).unit if compact else None
    # The place is read with the unit's name taken out: "其中区党政办公室" names no 中区.
    unplaced = compact.replace(unit, " ") if unit and unit in compact else compact
    scope = analyzer.regions.resolve(unplaced)
    place = scope.named if scope.named and (scope.regions or scope.missing) else None
    year = _YEAR.search(compact)
    asked = compact.replace("有没有", "有")  # "有没有逾期的" asks for the overdue ones, not the 没逾期 ones
    ordinal = _ordinal(compact)
    field = next((name for name, words in FIELD_WORDS if words.search(compact)), None)
    status: Status | None = next((s for s, words in STATUS_WORDS if words.search(asked)), None)  # type: ignore[misc]
    residual = compact
    for words in (place, year.group(0) if year else None, unit):
        if words:
            residual = residual.replace(words, " ")
    residual = _without_places(residual, analyzer)
    for pattern in (FROM_END, ORDINAL, LAST, REFERENCE, REFINE_MARK, SORT, COUNT, *(p for _, p in STATUS_WORDS)):
        residual = pattern.sub(" ", residual)
    for _, pattern in FIELD_WORDS:
        residual = pattern.sub(" ", residual)
    residual = FILLER.sub(" ", residual)
    return _Cues(
        compact=compact,
        residual=re.sub(r"\s+", "", residual),
        pointer=bool(REFERENCE.search(compact)),
        ordinal=ordinal,
        field=field,
        status=status,
        sort=bool(SORT.search(compact)),
        refine=bool(REFINE_MARK.search(compact)),
        more=bool(MORE.fullmatch(compact)),
        place=place,
        regions=scope.regions if place else (),
        year_text=year.group(0) if year else None,
        year=analyzer.analyze(year.group(0)).year if year else None,
        unit=unit,
        count=bool(COUNT.search(compact)),
    )


def _without_places(text: str, analyzer: QuestionAnalyzer) -> str:
    """Every place name taken out, not only the one that decides the scope: 济南 in "济南市中区的呢"."""
    for _ in range(3):
        scope = analyzer.regions.resolve(text)
        if not scope.named or scope.named not in text:
            return text
        text = text.replace(scope.named, " ")
    return text


def _ordinal(compact: str) -> int | None:
    """1-based from the start; negative from the end (最后一项 is -1, 倒数第二个 is -2)."""
    if match := FROM_END.search(compact):
        number = chinese_number(match.group(1))
        return -number if number else None
    if LAST.search(compact):
        return -1
    match = ORDINAL.search(compact)
    if match is None:
        return None
    return chinese_number(match.group(1)) if match.group(1) else 1


def _answers_ask_back(cues: _Cues, state: ConversationState, analyzer: QuestionAnalyzer) -> Followup | None:
    """The reply to an ask-back: a place by name or number, a task by number (the list's own) or by its words.

    None when the reply picks nothing: it is then read like any other question.
    """
    pending = state.pending
    assert pending is not None
    number = cues.ordinal if cues.ordinal is not None else (int(cues.compact) if cues.compact.isdigit() else None)
    own_words = len(cues.residual) >= _CONTENT
    if pending.kind == "place":
        if ANY_PLACE.search(cues.compact) and not own_words:
            return Followup("choice")  # every place: the question answered as it was asked
        if number is not None and not own_words:
            index = len(pending.choices) + number if number < 0 else number - 1
            return Followup("choice", choice=index) if 0 <= index < len(pending.choices) else None
        scope = analyzer.regions.resolve(cues.compact)
        chosen = [i for i, c in enumerate(pending.choices) if c.value in scope.regions]
        return Followup("choice", choice=chosen[0]) if len(chosen) == 1 and not own_words else None
    field = cues.field or pending.field
    if number is not None and not own_words:
        return Followup("pick", field=field, ordinal=number)
    item = best_item(cues.residual, state.items) if own_words else None
    return Followup("pick", field=field, item=item) if item is not None else None


def best_item(words: str, items: tuple[Cited, ...]) -> int | None:
    """The one item whose text holds most of ``words`` (and at least half of its character pairs)."""
    scored = sorted(((similarity(words, item.text), i) for i, item in enumerate(items)), reverse=True)
    if not scored or scored[0][0] < _MATCH or (len(scored) > 1 and scored[1][0] == scored[0][0]):
        return None
    return scored[0][1]


def similarity(words: str, text: str) -> float:
    """The share of ``words``' character pairs found in ``text``."""
    pairs = {words[i : i + 2] for i in range(len(words) - 1)}
    return sum(1 for p in pairs if p in text) / len(pairs) if pairs else 0.0
