"""Admin ingest over HTTP and every hostile request: refused with 4xx, index unchanged, nothing outside read."""

from __future__ import annotations

import shutil
import zipfile

import pytest
from fastapi.testclient import TestClient

from assistant.serving.app import create_app
from assistant.settings import Settings
from indexer.index.layout import read_current
from tests.conftest import DOCUMENTS

pytestmark = pytest.mark.slow
TOKEN = "s3cret-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture(scope="module")
def settings(index_settings, tmp_path_factory) -> Settings:
    index_dir = tmp_path_factory.mktemp("admin") / "index"
    shutil.copytree(index_settings.index_dir, index_dir)
    return Settings(
        index_dir=index_dir,
        admin_token=TOKEN,
        log_dir=tmp_path_factory.mktemp("logs"),
        rate_limit_per_minute=10_000,
    )


@pytest.fixture(scope="module")
def client(settings):
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        yield client


def _generation(settings: Settings) -> str:
    return read_current(settings.index_dir)[0].name


def _tianqiao() -> bytes:
    text = (DOCUMENTS / "2025_济南市市中区_政务公开工作要点.txt").read_text(encoding="utf-8")
    return text.replace("市中区", "天桥区").replace("2025", "2026").encode("utf-8")


def test_upload_is_answerable_at_once_then_removed(client, settings):
    before = _generation(settings)
    response = client.post("/api/documents", headers=AUTH, files={"file": ("2026_天桥区要点.txt", _tianqiao())})
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["added"] == ["2026_天桥区要点"] and body["generation"] != before
    answer = client.post("/api/ask", json={"question": "天桥区每年组织几次政务公开业务培训？"}).json()
    assert answer["answered"] and answer["generation"] == body["generation"]
    assert answer["citations"][0]["region"] == "济南市天桥区"
    assert client.get("/api/tasks", params={"region": "天桥区"}).json()  # on the staff desk too
    again = client.post("/api/documents", headers=AUTH, files={"file": ("2026_天桥区要点.txt", _tianqiao())})
    assert again.json()["unchanged"] == ["2026_天桥区要点"] and again.json()["generation"] is None
    removed = client.delete("/api/documents/2026_天桥区要点", headers=AUTH)
    assert removed.status_code == 200
    gone = client.post("/api/ask", json={"question": "天桥区每年组织几次政务公开业务培训？"}).json()
    assert not gone["answered"] and "知识库中没有天桥区的文件" in gone["text"]
    assert client.delete("/api/documents/2026_天桥区要点", headers=AUTH).status_code == 404


def _zip(entries: dict[str, bytes]) -> bytes:
    import io

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _zip_bomb() -> bytes:
    import io

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", "<w:document/>")
        with archive.open("word/bomb.xml", "w") as entry:
            chunk = b"\0" * (1 << 20)
            for _ in range(260):
                entry.write(chunk)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "status", "message"),
    [
        ("bomb.docx", _zip_bomb(), 422, "压缩炸弹"),
        (
            "entity.docx",
            _zip({"word/document.xml": b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>'}),
            422,
            "实体",
        ),
        ("renamed.txt", bytes(range(256)) * 40, 422, "二进制"),
        ("renamed.docx", b"MZ\x90\x00" + bytes(2000), 422, "zip"),
        ("empty.txt", b"", 400, "文件为空"),
        ("huge.txt", "政".encode() * (4 * 1024 * 1024), 413, "过大"),
        ("../evil.txt", b"x", 400, "文件名不合法"),
        ("..\\evil.txt", b"x", 400, "文件名不合法"),
        ("notes.exe", b"x", 415, ".txt"),
        ("notask.txt", "只是一段说明文字。".encode(), 422, "未识别到任何任务"),
    ],
)
def test_hostile_uploads_are_refused_and_change_nothing(client, settings, name, content, status, message):
    before = _generation(settings)
    response = client.post("/api/documents", headers=AUTH, files={"file": (name, content)})
    assert response.status_code == status, response.text
    assert message in response.json()["detail"]
    assert _generation(settings) == before
    assert not any(p.name == name for p in settings.index_dir.rglob("*"))


def test_nul_in_filename_is_refused(client, settings):
    before = _generation(settings)
    body = (
        b'--B\r\nContent-Disposition: form-data; name="file"; filename="a\x00.txt"\r\n'
        b"Content-Type: text/plain\r\n\r\nhello\r\n--B--\r\n"
    )
    response = client.post(
        "/api/documents", headers={**AUTH, "content-type": "multipart/form-data; boundary=B"}, content=body
    )
    assert 400 <= response.status_code < 500 and _generation(settings) == before


def test_ten_thousand_form_fields_are_refused(client, settings):
    before = _generation(settings)
    fields = {f"f{i}": "1" for i in range(10_000)}
    response = client.post("/api/documents", headers=AUTH, data=fields, files={"file": ("a.txt", b"x")})
    assert response.status_code == 400 and _generation(settings) == before


@pytest.mark.parametrize(
    ("headers", "status"),
    [({}, 401), ({"Authorization": "Bearer wrong"}, 401), ({"Authorization": f"Basic {TOKEN}"}, 401)],
)
def test_wrong_or_missing_token(client, headers, status):
    response = client.post("/api/documents", headers=headers, files={"file": ("a.txt", b"x")})
    assert response.status_code == status
    assert client.delete("/api/documents/x", headers=headers).status_code == status


def test_admin_is_off_without_a_configured_token(index_settings):
    with TestClient(create_app(index_settings, with_ui=False)) as client:
        response = client.post("/api/documents", files={"file": ("a.txt", b"x")})
    assert response.status_code == 403 and "ZHENGWUYUAN_ADMIN_TOKEN" in response.json()["detail"]


def test_concurrent_ingest_gets_409(client, settings):
    with client.app.state.resources.catalog.writer():
        response = client.post("/api/documents", headers=AUTH, files={"file": ("2026_天桥区要点.txt", _tianqiao())})
    assert response.status_code == 409


def test_oversized_ask_body_is_413(client):
    response = client.post(
        "/api/ask", content=b'{"question": "' + b"a" * 200_000 + b'"}', headers={"content-type": "application/json"}
    )
    assert response.status_code == 413 and "过大" in response.json()["detail"]


@pytest.mark.parametrize(
    "path",
    [
        "/file=/etc/passwd",
        "/gradio_api/file=/etc/passwd",
        "/gradio_api/file=..%2f..%2f..%2f..%2fetc%2fpasswd",
        "/gradio_api/file=..%2F..%2F..%2F..%2Fetc%2Fpasswd",
        "/file=..%2f..%2fetc/passwd",
        "/gradio_api/file=%2e%2e/%2e%2e/etc/passwd",
        "/static/../../../etc/passwd",
    ],
)
def test_gradio_file_routes_do_not_leak(client, path):
    response = client.get(path)
    assert 400 <= response.status_code < 500
    assert "root:" not in response.text


def test_rate_limit_and_cors(index_settings):
    settings = Settings(
        index_dir=index_settings.index_dir, rate_limit_per_minute=3, cors_origins=["https://gov.example"]
    )
    with TestClient(create_app(settings, with_ui=False)) as client:
        codes = [client.post("/api/ask", json={"question": "谁牵头政策解读工作指引"}).status_code for _ in range(4)]
        assert codes == [200, 200, 200, 429]
        limited = client.post("/api/ask", json={"question": "谁牵头"})
        assert int(limited.headers["Retry-After"]) >= 1
        preflight = {"Origin": "https://gov.example", "Access-Control-Request-Method": "POST"}
        assert (
            client.options("/api/ask", headers=preflight).headers["access-control-allow-origin"]
            == "https://gov.example"
        )
        evil = {**preflight, "Origin": "https://evil.example"}
        assert "access-control-allow-origin" not in client.options("/api/ask", headers=evil).headers


def test_questions_are_logged_masked(client, settings):
    client.post("/api/ask", json={"question": "我电话13812345678，养老机构监管信息公开吗"})
    logged = "".join(p.read_text(encoding="utf-8") for p in settings.log_dir.glob("questions-*.jsonl"))
    assert "13812345678" not in logged and "[手机号]" in logged


def test_chat_page_can_be_embedded_in_an_iframe(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "x-frame-options" not in response.headers
    assert "frame-ancestors" not in response.headers.get("content-security-policy", "")
