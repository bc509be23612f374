"""Kill -9 the writer at random points during an ingest; the index must stay whole.

Each trial copies a built index, starts ``zhengwuyuan add`` on a new document,
kills it with SIGKILL after a random delay, and then checks what a restarted
reader would see: the current generation passes its checksums, its records,
FAISS and keyword index agree, and its documents are exactly the old set or
exactly the new one — never a mix, never empty.

``python -m eval crash --kills 50`` writes eval/CRASH.md.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from assistant.settings import Settings
from indexer.index.layout import read_current
from indexer.index.reader import open_snapshot
from indexer.index.search import embedded
from indexer.registry import UnitRegistry

__all__ = ["Trial", "check_index", "crash_test", "run_trials"]


@dataclass
class Trial:
    delay: float
    outcome: str  # "old", "new", or a description of what is broken
    staging_left: int


def check_index(index_dir: Path, registry: UnitRegistry, old: set[str], new: set[str]) -> str:
    """'old' or 'new' when the current generation is whole and consistent; otherwise what is wrong."""
    try:
        snapshot = open_snapshot(read_current(index_dir)[0], registry)
    except Exception as exc:  # the check reports any failure to open as a broken index
        return f"unreadable: {exc}"
    try:
        records = snapshot.store.count()
        documents = {d.id for d in snapshot.documents}
    finally:
        snapshot.store.close()
    channel = embedded(snapshot.search.records)
    dense, keyword = len(channel.dense), len(channel.keyword)
    if not records or len({records, dense, keyword, snapshot.manifest["counts"]["records"]}) != 1:
        return f"inconsistent: records={records} dense={dense} keyword={keyword}"
    if documents == old:
        return "old"
    if documents == new:
        return "new"
    return f"mixed documents: {sorted(documents)}"


def _add_command(index_dir: Path, document: Path) -> list[str]:
    return [sys.executable, "-m", "assistant.serving.cli", "add", str(document), "--index-dir", str(index_dir)]


def run_trials(base_index: Path, document: Path, registry: UnitRegistry, kills: int, seed: int = 7) -> list[Trial]:
    """Run ``kills`` trials; delays cover the whole run, half of them its last third (the writing)."""
    old = {d["id"] for d in json.loads((read_current(base_index)[0] / "manifest.json").read_text())["documents"]}
    new = old | {Path(document).stem}
    with tempfile.TemporaryDirectory(prefix="zhengwuyuan-crash-") as scratch:
        probe = Path(scratch) / "probe"
        shutil.copytree(base_index, probe)
        started = time.perf_counter()
        subprocess.run(_add_command(probe, document), check=True, capture_output=True)
        duration = time.perf_counter() - started
        rng = random.Random(seed)
        trials = []
        for number in range(kills):
            low = 0.0 if number % 2 == 0 else duration * 0.66
            delay = rng.uniform(low, duration * 1.05)
            index_dir = Path(scratch) / f"trial-{number}"
            shutil.copytree(base_index, index_dir)
            process = subprocess.Popen(
                _add_command(index_dir, document), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
            time.sleep(delay)
            if process.poll() is None:
                os.kill(process.pid, signal.SIGKILL)
            process.wait()
            staging = len(list((index_dir / "generations").glob(".staging-*")))
            trials.append(Trial(delay, check_index(index_dir, registry, old, new), staging))
            shutil.rmtree(index_dir, ignore_errors=True)
    return trials


def _report(trials: list[Trial], path: Path) -> None:
    broken = [t for t in trials if t.outcome not in ("old", "new")]
    lines = [
        "# 崩溃测试 eval/CRASH.md",
        "",
        "由 `python -m eval crash` 生成：每次试验复制已建好的索引，运行 `zhengwuyuan add 新文档`，",
        "在随机时刻用 SIGKILL 杀死写入进程（一半的时刻落在整个运行的最后三分之一，即写入阶段），",
        "然后检查当前一代：校验和通过、记录/FAISS/关键词索引条数一致、文档集合恰为旧集合或新集合。",
        "",
        f"- 试验次数：{len(trials)}",
        f"- 回到旧一代：{sum(t.outcome == 'old' for t in trials)}；"
        f"切换到新一代：{sum(t.outcome == 'new' for t in trials)}",
        f"- 损坏、混合或为空：{len(broken)}",
        f"- 被杀后遗留的临时目录（下一个写入者会清理，读者忽略）：{sum(t.staging_left for t in trials)}",
        "",
        "| # | 杀死时刻 (s) | 结果 |",
        "|---|---|---|",
        *[f"| {i} | {t.delay:.2f} | {t.outcome} |" for i, t in enumerate(trials, 1)],
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def crash_test(settings: Settings, kills: int, report: Path) -> list[Trial]:
    """Kill ``zhengwuyuan add`` ``kills`` times against a copy of the index; write ``report``."""
    with tempfile.TemporaryDirectory() as folder:
        extra = Path(folder) / "2026_天桥区要点.txt"
        source = (settings.documents_dir / "2025_济南市市中区_政务公开工作要点.txt").read_text(encoding="utf-8")
        extra.write_text(source.replace("市中区", "天桥区"), encoding="utf-8")
        results = run_trials(settings.index_dir, extra, settings.registry(), kills)
    _report(results, report)
    return results
