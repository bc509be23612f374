"""A placeless question when the knowledge base covers several places (issue 19): answered from the best
document, asked back when close answers from several places differ, or answered for the default place."""

from __future__ import annotations

import pytest

from assistant.conversation.dialogue import Dialogue
from assistant.conversation.state import ConversationState

pytestmark = pytest.mark.slow


def test_a_clause_only_one_place_has_is_answered_not_asked_back(assistant):
    reply, _ = Dialogue(assistant).ask("政策解读工作指引谁牵头？")
    assert not reply.asks_back and reply.answer.text.startswith("据山东省济宁市高新区2025年的文件，由区党政办公室牵头")


def test_close_answers_that_differ_by_place_ask_back_with_the_places(assistant):
    dialogue = Dialogue(assistant)
    asked, state = dialogue.ask("政府开放活动谁牵头")
    assert asked.asks_back and {c.value for c in asked.choices} >= {"博山区", "济南市章丘区"}
    assert "请问您问的是哪个地区" in asked.text and len(asked.answer.citations) == len(asked.choices)
    assert all(c.reply.endswith("政府开放活动谁牵头") for c in asked.choices)
    chosen, _ = dialogue.ask("博山区的", state)
    assert chosen.kind == "choice" and {c.region for c in chosen.answer.citations} == {"博山区"}
    assert chosen.answer.citations[0].lead_units == ["区政府办公室"]


def test_the_default_region_answers_placeless_questions_without_asking(assistant):
    dialogue = Dialogue(assistant, default_region="章丘")
    reply, _ = dialogue.ask("政府开放活动谁牵头", ConversationState())
    assert not reply.asks_back and {c.region for c in reply.answer.citations} == {"济南市章丘区"}
    named, _ = dialogue.ask("博山区政府开放活动谁牵头")  # a place the question names still wins
    assert {c.region for c in named.answer.citations} == {"博山区"}
