"""Hostile probe of the running service (issue 14): bad inputs, floods and faults on 127.0.0.1 only.

``write_hostile_report`` starts the real server (``eval/server.py``) with an
admin token on a copy of a built index in a temp dir, fires each probe once
(every loop is bounded), and writes ``eval/HOSTILE.md``: per probe the status,
whether the served generation changed, the response size; the server's RSS
before and after; and the figures that must all be 0: crashes, 5xx other than
507, responses over the cap, data changed by a rejected request.
"""

from __future__ import annotations

import csv
import io
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from assistant.settings import PROJECT_ROOT, Settings
from eval.server import running_server
from indexer.index.layout import has_index, read_current

__all__ = ["write_hostile_report"]

TOKEN = "hostile-probe-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
RATE_LIMIT = 20
CAP = 1024 * 1024
FORMULA_DOC = "\n".join(
    [
        '=HYPERLINK("http://evil.example","点我")工作要点',
        "一、公开任务",
        "1. =1+1 推进政务公开标准化建设。（责任单位：@区大数据局，2026年9月30日前完成）",
        "2. +cmd 做好政策解读。（责任单位：-区党政办公室）",
    ]
)


@dataclass
class Probe:
    name: str
    status: int | str
    expected: str
    size: int = 0
    changed: bool = False
    note: str = ""


@dataclass
class Run:
    url: str
    index_dir: Path
    log_dir: Path
    pid: int | None
    probes: list[Probe] = field(default_factory=list)
    crashes: int = 0

    def generation(self) -> str:
        return read_current(self.index_dir)[0].name

    def fire(self, name: str, expected: str, send: Callable[[httpx.Client], httpx.Response], note: str = "") -> Probe:
        """Send one request; record status, size, whether the generation changed; check the server still answers."""
        before = self.generation()
        with httpx.Client(base_url=self.url, timeout=120) as client:
            try:
                response = send(client)
                status: int | str = response.status_code
                size = len(response.content)
            except httpx.HTTPError as exc:
                status, size = type(exc).__name__, 0
        probe = Probe(name, status, expected, size, self.generation() != before, note)
        self.probes.append(probe)
        if not self.alive():
            self.crashes += 1
        return probe

    def alive(self) -> bool:
        try:
            return httpx.get(f"{self.url}/api/health", timeout=30).status_code == 200
        except httpx.HTTPError:
            return False


def _rss_kb(pid: int | None) -> int:
    if pid is None:
        return 0
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def _server_pid(port: str) -> int | None:
    """The server's pid, found by its command line (``running_server`` does not expose it)."""
    for folder in Path("/proc").iterdir():
        if not folder.name.isdigit():
            continue
        try:
            argv = (folder / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"assistant.serving.cli" in argv and port.encode() in argv:
            return int(folder.name)
    return None


def _chunks(total: int) -> Iterator[bytes]:
    yield b'--b\r\nContent-Disposition: form-data; name="file"; filename="big.txt"\r\n\r\n'
    for _ in range(total // 65536):
        yield b"x" * 65536
    yield b"\r\n--b--\r\n"


def _ask(question: str, **extra: Any) -> Callable[[httpx.Client], httpx.Response]:
    return lambda c: c.post("/api/ask", json={"question": question, **extra})


def _get(path: str) -> Callable[[httpx.Client], httpx.Response]:
    return lambda c: c.get(path)


def _delete(doc_id: str) -> Callable[[httpx.Client], httpx.Response]:
    return lambda c: c.delete(f"/api/documents/{doc_id}", headers=AUTH)


def _upload(name: str, content: bytes, auth: dict[str, str] = AUTH) -> Callable[[httpx.Client], httpx.Response]:
    return lambda c: c.post("/api/documents", headers=auth, files={"file": (name, content)})


def _bad_inputs(run: Run) -> None:
    raw = {"content-type": "application/json"}
    run.fire(
        "正文超限（声明长度 200 KB）",
        "413",
        lambda c: c.post("/api/ask", content=b"{" + b" " * 200_000 + b"}", headers=raw),
    )
    run.fire(
        "分块上传超限（11 MB，无 Content-Length）",
        "413",
        lambda c: c.post(
            "/api/documents",
            content=_chunks(11 * 1024 * 1024),
            headers={**AUTH, "content-type": "multipart/form-data; boundary=b"},
        ),
    )
    run.fire("非法 JSON", "422", lambda c: c.post("/api/ask", content=b"{bad", headers=raw))
    run.fire("top_k=10^9", "422", _ask("谁牵头", top_k=10**9))
    run.fire("问题过长（5000 字）", "422", _ask("政" * 5000))
    run.fire("unit 参数过长", "422", lambda c: c.get("/api/tasks", params={"unit": "局" * 1000}))
    run.fire("offset 超大", "200", lambda c: c.get("/api/tasks", params={"offset": 10_000_000}))
    run.fire("无令牌上传", "401", _upload("a.txt", b"x", {}))
    run.fire("错误令牌上传", "401", _upload("a.txt", b"x", {"Authorization": "Bearer wrong"}))
    run.fire("路径穿越文件名", "400", _upload("../../etc/passwd.txt", b"x"))
    run.fire("不支持的类型", "415", _upload("a.exe", b"MZ"))
    run.fire("空文件", "400", _upload("a.txt", b""))
    run.fire(
        "残缺 multipart",
        "400/422",
        lambda c: c.post(
            "/api/documents", content=b"--b\r\nxx", headers={**AUTH, "content-type": "multipart/form-data; boundary=b"}
        ),
    )
    run.fire("删除不存在的文档", "404", lambda c: c.delete("/api/documents/nope", headers=AUTH))
    run.fire(
        "Gradio 上传接口",
        "404",
        lambda c: c.post("/gradio_api/upload", files={"files": ("x.html", b"<script>1</script>")}),
    )


def _log_fault(run: Run) -> None:
    """Put a file where the log directory was (root ignores permissions), ask, then restore."""
    shutil.rmtree(run.log_dir, ignore_errors=True)
    run.log_dir.write_text("not a directory")
    try:
        probe = run.fire("日志目录不可写时提问", "200", _ask("政策解读工作指引谁牵头？"))
        health = httpx.get(f"{run.url}/api/health", timeout=30).json().get("question_log", {})
        probe.note = f"health.question_log = {health}"
    finally:
        run.log_dir.unlink()
        run.log_dir.mkdir()


def _sizes_and_exports(run: Run) -> None:
    run.fire("提问 top_k=50", "200", _ask("哪些任务9月底前要完成？", top_k=50))
    for path in ("/api/tasks", "/api/documents", "/api/units"):
        run.fire(f"GET {path}", "200", _get(path))
    long_line = ("一、长段落\n1. " + "推进政务公开" * 170_000 + "。（责任单位：区大数据局）\n").encode()
    added = run.fire("单行 3 MB 文档上传", "201/422", _upload("2026_超长.txt", long_line))
    run.fire("上传后提问（响应上限）", "200", _ask("区大数据局负责哪些任务？", top_k=50))
    run.fire("上传后任务列表（响应上限）", "200", lambda c: c.get("/api/tasks"))
    if added.status == 201:
        run.fire("删除超长文档", "200", lambda c: c.delete("/api/documents/2026_超长", headers=AUTH))
    run.fire("公式注入文档上传", "201", _upload("=2026_公式.txt", FORMULA_DOC.encode()))
    csv_probe = run.fire("CSV 导出", "200", lambda c: c.get("/api/tasks.csv"))
    xlsx_probe = run.fire("XLSX 导出", "200", lambda c: c.get("/api/tasks.xlsx"))
    live_csv, live_xlsx = _formula_cells(run.url)
    csv_probe.note, xlsx_probe.note = f"可执行单元格 {live_csv}", f"公式/非字符串单元格 {live_xlsx}"
    documents = httpx.get(f"{run.url}/api/documents", params={"limit": 1000}, timeout=30).json()
    for doc in documents:
        if "公式" in doc["id"]:
            run.fire("删除公式注入文档", "200", _delete(str(doc["id"])))


def _formula_cells(url: str) -> tuple[int, int]:
    from openpyxl import load_workbook

    text = httpx.get(f"{url}/api/tasks.csv", timeout=60).content.decode("utf-8-sig")
    live_csv = sum(
        1
        for row in csv.reader(io.StringIO(text))
        for cell in row
        if cell[:1] in ("=", "+", "-", "@", "\t", "\r") and cell
    )
    sheet = load_workbook(io.BytesIO(httpx.get(f"{url}/api/tasks.xlsx", timeout=60).content)).active
    live_xlsx = (
        sum(1 for row in sheet.iter_rows() for cell in row if cell.value is not None and cell.data_type != "s")
        if sheet
        else -1
    )
    return live_csv, live_xlsx


def _floods(run: Run) -> None:
    notes: dict[str, str] = {}

    def chat_flood(c: httpx.Client) -> httpx.Response:
        limited = 0
        last = c.get("/api/health")
        for i in range(RATE_LIMIT + 5):
            last = c.post("/gradio_api/call/chat", json={"data": [f"谁牵头政策解读{i}", []]})
            stream = c.get(f"/gradio_api/call/chat/{last.json().get('event_id')}").text
            limited += "\\u9891\\u7e41" in stream or "频繁" in stream  # 频繁, JSON-escaped in the event
        notes["chat"] = f"{RATE_LIMIT + 5} 次中 {limited} 次被限流"
        return last

    flood = run.fire("Gradio 聊天洪泛", f"限流（每分钟 {RATE_LIMIT} 次）", chat_flood)
    flood.note = notes.get("chat", "未完成")

    def rotate(c: httpx.Client) -> httpx.Response:
        codes = [
            c.post("/api/ask", json={"question": "谁牵头"}, headers={"X-Forwarded-For": f"10.9.{i}.1"}).status_code
            for i in range(RATE_LIMIT + 5)
        ]
        notes["rotation"] = f"{len(codes)} 次中 {codes.count(429)} 次 429（伪造的 X-Forwarded-For 不被采信）"
        return c.get("/api/health")

    rotation = run.fire("X-Forwarded-For 轮换", "429", rotate)
    rotation.note = notes.get("rotation", "未完成")
    headers = httpx.get(f"{run.url}/api/health", timeout=30).headers
    run.probes.append(Probe("nosniff 响应头", headers.get("x-content-type-options", "缺失"), "nosniff"))


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
            run = Run(url, index, scratch / "logs", _server_pid(url.rsplit(":", 1)[1]))
            rss_before = _rss_kb(run.pid)
            for stage in (_bad_inputs, _log_fault, _sizes_and_exports, _floods):
                stage(run)
            rss_after = _rss_kb(run.pid)
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
