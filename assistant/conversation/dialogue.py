"""The conversation layer: a question and the conversation's state in, a reply and the next state out.

It wraps :class:`~assistant.answering.answerer.Assistant` without changing it:
a follow-up is resolved by the rules of :mod:`assistant.conversation.followups`
into one of three things — a question to put to the assistant (a change of
place or year re-asks the last question in its own words), an answer read from
what the conversation already cited (a field of a task, a narrowed list, the
next page), or an ask-back when it is unclear which task or place is meant
(never a guess). A new question is the assistant's answer, checked for the
placeless case of :mod:`assistant.conversation.places`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace

from assistant.answering.answerer import Answer, Assistant
from assistant.answering.query import Query, QuestionError
from assistant.answering.render import Citation, PassageCitation
from assistant.conversation import answers
from assistant.conversation.followups import Followup, read_followup
from assistant.conversation.places import ambiguous_places
from assistant.conversation.reply import Reply
from assistant.conversation.state import AskBack, Choice, Cited, ConversationState, Field, Topic, Turn, TurnKind
from assistant.serving.privacy import mask
from assistant.settings import Settings
from indexer.index.reader import Snapshot

__all__ = ["Dialogue"]

_ASK_CHOICES = 3
# A state's memory is bounded: a list keeps its first MAX_ITEMS items for follow-ups, each with its first words.
MAX_ITEMS = 300
_WORDS = 60
_FIELD_ASKED = {
    "when": "什么时候完成",
    "who": "谁负责",
    "lead": "谁牵头",
    "partner": "哪些单位配合",
    "text": "原文",
    "source": "出处",
    "detail": "详细内容",
}


@dataclass
class Dialogue:
    """One object per process: the assistant, the deployment's default place, and the caps on a state."""

    assistant: Assistant
    default_region: str = ""
    page_size: int = 5
    max_turns: int = 20
    top_k: int = 5

    @classmethod
    def from_settings(cls, assistant: Assistant, settings: Settings) -> Dialogue:
        """The deployment's dialogue: its default place, page size, turn cap and citation count."""
        return cls(
            assistant,
            settings.default_region.strip(),
            settings.conversation_page_size,
            settings.conversation_max_turns,
            settings.top_k,
        )

    def ask(
        self,
        question: str,
        state: ConversationState | None = None,
        region: str | None = None,
        year: int | None = None,
    ) -> tuple[Reply, ConversationState]:
        """Answer ``question`` in the conversation ``state``; the reply and the state after it.

        ``region``/``year`` (the API's filters) scope a question asked anew; with
        them a question is never read as a follow-up of another scope.
        """
        state = state or ConversationState()
        snapshot = self.assistant.kb.current()
        analyzer = self.assistant.analyzer
        try:
            text = analyzer.clean(question)
        except QuestionError:
            return self._new(question, state, snapshot)
        if region or year:
            reply, after = self._new(question, state, snapshot, scope=(region, year))
            return reply, after.with_turn(Turn(mask(question)[:200], "new", "", time.time()), self.max_turns)
        followup = read_followup(text, state, analyzer)
        reply, after = self._resolve(followup, question, state, snapshot)
        reply.answer.generation = snapshot.generation
        turn = Turn(mask(question)[:200], reply.kind, reply.understood, time.time())
        return reply, after.with_turn(turn, self.max_turns)

    def _resolve(
        self, followup: Followup, question: str, state: ConversationState, snapshot: Snapshot
    ) -> tuple[Reply, ConversationState]:
        kind = followup.kind
        if kind == "field":
            return self._about(state.focus, followup.field or "detail", question, state, snapshot)
        if kind == "pick":
            return self._pick(followup, question, state, snapshot)
        if kind == "refine":
            return self._refine(followup, question, state, snapshot)
        if kind == "more":
            return self._more(question, state, snapshot)
        if kind == "shift":
            return self._shift(followup, question, state, snapshot)
        if kind == "choice" and state.pending is not None:
            if followup.choice is None:  # every place: the question as first asked, from the best document
                asked = state.pending.question
                return self._new(asked, state, snapshot, f"您问的是各地的“{asked}”。", "choice", ask_places=False)
            chosen = state.pending.choices[followup.choice]
            understood = f"您问的是{chosen.label}：“{chosen.reply}”。"
            return self._new(chosen.reply, state, snapshot, understood, "choice", ask_places=False)
        return self._new(question, state, snapshot)

    # ------------------------------------------------------------------ new questions

    def _new(
        self,
        question: str,
        state: ConversationState,
        snapshot: Snapshot,
        understood: str = "",
        kind: TurnKind = "new",
        ask_places: bool = True,
        scope: tuple[str | None, int | None] = (None, None),
    ) -> tuple[Reply, ConversationState]:
        """The assistant's answer (for the default place when the question names none), or a place ask-back."""
        analyzer = self.assistant.analyzer
        try:
            query = analyzer.analyze(question)
        except QuestionError:
            answer = self.assistant.ask(question, top_k=self.top_k)
            return Reply(answer, kind), replace(state, pending=None)
        region, year = scope
        placeless = not query.scope.named and not query.scope.missing and not region
        region = region or (self.default_region if placeless and self.default_region else None)
        answer = self.assistant.ask(question, top_k=self.top_k, region=region, year=year)
        asked = (
            ambiguous_places(self.assistant, snapshot, query, answer)
            if ask_places and placeless and not region
            else None
        )
        if asked is not None:
            text = "\n".join(part for part in (understood, asked.text) if part)
            asking = Answer(answer.question, "hedge", text, answer.intent, answer.filters, [*asked.citations])
            pending = AskBack("place", asked.choices, question=question)
            after = ConversationState(pending=pending, topic=_topic(question, query, False), turns=state.turns)
            return Reply(asking, "ask", understood, asked.choices), after
        if understood:
            answer.text = f"{understood}\n{answer.text}"
        listing = answer.intent in ("list", "due", "overdue") and answer.outcome == "answer"
        items = tuple(_cited(c) for c in answer.citations[:MAX_ITEMS])
        focus = 0 if items and not listing else (0 if len(items) == 1 else None)
        shown = min(len(items), self.page_size)
        topic = _topic(question, query, listing)
        after = ConversationState(items, focus, shown, None, topic, None, state.turns)
        return Reply(answer, kind, understood), after

    # ------------------------------------------------------------------ from the state

    def _about(
        self, index: int | None, field: Field, question: str, state: ConversationState, snapshot: Snapshot
    ) -> tuple[Reply, ConversationState]:
        """A field of the item ``index``; with no clear item, ask back which one (the first few as choices)."""
        if index is None and len(state.items) == 1:
            index = 0
        if index is None or not 0 <= index < len(state.items):
            return self._which(field, question, state)
        item = state.items[index]
        understood = f"您问的是“{item.label}”的{answers.FIELD_NAMES[field]}（上一条回答的第{index + 1}项）。"
        answer = answers.field_answer(snapshot, item, field, understood, question, self.assistant.today())
        after = replace(state, focus=index, last_field=field, pending=None)
        return Reply(answer, "field", understood), after

    def _which(self, field: Field, question: str, state: ConversationState) -> tuple[Reply, ConversationState]:
        start = max(0, min(state.shown, len(state.items)) - self.page_size) if state.shown else 0
        offered = list(enumerate(state.items))[start : start + _ASK_CHOICES] or list(enumerate(state.items))[:1]
        asked = _FIELD_ASKED[field]
        choices = tuple(Choice(f"第{i + 1}项：{c.label}", f"第{i + 1}项{asked}", c.task_id or "") for i, c in offered)
        count = len(state.items)
        text = f"上一条回答列出了 {count} 项，请问您问的是哪一项？可以点选，或说“第几项”。"
        answer = Answer(question, "hedge", text, "followup", {})
        pending = AskBack("task", choices, field=field)
        return Reply(answer, "ask", "", choices), replace(state, pending=pending)

    def _pick(
        self, followup: Followup, question: str, state: ConversationState, snapshot: Snapshot
    ) -> tuple[Reply, ConversationState]:
        field = followup.field or state.last_field or "detail"
        if followup.item is not None:
            return self._about(followup.item, field, question, state, snapshot)
        ordinal = followup.ordinal or 1
        index = len(state.items) + ordinal if ordinal < 0 else ordinal - 1
        if not 0 <= index < len(state.items):
            return self._which(field, question, state)
        return self._about(index, field, question, state, snapshot)

    def _refine(
        self, followup: Followup, question: str, state: ConversationState, snapshot: Snapshot
    ) -> tuple[Reply, ConversationState]:
        refine = answers.ListFilter(
            snapshot.store.registry,
            self.assistant.today(),
            followup.status,
            followup.unit,
            followup.lead_only,
            followup.year,
            followup.sort,
            followup.regions,
        )
        kept = answers.narrowed(answers.records_of(snapshot, list(state.items)), refine)
        what = refine.describe()
        order = "，按完成时限排列" if refine.sort else ""
        within = f"（只在前 {MAX_ITEMS} 项中筛选）" if len(state.items) >= MAX_ITEMS else ""
        understood = f"您问的是上一条回答所列任务中{what or '全部'}的任务{order}{within}。"
        if not kept:
            text = f"{understood}\n上一条回答所列的任务中没有{what}的任务。"
            return Reply(Answer(question, "answer", text, "followup", {}), "refine", understood), state
        head = f"{understood}\n共 {len(kept)} 项："
        answer = Answer(question, "answer", answers.list_text(head, kept), "followup", {}, [*kept])
        items = tuple(_cited(c) for c in kept[:MAX_ITEMS])
        after = replace(state, items=items, focus=0 if len(items) == 1 else None, shown=min(len(items), self.page_size))
        return Reply(answer, "refine", understood), replace(after, pending=None)

    def _more(self, question: str, state: ConversationState, snapshot: Snapshot) -> tuple[Reply, ConversationState]:
        """The next page of the last list; after an answer, the next most relevant clauses not yet cited."""
        listing = state.topic is not None and state.topic.listing
        start = state.shown
        if not listing and start >= len(state.items) and state.topic is not None:
            state = self._widen(state, snapshot)
        page = list(state.items[start : start + self.page_size])
        if not page:
            text = f"上一条回答的 {len(state.items)} 项已全部列出，没有更多了。"
            return Reply(Answer(question, "answer", text, "followup", {}), "more", ""), state
        end = start + len(page)
        understood = f"接着上一条回答，第{start + 1}–{end}项（共 {len(state.items)} 项）："
        cited = answers.records_of(snapshot, page)
        text = answers.list_text(understood, cited, start=start + 1)
        passages = [PassageCitation(c.passage, 1.0, c.passage.text) for c in page if c.passage is not None]
        answer = Answer(question, "answer", text, "followup", {}, [*cited, *passages])
        return Reply(answer, "more", understood), replace(state, shown=end, focus=None, pending=None)

    def _widen(self, state: ConversationState, snapshot: Snapshot) -> ConversationState:
        """The last question asked again for more citations; those not yet cited are appended to the items."""
        assert state.topic is not None
        answer = self.assistant.ask(state.topic.question, top_k=len(state.items) + self.page_size)
        known = {(c.task_id, c.passage.id if c.passage else None) for c in state.items}
        extra = [
            c for c in map(_cited, answer.citations) if (c.task_id, c.passage.id if c.passage else None) not in known
        ]
        return replace(state, items=(*state.items, *extra))

    def _shift(
        self, followup: Followup, question: str, state: ConversationState, snapshot: Snapshot
    ) -> tuple[Reply, ConversationState]:
        """The last question again with the place, year (or unit) replaced, in its own words."""
        topic = state.topic
        assert topic is not None
        asked = topic.question
        for old, new in (
            (topic.place, followup.place),
            (topic.year_text, followup.year_text),
            (topic.unit, followup.unit),
        ):
            if new:
                asked = asked.replace(old, new) if old and old in asked else f"{new}{asked}"
        field = followup.field
        asks = {"who": "who", "lead": "who", "partner": "who", "when": "when"}.get(field or "")
        if field and asks and asks != topic.intent:  # "那市中区什么时候完成呢" after a who question: asked too
            asked = f"{asked}，{_FIELD_ASKED[field]}"
        changed = "、".join(x for x in (followup.place, followup.year_text, followup.unit) if x)
        understood = f"您问的是“{asked}”（沿用上一问，换为{changed}）。"
        return self._new(asked, state, snapshot, understood, "shift")


def _topic(question: str, query: Query, listing: bool) -> Topic:
    """What a change of place or year re-asks: the question (masked), and how it wrote its place and year."""
    written = f"{query.year}年" if query.year and f"{query.year}年" in query.text else None
    return Topic(mask(question), query.intent, query.scope.named, query.relative_year or written, query.unit, listing)


def _cited(citation: Citation | PassageCitation) -> Cited:
    if isinstance(citation, PassageCitation):
        return Cited(citation.excerpt[:_WORDS], passage=citation.passage)
    return Cited(citation.record.text[:_WORDS], citation.record.id, collective=citation.collective)
