"""Render the scale benchmark's results as eval/BENCH.md and a log-log plot beside it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

__all__ = ["TARGETS", "write_report"]

# (size, what, measured key path, limit): the targets, checked against the run.
TARGETS = [
    (100_000, "hybrid p50（含问题向量化）≤ 25 ms", ("latency_ms", "hybrid", "p50"), 25.0),
    (100_000, "keyword p50 ≤ 3 ms", ("latency_ms", "keyword", "p50"), 3.0),
    (100_000, "dense 检索 p50（不含向量化）≤ 2 ms", ("latency_ms", "dense", "p50"), 2.0),
    (1_000_000, "hybrid p50 ≤ 40 ms", ("latency_ms", "hybrid", "p50"), 40.0),
    (1_000_000, "dense recall@10 ≥ 0.95", ("recall_at_10",), 0.95),
    (1_000_000, "keyword p50 ≤ 10 ms", ("latency_ms", "keyword", "p50"), 10.0),
    (1_000_000, "建索引峰值内存 ≤ 8 GB", ("build_peak_rss_gb",), 8.0),
]


def write_report(results: dict[str, Any], report: Path) -> None:
    plot = report.with_suffix(".png")
    _plot(results["sizes"], plot)
    report.write_text(_render(results, plot.name), encoding="utf-8")


def _get(row: dict[str, Any], path: tuple[str, ...]) -> float | None:
    value: Any = row
    for key in path:
        if not isinstance(value, dict) or key not in value:
            return None
        value = value[key]
    return float(value)


def _render(results: dict[str, Any], plot_name: str) -> str:
    sizes = results["sizes"]
    settings = results["settings"]
    lines = [
        "# 规模基准 eval/BENCH.md",
        "",
        "由 `python -m eval bench` 生成，请勿手改。2 核 CPU、无 GPU；每个规模在独立子进程中构建与查询。",
        "",
        "## 语料与方法",
        "",
        "- 合成语料（`eval/synthetic.py`，种子 "
        f"{settings['seed']}）：每条记录是一行“任务分工”表，工作任务取自真实条目标题，具体要求为 1–3 句真实句子，"
        "责任单位与完成时限取自真实记录（时限改为文档年份），每份文档 100 行，地区取自地名表，年份 2018–2026。"
        "文档写成 .txt 后由正式解析器解析。",
        f"- 向量：≤ {settings['encode_up_to']:,} 条用模型真实编码；更大的规模由真实向量派生——"
        "记录与原文片段两路的向量都 = 其文字所含标题与整句的真实向量之和再归一化（句子与标题各编码一次；"
        "不含一个整句的片段真实编码）。"
        "“向量化”一栏对派生规模只是派生耗时；按实测编码吞吐推算的真实编码耗时（记录加片段）另列。"
        "每代索引含两路（任务记录、原文片段窗口），各有向量、FAISS 与关键词索引，各阶段耗时是两路之和；"
        "写入时限取设置 `ZHENGWUYUAN_WRITE_TIMEOUT_SECONDS`。",
        "- 查询：`eval/dev_questions.jsonl` 的全部问题，逐题计时。keyword / dense 为各自取前 100 名；"
        "“向量化”为问题编码（清空缓存）；hybrid 为 `HybridRetriever.search`（清空缓存，含向量化、融合、取记录）；"
        "hybrid（缓存）为同一问题再问一次。",
        "- recall@10：用真实问题向量，近似向量索引（HNSW）前 10 名中得分不低于精确搜索（`IndexFlatIP`）第 10 名的比例"
        "（ANN-benchmarks 的定义：同一条款被多份文件照抄时向量完全相同，精确前 10 名的末位在并列副本中任取其一）；"
        "“按编号”一栏是前 10 名编号的重合率，并列副本越多它越低。",
        f"- 对照：`rank_bm25` 的 BM25Okapi 用同一 jieba 分词（≤ {settings['rank_bm25_up_to']:,} 条，"
        "更大时其逐文档字典占用过多内存与时间）；FAISS `IndexFlatIP` 用同一向量。bm25s 原生打分 = "
        "`get_scores_from_ids` + 全量向量取前 100。",
        "",
        "## 目标",
        "",
    ]
    by_size = {row["size"]: row for row in sizes}
    targets = []
    for size, label, path, limit in TARGETS:
        row = by_size.get(size)
        value = _get(row, path) if row else None
        if value is None:
            targets.append([f"{size:,}", label, "未测", "—"])
            continue
        ok = value >= limit if "recall" in path[0] else value <= limit
        targets.append([f"{size:,}", label, f"{value:.3g}", "达到" if ok else "未达到"])
    lines.append(_table(["规模", "目标", "实测", "结果"], targets))
    lines += ["", "## 构建", "", _build_table(sizes, results), "", "## 查询延迟（ms，p50 / p95 / p99）", ""]
    lines += [_latency_table(sizes), "", "## 与对照的比值（p50）", "", _ratio_table(sizes), ""]
    records = results["encoders"][0].get("records") if results["encoders"] else None
    heading = f"## 编码器后端（真实知识库 {records} 条）" if records else "## 编码器后端（真实知识库）"
    lines += [heading, "", _encoder_table(results["encoders"]), ""]
    lines += [f"![延迟与构建时间随规模变化]({plot_name})", ""]
    return "\n".join(lines)


def _build_table(sizes: list[dict[str, Any]], results: dict[str, Any]) -> str:
    onnx = next((e for e in results["encoders"] if e["backend"] == "onnx"), None)
    header = [
        "记录数",
        "文档数",
        "原文片段数",
        "构建总计 s",
        "记录/s",
        "解析 s",
        "SQLite s",
        "向量化 s",
        "FAISS s",
        "关键词 s",
        "校验+fsync s",
        "真实编码推算",
        "磁盘 MB（记录/向量/FAISS/关键词/片段路）",
        "建索引峰值内存 GB",
        "打开后常驻 GB",
        "向量索引",
    ]
    rows = []
    for row in sizes:
        s = row["seconds"]
        disk = row["disk_mb"]
        dense = row["manifest_dense"]
        kind = dense["kind"] if dense["kind"] == "flat" else f"HNSW32 efSearch {dense['ef_search']}"
        texts = row["size"] + row["passages"]
        projected = f"{texts / onnx['passages_per_second'] / 3600:.1f} h" if onnx else "—"
        embed = f"{s['embed']:.1f}" + ("（派生）" if row["embedding"] == "derived" else "")
        sizes_on_disk = " / ".join(
            f"{disk.get(n, 0):.0f}" for n in ("records.sqlite", "vectors.npy", "dense.faiss", "keyword", "passages")
        )
        rows.append(
            [
                f"{row['size']:,}",
                f"{row['documents']:,}",
                f"{row['passages']:,}",
                f"{row['build_seconds']:.1f}",
                f"{row['size'] / row['build_seconds']:,.0f}",
                f"{s['parse']:.1f}",
                f"{s['store']:.1f}",
                embed,
                f"{s['faiss']:.1f}",
                f"{s['keyword']:.1f}",
                f"{s['checksum_fsync']:.1f}",
                projected,
                sizes_on_disk,
                f"{row['build_peak_rss_gb']:.2f}",
                f"{row['resident_after_open_gb']:.2f}",
                kind,
            ]
        )
    return _table(header, rows)


def _triple(latency: dict[str, float] | None) -> str:
    if not latency:
        return "—"
    return f"{latency['p50']:.2f} / {latency['p95']:.2f} / {latency['p99']:.2f}"


def _latency_table(sizes: list[dict[str, Any]]) -> str:
    columns = [
        ("keyword", ("latency_ms", "keyword")),
        ("bm25s 原生", ("latency_ms", "bm25s_stock")),
        ("rank_bm25", ("baselines_ms", "rank_bm25")),
        ("问题向量化", ("latency_ms", "embed")),
        ("dense 检索", ("latency_ms", "dense")),
        ("IndexFlatIP", ("baselines_ms", "faiss_flat")),
        ("hybrid", ("latency_ms", "hybrid")),
        ("hybrid（缓存）", ("latency_ms", "hybrid_cached")),
    ]
    header = ["记录数", *(c for c, _ in columns), "recall@10", "recall@10（按编号）"]
    rows = [
        [
            f"{row['size']:,}",
            *(_triple(row.get(a, {}).get(b)) for _, (a, b) in columns),
            f"{row['recall_at_10']:.3f}",
            f"{row['id_recall_at_10']:.3f}",
        ]
        for row in sizes
    ]
    return _table(header, rows)


def _ratio_table(sizes: list[dict[str, Any]]) -> str:
    header = [
        "记录数",
        "rank_bm25 ÷ keyword",
        "bm25s 原生 ÷ keyword",
        "IndexFlatIP ÷ dense 检索",
        "（rank_bm25 + 向量化 + IndexFlatIP）÷ hybrid",
    ]
    rows = []
    for row in sizes:
        p50 = {k: v["p50"] for k, v in row["latency_ms"].items() if v}
        base = {k: v["p50"] for k, v in row["baselines_ms"].items() if v}
        rank = f"{base['rank_bm25'] / p50['keyword']:.0f}×" if "rank_bm25" in base else "—"
        stock = f"{p50['bm25s_stock'] / p50['keyword']:.1f}×" if "bm25s_stock" in p50 else "—"
        flat = f"{base['faiss_flat'] / p50['dense']:.1f}×"
        hybrid = (
            f"{(base['rank_bm25'] + p50['embed'] + base['faiss_flat']) / p50['hybrid']:.1f}×"
            if "rank_bm25" in base
            else "—"
        )
        rows.append([f"{row['size']:,}", rank, stock, flat, hybrid])
    return _table(header, rows)


def _encoder_table(encoders: list[dict[str, Any]]) -> str:
    header = [
        "后端",
        "段落/s（批量，按长度排序）",
        "问题向量化 p50 / p95 ms",
        "与首行后端向量最小余弦",
        "评测通过率",
        "Hit@1",
        "MRR@10",
    ]
    rows = [
        [
            e["backend"],
            f"{e['passages_per_second']:.1f}",
            f"{e['query']['p50']:.1f} / {e['query']['p95']:.1f}",
            f"{e['min_cosine_to_first']:.4f}",
            f"{e['pass_rate']:.1%}",
            f"{e['hit_at_1']:.3f}",
            f"{e['mrr']:.3f}",
        ]
        for e in encoders
    ]
    return _table(header, rows)


def _table(header: list[str], rows: list[list[str]]) -> str:
    """A markdown table: the separator row follows the header, so the column counts cannot drift apart."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def _plot(sizes: list[dict[str, Any]], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    xs = [row["size"] for row in sizes]
    figure, (latency, build) = plt.subplots(1, 2, figsize=(12, 4.8))
    series: list[tuple[str, Callable[[dict[str, Any]], dict[str, float] | None]]] = [
        ("keyword (bm25s, masked scoring)", lambda r: r["latency_ms"]["keyword"]),
        ("bm25s stock top-k", lambda r: r["latency_ms"].get("bm25s_stock")),
        ("rank_bm25", lambda r: r["baselines_ms"].get("rank_bm25")),
        ("query embedding", lambda r: r["latency_ms"]["embed"]),
        ("dense search", lambda r: r["latency_ms"]["dense"]),
        ("IndexFlatIP", lambda r: r["baselines_ms"]["faiss_flat"]),
        ("hybrid (uncached)", lambda r: r["latency_ms"]["hybrid"]),
    ]
    for label, pick in series:
        points = [(x, picked["p50"]) for x, r in zip(xs, sizes, strict=True) if (picked := pick(r))]
        if points:
            latency.plot(*zip(*points, strict=True), marker="o", label=label)
    latency.set(xscale="log", yscale="log", xlabel="records", ylabel="p50 latency (ms)", title="Query latency")
    latency.legend(fontsize=8)
    latency.grid(True, which="both", alpha=0.3)
    labels = {"embed": "embed (model up to encode-up-to, derived above)"}
    for stage in ("parse", "store", "embed", "faiss", "keyword"):
        build.plot(xs, [max(r["seconds"][stage], 1e-3) for r in sizes], marker="o", label=labels.get(stage, stage))
    build.plot(xs, [r["build_seconds"] for r in sizes], marker="o", color="black", label="total")
    build.set(xscale="log", yscale="log", xlabel="records", ylabel="seconds", title="Build time by stage")
    build.legend(fontsize=8)
    build.grid(True, which="both", alpha=0.3)
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)
