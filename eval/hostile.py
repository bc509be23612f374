"""Hostile probe of the running service (issue 14): bad inputs, floods and faults on 127.0.0.1 only.

``write_hostile_report`` starts the real server (``eval/server.py``) with an
admin token on a copy of a built index in a temp dir, fires each probe once
(every loop is bounded), and writes ``eval/HOSTILE.md``: per probe the status,
whether the served generation changed, the response size; the server's RSS
before and after; and the figures that must all be 0: crashes, 5xx other than
507, responses over the cap, data changed by a rejected request.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from assistant.settings import PROJECT_ROOT, Settings
from eval.hostile_probes import CAP, PROBE_GROUPS, RATE_LIMIT, TOKEN, Run, rss_kb, server_pid
from eval.server import running_server
from indexer.index.layout import has_index

__all__ = ["write_hostile_report"]


def _index(scratch: Path, source: Path | None) -> Path:
    copy = scratch / "index"
    source = source or Settings().index_dir
    if has_index(source):
        shutil.copytree(source, copy)
    else:  # no shipped index here: build one from the documents
        settings = Settings(index_dir=copy)
        settings.catalog().build([PROJECT_ROOT / "knowledge_base" / "documents"])
    return copy


def write_hostile_report(report: Path, index_dir: Path | None = None) -> dict[str, Any]:
    """Run every probe against a fresh server on a copy of the index; write ``report``; return the figures."""
    with tempfile.TemporaryDirectory(prefix="zhengwuyuan-hostile-") as folder:
        scratch = Path(folder)
        index = _index(scratch, index_dir)
        (scratch / "logs").mkdir()
        env = {
            "ZHENGWUYUAN_ADMIN_TOKEN": TOKEN,
            "ZHENGWUYUAN_RATE_LIMIT_PER_MINUTE": str(RATE_LIMIT),
            "ZHENGWUYUAN_LOG_DIR": str(scratch / "logs"),
            "ZHENGWUYUAN_HOST": "127.0.0.1",
        }
        started = time.perf_counter()
        with running_server(index, env) as (url, _):
            run = Run(url, index, scratch / "logs", server_pid(url.rsplit(":", 1)[1]))
            rss_before = rss_kb(run.pid)
            for stage in PROBE_GROUPS:
                stage(run)
            rss_after = rss_kb(run.pid)
    figures = _figures(run)
    figures.update(rss_before_kb=rss_before, rss_after_kb=rss_after, seconds=round(time.perf_counter() - started))
    _write(report, run, figures)
    return figures


def _figures(run: Run) -> dict[str, Any]:
    rejected = [p for p in run.probes if isinstance(p.status, int) and p.status >= 400]
    return {
        "probes": len(run.probes),
        "crashes": run.crashes
        + sum(1 for p in run.probes if not isinstance(p.status, int) and p.expected != "nosniff"),
        "server_errors": sum(
            1 for p in run.probes if isinstance(p.status, int) and p.status >= 500 and p.status != 507
        ),
        "over_cap": sum(1 for p in run.probes if p.size > CAP and "导出" not in p.name),
        "rejected_changed_data": sum(1 for p in rejected if p.changed),
    }


def _write(report: Path, run: Run, figures: dict[str, Any]) -> None:
    lines = [
        "# 恶意输入探测 eval/HOSTILE.md",
        "",
        "由 `python -m eval hostile` 生成：在 127.0.0.1 上启动真实服务（管理令牌、索引副本、"
        f"每分钟 {RATE_LIMIT} 次提问限流、响应上限 {CAP // 1024} KB），逐项发出以下请求。",
        "",
        "| 指标 | 数值（应为 0） |",
        "|---|---|",
        f"| 崩溃 | {figures['crashes']} |",
        f"| 507 以外的 5xx | {figures['server_errors']} |",
        f"| 超过响应上限的响应 | {figures['over_cap']} |",
        f"| 被拒请求改变了数据 | {figures['rejected_changed_data']} |",
        "",
        f"服务进程内存（RSS）：探测前 {figures['rss_before_kb'] / 1024:.0f} MB，"
        f"探测后 {figures['rss_after_kb'] / 1024:.0f} MB；"
        f"共 {figures['probes']} 项，用时 {figures['seconds']} 秒。",
        "",
        "| 探测 | 期望 | 状态码 | 索引是否变化 | 响应字节 | 说明 |",
        "|---|---|---|---|---|---|",
    ]
    for p in run.probes:
        lines.append(f"| {p.name} | {p.expected} | {p.status} | {'是' if p.changed else '否'} | {p.size} | {p.note} |")
    lines += [
        "",
        "磁盘写满（507）、写入超时（503）、Gradio 错误不回显异常文本、访问日志去掉查询串、日志文件 0600 "
        "由 `tests/assistant/serving/test_hardening.py` 覆盖（需要注入故障，不在此处对运行中的服务制造）。",
    ]
    report.write_text("\n".join(lines) + "\n", encoding="utf-8")
