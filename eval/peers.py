"""``python -m eval peers``: records only, passages only and fused, beside the peers' chunk retrievers.

The peers (Langchain-Chatchat, LlamaIndex, plain dense) run from
``../shared/peers`` in their own virtual environment, on the same corpus
folder and questions; their harness also drives this project's CLI live, for
its latency and its fused answers. The three variants of this project are
scored here with the harness's own functions (``score_one``, ``project_items``,
``summarise``, imported by path: they need only the standard library), so
every row of the report is counted the same way. QA right comes from
``../shared/real/score.py``.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any, cast

from assistant.answering.answerer import Assistant
from assistant.answering.retriever import Channels
from assistant.settings import Settings
from eval.calibration import Evidence, floors_table, strongest_evidence
from eval.real import DEVELOPED_SETS, load_scorer
from eval.runner import EVAL_TODAY, load_jsonl
from indexer.errors import ZhengwuyuanError

__all__ = ["PEER_SYSTEMS", "Corpus", "Row", "corpora", "peers_report", "render_section", "run_corpus"]

PEER_SYSTEMS = "A chatchat hybrid 250/50 k3,B llamaindex 512/20 jieba k5,C dense"
"""The chunk-based peers the issue sets the bar with (whole-page chunkers find the page, not the clause)."""
VARIANTS: tuple[tuple[str, Channels], ...] = (
    ("融合（产品）", "both"),
    ("仅任务记录", "records"),
    ("仅原文片段", "passages"),
)
_PROJECT = "D project (zhengwuyuan ask, onnx encoder)"


@dataclass(frozen=True)
class Corpus:
    """A question set and the documents it is asked of; ``real`` sets use the real-page question format."""

    name: str
    questions: Path
    documents: tuple[Path, ...]
    real: bool
    held_out: bool = False


@dataclass
class Row:
    """One system's figures on one corpus (None where a figure does not apply)."""

    system: str
    metrics: dict[str, Any] = field(default_factory=dict)


def _module(name: str, path: Path) -> ModuleType:
    sys.path.insert(0, str(path.parent))
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None or not path.exists():
        raise ZhengwuyuanError(f"找不到 {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def _corpus_folder(corpus: Corpus, work: Path) -> Path:
    """One flat folder of documents (the peers read a folder): pages copied, keeping their names."""
    folder = work / corpus.name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for source in corpus.documents:
        files = sorted(source.iterdir()) if source.is_dir() else [source]
        for path in files:
            if path.is_file() and path.suffix in (".txt", ".md") and path.stem.lower() != "readme":
                shutil.copy(path, folder / path.name)
    return folder


def _refusals_abstain(question: dict[str, Any]) -> dict[str, Any]:
    """The seeds' sets mark what must be refused as ``outcome: refuse`` (a place or year the base lacks, too):
    for the harness that is an out-of-scope question (``abstain``)."""
    expect = question["expect"]
    if expect.get("outcome") == "refuse" and not expect.get("abstain"):
        return {**question, "expect": {**expect, "abstain": True}}
    return question


def _variant(assistant: Assistant, questions: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[float]]:
    assistant.ask("政务公开专区", top_k=1)  # warm-up, not timed
    answers, millis = [], []
    for question in questions:
        began = time.perf_counter()
        answers.append(assistant.ask(question["question"]).to_dict())
        millis.append((time.perf_counter() - began) * 1000)
    return answers, millis


def _scored(scoring: ModuleType, questions: list[dict[str, Any]], answers: list[dict[str, Any]]) -> dict[str, Any]:
    """The harness's metrics for one answers list (its ``project_items``/``score_one``/``summarise``)."""
    compare = getattr(scoring, "C", scoring)
    per_q = []
    for question, answer in zip(questions, answers, strict=True):
        items = scoring.project_items(answer)
        record: dict[str, Any] = {"returned": len(items) if answer.get("answered") else 0}
        if compare.kind_of(question["expect"]) == "retrieval":
            record["score"] = scoring.score_one(question["expect"], items)
        per_q.append(record)
    metrics: dict[str, Any] = compare.summarise(per_q, questions, 5)
    doc_units = [r["score"]["unit_ok_doc"] for r in per_q if "score" in r and "unit_ok_doc" in r["score"]]
    metrics["unit3_right_doc"] = round(sum(doc_units) / len(doc_units), 3) if doc_units else None
    return metrics


def run_corpus(corpus: Corpus, shared: Path, peers_python: Path | None, work: Path) -> list[Row]:
    """Our three variants and (when a peers interpreter is given) the peers on one corpus."""
    harness = _module("compare_real", shared / "peers" / "compare_real.py")
    # The seeds' own format judges the right document by region and year (compare.py); real pages by file stem.
    scoring = harness if corpus.real else harness.C
    folder = _corpus_folder(corpus, work)
    settings = Settings(index_dir=work / f"index-{corpus.name}")
    settings.catalog().build([folder])
    kb = settings.knowledge_base().load()
    raw = load_jsonl(corpus.questions)
    questions = harness.convert(raw) if corpus.real else [_refusals_abstain(q) for q in raw]
    scorer = load_scorer(shared) if corpus.real else None
    rows, fused_answers = [], work / f"answers-{corpus.name}.jsonl"
    for label, channels in VARIANTS:
        kb.encoder.clear_cache()  # each variant embeds its questions afresh: its latency is its own
        assistant = Assistant(kb, settings.max_question_chars, today=lambda: EVAL_TODAY, channels=channels)
        answers, millis = _variant(assistant, questions)
        metrics = _scored(scoring, questions, answers)
        metrics["p50_ms"] = round(statistics.median(millis), 1)
        metrics["refused_in_scope"] = sum(
            not a["answered"]
            for q, a in zip(questions, answers, strict=True)
            if harness.C.kind_of(q["expect"]) == "retrieval"
        )
        if scorer is not None:
            _, details = scorer.score_answers(raw, answers)
            metrics["qa_right"] = f"{sum(d['right'] for d in details)}/{len(details)}"
        rows.append(Row(label, metrics))
        if channels == "both":
            fused_answers.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in answers), "utf-8")
    if peers_python is not None:
        rows += _peers(corpus, folder, fused_answers, settings, shared, peers_python, work)
    return rows


def _peers(
    corpus: Corpus, folder: Path, answers: Path, settings: Settings, shared: Path, python: Path, work: Path
) -> list[Row]:
    """Run the peers' harness (its own interpreter); it also times this project's CLI live."""
    script = "compare_real.py" if corpus.real else "compare.py"
    out = work / f"run-{corpus.name}"
    command = [
        str(python), str(shared / "peers" / script), "--docs", str(folder), "--project", str(Path.cwd()),
        "--questions", f"{corpus.name}={corpus.questions.resolve()}", "--answers", f"{corpus.name}={answers}",
        "--zwy", str(Path(sys.executable).parent / "zhengwuyuan"), "--zwy-index", str(settings.index_dir),
        "--systems", PEER_SYSTEMS, "--out", str(out),
    ]  # fmt: skip
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    run = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    rows = []
    for name, system in run["systems"].items():
        slot = system["files"].get(corpus.name, {})
        metrics = dict(slot.get("metrics", {}))
        metrics["unit3_right_doc"] = metrics.get("unit_in_ctx3_right_doc")
        millis = cast(list[float], slot.get("latency_ms") or [])
        metrics["p50_ms"] = round(statistics.median(millis), 1) if millis else None
        rows.append(Row("CLI 实测（ask --json 往返）" if name == _PROJECT else name, metrics))
    return rows


_COLUMNS = (
    ("Hit@1", "hit1"),
    ("Hit@3 正确文件", "hit3_right_doc"),
    ("unit@3 正确文件", "unit3_right_doc"),
    ("问答正确（score.py）", "qa_right"),
    ("答案存在却拒答", "refused_in_scope"),
    ("知识库外问题拒答", "abstain"),
    ("p50 ms", "p50_ms"),
)


def render_section(corpus: Corpus, rows: list[Row]) -> list[str]:
    """One corpus: a row per system, the issue's columns."""
    lines = [
        f"## {corpus.name}（{corpus.questions}{'；留出集，只测一次' if corpus.held_out else ''}）",
        "",
        "| 系统 | " + " | ".join(title for title, _ in _COLUMNS) + " |",
        "|---|" + "---|" * len(_COLUMNS),
    ]
    for row in rows:
        m = dict(row.metrics)
        if m.get("n_abstain"):
            m["abstain"] = f"{m.get('abstained', 0)}/{m['n_abstain']}"
        cells = [_cell(m.get(key)) for _, key in _COLUMNS]
        lines.append(f"| {row.system} | " + " | ".join(cells) + " |")
    return [*lines, ""]


def _cell(value: Any) -> str:
    if value is None:
        return "–"
    return f"{value:.3f}" if isinstance(value, float) and value <= 1 else str(value)


def corpora(shared: Path, holdout: bool = False) -> list[Corpus]:
    """The seeds' development set and every real set beside the shipped documents; the held-out set only when
    asked for (it is measured once).

    The everyday set is not among them: it also asks about ../shared/layouts' Word, Excel, HTML and PDF files,
    which the peers' loaders do not read (they take .txt/.md), so its figures would compare different corpora.
    """
    documents = Path("knowledge_base/documents")
    found = [Corpus("dev", Path("eval/dev_questions.jsonl"), (documents,), real=False)]
    sets = [("real", shared / "real"), ("real2", shared / "real2")]
    sets += [(name, Path("tests") / name) for name in DEVELOPED_SETS]
    if holdout:
        sets.append(("real_holdout", Path("tests/real_holdout")))
    for name, folder in sets:
        if (folder / "questions.jsonl").exists():
            found.append(Corpus(name, folder / "questions.jsonl", (documents, folder), True, name == "real_holdout"))
    return found


def peers_report(shared: Path, peers_python: Path | None, work: Path, holdout: bool = False) -> str:
    """Every corpus, our variants and the peers, then the floors with the out-of-scope evidence."""
    lines = [
        "# 与分块检索系统并排（`python -m eval peers`）",
        "",
        f"评测日期固定为 {EVAL_TODAY.isoformat()}。每个语料一个文件夹（内置文件 + 该集合的页面），"
        "本项目与同行系统读同一文件夹、答同一组问题，指标一律用 `../shared/peers` 评测脚本自己的函数计算"
        "（Hit@k：前 k 条含金标片段；正确文件：该条来自问题的文件；"
        "unit@3 正确文件：前三条中来自问题文件的条目含全部金标单位）。"
        "本项目三行：融合（产品的默认）、仅任务记录、仅原文片段，同一索引、同一进程内计时；"
        "“CLI 实测”一行是评测脚本驱动 `zhengwuyuan ask --json` 的往返时间。"
        f"同行系统：{PEER_SYSTEMS}（整页一块的配置找到的是页面而不是条款，不作为标杆）。",
        "",
    ]
    for corpus in corpora(shared, holdout):
        lines += render_section(corpus, run_corpus(corpus, shared, peers_python, work))
    lines += [
        "## 阈值标定（开发集与日常用语集中应当拒答的问题）",
        "",
        *floors_table(_must_refuse(shared, work)),
        "",
    ]
    return "\n".join(lines)


def _must_refuse(shared: Path, work: Path) -> list[Evidence]:
    """The strongest evidence each must-refuse question of the seeds' two sets reached (their own corpora)."""
    documents = Path("knowledge_base/documents")
    found = []
    for name, questions, folders in (
        ("dev", Path("eval/dev_questions.jsonl"), [documents]),
        ("everyday", Path("eval/everyday_questions.jsonl"), [documents, shared / "layouts"]),
    ):
        settings = Settings(index_dir=work / f"calibration-{name}")
        settings.catalog().build(folders)
        assistant = Assistant.from_settings(settings.knowledge_base().load(), settings, today=lambda: EVAL_TODAY)
        refuse = [q["question"] for q in load_jsonl(questions) if _refusals_abstain(q)["expect"].get("abstain")]
        found += [strongest_evidence(assistant, q) for q in refuse]
    return found
