"""What a conversation turn returns: the answer, what the question was understood as, and any ask-back.

The answer is the same :class:`~assistant.answering.answerer.Answer` a single
question gets (its text, intent, filters, citations); a follow-up's text starts
with the sentence that says what was resolved ("您问的是“……”（上一条回答的第2项）"),
so a reader sees what was understood before the answer. An ask-back carries its
options as ``choices`` (buttons in the chat, a JSON field in the API).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from assistant.answering.answerer import Answer
from assistant.conversation.state import Choice, TurnKind

__all__ = ["Reply"]


@dataclass
class Reply:
    """One turn's result; ``to_dict`` is the answer's JSON plus the conversation fields."""

    answer: Answer
    kind: TurnKind = "new"
    understood: str = ""
    choices: tuple[Choice, ...] = ()
    conversation_id: str = ""
    notice: str = ""  # e.g. the conversation id was unknown or expired and a new one was started

    @property
    def asks_back(self) -> bool:
        return bool(self.choices)

    @property
    def text(self) -> str:
        """The notice, the resolved question, then the answer: what a reader sees, in that order."""
        return "\n".join(part for part in (self.notice, self.answer.text) if part)

    def to_dict(self) -> dict[str, Any]:
        payload = self.answer.to_dict()
        payload["text"] = self.text
        if self.asks_back:
            payload["answered"], payload["outcome"] = False, "ask"
        payload.update(
            conversation_id=self.conversation_id,
            turn=self.kind,
            understood=self.understood,
            choices=[c.to_dict() for c in self.choices],
            notice=self.notice,
        )
        return payload
