"""Dialogue evaluation (issue 18): every turn of every dialogue against what it must resolve to.

A dialogue file holds one JSON object per line: ``{"id", "split", "turns":
[{"q", "expect"}]}``; ``split`` is ``dev`` (measured while the rules were
written) or ``heldout`` (set aside, measured once at the end and reported
apart). ``expect`` may hold:

* ``kind`` — ``new`` (answered as a question of its own), ``followup`` (resolved
  against the conversation) or ``askback`` (asks which task or place, never guesses);
* ``outcome`` — ``answer``, ``refuse`` or ``askback``;
* ``contains``/``units``/``deadline`` — the task the turn resolved to (its first citation);
* ``region_within``/``year`` — every citation's place, the first citation's year;
* ``list`` — ``overdue``, ``ongoing``, ``unit``, ``year``, ``sorted``, ``min_count``,
  ``new_items`` (none of the previous turn's first page);
* ``mentions`` — strings the reply must say; ``choices_min``/``choice_contains`` — the ask-back's options.

A turn is *wrongly resolved* when the reply neither asked back nor refused and
still answered about something else: the wrong kind, the wrong task, the wrong
list or place — or a guess where it should have asked.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.answering.render import AnyCitation, Citation
from assistant.conversation.dialogue import Dialogue
from assistant.conversation.reply import Reply
from assistant.conversation.state import ConversationState
from eval.runner import load_jsonl
from indexer.errors import ZhengwuyuanError
from indexer.registry import UnitRegistry

__all__ = ["TurnResult", "check_turn", "load_dialogues", "render_dialogue_report", "run_dialogues"]

_RESOLUTION = ("contains", "units", "deadline", "region_within", "year", "list")


@dataclass
class TurnResult:
    dialogue: str
    split: str
    number: int
    question: str
    reply_head: str
    passed: bool = True
    problems: list[str] = field(default_factory=list)
    asked_back: bool = False
    wrong_resolution: bool = False


def load_dialogues(path: Path) -> list[dict[str, Any]]:
    dialogues = load_jsonl(path, frozenset({"id", "turns"}))
    if empty := [d["id"] for d in dialogues if not d["turns"]]:
        raise ZhengwuyuanError(f"{path}：对话 {'、'.join(empty)} 没有轮次")
    return dialogues


def run_dialogues(dialogue: Dialogue, dialogues: list[dict[str, Any]], today: str) -> list[TurnResult]:
    """Play every dialogue from a fresh conversation; one result per turn."""
    registry = dialogue.assistant.kb.registry
    results = []
    for item in dialogues:
        state = ConversationState()
        previous: Reply | None = None
        for number, turn in enumerate(item["turns"], start=1):
            reply, state = dialogue.ask(turn["q"], state)
            head = reply.text.splitlines()[0] if reply.text else ""
            result = TurnResult(item["id"], item.get("split", "dev"), number, turn["q"], head[:120])
            check_turn(reply, previous, turn["expect"], registry, today, result, dialogue.page_size)
            results.append(result)
            previous = reply
    return results


def check_turn(
    reply: Reply,
    previous: Reply | None,
    expect: dict[str, Any],
    registry: UnitRegistry,
    today: str,
    result: TurnResult,
    page: int = 5,
) -> None:
    """Fill ``result`` with the problems of one turn; mark a wrong resolution."""
    failed: set[str] = set()

    def problem(key: str, message: str) -> None:
        failed.add(key)
        result.problems.append(message)

    result.asked_back = reply.asks_back
    kind = expect.get("kind")
    if kind == "askback" and not reply.asks_back:
        problem("kind", "应当反问（给出候选），却直接回答了")
    elif kind != "askback" and reply.asks_back:
        problem("kind", "不应反问，却反问了")
    elif kind == "new" and reply.kind != "new":
        problem("kind", f"应当作为新问题回答，却按追问（{reply.kind}）处理")
    elif kind == "followup" and reply.kind == "new":
        problem("kind", "应当按追问处理，却作为新问题回答")
    _check_outcome(reply, expect, problem)
    citations = reply.answer.citations
    first = citations[0] if citations else None
    if (phrase := expect.get("contains")) and (first is None or phrase not in first.text):
        problem("contains", f"应指向含“{phrase}”的条款，实为“{first.text[:24] if first else '无引用'}”")
    if units := expect.get("units"):
        _check_units(first, units, registry, problem)
    if (deadline := expect.get("deadline")) is not None:
        _check_deadline(first, deadline, problem)
    if (within := expect.get("region_within")) and any(within not in c.region for c in citations):
        problem("region_within", f"引用了{within}以外的文件")
    if (year := expect.get("year")) and (first is None or first.year != year):
        problem("year", f"年份应为 {year}")
    if spec := expect.get("list"):
        _check_list(reply, previous, spec, registry, today, problem, page)
    for mention in expect.get("mentions", []):
        if mention not in reply.text:
            problem("mentions", f"回答未提到“{mention}”")
    if len(reply.choices) < expect.get("choices_min", 0):
        problem("choices", f"候选少于 {expect['choices_min']} 个")
    for phrase in expect.get("choice_contains", []):
        if not any(phrase in c.label for c in reply.choices):
            problem("choices", f"候选中没有“{phrase}”")
    result.passed = not result.problems
    answered = not reply.asks_back and reply.answer.outcome != "refuse"
    result.wrong_resolution = answered and bool(failed & {"kind", *_RESOLUTION})


def _check_outcome(reply: Reply, expect: dict[str, Any], problem: Any) -> None:
    wanted = expect.get("outcome")
    actual = "askback" if reply.asks_back else reply.answer.outcome
    if wanted and wanted != actual:
        problem("outcome", f"结果应为 {wanted}，实为 {actual}")


def _check_units(first: AnyCitation | None, units: list[str], registry: UnitRegistry, problem: Any) -> None:
    if not isinstance(first, Citation):
        problem("units", "首条引用不是任务条目")
        return
    region = first.record.region
    cited = {registry.key(u, region) for u in [*first.lead_units, *first.responsible_units]}
    if not all(registry.key(u, region) in cited for u in units):
        problem("units", f"单位应含 {units}")


def _check_deadline(first: AnyCitation | None, deadline: str, problem: Any) -> None:
    if not isinstance(first, Citation):
        problem("deadline", "首条引用不是任务条目")
        return
    actual = first.deadline
    ok = {"ongoing": actual.kind == "ongoing", "none": actual.date is None and actual.kind != "ongoing"}.get(
        deadline, actual.date == deadline
    )
    if not ok:
        problem("deadline", f"时限应为 {deadline}，实为 {actual.raw or '空'}")


def _check_list(
    reply: Reply,
    previous: Reply | None,
    spec: dict[str, Any],
    registry: UnitRegistry,
    today: str,
    problem: Any,
    page: int,
) -> None:
    records = [c for c in reply.answer.citations if isinstance(c, Citation)]
    if len(records) < spec.get("min_count", 1):
        problem("list", f"只列出 {len(records)} 项，应至少 {spec.get('min_count', 1)} 项")
    dates = [c.deadline.date for c in records]
    if spec.get("overdue") and any(d is None or d >= today for d in dates):
        problem("list", "列出了未逾期的任务")
    if spec.get("ongoing") and any(c.deadline.kind != "ongoing" for c in records):
        problem("list", "列出了非长期性的任务")
    if (year := spec.get("year")) and any(c.year != year for c in records):
        problem("list", f"列出了{year}年以外的任务")
    if unit := spec.get("unit"):
        for c in records:
            keys = {registry.key(u, c.record.region) for u in [*c.lead_units, *c.responsible_units]}
            if registry.key(unit, c.record.region) not in keys and not c.collective:
                problem("list", f"列出了不属于{unit}的任务")
                break
    if spec.get("sorted"):
        order = [(d is None, d or "") for d in dates]
        if order != sorted(order):
            problem("list", "未按完成时限排列")
    if spec.get("new_items") and previous is not None:
        seen = {_identity(c) for c in previous.answer.citations[:page]}
        if any(_identity(c) in seen for c in reply.answer.citations):
            problem("list", "重复了上一条回答已显示的条目")


def _identity(citation: AnyCitation) -> str:
    return citation.record.id if isinstance(citation, Citation) else citation.passage.id


def _rates(results: list[TurnResult]) -> dict[str, float]:
    dialogues: dict[str, list[TurnResult]] = {}
    for r in results:
        dialogues.setdefault(r.dialogue, []).append(r)
    turns = len(results) or 1
    return {
        "dialogues": len(dialogues),
        "turns": len(results),
        "turn_accuracy": sum(r.passed for r in results) / turns,
        "dialogue_accuracy": sum(all(t.passed for t in ts) for ts in dialogues.values()) / (len(dialogues) or 1),
        "askback_rate": sum(r.asked_back for r in results) / turns,
        "wrong_resolution": sum(r.wrong_resolution for r in results) / turns,
    }


def render_dialogue_report(source: Path, results: list[TurnResult], splits: list[str]) -> str:
    """eval/DIALOGUES.md: the figures per split, then every failed turn."""
    lines = [
        "# 多轮对话评测（issue 18）",
        "",
        f"对话集：`{source}`；评测的“今天”为 2026-11-23；知识库：内置五份文件 + `../shared/layouts`。",
        "开发部分（dev）在写规则时反复测量；留出部分（heldout）在规则写完后只测一次，单独报告。",
        "",
        "| 部分 | 对话 | 轮次 | 轮次准确率 | 对话准确率（每轮都对） | 反问率 | 误解析率 |",
        "|---|---|---|---|---|---|---|",
    ]
    for split in splits:
        part = [r for r in results if r.split == split]
        if not part:
            continue
        m = _rates(part)
        lines.append(
            f"| {split} | {m['dialogues']:.0f} | {m['turns']:.0f} | {m['turn_accuracy']:.1%} | "
            f"{m['dialogue_accuracy']:.1%} | {m['askback_rate']:.1%} | {m['wrong_resolution']:.1%} |"
        )
    lines += ["", "误解析：既没有反问也没有拒答，却按错误的理解作答（错的任务、清单、地区，或该反问时猜了一个）。", ""]
    failed = [r for r in results if not r.passed]
    lines.append(f"## 未通过的轮次（{len(failed)}）")
    lines.append("")
    for r in failed:
        mark = "（误解析）" if r.wrong_resolution else ""
        lines.append(f"- {r.dialogue} 第{r.number}轮 “{r.question}”{mark}：{'；'.join(r.problems)}")
        lines.append(f"  - 回答首行：{r.reply_head}")
    return "\n".join(lines) + "\n"
