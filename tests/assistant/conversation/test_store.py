"""The store of conversations: ids, expiry, caps, and no state shared between ids or clients."""

from __future__ import annotations

from dataclasses import replace

from assistant.conversation.state import Cited, ConversationState, Turn
from assistant.conversation.store import EXPIRED_NOTICE, ConversationStore


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def _state(label: str) -> ConversationState:
    return ConversationState(items=(Cited(label, label),), focus=0)


def test_a_new_conversation_gets_an_unguessable_id_and_keeps_its_state():
    store = ConversationStore()
    opened = store.open(None, "a")
    assert len(opened.conversation_id) >= 20 and opened.state.empty and not opened.notice
    store.save(opened.conversation_id, "a", _state("t1"))
    assert store.open(opened.conversation_id, "a").state.items[0].task_id == "t1"


def test_unknown_or_expired_ids_start_anew_and_say_so():
    clock = Clock()
    store = ConversationStore(ttl_seconds=60, clock=clock)
    unknown = store.open("no-such-id", "a")
    assert unknown.notice == EXPIRED_NOTICE and unknown.conversation_id != "no-such-id" and unknown.state.empty
    store.save(unknown.conversation_id, "a", _state("t1"))
    clock.now = 61
    expired = store.open(unknown.conversation_id, "a")
    assert expired.notice == EXPIRED_NOTICE and expired.state.empty and len(store) == 1


def test_states_never_cross_ids_or_clients():
    store = ConversationStore()
    one, two = store.open(None, "a"), store.open(None, "a")
    store.save(one.conversation_id, "a", _state("t1"))
    store.save(two.conversation_id, "a", _state("t2"))
    assert store.open(one.conversation_id, "a").state.items[0].task_id == "t1"
    assert store.open(two.conversation_id, "a").state.items[0].task_id == "t2"
    stolen = store.open(one.conversation_id, "b")  # another client presenting the id gets a fresh conversation
    assert stolen.state.empty and stolen.notice and stolen.conversation_id != one.conversation_id
    store.save(one.conversation_id, "b", _state("evil"))  # and cannot overwrite it
    assert store.open(one.conversation_id, "a").state.items[0].task_id == "t1"


def test_each_client_holds_a_few_conversations_and_the_store_a_bounded_number():
    store = ConversationStore(max_per_client=3, max_total=5)
    first = store.open(None, "a").conversation_id
    for _ in range(3):
        store.open(None, "a")
    assert store.open(first, "a").notice == EXPIRED_NOTICE  # the client's least recently used went first
    for client in "bcdefg":
        store.open(None, client)
    assert len(store) == 5


def test_a_long_conversation_keeps_only_its_last_turns():
    store = ConversationStore(max_turns=3)
    opened = store.open(None, "a")
    turns = tuple(Turn(f"q{i}", "new", "", float(i)) for i in range(10))
    store.save(opened.conversation_id, "a", replace(ConversationState(), turns=turns))
    kept = store.open(opened.conversation_id, "a").state.turns
    assert [t.question for t in kept] == ["q7", "q8", "q9"]
    state = ConversationState()
    for turn in turns:
        state = state.with_turn(turn, 4)
    assert [t.question for t in state.turns] == ["q6", "q7", "q8", "q9"]
