"""The same evaluation on both search backends over one generation: ``python -m eval backends`` → eval/BACKENDS.md.

The documents are indexed once, with the Milvus backend (milvus-lite in a
temporary folder), so the generation's own FAISS and bm25s files and its
Milvus collections hold the same rows. Every question of each question set is
then asked through both backends; the report gives each backend's pass rate
and how many answers are identical (text and citations).
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Any

from assistant.answering.answerer import Assistant
from assistant.settings import Settings
from eval.expectations import RANK_TOP, evaluate_answer
from eval.runner import EVAL_TODAY, load_questions

__all__ = ["compare_backends"]


def _answers(settings: Settings, questions: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], float, float]:
    kb = settings.knowledge_base().load()
    assistant = Assistant.from_settings(kb, settings, today=lambda: EVAL_TODAY)
    answers, passed, began = [], 0, time.perf_counter()
    for item in questions:
        answer = assistant.ask(item["question"], top_k=RANK_TOP)
        passed += evaluate_answer(answer, item["expect"], kb.registry).passed
        shown = answer.to_dict()
        shown.pop("generation")
        answers.append(shown)
    return answers, passed / len(questions), (time.perf_counter() - began) * 1000 / len(questions)


def compare_backends(base: Settings, sets: list[tuple[Path, list[Path]]], report: Path) -> list[dict[str, Any]]:
    """For each (question file, documents): index once, ask on both backends, compare."""
    rows = []
    for questions_path, documents in sets:
        questions = load_questions(questions_path)
        with tempfile.TemporaryDirectory(prefix="zhengwuyuan-backends-") as folder:
            milvus = base.model_copy(update={"index_dir": Path(folder), "search_backend": "milvus", "milvus_uri": None})
            built = milvus.catalog().build(documents)
            assert built.generation is not None
            embedded = milvus.model_copy(update={"search_backend": "embedded"})
            first, embedded_rate, embedded_ms = _answers(embedded, questions)
            second, milvus_rate, milvus_ms = _answers(milvus, questions)
        same = sum(a == b for a, b in zip(first, second, strict=True))
        rows.append(
            {
                "questions": str(questions_path),
                "count": len(questions),
                "embedded": embedded_rate,
                "milvus": milvus_rate,
                "identical": same,
                "embedded_ms": embedded_ms,
                "milvus_ms": milvus_ms,
            }
        )
    _write(report, rows)
    return rows


def _write(report: Path, rows: list[dict[str, Any]]) -> None:
    lines = [
        "# 两种检索后端上的同一评测 eval/BACKENDS.md",
        "",
        f"由 `python -m eval backends` 于 {time.strftime('%Y-%m-%d %H:%M')} 生成。文件只建一次索引（Milvus 后端：",
        "milvus-lite，临时目录），同一代索引既有自己的 FAISS + bm25s 文件，也有 Milvus 中的两个集合；",
        "每个问题分别经两种后端回答（hybrid，RRF），比较通过率与回答是否逐字相同（正文与全部引用）。",
        "",
        "| 问题集 | 题数 | 内置（FAISS + bm25s）通过率 | Milvus 通过率 | 差 | 回答完全相同 "
        "| 每题耗时 内置 / Milvus (ms) |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| `{r['questions']}` | {r['count']} | {r['embedded']:.1%} | {r['milvus']:.1%} | "
            f"{(r['milvus'] - r['embedded']) * 100:+.1f} 个百分点 | {r['identical']} / {r['count']} | "
            f"{r['embedded_ms']:.1f} / {r['milvus_ms']:.1f} |"
        )
    lines += [
        "",
        "Milvus 一侧每个问题做四次检索（两个通道 × 向量与 BM25），milvus-lite 在本进程内以纯 Python 运行，",
        "所以它的耗时不代表 Milvus Standalone/Distributed；这里比较的是结果。",
    ]
    report.write_text("\n".join(lines) + "\n", encoding="utf-8")
