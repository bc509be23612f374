"""Generalisation report: parse layout corpora and compare the records with their gold tasks.

Each corpus is a folder of documents in different layouts with a ``gold.jsonl``
(one line per task: file, contains, lead_units, responsible_units, deadline).
The report says, per document and in total, how many gold tasks came out as
their own record with the right lead units, responsible units and deadline,
and lists every miss. Only :mod:`indexer` is imported, so the report runs
without the answering stack.

Run with ``python -m eval layouts [CORPUS_DIR ...]`` (``make layouts``).
"""

from __future__ import annotations

import json
import re
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from indexer.errors import DocumentError
from indexer.models import TaskRecord
from indexer.parsing.parse import parse_file
from indexer.parsing.readers import SUPPORTED_SUFFIXES

__all__ = [
    "DEFAULT_CORPORA",
    "DEFAULT_REPORT",
    "DEVELOPMENT_CORPORA",
    "FIELDS",
    "HOLDOUT_CORPUS",
    "score_corpus",
    "write_layouts_report",
]

REPO_ROOT = Path(__file__).resolve().parent.parent
DEVELOPMENT_CORPORA = [
    REPO_ROOT.parent / "shared" / "layouts",
    REPO_ROOT / "tests" / "layouts",
    REPO_ROOT / "tests" / "layouts_b",
    REPO_ROOT / "tests" / "layouts_c",
    REPO_ROOT / "tests" / "layouts_d",
]
HOLDOUT_CORPUS = REPO_ROOT / "tests" / "layouts_holdout"  # written without looking at the parser; never tuned on
DEFAULT_CORPORA = [*DEVELOPMENT_CORPORA, HOLDOUT_CORPUS]
DEFAULT_REPORT = REPO_ROOT / "eval" / "LAYOUTS.md"
FIELDS = ("found", "lead", "responsible", "deadline")
_SPACE = re.compile(r"\s+")


@dataclass
class DocumentScore:
    """One document's counts, parse time and misses."""

    file: str
    records: int = 0
    gold: int = 0
    right: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    millis: float = 0.0
    error: str = ""
    misses: list[str] = field(default_factory=list)


def _key(text: str) -> str:
    return _SPACE.sub("", text)


def _own_record(records: list[TaskRecord], contains: str, others: list[str]) -> TaskRecord | None:
    """The record holding ``contains`` and no other gold task of the file."""
    needle = _key(contains)
    for record in records:
        text = _key(record.text)
        if needle in text and not any(_key(o) in text for o in others if o != contains):
            return record
    return None


def _score_document(path: Path, golds: list[dict[str, Any]]) -> DocumentScore:
    score = DocumentScore(path.name, gold=len(golds))
    started = time.perf_counter()
    try:
        records = parse_file(path).records
    except DocumentError as exc:
        score.error = exc.problem
        score.misses.extend(f"`{path.name}` `{g['contains']}`: 解析失败 {exc.problem}" for g in golds)
        return score
    score.millis = (time.perf_counter() - started) * 1000
    score.records = len(records)
    contains = [g["contains"] for g in golds]
    for gold in golds:
        record = _own_record(records, gold["contains"], contains)
        if record is None:
            score.misses.append(f"`{path.name}` `{gold['contains']}`: 没有单独的记录")
            continue
        expected_deadline = (gold["deadline"]["raw"], gold["deadline"]["date"], gold["deadline"]["kind"])
        got = {
            "found": (True, True),
            "lead": (gold["lead_units"], record.lead_units),
            "responsible": (gold["responsible_units"], record.responsible_units),
            "deadline": (expected_deadline, (record.deadline.raw, record.deadline.date, record.deadline.kind)),
        }
        for name, (want, have) in got.items():
            if want == have:
                score.right[name] += 1
            else:
                score.misses.append(f"`{path.name}` `{gold['contains']}` {name}: 应为 {want}，实为 {have}")
    return score


def score_corpus(corpus: Path) -> tuple[list[DocumentScore], list[str]]:
    """Score every readable gold file of ``corpus``; return the scores and the files left for later readers."""
    by_file: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for line in (corpus / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            gold = json.loads(line)
            by_file[gold["file"]].append(gold)
    scores: list[DocumentScore] = []
    later: list[str] = []
    for name in sorted(by_file):
        path = corpus / name
        if path.suffix.lower() not in SUPPORTED_SUFFIXES:
            later.append(f"{name}（{len(by_file[name])} 条任务）")
            continue
        scores.append(_score_document(path, by_file[name]))
    return scores, later


def _percent(part: int, whole: int) -> str:
    return f"{part}/{whole} ({100 * part / whole:.1f}%)" if whole else "0/0"


def _corpus_section(corpus: Path, scores: list[DocumentScore], later: list[str]) -> tuple[list[str], dict[str, Any]]:
    gold = sum(s.gold for s in scores)
    totals = {name: sum(s.right[name] for s in scores) for name in FIELDS}
    lines = [
        f"## {_name(corpus)}",
        "",
        "| 文件 | 记录 | 任务 | 单独记录 | 牵头单位 | 责任单位 | 时限 | 解析毫秒 |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for s in scores:
        cells = [s.file, str(s.records), str(s.gold), *(str(s.right[n]) for n in FIELDS), f"{s.millis:.1f}"]
        if s.error:
            cells[-1] = f"错误：{s.error}"
        lines.append("| " + " | ".join(cells) + " |")
    lines += ["", "合计：" + "；".join(f"{n} {_percent(totals[n], gold)}" for n in FIELDS), ""]
    if later:
        lines += ["下一期（HTML/Excel/PDF 读取器）再测：" + "、".join(later), ""]
    misses = [m for s in scores for m in s.misses]
    lines += ["### 未命中", "", *(f"- {m}" for m in misses or ["（无）"]), ""]
    summary = {"gold": gold, **totals, "documents": len(scores), "next_issue": later}
    return lines, summary


def _name(corpus: Path) -> str:
    """The corpus as a path relative to the repository (``../shared/layouts``), so reports do not name machines."""
    try:
        return str(corpus.resolve().relative_to(REPO_ROOT))
    except ValueError:
        return str(Path("..") / corpus.resolve().relative_to(REPO_ROOT.parent))


def _overview(summary: dict[str, Any]) -> list[str]:
    lines = ["| 语料 | 文档 | 任务 | 单独记录 | 牵头单位 | 责任单位 | 时限 |", "|---|---|---|---|---|---|---|"]
    for name, totals in summary.items():
        if totals.get("skipped"):
            lines.append(f"| {name} | 未找到 | | | | | |")
            continue
        cells = [_percent(totals[n], totals["gold"]) for n in FIELDS]
        lines.append(f"| {name} | {totals['documents']} | {totals['gold']} | " + " | ".join(cells) + " |")
    return [*lines, ""]


def write_layouts_report(corpora: list[Path], report: Path) -> dict[str, Any]:
    """Score each corpus, write the Markdown report, and return the totals per corpus."""
    lines = [
        "# 版式泛化报告（LAYOUTS）",
        "",
        "由 `python -m eval layouts` 生成：每条金标准任务按 `contains` 找到它自己的记录，"
        "再比较牵头单位、责任单位与时限。",
        "`tests/layouts_holdout` 是留出集：写作时没有看过解析器，也从未据它调整规则，它的数字最能预示未见过的版式。",
        "",
    ]
    summary: dict[str, Any] = {}
    sections: list[str] = []
    for corpus in corpora:
        if not (corpus / "gold.jsonl").is_file():
            sections += [f"## {_name(corpus)}", "", "（未找到该语料或其 gold.jsonl，跳过）", ""]
            summary[_name(corpus)] = {"skipped": True}
            continue
        section, totals = _corpus_section(corpus, *score_corpus(corpus))
        sections += section
        summary[_name(corpus)] = totals
    report.parent.mkdir(parents=True, exist_ok=True)
    report.write_text("\n".join([*lines, *_overview(summary), *sections]), encoding="utf-8")
    return summary
