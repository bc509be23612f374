"""What an answer must satisfy: the expectations a question file states, checked one by one.

Besides the clause, its units and deadline, an expectation can name the
outcome (answer, hedge or refusal), the region every citation must lie in
(a citation from anywhere else is a wrong-region answer), strings the text
must mention, and due-by or overdue lists measured against the runner's clock.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from assistant.answering.answerer import Answer
from assistant.answering.render import AnyCitation, Citation
from indexer.registry import UnitRegistry

__all__ = ["PASS_TOP", "RANK_TOP", "Outcome", "evaluate_answer"]

PASS_TOP = 3
RANK_TOP = 10


@dataclass
class Outcome:
    """How one answer measured up to its expectations."""

    passed: bool
    rank: int | None = None  # 1-based rank of the gold clause among the citations
    unit_ok: bool | None = None
    deadline_ok: bool | None = None
    problems: list[str] = field(default_factory=list)
    wrong_region: bool = False
    wrong_year: bool = False


def evaluate_answer(answer: Answer, expect: dict[str, Any], registry: UnitRegistry) -> Outcome:
    """Check one answer against its expectations."""
    outcome = Outcome(passed=True)
    _check_scope(answer, expect, outcome)
    for mention in expect.get("mentions", []):
        if mention not in answer.text:
            outcome.problems.append(f"回答未提到“{mention}”")
    expected = "refuse" if expect.get("abstain") else expect.get("outcome", "answer_or_hedge")
    if expected == "refuse" or answer.outcome == "refuse":
        if expected != "refuse":
            outcome.problems.append("拒答了：" + answer.text[:40])
        elif answer.outcome != "refuse":
            outcome.problems.append("应当拒答却给出了回答")
        outcome.passed = not outcome.problems
        return outcome
    if expected == "answer" and answer.outcome == "hedge":
        outcome.problems.append("应当确定地回答，却只给了“可能相关”的条款")
    citations = answer.citations
    if phrase := expect.get("contains"):
        outcome.rank = next((i for i, c in enumerate(citations[:RANK_TOP], 1) if phrase in c.text), None)
        if outcome.rank is None or outcome.rank > PASS_TOP:
            outcome.problems.append(f"前{PASS_TOP}条引用不含“{phrase}”（排名 {outcome.rank}）")
        else:
            _check_gold(citations[outcome.rank - 1], expect, outcome, registry)
    first = citations[0] if citations else None
    if (region := expect.get("region")) and (first is None or region not in first.region):
        outcome.problems.append(f"地区应为 {region}")
    if (year := expect.get("year")) and (first is None or first.year != year):
        outcome.problems.append(f"年份应为 {year}")
    if (documents := expect.get("multi_doc")) and len({c.doc_id for c in citations}) < documents:
        outcome.problems.append(f"引用文件少于 {documents} 份")
    if unit := expect.get("list_unit"):
        _check_list(answer, unit, expect, outcome, registry)
    _check_dated(answer, expect, outcome)
    for phrase in expect.get("contains_all", []):
        if not any(phrase in c.text for c in citations):
            outcome.problems.append(f"缺少“{phrase}”")
    outcome.passed = not outcome.problems
    return outcome


def _check_gold(citation: AnyCitation, expect: dict[str, Any], outcome: Outcome, registry: UnitRegistry) -> None:
    if not isinstance(citation, Citation):  # a quoted passage states no unit and no deadline as fields
        if expect.get("units") or expect.get("deadline") is not None:
            outcome.unit_ok = False if expect.get("units") else None
            outcome.problems.append("引用的是原文片段，未读出单位与时限字段")
        return
    if units := expect.get("units"):
        cited = {registry.key(u, citation.record.region) for u in [*citation.lead_units, *citation.responsible_units]}
        outcome.unit_ok = all(registry.key(u, citation.record.region) in cited for u in units)
        if not outcome.unit_ok:
            outcome.problems.append(f"单位应含 {units}")
    if (deadline := expect.get("deadline")) is not None:
        actual = citation.deadline
        outcome.deadline_ok = {
            "ongoing": actual.kind == "ongoing",
            "none": actual.date is None and actual.kind != "ongoing",
        }.get(deadline, actual.date == deadline)
        if not outcome.deadline_ok:
            outcome.problems.append(f"时限应为 {deadline}，实为 {actual.raw or '空'}")


def _check_list(answer: Answer, unit: str, expect: dict[str, Any], outcome: Outcome, registry: UnitRegistry) -> None:
    if answer.intent != "list":
        outcome.problems.append(f"意图应为 list，实为 {answer.intent}")
    named = answer.filters.get("unit") or ""
    if registry.key(named) != registry.key(unit):
        outcome.problems.append(f"单位识别为 {named}")
    if len(answer.citations) < expect.get("min_count", 1):
        outcome.problems.append(f"只列出 {len(answer.citations)} 项")
    phrases = expect.get("contains_any", [])
    if phrases and not any(p in c.text for c in answer.citations for p in phrases):
        outcome.problems.append(f"未列出 {phrases}")


def _check_scope(answer: Answer, expect: dict[str, Any], outcome: Outcome) -> None:
    """Every citation lies in the expected region and year; anything else is a wrong-region/year answer."""
    if (within := expect.get("region_within")) and any(within not in c.region for c in answer.citations):
        outcome.wrong_region = True
        outcome.problems.append(f"引用了{within}以外的文件")
    year = expect.get("year")
    if year and expect.get("year_all") and any(c.year != year for c in answer.citations):
        outcome.wrong_year = True
        outcome.problems.append(f"引用了{year}年以外的文件")


def _check_dated(answer: Answer, expect: dict[str, Any], outcome: Outcome) -> None:
    """Due-by and overdue lists: every cited date on or before (before) the bound, and enough of them."""
    for key, inclusive in (("due_by", True), ("overdue", False)):
        if (spec := expect.get(key)) is None:
            continue
        bound = spec.get("date") or spec.get("before")
        dates = [c.deadline.date if isinstance(c, Citation) else None for c in answer.citations]
        late = [d for d in dates if d is None or (d > bound if inclusive else d >= bound)]
        if late:
            outcome.problems.append(f"有 {len(late)} 条引用不在 {bound} {'及之前' if inclusive else '之前'}")
        if len(dates) < spec.get("min_count", 1):
            outcome.problems.append(f"只列出 {len(dates)} 项，应至少 {spec.get('min_count', 1)} 项")
