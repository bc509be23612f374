"""eval/REPORT.md: the metrics of every retrieval mode side by side, trust figures, and every failed question."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from assistant.answering.answerer import Answer
from eval.expectations import Outcome
from indexer.index.reader import KnowledgeBase

__all__ = ["render_report"]

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


def render_report(
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
    if "askback_count" in results[modes[0]]:
        cells = " | ".join(f"{results[m]['askback_count']:.0f}" for m in modes)
        lines.append(f"| 反问地区的题数（作为对话的第一问，反问即不通过） | {cells} |")
    lines += _trust_table(results, modes)
    for mode in modes:
        lines += ["", f"## 未通过的题目（{mode}，{len(failures[mode])} 题）", ""]
        for item, outcome, _ in failures[mode]:
            lines.append(f"- `{item['id']}` {item['question']} —— {'；'.join(outcome.problems)}")
    return "\n".join(lines) + "\n"


_TRUST_ROWS = [
    ("答错地区的回答（须为 0）", "wrong_region", "{:.0f}"),
    ("答错年份的回答（须为 0）", "wrong_year", "{:.0f}"),
    ("误拒率（文件能回答却拒答）", "false_refusal", "{:.1%}"),
    ("确定回答中答错的比例", "confident_wrong", "{:.1%}"),
    ("确定回答：题数 / 正确率", ("answer_count", "answer_precision"), "{:.0f} / {:.1%}"),
    ("可能相关：题数 / 正确率", ("hedge_count", "hedge_precision"), "{:.0f} / {:.1%}"),
    ("拒答：题数 / 正确率", ("refuse_count", "refuse_precision"), "{:.0f} / {:.1%}"),
]


def _trust_table(results: dict[str, dict[str, float]], modes: list[str]) -> list[str]:
    """Trust figures and pass rate per question category (categories only where the question set has them)."""
    lines = ["", "### 可信度与三种结果", "", "| 指标 | " + " | ".join(modes) + " |", "|---|" + "---|" * len(modes)]
    for label, key, fmt in _TRUST_ROWS:
        keys = key if isinstance(key, tuple) else (key,)
        cells = [fmt.format(*(results[m][k] for k in keys)) for m in modes]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    categories = sorted(k for k in results[modes[0]] if k.startswith("category:"))
    if categories:
        lines += [
            "",
            "### 按问题类别的通过率",
            "",
            "| 类别 | " + " | ".join(modes) + " |",
            "|---|" + "---|" * len(modes),
        ]
        for key in categories:
            row = " | ".join(f"{results[m][key]:.1%}" for m in modes)
            lines.append(f"| {key.split(':', 1)[1]} | {row} |")
    return lines
