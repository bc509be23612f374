"""Write eval/PARSING.md: what the parser made of each document, so a reader can check it.

Run with ``python -m eval.parsing_report`` (or ``make report``).
"""

from __future__ import annotations

import time
from pathlib import Path

from assistant.settings import Settings
from indexer.build import DocumentSummary, collect_files, parse_file

__all__ = ["write_parsing_report"]


def write_parsing_report(documents_dir: Path, report: Path) -> None:
    files, _ = collect_files([documents_dir])
    rows, unspecified, timings = [], [], []
    for path in files:
        start = time.perf_counter()
        document, records = parse_file(path)
        timings.append((document.title, (time.perf_counter() - start) * 1000))
        summary = DocumentSummary.of(document, records)
        rows.append(summary)
        unspecified.append((document.title, summary.unspecified_raw, records))
    lines = [
        "# 解析报告 eval/PARSING.md",
        "",
        "由 `python -m eval.parsing_report` 生成。"
        "每份文档：任务记录数、有责任单位、有具体日期、长期性、未定时限的比例。",
        "",
        "| 文档 | 地区 | 年份 | 文号 | 记录 | 有单位 | 有日期 | 长期 | 未定 | 解析耗时 |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for summary, (_, ms) in zip(rows, timings, strict=True):
        d, n = summary.document, summary.records
        lines.append(
            f"| {d.title} | {d.region} | {d.year or ''} | {d.number or '—'} | {n} | {summary.with_units / n:.0%} | "
            f"{summary.with_dates / n:.0%} | {summary.ongoing / n:.0%} | {summary.unspecified / n:.0%} | {ms:.0f} ms |"
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


if __name__ == "__main__":
    write_parsing_report(Settings().documents_dir, Path("eval/PARSING.md"))
