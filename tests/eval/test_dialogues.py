"""The dialogue scorer: a turn passes only when it resolves to what it must, and a confident answer about
something else — or a guess where it should ask back — counts as a wrong resolution."""

from __future__ import annotations

from pathlib import Path

from assistant.answering.answerer import Answer
from assistant.answering.render import Citation
from assistant.conversation.reply import Reply
from assistant.conversation.state import Choice
from eval.dialogues import TurnResult, check_turn, render_dialogue_report
from indexer.models import Deadline, SourceSpan, TaskRecord

TODAY = "2026-11-23"


def _citation(number: str, text: str, date: str | None, units: list[str]) -> Citation:
    record = TaskRecord(
        f"d:{number}", "d", "要点", "济南市章丘区", 2024, "一", number, text, [], units,
        Deadline(date or "", date, "date" if date else "unspecified"), SourceSpan("d.txt", 1, 1),
    )  # fmt: skip
    return Citation(record, 1.0)


def _reply(kind: str, *citations: Citation, choices: tuple[Choice, ...] = ()) -> Reply:
    return Reply(Answer("q", "answer", "您问的是……\n回答", "followup", {}, [*citations]), kind, "", choices)  # type: ignore[arg-type]


def _check(reply: Reply, expect: dict, previous: Reply | None = None) -> TurnResult:
    result = TurnResult("d001", "dev", 1, "q", "")
    check_turn(reply, previous, expect, _Registry(), TODAY, result)  # type: ignore[arg-type]
    return result


class _Registry:
    def key(self, name: str, region: str | None = None) -> str:
        return name.removeprefix("区")


def test_the_right_task_passes_and_the_wrong_one_is_a_wrong_resolution():
    right = _check(_reply("field", _citation("t1", "掌上公报", "2024-12-31", ["区大数据局"])), {
        "kind": "followup", "contains": "掌上公报", "deadline": "2024-12-31", "units": ["区大数据局"]})  # fmt: skip
    assert right.passed and not right.wrong_resolution
    wrong = _check(_reply("field", _citation("t2", "政策推送", "2024-12-31", ["区大数据局"])), {"contains": "掌上公报"})
    assert not wrong.passed and wrong.wrong_resolution


def test_a_guess_where_an_ask_back_was_due_is_a_wrong_resolution_and_asking_is_not():
    guessed = _check(_reply("field", _citation("t1", "掌上公报", None, [])), {"kind": "askback"})
    assert guessed.wrong_resolution
    asked = _check(_reply("ask", choices=(Choice("a", "a"), Choice("b", "b"))), {"kind": "askback", "choices_min": 2})
    assert asked.passed and asked.asked_back and not asked.wrong_resolution


def test_list_properties_and_new_items():
    first = _reply("new", *[_citation(f"t{i}", "x", "2024-12-31", ["区人社局"]) for i in range(5)])
    late = _citation("t9", "y", "2027-01-01", ["区人社局"])
    again = _reply("more", _citation("t3", "x", "2024-12-31", ["区人社局"]), late)
    result = _check(again, {"list": {"overdue": True, "unit": "区人社局", "new_items": True, "sorted": True}}, first)
    assert not result.passed and any("未逾期" in p for p in result.problems)
    assert any("重复" in p for p in result.problems)


def test_the_report_gives_each_split_apart():
    results = [TurnResult("d1", "dev", 1, "q", "", True), TurnResult("h1", "heldout", 1, "q", "", False, ["x"])]
    report = render_dialogue_report(Path("eval/dialogues.jsonl"), results, ["dev", "heldout"])
    assert "| dev | 1 | 1 | 100.0% |" in report and "| heldout | 1 | 1 | 0.0% |" in report
