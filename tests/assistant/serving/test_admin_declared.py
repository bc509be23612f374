"""POST /api/documents with declared ``region``/``year`` form fields: validated, stored, reported with sources."""

from __future__ import annotations

import shutil

import pytest
from fastapi.testclient import TestClient

from assistant.serving.app import create_app
from assistant.settings import Settings
from indexer.index.layout import read_current

pytestmark = pytest.mark.slow
TOKEN = "s3cret-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
TASKS = "一、加强公开\n(一)公开沙市预算信息。(区财政局负责，9月底前完成)\n(二)公开决算信息。(区财政局负责)\n".encode()


@pytest.fixture(scope="module")
def settings(index_settings, tmp_path_factory) -> Settings:
    index_dir = tmp_path_factory.mktemp("admin-declared") / "index"
    shutil.copytree(index_settings.index_dir, index_dir)
    return Settings(
        index_dir=index_dir, admin_token=TOKEN, log_dir=tmp_path_factory.mktemp("logs"), rate_limit_per_minute=10_000
    )


@pytest.fixture(scope="module")
def client(settings):
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        yield client


def test_declared_region_and_year_are_stored_and_reported(client):
    response = client.post(
        "/api/documents",
        headers=AUTH,
        files={"file": ("沙市任务.txt", TASKS)},
        data={"region": "荆州市沙市区", "year": "2025"},
    )
    assert response.status_code == 201, response.text
    assert response.json()["documents"]["沙市任务"] == {
        "title": "沙市任务",
        "region": "荆州市沙市区",
        "region_source": "运维声明",
        "year": 2025,
        "year_source": "运维声明",
    }
    listed = {d["id"]: d for d in client.get("/api/documents").json()}["沙市任务"]
    assert (listed["region"], listed["region_source"], listed["year"]) == ("荆州市沙市区", "运维声明", 2025)
    tasks = client.get("/api/tasks", params={"region": "沙市区"}).json()
    assert {t["doc_id"] for t in tasks} == {"沙市任务"} and tasks[0]["deadline"]["date"] == "2025-09-30"
    assert client.delete("/api/documents/沙市任务", headers=AUTH).status_code == 200


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"region": "测试区"}, "region：地区“测试区”不在全国行政区划表中"),
        ({"region": "和平区"}, "region：地区“和平区”对应多个地方"),
        ({"year": "明年"}, "year：年份“明年”无效"),
        ({"region": "沙" * 51}, "region：须为不超过 50 字的文字"),
    ],
)
def test_bad_declarations_are_refused_and_change_nothing(client, settings, data, message):
    before = read_current(settings.index_dir)[0].name
    response = client.post("/api/documents", headers=AUTH, files={"file": ("沙市任务.txt", TASKS)}, data=data)
    assert response.status_code == 422 and response.json()["detail"].startswith(message)
    assert read_current(settings.index_dir)[0].name == before
