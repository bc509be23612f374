"""Answers on the real index with the real model: citations, units, deadlines, abstentions."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from assistant.retriever import HybridRetriever
from indexer.store import TaskFilter

pytestmark = pytest.mark.slow
CITATION_FIELDS = "task_id doc_id doc_title region year section number text lead_units responsible_units deadline score"
TASK_FIELDS = (
    "id doc_id doc_title region year section number text lead_units responsible_units deadline source related_ids"
)


def _cli(*args: str, stdin: str | None = None, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "assistant.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
        check=check,
    )


def test_citizen_question_cites_the_clause(assistant):
    answer = assistant.ask("我家老人想了解养老院监管情况，会公开吗？")
    assert answer.answered
    assert any("养老机构监管信息" in c.text for c in answer.citations[:3])
    assert len({c.doc_id for c in answer.citations}) >= 2  # several documents, grouped by year
    assert "按文件年份从新到旧" in answer.text
    grouped = [line for line in answer.text.splitlines() if line.startswith("《")]
    years = [int(line[1:5]) for line in grouped if line[1:5].isdigit()]
    assert years == sorted(years, reverse=True)


def test_who_answer_names_lead_unit_and_deadline(assistant):
    answer = assistant.ask("政策解读工作指引谁牵头？")
    best = answer.citations[0]
    assert answer.intent == "who"
    assert best.lead_units == ["区党政办公室"] and best.deadline["date"] == "2025-09-30"
    assert answer.text.startswith("这项工作的牵头单位：区党政办公室")


def test_when_answer_says_plainly_when_no_deadline(assistant):
    answer = assistant.ask("高新区异地就医报销政策宣传的完成时限是什么？")
    assert answer.citations[0].deadline == {"raw": "", "date": None, "kind": "unspecified"}
    assert answer.text.startswith("完成时限：文件未规定")


def test_list_by_unit_is_complete_and_marks_collective(assistant):
    answer = assistant.ask("区大数据局负责哪些任务？")
    named = [c for c in answer.citations if not c.collective]
    assert [c.number for c in named] == ["23", "26", "27", "41", "42", "43", "44", "45"]
    assert any(c.collective for c in answer.citations)
    assert len({c.task_id for c in answer.citations}) == len(answer.citations)


def test_due_by_lists_every_task_due_that_day(assistant):
    answer = assistant.ask("哪些任务9月底前要完成？")
    assert answer.intent == "due"
    assert {c.deadline["date"] for c in answer.citations} == {"2025-09-30"}
    assert len(answer.citations) == 2


def test_twins_collapse_to_the_table_row(assistant):
    retriever = HybridRetriever(assistant.kb)
    hits = retriever.search("政府公报数字化 掌上公报", TaskFilter(region="章丘"), 10)
    ids = [h.record.id for h in hits]
    assert len(ids) == len(set(ids))
    assert hits[0].record.kind == "table"


@pytest.mark.parametrize(
    "question",
    [
        "历下区的政务公开要点有哪些？",
        "社保卡丢了怎么补办？",
        "'; DROP TABLE tasks; --",
        "How do I renew a passport?",
        "😀😀😀",
    ],
)
def test_out_of_scope_abstains_with_coverage_and_hotline(assistant, question):
    answer = assistant.ask(question)
    assert not answer.answered and answer.citations == []
    assert "12345" in answer.text and "知识库收录 5 份文件" in answer.text


def test_unknown_region_is_named(assistant):
    assert assistant.ask("历下区的政务公开要点有哪些？").text.startswith("知识库中没有历下区的文件")


def test_over_long_question_is_refused_with_limit(assistant):
    answer = assistant.ask("我" * 5000)
    assert not answer.answered and "500 字以内" in answer.text


def test_model_mismatch_is_refused(index_settings):
    from assistant.knowledge import KnowledgeBase
    from indexer.encoder import Encoder
    from indexer.errors import IndexStateError

    with pytest.raises(IndexStateError, match="zhengwuyuan index"):
        KnowledgeBase(index_settings, encoder=Encoder("BAAI/bge-small-zh-v1.5")).load()


def test_cli_ask_stdin_writes_one_json_answer_per_line(index_settings):
    questions = "政策解读工作指引谁牵头？\n\n区人社局负责哪些任务？\n"
    run = _cli("ask", "--json", "--index-dir", str(index_settings.index_dir), stdin=questions)
    answers = [json.loads(line) for line in run.stdout.splitlines()]
    assert len(answers) == 3
    assert set(answers[0]) == {"question", "answered", "text", "intent", "filters", "citations", "generation"}
    citation = answers[0]["citations"][0]
    assert set(CITATION_FIELDS.split()) <= set(citation)
    assert answers[1]["answered"] is False and "问题为空" in answers[1]["text"]


def test_cli_tasks_json_has_exact_field_names(index_settings):
    run = _cli(
        "tasks", "--unit", "区人社局", "--region", "章丘", "--json", "--index-dir", str(index_settings.index_dir)
    )
    tasks = json.loads(run.stdout)
    assert set(TASK_FIELDS.split()) <= set(tasks[0]) and "collective" not in tasks[0]
    assert tasks[-1]["collective"] is True
    assert set(tasks[0]["deadline"]) == {"raw", "date", "kind"}
    assert set(tasks[0]["source"]) == {"path", "line_start", "line_end"}


def test_cli_rejects_bad_dates_and_missing_index(tmp_path):
    run = _cli("tasks", "--due-before", "2025-13-40", "--index-dir", str(tmp_path), check=False)
    assert run.returncode == 1 and "YYYY-MM-DD" in run.stderr and "Traceback" not in run.stderr
    run = _cli("tasks", "--index-dir", str(tmp_path), check=False)
    assert run.returncode == 1 and "zhengwuyuan index" in run.stderr
