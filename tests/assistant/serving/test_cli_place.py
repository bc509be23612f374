"""``inspect`` says where a document's place and year came from; a declared place is checked before anything runs."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from assistant.serving.cli import app
from tests.conftest import DOCUMENTS

runner = CliRunner()
ZHANGQIU = DOCUMENTS / "2024_济南市章丘区_政务公开工作要点.md"
NO_PLACE = "一、加强公开\n(一)公开预算信息。(区财政局负责，9月底前完成)\n"


def _run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env={"COLUMNS": "400"})
    return result.exit_code, result.stdout, result.stderr


def test_inspect_names_the_clue(tmp_path: Path) -> None:
    code, out, _ = _run("inspect", str(ZHANGQIU))
    assert code == 0
    assert "地区：济南市章丘区（来源：标题）" in out and "年份：2024（来源：标题）" in out


def test_inspect_says_when_the_file_gives_no_place(tmp_path: Path) -> None:
    path = tmp_path / "tasks.txt"
    path.write_text(NO_PLACE, encoding="utf-8")
    code, out, _ = _run("inspect", str(path))
    assert code == 0
    assert "地区：未找到（文件未写明地区，问答时作为任意地区的候选）" in out
    assert "年份：未找到（文件未写明年份，问答时作为任意年份的候选）" in out


def test_inspect_json_and_a_declaration(tmp_path: Path) -> None:
    path = tmp_path / "tasks.txt"
    path.write_text(NO_PLACE, encoding="utf-8")
    code, out, _ = _run("inspect", str(path), "--json", "--region", "沙市", "--year", "2025")
    document = json.loads(out)["document"]
    assert code == 0
    assert {k: document[k] for k in ("region", "region_source", "year", "year_source")} == {
        "region": "荆州市沙市区",
        "region_source": "运维声明",
        "year": 2025,
        "year_source": "运维声明",
    }
    assert json.loads(out)["records"][0]["deadline"]["date"] == "2025-09-30"  # the declared year dates deadlines


def test_unknown_declared_region_is_refused_before_anything(tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    code, _, err = _run("add", str(ZHANGQIU), "--region", "测试区", "--index-dir", str(index_dir))
    assert code == 1 and "地区“测试区”不在全国行政区划表中" in err
    assert not index_dir.exists()
    code, _, err = _run("index", str(ZHANGQIU), "--year", "去年", "--index-dir", str(index_dir))
    assert code == 1 and "年份“去年”无效" in err and not index_dir.exists()
