"""eval/LOAD.md from the load test's measurements (see :mod:`eval.load_test`)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

__all__ = ["stage_rows", "write_report"]

_LABELS = {
    "ping": "平凡路由 GET /api/ping",
    "ask": "仅提问",
    "ask+upload": "提问 + 并发上传/删除",
    "ask-128": "128 个客户端提问",
}
_TARGETS = {"ask": (150.0, 500.0), "ask+upload": (100.0, 1000.0)}


def _phase_row(run: str, phase: dict[str, Any]) -> str:
    target = _TARGETS.get(phase["label"])
    verdict = ""
    if target:
        met = phase["throughput"] >= target[0] and phase["p99"] <= target[1] and phase["server_errors"] == 0
        verdict = f"≥{target[0]:.0f}/s、p99≤{target[1]:.0f} ms：{'达到' if met else '未达到'}"
    elif phase["label"] == "ask-128":
        verdict = "0 个 5xx：" + ("达到" if phase["server_errors"] == 0 else "未达到")
    return (
        f"| {run} | {_LABELS.get(phase['label'], phase['label'])} | {phase['clients']} | {phase['requests']} | "
        f"{phase['throughput']:.1f} | {phase['server_errors']} | {phase['p50']:.0f} | {phase['p95']:.0f} | "
        f"{phase['p99']:.0f} | {phase['server_cores']:.2f} | {phase['client_cores']:.2f} | "
        f"{phase['other_cores']:.2f} | "
        f"{phase['load_before']:.2f}→{phase['load_after']:.2f} | {verdict} |"
    )


def stage_rows(stages: dict[str, float]) -> list[tuple[str, float, float | None]]:
    """(stage, mean wall ms, mean CPU ms of the thread doing it) per question, named as the issue names them.

    Wall time under load includes waiting for the interpreter lock and the cores; CPU time does not. The
    model's CPU is its batch's, shared among the batch's questions.
    """
    get = stages.get
    batched = "batch_size" in stages
    searched = get("dense", 0.0) + get("keyword", 0.0)
    searched_cpu = get("dense_cpu", 0.0) + get("keyword_cpu", 0.0)
    encode_cpu_in_ask = 0.0 if batched else get("encode_cpu", 0.0)
    answered = get("worker", 0.0) + get("ipc", 0.0) if "worker" in stages else get("ask", 0.0) + get("serialise", 0.0)
    handler = get("handler", 0.0)
    return [
        ("问题向量化：等待批次", get("encode_wait", 0.0), None),
        ("问题向量化：模型（墙钟为所在批次的一次调用）", get("encode", 0.0), get("encode_cpu", 0.0)),
        ("向量检索 dense（两个通道）", get("dense", 0.0), get("dense_cpu", 0.0)),
        ("关键词检索 keyword（两个通道）", get("keyword", 0.0), get("keyword_cpu", 0.0)),
        (
            "融合与段落摘录（retrieve 的其余部分）",
            get("retrieve", 0.0) - searched,
            get("retrieve_cpu", 0.0) - searched_cpu,
        ),
        (  # the asking thread waits for its batch (wait + the batch's call); its CPU is the batch thread's
            "回答：问题理解、地区年份、模板",
            get("ask", 0.0) - get("retrieve", 0.0) - get("encode", 0.0) - get("encode_wait", 0.0),
            get("ask_cpu", 0.0) - get("retrieve_cpu", 0.0) - encode_cpu_in_ask,
        ),
        ("序列化（JSON）", get("serialise", 0.0), get("serialise_cpu", 0.0)),
        ("回答进程内排队", get("worker_queue", 0.0), None),
        ("进程间传递", get("ipc", 0.0), None),
        ("事件循环内其余（限流、缓存、日志、线程池等待）", handler - answered, None),
        ("事件循环外：HTTP 解析与排队（客户端延迟 − 处理）", get("client", 0.0) - handler, None),
        ("客户端看到的平均延迟", get("client", 0.0), None),
        ("平均批大小（个问题，不是毫秒）", get("batch_size", 0.0) if batched else 1.0, None),
    ]


def write_report(report: Path, runs: dict[str, dict[str, Any]], clients: int, seconds: float, cores: int) -> None:
    lines = [
        "# 负载测试 eval/LOAD.md",
        "",
        f"由 `python -m eval load` 于 {time.strftime('%Y-%m-%d %H:%M')} 在一次运行中生成"
        f"（{cores} 核虚拟机，回环地址）。"
        f"{clients} 个客户端持续 {seconds:.0f} 秒向 `POST /api/ask` 提问；每个问题在整次运行中只出现一次"
        "（开场白 × 开发集问题 × 结束语，不放回抽取），不命中回答缓存与问题向量缓存。",
        "同一次运行里先测平凡路由 `GET /api/ping`（不读索引、不做计算），作为这台机器此刻的框架开销基准。",
        "“服务端/客户端/其他进程”列是该阶段平均占用的核数：其他进程即同一台机器上其他人的工作，数值越大，数字越受干扰。",
        "",
        "| 配置 | 阶段 | 客户端 | 请求数 | 吞吐 (次/秒) | 5xx/连接错误 | p50 (ms) | p95 (ms) | p99 (ms) "
        "| 服务端核 | 客户端核 | 其他进程核 | 1 分钟负载 | 目标 |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, run in runs.items():
        lines += [_phase_row(name, phase) for phase in run["phases"]]
    for name, run in runs.items():
        ask = next(p for p in run["phases"] if p["label"] == "ask")
        ping = next(p for p in run["phases"] if p["label"] == "ping")
        upload = next(p for p in run["phases"] if p["label"] == "ask+upload")
        lines += [
            "",
            f"## {name}：{_describe(run['env'])}",
            "",
            f"- 就绪 {run['ready_seconds']:.1f} 秒；提问吞吐是平凡路由的 {ask['throughput'] / ping['throughput']:.1%}"
            f"（{ask['throughput']:.0f} / {ping['throughput']:.0f} 次/秒）；"
            f"压测客户端自身每请求 {ask['client_cpu_ms_per_request']:.2f} ms CPU。",
            f"- 上传轮次（上传/删除状态码）：{upload.get('ingests')}",
            f"- 回答进程：{_workers(run['workers'])}；回答缓存：{run['answer_cache']}",
            "",
            f"- 服务端（全部进程）每个提问 {1000 * ask['server_cores'] / ask['throughput']:.1f} ms CPU："
            f"{cores} 个核全部用于提问时的上限约 {cores * ask['throughput'] / ask['server_cores']:.0f} 次/秒"
            f"（本阶段服务端实际只得到 {ask['server_cores']:.2f} 个核）；"
            f"平凡路由每请求 {1000 * ping['server_cores'] / ping['throughput']:.2f} ms CPU。",
            "",
            "| 阶段（每个提问的平均毫秒） | 仅提问：墙钟 | 仅提问：CPU | 提问 + 上传：墙钟 | 提问 + 上传：CPU |",
            "|---|---|---|---|---|",
        ]
        during = {label: (wall, cpu) for label, wall, cpu in stage_rows(run["stages"]["ask+upload"])}
        lines += [
            f"| {label} | {wall:.2f} | {_ms(cpu)} | {during[label][0]:.2f} | {_ms(during[label][1])} |"
            for label, wall, cpu in stage_rows(run["stages"]["ask"])
        ]
    lines += _NOTES
    report.write_text("\n".join(lines) + "\n", encoding="utf-8")


_NOTES = [
    "",
    "## 怎么读",
    "",
    "- **baseline** 是 issue 20 之前的服务方式：一个进程、每个问题单独调用一次模型、没有回答缓存。"
    "它已经包含了与服务方式无关的两处修正（段落摘录的字对集合与行政区划名的查找不再每次重算，见提交历史）："
    "修正之前，单线程、问题向量已缓存时每个问题在向量化之外要 21 ms CPU，之后约 4 ms（同一套开发集问题）。",
    "- **墙钟**是并发下的实际耗时，包含等待解释器锁与 CPU；**CPU** 是做这件事的线程自己用的 CPU 时间。"
    "微批时，“模型”一行的墙钟是整批一次调用的时间，"
    "CPU 是这一批的 CPU 平摊到每个问题。",
    "- **上限从哪里来**：每个不同的问题都要一次 e5-small 前向（12 层、384 维、约 25 个词元）。"
    "在这台机器上 fp32 合批后约 9 ms CPU/题，单独调用约 16 ms，是每题 CPU 的一半以上；"
    "其余是问题理解、两个通道的检索与融合、段落摘录、模板与 JSON（约 5 ms），以及 HTTP 与进程间传递（约 1 ms）。"
    "两个核全部给服务时的上限即 2000 ms ÷ 每题 CPU。",
    "- **int8**（`ZHENGWUYUAN_ENCODER_BACKEND=onnx-int8`，只换问题的向量化，索引向量不变）把模型这一项降到约 4 ms；"
    "评测结果见 README 与提交说明。是否作为默认值属于回答质量的决定，这里只给出测量。",
    "- 同一台机器上还有其他人的任务（“其他进程核”一列）：它们占去的核不在服务端手里，吞吐按比例下降，"
    "所以每个配置都给出“每题 CPU”与由它推出的 2 核上限，这两个数受干扰小得多。",
]


def _ms(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"


def _describe(env: dict[str, str]) -> str:
    if not env:
        return "`zhengwuyuan serve` 的默认配置（每核一个回答进程、问题向量化微批、回答缓存）"
    return "、".join(f"`{k}={v}`" for k, v in env.items())


def _workers(answers: dict[str, Any]) -> str:
    workers = answers.get("workers")
    if not workers:
        return "无（在服务进程内回答）"
    return "；".join(f"pid {w['pid']} RSS {w.get('rss_mb')} MB / PSS {w.get('pss_mb')} MB" for w in workers)
