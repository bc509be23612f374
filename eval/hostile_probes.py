"""The probes of the hostile report: bad inputs, faults, oversized answers and exports, floods — each bounded.

Each probe group takes a :class:`Run` (the server's address, its index and
log folder) and records one :class:`Probe` per request.
"""

from __future__ import annotations

import csv
import io
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from indexer.index.layout import read_current

__all__ = ["AUTH", "CAP", "PROBE_GROUPS", "RATE_LIMIT", "TOKEN", "Probe", "Run", "rss_kb", "server_pid"]

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


def rss_kb(pid: int | None) -> int:
    if pid is None:
        return 0
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def server_pid(port: str) -> int | None:
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


PROBE_GROUPS: list[Callable[[Run], None]] = [_bad_inputs, _log_fault, _sizes_and_exports, _floods]
