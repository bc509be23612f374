"""Write eval/PARSING.md: what the parser made of each document, so a reader can check it.

Run with ``python -m eval parsing`` (or ``make report``).
"""

from __future__ import annotations

import time
from pathlib import Path

from indexer.models import DocumentStats
from indexer.parsing.parse import collect_files, parse_file

__all__ = ["write_parsing_report"]


def write_parsing_report(documents_dir: Path, report: Path) -> None:
    rows, unspecified, timings = [], [], []
    for path in collect_files([documents_dir]).files:
        start = time.perf_counter()
        parsed = parse_file(path)
        document, records = parsed.document, parsed.records
        timings.append((time.perf_counter() - start) * 1000)
        stats = DocumentStats.of(records)
        rows.append((document, stats))
        unspecified.append((document.title, stats.unspecified_raw, records))
    lines = [
        "# 解析报告 eval/PARSING.md",
        "",
        "由 `python -m eval parsing` 生成。每份文档：任务记录数、有责任单位、有具体日期、长期性、未定时限的比例。",
        "",
        "| 文档 | 地区 | 年份 | 文号 | 记录 | 有单位 | 有日期 | 长期 | 未定 | 解析耗时 |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for (d, stats), ms in zip(rows, timings, strict=True):
        n = stats.records
        lines.append(
            f"| {d.title} | {d.region} | {d.year or ''} | {d.number or '—'} | {n} | {stats.with_units / n:.0%} | "
            f"{stats.with_dates / n:.0%} | {stats.ongoing / n:.0%} | {stats.unspecified / n:.0%} | {ms:.0f} ms |"
        )
    lines += ["", "## 成为“未定”的原始时限文字", "", "空白表示文件未给出时限（正文条目或空白单元格）。", ""]
    for title, raws, records in unspecified:
        lines.append(f"### {title}")
        lines.append("")
        for raw in raws:
            count = sum(1 for r in records if r.deadline.kind == "unspecified" and r.deadline.raw == raw)
            lines.append(f"- “{raw}”（{count} 条）" if raw else f"- （空白）（{count} 条）")
        lines.append("")
    report.write_text("\n".join(lines), encoding="utf-8")
