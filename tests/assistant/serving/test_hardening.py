"""Issue 14, serving side: every hostile input found by the probe is refused or bounded, each test failing before."""

from __future__ import annotations

import csv
import errno
import io
import json
import logging
import os
import shutil
import stat
import threading
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from assistant.answering.tasks import TaskRow, TaskStatus
from assistant.serving.app import create_app
from assistant.serving.exports import tasks_csv, tasks_xlsx
from assistant.serving.limits import RateLimiter
from assistant.serving.privacy import QuestionLog, mask
from assistant.settings import Settings
from indexer.index.layout import read_current
from indexer.models import Deadline, SourceSpan, TaskRecord

pytestmark = pytest.mark.slow
TOKEN = "hardening-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
PROXY = "10.0.0.1"
QUESTION = "政策解读工作指引谁牵头？"


@pytest.fixture(scope="module")
def settings(index_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Small caps, a trusted proxy in front, and a log dir that cannot be written (a file stands there)."""
    root = tmp_path_factory.mktemp("hardening")
    shutil.copytree(index_settings.index_dir, root / "index")
    (root / "not-a-dir").write_text("x")
    return Settings(
        index_dir=root / "index",
        admin_token=TOKEN,
        log_dir=root / "not-a-dir" / "logs",
        rate_limit_per_minute=3,
        trusted_proxies=[PROXY],
        max_response_bytes=4096,
        max_field_chars=20,
    )


@pytest.fixture(scope="module")
def client(settings: Settings):
    app = create_app(settings, with_ui=False)
    with TestClient(app, raise_server_exceptions=False, client=(PROXY, 50000)) as client:
        yield client


@pytest.fixture(scope="module")
def ui_client(index_settings: Settings, tmp_path_factory: pytest.TempPathFactory):
    settings = Settings(
        index_dir=index_settings.index_dir, log_dir=tmp_path_factory.mktemp("ui-logs"), rate_limit_per_minute=3
    )
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        yield client


def _via(ip: str) -> dict[str, str]:
    return {"X-Forwarded-For": ip}


# 2. Response size --------------------------------------------------------------------------------


def test_citations_are_clipped_and_point_to_the_source(client):
    body = client.post("/api/ask", json={"question": QUESTION, "top_k": 3}, headers=_via("1.1.1.1")).json()
    citation = body["citations"][0]
    assert len(citation["text"]) <= 20 + len("…全文见出处") and citation["text"].endswith("…全文见出处")
    assert citation["source"]["doc_id"] == citation["doc_id"]
    assert 1 <= citation["source"]["line_start"] <= citation["source"]["line_end"]


@pytest.mark.parametrize(("path", "params"), [("/api/tasks", {}), ("/api/units", {}), ("/api/documents", {"limit": 3})])
def test_lists_are_capped_with_an_explicit_truncation(client, path, params):
    response = client.get(path, params=params)
    assert response.status_code == 200 and len(response.content) <= 4096
    assert response.headers["X-Truncated"] == "true"
    total = int(response.headers["X-Total-Count"])
    assert len(response.json()) < total
    assert int(response.headers["X-Next-Offset"]) == len(response.json())
    following = client.get(path, params={**params, "offset": len(response.json())})
    assert following.status_code == 200 and following.json() != response.json()


def test_ask_is_capped(client):
    response = client.post(
        "/api/ask", json={"question": "哪些任务9月底前要完成？", "top_k": 50}, headers=_via("1.1.1.2")
    )
    assert response.status_code == 200 and len(response.content) <= 4096
    body = response.json()
    assert body["truncated"] is True and body["citations_total"] > len(body["citations"])


def test_upload_is_written_at_lower_priority(client, monkeypatch):
    catalog = client.app.state.resources.catalog
    seen: list[int] = []

    def add(files, declared=None):
        seen.append(os.getpriority(os.PRIO_PROCESS, threading.get_native_id()))
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(catalog, "add", add)
    response = client.post("/api/documents", headers=AUTH, files={"file": ("a.txt", "一、任务\n1. 做事。".encode())})
    assert seen and seen[0] > os.getpriority(os.PRIO_PROCESS, 0)
    # 11. a full disk is 507 with a clear message, never a 500
    assert response.status_code == 507 and "磁盘空间不足" in response.json()["detail"]


# 3. Formula injection ----------------------------------------------------------------------------


def _hostile_row() -> TaskRow:
    record = TaskRecord(
        id="=1+1",
        doc_id="d",
        doc_title='=HYPERLINK("http://evil","x")',
        region="@SUM(A1)",
        year=2025,
        section="+cmd",
        number="-1",
        text="\t=2",
        lead_units=["=单位"],
        responsible_units=["\r单位"],
        deadline=Deadline(raw="-", date=None, kind="unspecified"),
        source=SourceSpan("d.txt", 1, 1),
    )
    return TaskRow(record, False, TaskStatus.unspecified)


def test_csv_cells_are_escaped():
    rows = list(csv.reader(io.StringIO(tasks_csv([_hostile_row()]).decode("utf-8-sig"))))
    for cell in rows[1]:
        assert not cell or cell[0] not in "=+-@\t\r", cell


def test_xlsx_cells_are_strings_never_formulas():
    sheet = load_workbook(io.BytesIO(tasks_xlsx([_hostile_row()]))).active
    for cell in sheet[2]:
        if cell.value is None:  # an empty cell holds nothing to evaluate
            continue
        assert cell.data_type == "s", (cell.value, cell.data_type)
        assert not str(cell.value or "").startswith(("=", "+", "-", "@", "\t", "\r"))


# 4. Rate limit -----------------------------------------------------------------------------------


def test_trusted_proxy_forwards_the_client_and_rotation_is_per_address(client):
    codes = [
        client.post("/api/ask", json={"question": QUESTION}, headers=_via(f"2.2.2.{i}")).status_code for i in range(5)
    ]
    assert codes == [200] * 5  # five clients behind the proxy, one ask each
    same = [client.post("/api/ask", json={"question": QUESTION}, headers=_via("3.3.3.3")).status_code for _ in range(4)]
    assert same == [200, 200, 200, 429]
    direct = TestClient(client.app, client=("192.0.2.7", 1))  # not a trusted proxy: its header is ignored
    rotated = [
        direct.post("/api/ask", json={"question": QUESTION}, headers=_via(f"9.9.9.{i}")).status_code for i in range(4)
    ]
    assert rotated == [200, 200, 200, 429]


def test_uvicorn_does_not_trust_forwarded_headers_by_default(monkeypatch):
    import uvicorn
    from typer.testing import CliRunner

    from assistant.serving import cli

    calls: list[dict[str, object]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kwargs: calls.append(kwargs))
    monkeypatch.setattr("assistant.serving.app.create_app", lambda settings: object())
    monkeypatch.delenv("ZHENGWUYUAN_TRUSTED_PROXIES", raising=False)
    assert CliRunner().invoke(cli.app, ["serve"]).exit_code == 0
    assert calls[0]["proxy_headers"] is False
    monkeypatch.setenv("ZHENGWUYUAN_TRUSTED_PROXIES", '["10.1.1.1"]')
    assert CliRunner().invoke(cli.app, ["serve"]).exit_code == 0
    assert calls[1]["proxy_headers"] is True and calls[1]["forwarded_allow_ips"] == "10.1.1.1"


def test_limiter_cost_does_not_grow_with_clients():
    limiter = RateLimiter(5, max_clients=1000)
    started = time.perf_counter()
    for i in range(30_000):
        limiter.retry_after(f"c{i}")
    assert len(limiter) <= 1000
    assert time.perf_counter() - started < 2.0


def _gradio_call(client: TestClient, api: str, data: list[object]) -> str:
    event = client.post(f"/gradio_api/call/{api}", json={"data": data})
    assert event.status_code == 200, event.text
    stream = client.get(f"/gradio_api/call/{api}/{event.json()['event_id']}").text
    lines = [
        json.dumps(json.loads(line[5:]), ensure_ascii=False) if line.startswith("data:") else line
        for line in stream.splitlines()
    ]
    return "\n".join(lines)


def test_gradio_chat_is_rate_limited_and_logged(ui_client):
    streams = [_gradio_call(ui_client, "chat", [QUESTION, []]) for _ in range(4)]
    assert all("event: complete" in s for s in streams[:3])
    assert "event: error" in streams[3] and "频繁" in streams[3]
    folder = ui_client.app.state.settings.log_dir
    lines = [json.loads(x) for p in folder.glob("questions-*.jsonl") for x in p.read_text().splitlines()]
    assert len(lines) >= 3


def test_gradio_errors_do_not_echo_exception_text(ui_client, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("secret detail /srv/private")

    monkeypatch.setattr(ui_client.app.state.resources.assistant.kb, "current", broken)
    stream = _gradio_call(ui_client, "on_search", ["全部", "", "全部", "", "", False])
    assert "event: error" in stream and "secret" not in stream and "服务暂时" in stream


# 5. Question log ---------------------------------------------------------------------------------


def test_a_failing_question_log_does_not_fail_the_answer(client):
    response = client.post("/api/ask", json={"question": QUESTION}, headers=_via("4.4.4.4"))
    assert response.status_code == 200
    health = client.get("/api/health").json()
    assert health["question_log"]["failures"] >= 1 and health["question_log"]["last_error"]
    assert "not-a-dir" not in json.dumps(health)  # no paths in a public answer


# 7. Masking and logs -----------------------------------------------------------------------------


def test_mask_catches_variants():
    variants = [
        "我的老身份证 370102800101123 查询",
        "电话１３８１２３４５６７８",
        "电话 138.1234.5678",
        "电话 138-1234-5678",
        "电话 138 1234 5678",
        "邮箱 张三@例子.中国",
        "邮箱 ｚｈａｎｇ＠ｅｘａｍｐｌｅ．ｃｏｍ",
    ]
    for text in variants:
        masked = mask(text)
        assert "1234" not in masked and "800101" not in masked and "@" not in masked and "＠" not in masked, masked


def test_log_files_are_private(tmp_path: Path):
    log = QuestionLog(tmp_path / "logs", 30)
    log.write("问题", True, "lookup", "g1")
    assert stat.S_IMODE((tmp_path / "logs").stat().st_mode) == 0o700
    files = list((tmp_path / "logs").iterdir())
    assert files and all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in files)


def test_access_log_drops_query_strings(client):
    record = logging.LogRecord(
        "uvicorn.access",
        logging.INFO,
        __file__,
        1,
        '%s - "%s %s HTTP/%s" %d',
        ("1.2.3.4:5", "GET", "/api/tasks?unit=13812345678", "1.1", 200),
        None,
    )
    logger = logging.getLogger("uvicorn.access")
    assert all(f.filter(record) for f in logger.filters) and logger.filters
    assert "13812345678" not in record.getMessage() and "/api/tasks" in record.getMessage()


# 9. Gradio upload, nosniff -----------------------------------------------------------------------


def test_gradio_upload_route_is_closed(ui_client):
    response = ui_client.post("/gradio_api/upload", files={"files": ("x.html", b"<script>alert(1)</script>")})
    assert response.status_code == 404


def test_every_response_is_nosniff(ui_client, client):
    for response in (ui_client.get("/api/health"), ui_client.get("/"), client.get("/nope"), client.get("/api/tasks")):
        assert response.headers.get("X-Content-Type-Options") == "nosniff"


# 11. Chunked upload ------------------------------------------------------------------------------


def test_chunked_upload_over_the_limit_is_413(client, settings):
    before = read_current(settings.index_dir)[0].name

    def body():
        yield b'--b\r\nContent-Disposition: form-data; name="file"; filename="big.txt"\r\n\r\n'
        for _ in range(200):
            yield b"x" * 65536
        yield b"\r\n--b--\r\n"

    headers = {**AUTH, "content-type": "multipart/form-data; boundary=b"}
    response = client.post("/api/documents", headers=headers, content=body())
    assert response.status_code == 413 and "过大" in response.json()["detail"]
    assert read_current(settings.index_dir)[0].name == before
