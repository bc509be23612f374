"""Run a question set against each retrieval mode and write a side-by-side report.

A question file holds one JSON object per line: ``{"id", "question", "expect"}``.
``expect`` may hold ``abstain``, ``region``, ``year``, ``contains``, ``units``,
``deadline``, ``multi_doc``, ``list_unit``/``min_count``/``contains_any`` and
``all_deadline``/``contains_all`` (see eval/README.md).
"""

from __future__ import annotations

import json
import statistics
import time
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any, cast

from assistant.answering.answerer import Answer, Assistant
from assistant.answering.retriever import FUSIONS, MODES, Fusion
from assistant.answering.scope import plan_scope
from assistant.conversation.dialogue import Dialogue
from assistant.settings import Settings
from eval.expectations import RANK_TOP, Outcome, evaluate_answer
from eval.report import render_report
from indexer.errors import ZhengwuyuanError

__all__ = ["EVAL_TODAY", "load_jsonl", "load_questions", "run_evaluation"]

EVAL_TODAY = date(2026, 11, 23)
"""The clock every evaluation answers against, so 今年 and 逾期 mean the same on every run."""


def load_jsonl(path: Path, required: frozenset[str] = frozenset()) -> list[dict[str, Any]]:
    """One JSON object per non-empty line, each with the ``required`` keys; a bad line is named, never skipped."""
    items = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except ValueError as exc:
            raise ZhengwuyuanError(f"{path} 第 {number} 行不是合法的 JSON：{exc}") from exc
        if not required <= set(item):
            raise ZhengwuyuanError(f"{path} 第 {number} 行缺少 {'/'.join(sorted(required))} 字段")
        items.append(item)
    return items


def load_questions(path: Path) -> list[dict[str, Any]]:
    return load_jsonl(path, frozenset({"id", "question", "expect"}))


def run_evaluation(
    settings: Settings, questions_path: Path, modes: list[str], report: Path, conversation: bool = False
) -> dict[str, dict[str, float]]:
    """Ask every question in every mode; write ``report``; return metrics per mode.

    With ``conversation`` each question opens a new conversation, as the API and the chat ask it: the placeless
    rule (default region, or an ask-back for the place) applies, and an ask-back fails the question."""
    questions = load_questions(questions_path)
    start = time.perf_counter()
    if settings.encoder_backend == "torch":  # library imports, timed apart from loading
        import sentence_transformers  # noqa: F401
    else:
        import onnxruntime  # noqa: F401

    import_seconds = time.perf_counter() - start
    start = time.perf_counter()
    kb = settings.knowledge_base().load()
    load_seconds = time.perf_counter() - start
    results: dict[str, dict[str, float]] = {}
    failures: dict[str, list[tuple[dict[str, Any], Outcome, Answer]]] = {}
    for mode in modes:
        retrieval, _, fusion = mode.partition("-")
        if retrieval not in MODES or (fusion or "rrf") not in FUSIONS:
            raise ZhengwuyuanError(f"未知的检索模式 {mode}；可选：keyword、dense、hybrid、hybrid-weighted")
        assistant = Assistant.from_settings(
            kb, settings, retrieval, cast(Fusion, fusion or "rrf"), today=lambda: EVAL_TODAY
        )
        kb.encoder.clear_cache()
        assistant.ask("政务公开专区", top_k=1)  # warm-up, not timed
        kb.encoder.clear_cache()
        outcomes, latencies, asked = [], [], 0
        dialogue = Dialogue.from_settings(assistant, settings) if conversation else None
        for item in questions:
            began = time.perf_counter()
            answer, asks_back = _answer(assistant, dialogue, item["question"])
            latencies.append((time.perf_counter() - began) * 1000)
            outcome = evaluate_answer(answer, item["expect"], kb.registry)
            if asks_back:
                asked += 1
                outcome.passed, outcome.problems = False, ["反问了地区（应直接回答）", *outcome.problems]
            if phrase := item["expect"].get("contains"):
                outcome.rank = _retrieval_rank(assistant, item["question"], phrase)
            outcomes.append((item, outcome, answer))
        results[mode] = _metrics(outcomes, latencies)
        if conversation:
            results[mode]["askback_count"] = asked
        failures[mode] = [o for o in outcomes if not o[1].passed]
    timing = (import_seconds, load_seconds)
    report.write_text(render_report(questions_path, kb, timing, results, failures), encoding="utf-8")
    return results


def _answer(assistant: Assistant, dialogue: Dialogue | None, question: str) -> tuple[Answer, bool]:
    """The answer a single question gets (alone, or as a conversation's first turn) and whether it asked back."""
    if dialogue is None:
        return assistant.ask(question, top_k=RANK_TOP), False
    reply, _ = replace(dialogue, top_k=RANK_TOP).ask(question)
    return reply.answer, reply.asks_back


def _retrieval_rank(assistant: Assistant, question: str, phrase: str) -> int | None:
    """Rank of the gold clause among the retriever's top 10 in the answer's own scope, whether or not it abstained."""
    snapshot = assistant.kb.current()
    analyzer = assistant.analyzer
    query = analyzer.analyze(question)
    plan = plan_scope(snapshot, query, analyzer.regions)
    hits = assistant.retriever.search(query.search_text, plan.task_filter, RANK_TOP, snapshot)
    return next((i for i, h in enumerate(hits, 1) if phrase in h.text), None)


def _ratio(values: list[bool]) -> float:
    return sum(values) / len(values) if values else 1.0


def _metrics(outcomes: list[tuple[dict[str, Any], Outcome, Answer]], latencies: list[float]) -> dict[str, float]:
    ranked = [o for item, o, _ in outcomes if "contains" in item["expect"]]
    expected_abstain = [item["expect"].get("abstain", False) for item, _, _ in outcomes]
    abstained = [not answer.answered for _, _, answer in outcomes]
    true_abstain = sum(e and a for e, a in zip(expected_abstain, abstained, strict=True))
    ordered = sorted(latencies)
    return {
        "questions": len(outcomes),
        "pass_rate": _ratio([o.passed for _, o, _ in outcomes]),
        "hit1": _ratio([o.rank == 1 for o in ranked]),
        "hit5": _ratio([o.rank is not None and o.rank <= 5 for o in ranked]),
        "mrr10": sum(1 / o.rank for o in ranked if o.rank) / len(ranked) if ranked else 0.0,
        "unit_accuracy": _ratio([o.unit_ok for o in ranked if o.unit_ok is not None]),
        "deadline_accuracy": _ratio([o.deadline_ok for o in ranked if o.deadline_ok is not None]),
        "abstain_precision": true_abstain / sum(abstained) if sum(abstained) else 1.0,
        "abstain_recall": true_abstain / sum(expected_abstain) if sum(expected_abstain) else 1.0,
        "p50_ms": statistics.median(ordered),
        "p95_ms": ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))],
        **_trust(outcomes),
    }


def _trust(outcomes: list[tuple[dict[str, Any], Outcome, Answer]]) -> dict[str, float]:
    """Wrong-place and wrong-year answers, false refusals, confident answers that are wrong, outcome precision."""
    answerable = [(o, a) for item, o, a in outcomes if _expected(item) != "refuse"]
    confident = [o for _, o, a in outcomes if a.outcome == "answer"]
    figures: dict[str, float] = {
        "wrong_region": sum(o.wrong_region or _answered_elsewhere(i, a) for i, o, a in outcomes),
        "wrong_year": sum(o.wrong_year for _, o, _ in outcomes),
        "false_refusal": _ratio([a.outcome == "refuse" for _, a in answerable]) if answerable else 0.0,
        "confident_wrong": _ratio([not o.passed for o in confident]) if confident else 0.0,
    }
    for kind in ("answer", "hedge", "refuse"):
        given = [o for _, o, a in outcomes if a.outcome == kind]
        figures[f"{kind}_count"] = len(given)
        figures[f"{kind}_precision"] = _ratio([o.passed for o in given])
    for category in sorted({str(item.get("category")) for item, _, _ in outcomes if item.get("category")}):
        figures[f"category:{category}"] = _ratio([o.passed for i, o, _ in outcomes if i.get("category") == category])
    return figures


def _expected(item: dict[str, Any]) -> str:
    expect = item["expect"]
    return "refuse" if expect.get("abstain") else str(expect.get("outcome", "answer_or_hedge"))


def _answered_elsewhere(item: dict[str, Any], answer: Answer) -> bool:
    """A question about a place the knowledge base lacks that was answered anyway, from somewhere else."""
    about_place = item.get("category") in ("out_of_region", "ambiguous_place")
    return about_place and _expected(item) == "refuse" and answer.outcome != "refuse"
