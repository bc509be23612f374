"""The ``zhengwuyuan`` command, run in-process with typer's CliRunner on a real index."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from assistant.answering.tasks import TaskQuery, TaskStatus, list_tasks
from assistant.serving.cli import app
from assistant.serving.ui import query_tasks
from tests.conftest import DOCUMENTS

pytestmark = pytest.mark.slow
CITATION_FIELDS = "task_id doc_id doc_title region year section number text lead_units responsible_units deadline score"
TASK_FIELDS = (
    "id doc_id doc_title region year section number text lead_units responsible_units deadline source related_ids"
)
runner = CliRunner()


def _run(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), input=stdin, env={"COLUMNS": "400"})
    return result.exit_code, result.stdout, result.stderr


def test_ask_stdin_writes_one_json_answer_per_line(index_settings):
    questions = "政策解读工作指引谁牵头？\n\n区人社局负责哪些任务？\n"
    code, out, _ = _run("ask", "--json", "--index-dir", str(index_settings.index_dir), stdin=questions)
    answers = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and len(answers) == 3
    assert set(answers[0]) == {
        "question",
        "answered",
        "outcome",
        "text",
        "intent",
        "filters",
        "citations",
        "generation",
        "coverage",
    }
    assert set(CITATION_FIELDS.split()) <= set(answers[0]["citations"][0])
    assert answers[0]["citations"][0]["lead_units"] == ["区党政办公室"]
    assert answers[1]["answered"] is False and "问题为空" in answers[1]["text"]


def test_chat_is_a_conversation_with_follow_ups_and_numbered_choices(index_settings):
    lines = "区大数据局负责哪些任务？\n它什么时候完成？\n2\n其中逾期的\n退出\n不会被读到\n"
    code, out, _ = _run("chat", "--index-dir", str(index_settings.index_dir), stdin=lines)
    assert code == 0
    assert "请问您问的是哪一项" in out and "  2. 第2项：探索运用大数据" in out
    assert "您问的是“探索运用大数据、人工智能等信息技术优化政策点对点…”的完成时限（上一条回答的第2项）" in out
    assert "您问的是上一条回答所列任务中截至今天" in out and "不会被读到" not in out


def test_tasks_json_has_exact_field_names(index_settings):
    args = ("tasks", "--unit", "区人社局", "--region", "章丘", "--json", "--index-dir", str(index_settings.index_dir))
    code, out, _ = _run(*args)
    tasks = json.loads(out)
    assert code == 0
    assert set(TASK_FIELDS.split()) <= set(tasks[0]) and "collective" not in tasks[0]
    assert tasks[-1]["collective"] is True
    assert set(tasks[0]["deadline"]) == {"raw", "date", "kind"}
    assert set(tasks[0]["source"]) == {"path", "line_start", "line_end"}


@pytest.mark.parametrize(
    "filters",
    [
        {"unit": "区人社局", "region": "章丘"},
        {"due_before": "2025-09-30", "due_after": "2025-03-01", "status": "overdue"},
        {"region": "济宁高新区", "status": "ongoing"},
        {"year": 2020, "status": "unspecified"},
    ],
    ids=["unit", "dates-status", "ongoing", "year-unspecified"],
)
def test_cli_api_and_ui_list_the_same_tasks(index_settings, assistant, filters):
    """One task query behind three front ends: the same ids, in the same order, for the same filters."""
    args = ["tasks", "--json", "--index-dir", str(index_settings.index_dir)]
    for name, value in filters.items():
        args += [f"--{name.replace('_', '-')}", str(value)]
    code, out, _ = _run(*args)
    assert code == 0
    cli_ids = [t["id"] for t in json.loads(out)]
    from assistant.serving.app import create_app

    with TestClient(create_app(index_settings, with_ui=False)) as client:
        api_ids = [t["id"] for t in client.get("/api/tasks", params=filters).json()]
        by_date = [t["id"] for t in client.get("/api/tasks", params={**filters, "order": "date"}).json()]
    desk = query_tasks(
        assistant,
        str(filters.get("region", "全部")),
        str(filters.get("unit", "")),
        {"overdue": "已逾期", "ongoing": "长期坚持", "unspecified": "未定时限"}.get(str(filters.get("status")), "全部"),
        str(filters.get("due_after", "")),
        str(filters.get("due_before", "")),
        date.today(),
        all_years=True,  # the desk's overdue default (this year's documents) is a filter the CLI spells --year
    )
    ui_ids = [row.record.id for row in desk.rows]
    if "year" in filters:  # the desk has no year filter: compare with the same query's year slice
        ui_ids = [i for i in ui_ids if i in set(cli_ids)]
    assert cli_ids and cli_ids == api_ids and sorted(cli_ids) == sorted(by_date)
    assert ui_ids and ui_ids == ([i for i in by_date if i in set(ui_ids)] if "year" in filters else by_date)


def test_tasks_status_and_due_after_filter(index_settings, assistant):
    code, out, _ = _run(
        "tasks",
        "--status",
        "ongoing",
        "--due-after",
        "2025-01-01",
        "--json",
        "--index-dir",
        str(index_settings.index_dir),
    )
    assert code == 0 and json.loads(out) == []  # ongoing tasks have no date, so a date bound excludes them
    code, out, _ = _run("tasks", "--status", "ongoing", "--json", "--index-dir", str(index_settings.index_dir))
    rows = json.loads(out)
    store = assistant.kb.current().store
    expected = list_tasks(store, TaskQuery(status=TaskStatus.ongoing), date.today())
    assert [r["id"] for r in rows] == [r.record.id for r in expected] and all(r["status"] == "ongoing" for r in rows)


def test_rejects_bad_dates_unknown_region_and_missing_index(index_settings, tmp_path):
    code, _, err = _run("tasks", "--due-before", "2025-13-40", "--index-dir", str(tmp_path))
    assert code == 1 and "YYYY-MM-DD" in err
    code, _, err = _run("tasks", "--index-dir", str(tmp_path))
    assert code == 1 and "zhengwuyuan index" in err
    code, _, err = _run("tasks", "--region", "历下区", "--index-dir", str(index_settings.index_dir))
    assert code == 1 and "历下区" in err and "可选地区" in err
    code, _, err = _run("tasks", "--status", "someday", "--index-dir", str(index_settings.index_dir))
    assert code == 2 and "someday" in err


def test_documents_lists_the_index(index_settings):
    code, out, _ = _run("documents", "--index-dir", str(index_settings.index_dir))
    assert code == 0 and "2024_济南市章丘区_政务公开工作要点" in out


def test_index_add_remove_round_trip(tmp_path, encoder):
    """Index two documents (one bad file skipped), add a third, remove it: each step a new generation."""
    source = tmp_path / "docs"
    source.mkdir()
    shutil.copy(DOCUMENTS / "2025_济南市市中区_政务公开工作要点.txt", source)
    (source / "empty.txt").write_bytes(b"")
    index_dir = tmp_path / "index"
    code, _, err = _run("index", str(source), "--index-dir", str(index_dir))
    assert code == 0 and "empty.txt" in err and "文件为空" in err and "索引已写入" in err
    extra = DOCUMENTS / "2025_博山区_贯彻落实省政务公开工作要点实施方案.txt"
    code, _, err = _run("add", str(extra), "--index-dir", str(index_dir))
    assert code == 0 and "新增：2025_博山区_贯彻落实省政务公开工作要点实施方案" in err
    code, _, err = _run("add", str(extra), "--index-dir", str(index_dir))
    assert code == 0 and "未变化" in err
    code, _, err = _run("remove", "2025_博山区_贯彻落实省政务公开工作要点实施方案", "--index-dir", str(index_dir))
    assert code == 0 and "已删除" in err
    code, _, err = _run("remove", "没有这份", "--index-dir", str(index_dir))
    assert code == 1 and "没有标识为" in err


def test_index_with_nothing_indexable_fails_clearly(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    code, _, err = _run("index", str(empty), "--index-dir", str(tmp_path / "index"))
    assert code == 1 and "没有任何文档被成功索引" in err and not (tmp_path / "index" / "CURRENT").exists()


def test_add_missing_file_is_named(tmp_path):
    code, _, err = _run("add", str(tmp_path / "nope.txt"), "--index-dir", str(tmp_path))
    assert code == 1 and "nope.txt" in err


def test_product_never_imports_eval():
    """The shipped command and packages import nothing from eval/ (nor indexer from assistant)."""
    root = Path(__file__).resolve().parents[3]
    for package, forbidden in (("assistant", ("eval",)), ("indexer", ("eval", "assistant"))):
        for module in (root / package).rglob("*.py"):
            text = module.read_text(encoding="utf-8")
            for name in forbidden:
                assert f"from {name}." not in text and f"import {name}" not in text, f"{module} imports {name}"
