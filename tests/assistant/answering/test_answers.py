"""Answers on the real index with the real model: citations, units, deadlines, abstentions."""

from __future__ import annotations

import pytest

from assistant.answering.retriever import HybridRetriever
from indexer.index.filters import TaskFilter
from indexer.models import Deadline

pytestmark = pytest.mark.slow


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
    assert best.record.lead_units == ["区党政办公室"] and best.record.deadline.date == "2025-09-30"
    first = answer.text.splitlines()[0]  # the knowledge base covers several places: the answer names its own first
    assert first.startswith("据山东省济宁市高新区2025年的文件，由区党政办公室牵头") and "9月底前（2025-09-30）" in first


def test_when_answer_says_plainly_when_no_deadline(assistant):
    answer = assistant.ask("高新区异地就医报销政策宣传的完成时限是什么？")
    assert answer.citations[0].record.deadline == Deadline(raw="", date=None, kind="unspecified")
    assert answer.text.startswith("据山东省济宁市高新区2025年的文件，文件未规定完成时限")


def test_list_by_unit_is_complete_and_marks_collective(assistant):
    answer = assistant.ask("区大数据局负责哪些任务？")
    named = [c for c in answer.citations if not c.collective]
    assert [c.record.number for c in named] == ["23", "26", "27", "41", "42", "43", "44", "45"]
    assert any(c.collective for c in answer.citations)
    assert len({c.record.id for c in answer.citations}) == len(answer.citations)


def test_due_by_lists_every_task_due_on_or_before_the_date(assistant):
    """Not only the tasks whose text says 9月底前: everything dated up to then, standing ones counted apart."""
    answer = assistant.ask("哪些任务9月底前要完成？")
    assert answer.intent == "due"
    dates = [c.record.deadline.date for c in answer.citations]
    assert len(dates) == 57 and all(d is not None and d <= "2025-09-30" for d in dates)
    assert {"2025-03-31", "2024-12-31", "2025-09-30"} <= set(dates)
    assert answer.text.startswith("完成时限在2025-09-30（9月底前）及之前的任务共 57 项") and "长期性任务" in answer.text


def test_relative_year_missing_falls_back_to_the_nearest_year_and_says_so(assistant):
    answer = assistant.ask("区大数据局今年负责哪些任务？")  # the fixture's clock says 2026; the unit's plan is 2024
    assert answer.text.startswith("知识库中没有2026年（今年）的文件，以下按最近的2024年文件回答")
    assert {c.record.year for c in answer.citations} == {2024}


def test_explicit_year_missing_is_refused_naming_the_nearest(assistant):
    answer = assistant.ask("章丘区2023年的政务公开要点里人社局负责啥")
    assert not answer.answered and "没有山东省济南市章丘区2023年的文件" in answer.text and "2024" in answer.text


def test_place_outside_the_knowledge_base_is_refused_by_name(assistant):
    for question, place in (("潍坊市就业创业政策由哪个部门牵头", "潍坊市"), ("威海市商务局负责哪些任务", "威海市")):
        answer = assistant.ask(question)
        assert not answer.answered and answer.text.startswith(f"知识库中没有{place}的文件") and not answer.citations


@pytest.mark.parametrize("channels", ["records", "both"])
def test_twins_collapse_to_the_table_row(assistant, channels):
    retriever = HybridRetriever(assistant.kb, channels=channels)
    hits = retriever.search("政府公报数字化 掌上公报", TaskFilter(region="章丘"), 10)
    ids = [h.record.id for h in hits if h.record is not None]
    assert len(ids) == len(set(ids))
    assert hits[0].record is not None and hits[0].record.kind == "table"


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
def test_out_of_scope_abstains_briefly_with_hotline_and_folded_coverage(assistant, question):
    answer = assistant.ask(question)
    assert not answer.answered and answer.citations == []
    assert "12345" in answer.text and answer.text.count("。") <= 3 and "《" not in answer.text
    assert len(answer.coverage) == 5


def test_unknown_region_is_named(assistant):
    assert assistant.ask("历下区的政务公开要点有哪些？").text.startswith("知识库中没有历下区的文件")


def test_over_long_question_is_refused_with_limit(assistant):
    answer = assistant.ask("我" * 5000)
    assert not answer.answered and "500 字以内" in answer.text


def test_model_mismatch_is_refused(index_settings):
    from indexer.embedding.encoder import Encoder
    from indexer.errors import IndexStateError

    with pytest.raises(IndexStateError, match="zhengwuyuan index"):
        index_settings.knowledge_base(Encoder("BAAI/bge-small-zh-v1.5")).load()


def test_a_near_tie_goes_to_the_clause_saying_the_question_s_phrase(assistant):
    # Fusion scores the 监管 paragraph (监管 five times) a hair above the one saying 养老机构监管信息.
    answer = assistant.ask("市中区今年会公开养老机构的监管信息吗？")
    assert answer.answered
    assert "养老机构监管信息" in answer.citations[0].text
