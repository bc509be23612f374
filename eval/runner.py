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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.answering.answerer import Answer, Assistant, Citation
from assistant.settings import Settings
from indexer.errors import ZhengwuyuanError
from indexer.index.reader import KnowledgeBase
from indexer.index.store import TaskFilter
from indexer.registry import UnitRegistry

__all__ = ["evaluate_answer", "load_questions", "run_evaluation"]

_PASS_TOP = 3
_RANK_TOP = 10


@dataclass
class Outcome:
    """How one answer measured up to its expectations."""

    passed: bool
    rank: int | None = None  # 1-based rank of the gold clause among the citations
    unit_ok: bool | None = None
    deadline_ok: bool | None = None
    problems: list[str] = field(default_factory=list)


def load_questions(path: Path) -> list[dict[str, Any]]:
    items = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except ValueError as exc:
            raise ZhengwuyuanError(f"{path} 第 {number} 行不是合法的 JSON：{exc}") from exc
        if not {"id", "question", "expect"} <= set(item):
            raise ZhengwuyuanError(f"{path} 第 {number} 行缺少 id/question/expect 字段")
        items.append(item)
    return items


def evaluate_answer(answer: Answer, expect: dict[str, Any], registry: UnitRegistry) -> Outcome:
    """Check one answer against its expectations."""
    outcome = Outcome(passed=True)
    if expect.get("abstain"):
        if answer.answered:
            outcome.problems.append("应当拒答却给出了回答")
        outcome.passed = not outcome.problems
        return outcome
    if not answer.answered:
        outcome.problems.append("拒答了：" + answer.text[:40])
        outcome.passed = False
        return outcome
    citations = answer.citations
    if phrase := expect.get("contains"):
        outcome.rank = next((i for i, c in enumerate(citations[:_RANK_TOP], 1) if phrase in c.record.text), None)
        if outcome.rank is None or outcome.rank > _PASS_TOP:
            outcome.problems.append(f"前{_PASS_TOP}条引用不含“{phrase}”（排名 {outcome.rank}）")
        else:
            _check_gold(citations[outcome.rank - 1], expect, outcome, registry)
    first = citations[0] if citations else None
    if (region := expect.get("region")) and (first is None or region not in first.record.region):
        outcome.problems.append(f"地区应为 {region}")
    if (year := expect.get("year")) and (first is None or first.record.year != year):
        outcome.problems.append(f"年份应为 {year}")
    if (documents := expect.get("multi_doc")) and len({c.record.doc_id for c in citations}) < documents:
        outcome.problems.append(f"引用文件少于 {documents} 份")
    if unit := expect.get("list_unit"):
        _check_list(answer, unit, expect, outcome, registry)
    if (due := expect.get("all_deadline")) is not None:
        if not citations or any(c.record.deadline.date != due for c in citations):
            outcome.problems.append(f"并非每条引用都在 {due} 到期")
        for phrase in expect.get("contains_all", []):
            if not any(phrase in c.record.text for c in citations):
                outcome.problems.append(f"缺少“{phrase}”")
    outcome.passed = not outcome.problems
    return outcome


def _check_gold(citation: Citation, expect: dict[str, Any], outcome: Outcome, registry: UnitRegistry) -> None:
    if units := expect.get("units"):
        cited = {registry.key(u, citation.record.region) for u in citation.record.units}
        outcome.unit_ok = all(registry.key(u, citation.record.region) in cited for u in units)
        if not outcome.unit_ok:
            outcome.problems.append(f"单位应含 {units}")
    if (deadline := expect.get("deadline")) is not None:
        actual = citation.record.deadline
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
    if phrases and not any(p in c.record.text for c in answer.citations for p in phrases):
        outcome.problems.append(f"未列出 {phrases}")


def run_evaluation(
    settings: Settings, questions_path: Path, modes: list[str], report: Path
) -> dict[str, dict[str, float]]:
    """Ask every question in every mode; write ``report``; return metrics per mode."""
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
        assistant = Assistant.from_settings(kb, settings, mode=retrieval, fusion=fusion or "rrf")  # type: ignore[arg-type]  # the report names modes as strings
        kb.encoder.clear_cache()
        assistant.ask("政务公开专区", top_k=1)  # warm-up, not timed
        kb.encoder.clear_cache()
        outcomes, latencies = [], []
        for item in questions:
            began = time.perf_counter()
            answer = assistant.ask(item["question"], top_k=_RANK_TOP)
            latencies.append((time.perf_counter() - began) * 1000)
            outcome = evaluate_answer(answer, item["expect"], kb.registry)
            if phrase := item["expect"].get("contains"):
                outcome.rank = _retrieval_rank(assistant, item["question"], phrase)
            outcomes.append((item, outcome, answer))
        results[mode] = _metrics(outcomes, latencies)
        failures[mode] = [o for o in outcomes if not o[1].passed]
    timing = (import_seconds, load_seconds)
    report.write_text(_render(questions_path, kb, timing, results, failures), encoding="utf-8")
    return results


def _retrieval_rank(assistant: Assistant, question: str, phrase: str) -> int | None:
    """Rank of the gold clause among the retriever's top 10, whether or not the answer abstained."""
    query = assistant.analyzer.analyze(question)
    hits = assistant.retriever.search(query.search_text, TaskFilter(region=query.region, year=query.year), _RANK_TOP)
    return next((i for i, h in enumerate(hits, 1) if phrase in h.record.text), None)


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
    }


_ROWS = [
    ("通过率 pass rate", "pass_rate", "{:.1%}"),
    ("Hit@1", "hit1", "{:.3f}"),
    ("Hit@5", "hit5", "{:.3f}"),
    ("MRR@10", "mrr10", "{:.3f}"),
    ("单位准确率（命中金标条款时）", "unit_accuracy", "{:.3f}"),
    ("时限准确率（命中金标条款时）", "deadline_accuracy", "{:.3f}"),
    ("拒答精确率", "abstain_precision", "{:.3f}"),
    ("拒答召回率", "abstain_recall", "{:.3f}"),
    ("延迟 p50 (ms)", "p50_ms", "{:.1f}"),
    ("延迟 p95 (ms)", "p95_ms", "{:.1f}"),
]


def _render(
    questions_path: Path,
    kb: KnowledgeBase,
    timing: tuple[float, float],
    results: dict[str, dict[str, float]],
    failures: dict[str, list[tuple[dict[str, Any], Outcome, Answer]]],
) -> str:
    modes = list(results)
    manifest = kb.current().manifest
    lines = [
        "# 评测报告 eval/REPORT.md",
        "",
        "由 `python -m eval run` 生成，请勿手改。",
        "",
        f"- 问题集：`{questions_path}`（{results[modes[0]]['questions']} 题）",
        f"- 模型：`{manifest.get('model')}`（维度 {manifest.get('dimension')}，后端 {kb.encoder.backend}），"
        f"索引记录 {manifest.get('counts', {}).get('records')} 条",
        f"- 模型加载 + 索引打开：{timing[1]:.2f} s；此前一次性导入推理库（{kb.encoder.backend}）：{timing[0]:.2f} s",
        "- 模式：`hybrid` = 关键词 + 向量，倒数排名融合（RRF，默认）；"
        "`hybrid-weighted` = 归一化分数加权融合（向量 0.6）。",
        "- 延迟为进程内单次 `Assistant.ask` 的耗时（含问题向量化，不含缓存命中），2 核 CPU。",
        "- 通过：每题的全部期望都满足；金标条款须出现在回答的前 3 条引用中。",
        "- Hit@1/Hit@5/MRR@10：含 `contains` 的题目上，金标条款在检索器前 10 名中的排名（与是否拒答无关）。",
        "",
        "| 指标 | " + " | ".join(modes) + " |",
        "|---|" + "---|" * len(modes),
    ]
    for label, key, fmt in _ROWS:
        lines.append(f"| {label} | " + " | ".join(fmt.format(results[m][key]) for m in modes) + " |")
    for mode in modes:
        lines += ["", f"## 未通过的题目（{mode}，{len(failures[mode])} 题）", ""]
        for item, outcome, _ in failures[mode]:
            lines.append(f"- `{item['id']}` {item['question']} —— {'；'.join(outcome.problems)}")
    return "\n".join(lines) + "\n"
