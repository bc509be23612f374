"""Conversations on the shipped documents with the real index: follow-ups resolve to the task, the list item,
the refinement or the place they mean, say what they resolved, and ask back instead of guessing."""

from __future__ import annotations

import pytest

from assistant.conversation.dialogue import Dialogue
from assistant.conversation.state import ConversationState
from assistant.conversation.store import ConversationStore

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def dialogue(assistant) -> Dialogue:
    return Dialogue(assistant)


def talk(dialogue: Dialogue, *questions: str):
    state, replies = ConversationState(), []
    for question in questions:
        reply, state = dialogue.ask(question, state)
        replies.append(reply)
    return replies, state


def test_a_field_of_the_task_just_answered_says_which_task_it_understood(dialogue):
    first, when, partners = talk(dialogue, "政策解读工作指引谁牵头？", "那它什么时候完成？", "还有哪些单位配合？")[0]
    assert first.kind == "new" and not first.understood
    assert when.kind == "field" and when.answer.citations[0].record.id.endswith(":t11")
    lines = when.text.splitlines()
    assert lines[0] == "您问的是“研究制定政策解读工作指引或规范，提供政策解读内容…”的完成时限（上一条回答的第1项）。"
    assert (
        lines[1].startswith("完成时限：9月底前（2025-09-30）") and lines[2] == "截至今天（2026-11-23），已过完成时限。"
    )
    assert lines[3].startswith("出处：《济宁高新区")
    assert "配合单位：区直各部门、驻区各单位、各街道（牵头单位：区党政办公室）" in partners.text


def test_an_ordinal_picks_the_item_of_the_list_and_keeps_the_field_asked(dialogue):
    listed, second, third = talk(dialogue, "区大数据局负责哪些任务？", "第二条详细说说", "那第3项呢")[0]
    assert listed.answer.intent == "list"
    assert second.answer.citations[0].record.id.endswith(":t26") and "（上一条回答的第2项）" in second.text
    assert "条款：探索运用大数据" in second.text and "出处：" in second.text
    assert third.answer.citations[0].record.id.endswith(":t27") and "（上一条回答的第3项）" in third.text


def test_it_after_a_list_asks_back_with_the_candidates_and_never_guesses(dialogue):
    replies, state = talk(dialogue, "区大数据局负责哪些任务？", "它什么时候完成？")
    asked = replies[1]
    assert asked.asks_back and asked.answer.citations == [] and len(asked.choices) == 3
    assert [c.label[:3] for c in asked.choices] == ["第1项", "第2项", "第3项"]
    assert asked.to_dict()["outcome"] == "ask" and asked.to_dict()["answered"] is False
    chosen, _ = dialogue.ask(asked.choices[1].reply, state)
    assert chosen.answer.citations[0].record.id.endswith(":t26") and "2024-12-31" in chosen.text
    by_words, _ = dialogue.ask("掌上公报那个", state)
    assert by_words.answer.citations[0].record.id.endswith(":t27")


def test_refinements_narrow_the_last_list(dialogue, assistant):
    replies, _ = talk(dialogue, "哪些任务9月底前要完成？", "只看区党政办公室的", "其中逾期的", "按时间排一下")
    only, overdue, ordered = replies[1:]
    units = [{*c.lead_units, *c.responsible_units} for c in only.answer.citations]
    assert only.kind == "refine" and len(units) >= 3 and all("区党政办公室" in u for u in units)
    today = assistant.today().isoformat()
    assert all(c.deadline.date < today for c in overdue.answer.citations)
    dates = [c.deadline.date for c in ordered.answer.citations]
    assert dates == sorted(dates) and ordered.text.startswith("您问的是上一条回答所列任务中全部的任务，按完成时限排列")


def test_more_shows_the_next_page_then_says_when_there_is_no_more(dialogue):
    replies, _ = talk(dialogue, "区大数据局负责哪些任务？", "还有吗", "还有没")
    listed, more, again = replies
    first_page = {c.record.id for c in listed.answer.citations[:5]}
    second_page = [c.record.id for c in more.answer.citations]
    assert len(second_page) == 5 and not first_page & set(second_page)
    assert more.text.startswith("接着上一条回答，第6–10项（共 37 项）")
    assert again.text.startswith("接着上一条回答，第11–15项")


def test_a_change_of_place_or_year_keeps_the_rest_of_the_question(dialogue):
    replies, _ = talk(dialogue, "章丘区政策解读怎么要求的", "那市中区呢？", "去年呢")
    moved, last_year = replies[1:]
    assert moved.kind == "shift" and moved.understood.startswith("您问的是“市中区政策解读怎么要求的”")
    assert {c.region for c in moved.answer.citations} == {"济南市市中区"}
    assert {c.region for c in last_year.answer.citations} == {"济南市市中区"}
    assert last_year.answer.citations[0].year == 2025  # 去年 of the fixture's 2026


def test_a_new_topic_is_answered_as_new(dialogue):
    replies, _ = talk(dialogue, "政策解读工作指引谁牵头？", "养老院监管信息会公开吗")
    assert replies[1].kind == "new" and not replies[1].understood
    assert any("养老机构监管信息" in c.text for c in replies[1].answer.citations[:3])


def test_a_follow_up_with_no_previous_answer_is_a_new_question(dialogue, assistant):
    reply, state = dialogue.ask("那它什么时候完成？")
    alone = assistant.ask("那它什么时候完成？")
    assert reply.kind == "new" and not reply.understood and reply.answer.text == alone.text
    assert state.turns[0].kind == "new"


def test_two_interleaved_conversations_never_share_state(dialogue):
    store = ConversationStore()
    a, b = store.open(None, "client"), store.open(None, "client")
    for conversation, question in (
        (a, "政策解读工作指引谁牵头？"),
        (b, "区大数据局负责哪些任务？"),
        (a, "那它什么时候完成？"),
        (b, "第三条什么时候完成"),
    ):
        current = store.open(conversation.conversation_id, "client")
        reply, state = dialogue.ask(question, current.state)
        store.save(conversation.conversation_id, "client", state)
    a_reply = reply  # the last one is b's
    assert a_reply.answer.citations[0].record.id.endswith(":t27")
    a_state = store.open(a.conversation_id, "client").state
    assert a_state.items[a_state.focus or 0].task_id.endswith(":t11")
    assert [t.question for t in a_state.turns] == ["政策解读工作指引谁牵头？", "那它什么时候完成？"]


def test_questions_are_kept_masked(dialogue):
    _, state = talk(dialogue, "我的电话13812345678，政策解读工作指引谁牵头？")
    assert "13812345678" not in state.turns[0].question and "[手机号]" in state.turns[0].question
    assert state.topic is not None and "13812345678" not in state.topic.question
