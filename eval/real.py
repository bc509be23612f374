"""``python -m eval real``: real pages as found, scored the way ../shared/real/score.py scores them.

Each set (a folder of pages with ``gold.jsonl`` and ``questions.jsonl``) is
indexed with the shipped documents, as an operator would add it; its task
list is scored for records found, units and deadlines, and its questions for
answers right (score.py's own ``score_tasks``/``score_answers``, loaded from
the shared folder, so the figures are the issue's figures). Refusals of a
place ("知识库中没有X的文件") count apart: every real question has its answer
in its page, so each one is a false place refusal. The layout corpora's
record figures are summarised beside them. A held-out set is scored only when
asked for (``--holdout``), and reported apart.
"""

from __future__ import annotations

import importlib.util
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from assistant.answering.answerer import Assistant
from assistant.answering.tasks import TaskQuery, list_tasks
from assistant.settings import Settings
from eval.layouts import FIELDS, score_corpus
from eval.runner import EVAL_TODAY, load_jsonl
from indexer.errors import ZhengwuyuanError

__all__ = ["DEVELOPED_SETS", "RealSet", "SetScore", "load_scorer", "score_set", "write_real_report"]

# The real sets under tests/ that development has seen (each a held-out set once, measured once, then developed on).
DEVELOPED_SETS = tuple(f"real_dev{n}" for n in ("", 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14))

_PLACE_REFUSAL = "的文件"  # 知识库中没有X的文件（；已收录的邻近地区：…）


@dataclass(frozen=True)
class RealSet:
    """A folder of real pages with their gold; ``held_out`` sets are reported apart."""

    name: str
    folder: Path
    held_out: bool = False


@dataclass
class SetScore:
    """One set's per-document rows (score.py's columns plus false place refusals) and its totals."""

    real_set: RealSet
    rows: dict[str, dict[str, int]] = field(default_factory=dict)
    totals: dict[str, int] = field(default_factory=dict)
    failures: list[dict[str, Any]] = field(default_factory=list)


def load_scorer(shared: Path) -> ModuleType:
    """score.py from the shared folder: the one definition of found, units right and QA right."""
    path = shared / "real" / "score.py"
    spec = importlib.util.spec_from_file_location("real_score", path)
    if spec is None or spec.loader is None or not path.exists():
        raise ZhengwuyuanError(f"找不到评分脚本 {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def score_set(real_set: RealSet, settings: Settings, scorer: ModuleType, work: Path) -> SetScore:
    """Index the shipped documents plus the set's pages, then score its tasks and answers."""
    corpus = work / real_set.name
    shutil.rmtree(corpus, ignore_errors=True)
    corpus.mkdir(parents=True)
    for source in [*settings.documents_dir.iterdir(), *real_set.folder.iterdir()]:
        if source.is_file() and source.suffix not in (".jsonl", ".py") and source.name != "README.md":
            shutil.copy(source, corpus / source.name)
    indexed = settings.model_copy(update={"index_dir": work / f"index-{real_set.name}"})
    indexed.catalog().build([corpus])
    kb = indexed.knowledge_base().load()
    assistant = Assistant.from_settings(kb, indexed, today=lambda: EVAL_TODAY)
    tasks = [row.to_dict() for row in list_tasks(kb.current().store, TaskQuery(), EVAL_TODAY)]
    questions = load_jsonl(real_set.folder / "questions.jsonl")
    answers = [assistant.ask(q["question"]).to_dict() for q in questions]
    task_rows, _ = scorer.score_tasks(load_jsonl(real_set.folder / "gold.jsonl"), tasks)
    qa_rows, details = scorer.score_answers(questions, answers)
    score = SetScore(real_set)
    for doc, row in task_rows.items():
        qa = qa_rows.get(doc, {"n": 0, "right": 0, "clause": 0, "answered": 0})
        score.rows[doc] = {**row, **{f"qa_{k}": v for k, v in qa.items()}, "place_refusals": 0}
    for question, answer, detail in zip(questions, answers, details, strict=True):
        if not answer["answered"] and answer["text"].startswith("知识库中没有") and _PLACE_REFUSAL in answer["text"]:
            score.rows[question["doc"]]["place_refusals"] += 1
        if not detail["right"]:
            score.failures.append({**detail, "answer_text": answer["text"][:120]})
    for row in score.rows.values():
        for key, value in row.items():
            score.totals[key] = score.totals.get(key, 0) + value
    return score


def _pct(part: int, whole: int) -> str:
    return "—" if not whole else f"{100 * part / whole:.0f}%"


def _set_section(score: SetScore) -> list[str]:
    title = f"## `{score.real_set.folder.name}`{'（留出集，只测一次）' if score.real_set.held_out else ''}"
    lines = [
        title,
        "",
        "| 文档 | 记录 | 金标任务 | 找到 | 单独记录 | 单位正确 | 时限正确 | 问答正确 | 首条为正确条款 | 作答 "
        "| 误拒（地区） |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for doc, r in [*score.rows.items(), ("**合计**", score.totals)]:
        lines.append(
            f"| {doc} | {r['records']} | {r['gold']} | {r['found']} | {r['own']} | "
            f"{r['units']}（{_pct(r['units'], r['gold'])}） | {r['dl_right']}/{r['dl_scored']} | "
            f"{r['qa_right']}/{r['qa_n']}（{_pct(r['qa_right'], r['qa_n'])}） | {r['qa_clause']}/{r['qa_n']} | "
            f"{r['qa_answered']}/{r['qa_n']} | {r['place_refusals']} |"
        )
    if score.failures and not score.real_set.held_out:  # a held-out set's questions stay unread
        lines += ["", "<details><summary>答错的问题</summary>", ""]
        for f in score.failures:
            lines.append(
                f"- `{f['doc']}` {f['question']} —— 首条引用 {f['top_doc']}，单位 {f['top_units']}；"
                f"回答：{f['answer_text'].splitlines()[0] if f['answer_text'] else ''}"
            )
        lines += ["", "</details>"]
    return [*lines, ""]


def write_real_report(
    real_sets: list[RealSet], layout_corpora: list[Path], shared: Path, report: Path
) -> list[SetScore]:
    """Score every set (and the layout corpora's records) and write the report."""
    scorer = load_scorer(shared)
    settings = Settings()
    with tempfile.TemporaryDirectory(prefix="zhengwuyuan-real-") as folder:
        scores = [score_set(s, settings, scorer, Path(folder)) for s in real_sets]
    lines = [
        "# 真实页面评测（`python -m eval real`）",
        "",
        f"评测日期固定为 {EVAL_TODAY.isoformat()}。每个集合与五份内置文件一起建索引，任务清单与问答用 "
        "`../shared/real/score.py` 自身的函数评分（找到 = 某条记录含金标片段；"
        "单位正确 = 该记录的牵头+责任单位含全部金标单位；"
        "问答正确 = 首条引用来自该页面、含金标片段，且单位/时限与金标一致）。真实问题的答案都在页面里，"
        "所以“误拒（地区）”一列的每一次都是错误。",
        "",
        "| 集合 | 页面 | 金标任务 | 单位正确 | 时限正确 | 问答正确 | 误拒（地区） |",
        "|---|---|---|---|---|---|---|",
    ]
    for s in scores:
        t = s.totals
        name = f"`{s.real_set.folder.name}`" + ("（留出集）" if s.real_set.held_out else "")
        lines.append(
            f"| {name} | {len(s.rows)} | {t['gold']} | {_pct(t['units'], t['gold'])} | "
            f"{_pct(t['dl_right'], t['dl_scored'])} | "
            f"{t['qa_right']}/{t['qa_n']}（{_pct(t['qa_right'], t['qa_n'])}） | {t['place_refusals']} |"
        )
    lines += ["", *_layout_summary(layout_corpora), ""]
    for s in scores:
        lines += _set_section(s)
    report.write_text("\n".join(lines), encoding="utf-8")
    return scores


def _layout_summary(corpora: list[Path]) -> list[str]:
    lines = [
        "## 版式语料（记录层面，详见 `eval/LAYOUTS.md`）",
        "",
        "| 语料 | 文档 | 任务 | 单独记录 | 牵头 | 责任 | 时限 |",
        "|---|---|---|---|---|---|---|",
    ]
    for corpus in corpora:
        scores, _ = score_corpus(corpus)
        gold = sum(s.gold for s in scores)
        cells = [sum(s.right[k] for s in scores) for k in FIELDS]
        lines.append(
            f"| `{corpus.parent.name}/{corpus.name}` | {len(scores)} | {gold} | "
            + " | ".join(_pct(c, gold) for c in cells)
            + " |"
        )
    return lines
