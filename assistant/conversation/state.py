"""What a conversation remembers between turns: typed, immutable, small, and never written anywhere.

A follow-up ("那它什么时候完成？", "第二条详细说说", "其中逾期的") means something
only against what the last answer cited. The state keeps exactly that — the
cited tasks by id (a passage by value, it has no id the store looks up), which
of them the answer was about, the place, year and unit it was scoped to, the
question it answered (to re-ask it for another place or year), and an ask-back
waiting for its answer — plus a short record of the turns. Every transition
makes a new state (``dataclasses.replace``), so a state handed to one request is
never changed under another. Questions are kept masked (ID numbers, phones …)
and only in memory: the store never writes a state to disk.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal

from indexer.models import Passage

__all__ = [
    "AskBack",
    "Choice",
    "Cited",
    "ConversationState",
    "Field",
    "Topic",
    "Turn",
    "TurnKind",
]

Field = Literal["when", "who", "lead", "partner", "text", "source", "detail"]
_LABEL = 24
TurnKind = Literal["new", "field", "pick", "refine", "more", "shift", "choice", "ask"]


@dataclass(frozen=True)
class Cited:
    """One item an answer showed, in the order it showed them: a task record by id, or a quoted passage."""

    text: str  # its words (capped), to match "掌上公报那条" against and to label ask-back buttons
    task_id: str | None = None
    passage: Passage | None = None
    collective: bool = False  # listed for a unit through a collective deployment (区政府各部门)

    @property
    def label(self) -> str:
        """The first words, for "您问的是“…”" and buttons."""
        return self.text if len(self.text) <= _LABEL else self.text[:_LABEL] + "…"


@dataclass(frozen=True)
class Topic:
    """The last question put to the assistant (masked), and the scope its answer had.

    A change of place or year ("那市中区呢？", "去年呢？") re-asks ``question``
    with the place or year replaced; ``place``/``year_text`` are how the
    question wrote them, so they can be replaced in its own words.
    """

    question: str
    intent: str
    place: str | None = None
    year_text: str | None = None
    unit: str | None = None
    listing: bool = False  # the answer was a complete list (a unit's tasks, due-by, overdue)


@dataclass(frozen=True)
class Choice:
    """One option of an ask-back: the button's words, and the text that choosing it sends back."""

    label: str
    reply: str
    value: str = ""  # a task id or a region, for the resolver; not shown

    def to_dict(self) -> dict[str, str]:
        return {"label": self.label, "reply": self.reply}


@dataclass(frozen=True)
class AskBack:
    """A question the assistant asked back and is waiting on: which task, or which place."""

    kind: Literal["task", "place"]
    choices: tuple[Choice, ...]
    field: Field | None = None  # for a task: the field the user asked about it
    question: str = ""  # for a place: the question to answer once the place is known


@dataclass(frozen=True)
class Turn:
    """One exchange, as remembered: the masked question, what it was understood as, and when."""

    question: str
    kind: TurnKind
    understood: str
    at: float


@dataclass(frozen=True)
class ConversationState:
    """Everything a follow-up may refer to; empty for a new conversation.

    ``items`` are what the last answer cited, in its own numbering ("第2项" is
    ``items[1]``); ``focus`` is the one it was about (None for a list, where
    "它" could be any of them); ``shown`` is how many items the reader has been
    shown, so "还有吗" continues after them.
    """

    items: tuple[Cited, ...] = ()
    focus: int | None = None
    shown: int = 0
    last_field: Field | None = None
    topic: Topic | None = None
    pending: AskBack | None = None
    turns: tuple[Turn, ...] = field(default=())

    @property
    def empty(self) -> bool:
        """No answer yet that a follow-up could refer to."""
        return not self.items and self.topic is None and self.pending is None

    def with_turn(self, turn: Turn, max_turns: int) -> ConversationState:
        """This state with ``turn`` appended; past ``max_turns`` the oldest turns are dropped."""
        turns = (*self.turns, turn)
        return replace(self, turns=turns[-max_turns:] if max_turns > 0 else ())
