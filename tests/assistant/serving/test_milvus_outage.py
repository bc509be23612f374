"""The API on Milvus (a milvus-lite server the test starts and stops): a Milvus that cannot be reached at
start-up is one error naming its URI; one that goes away mid-run is a Chinese 503 for questions while task
lists keep working, nothing is damaged, and answers come back when it returns."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

pytest.importorskip("milvus_lite")

from assistant.serving.app import SEARCH_UNAVAILABLE, create_app  # noqa: E402
from assistant.serving.cli import app as cli  # noqa: E402
from assistant.settings import Settings  # noqa: E402
from indexer.errors import SearchUnavailable  # noqa: E402

pytestmark = pytest.mark.slow
QUESTION = {"question": "政策解读工作指引谁牵头？"}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class LiteServer:
    """``python -m milvus_lite server`` on a fixed port and data folder, so it can be stopped and started again."""

    def __init__(self, data: Path) -> None:
        self.data = data
        self.port = _free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def uri(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        command = [sys.executable, "-m", "milvus_lite", "server", "--data-dir", str(self.data)]
        command += ["--host", "127.0.0.1", "--port", str(self.port)]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.2)
        raise RuntimeError("milvus-lite server did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait(timeout=30)
            self.process = None


@pytest.fixture()
def lite(tmp_path: Path) -> Iterator[LiteServer]:
    server = LiteServer(tmp_path / "milvus-data")
    server.start()
    yield server
    server.stop()


def _settings(index_settings: Settings, tmp_path: Path, uri: str) -> Settings:
    index_dir = tmp_path / "index"
    shutil.copytree(index_settings.index_dir, index_dir)
    return Settings(
        index_dir=index_dir,
        log_dir=tmp_path / "logs",
        search_backend="milvus",
        milvus_uri=uri,
        answer_workers=0,
        rate_limit_per_minute=100_000,
    )


def test_milvus_going_away_mid_run_is_a_503_and_answers_return_with_it(index_settings, tmp_path, lite):
    settings = _settings(index_settings, tmp_path, lite.uri)
    with TestClient(create_app(settings, with_ui=False)) as client:
        first = client.post("/api/ask", json=QUESTION)
        assert first.status_code == 200 and first.json()["answered"]
        assert client.get("/api/health").json()["search_backend"] == "milvus"
        lite.stop()
        down = client.post("/api/ask", json={"question": "双随机一公开怎么落实？"})  # needs a search
        assert down.status_code == 503
        assert down.json()["detail"] == SEARCH_UNAVAILABLE and "Traceback" not in down.text
        assert client.get("/api/tasks", params={"region": "章丘"}).status_code == 200  # records: SQLite
        lite.start()
        deadline = time.monotonic() + 60
        while (back := client.post("/api/ask", json={"question": "政务公开考核怎么做？"})).status_code != 200:
            assert back.status_code == 503 and time.monotonic() < deadline
            time.sleep(0.5)
        again = client.post("/api/ask", json=QUESTION).json()
        assert again["text"] == first.json()["text"] and again["generation"] == first.json()["generation"]


def test_milvus_unreachable_at_start_up_is_one_error_naming_its_uri(index_settings, tmp_path):
    settings = _settings(index_settings, tmp_path, "http://127.0.0.1:1")
    with pytest.raises(SearchUnavailable, match=r"http://127\.0\.0\.1:1"):
        with TestClient(create_app(settings, with_ui=False)):
            pass
    from typer.testing import CliRunner

    env = {"ZHENGWUYUAN_SEARCH_BACKEND": "milvus", "ZHENGWUYUAN_MILVUS_URI": "http://127.0.0.1:1"}
    result = CliRunner().invoke(cli, ["serve", "--index-dir", str(settings.index_dir)], env=env)
    assert result.exit_code != 0 and "http://127.0.0.1:1" in result.output
