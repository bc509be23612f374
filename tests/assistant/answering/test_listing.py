"""Dated list answers: by date within each plan year, the assumed year said, overdue in this year's plans."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow


def test_due_by_says_the_year_it_assumed_and_runs_by_date(assistant):
    answer = assistant.ask("哪些任务9月底前要完成？")
    assert "问题未写年份，按知识库中最新的2025年计" in answer.text.splitlines()[0]
    years = [c.record.year for c in answer.citations]
    assert years == sorted(years, reverse=True)  # newest plan year first
    for year in set(years):
        dates = [c.deadline.date for c in answer.citations if c.record.year == year]
        assert dates == sorted(dates)
    assert "2025年文件（4 项，按完成时限排列）" in answer.text


def test_overdue_without_a_year_lists_this_years_plans_and_counts_the_rest(assistant):
    """The fixture's clock says 2026; the newest plans are 2025: those are listed, 2024 and 2020 counted."""
    answer = assistant.ask("哪些任务已经逾期了")
    first = answer.text.splitlines()[0]
    assert {c.record.year for c in answer.citations} == {2025}
    assert all(c.deadline.date and c.deadline.date < "2026-11-23" for c in answer.citations)
    assert "今年（2026年）没有文件，按最近的2025年文件" in first and "2024年 52 项" in first


def test_overdue_with_a_year_lists_that_year(assistant):
    answer = assistant.ask("2024年哪些任务逾期了")
    assert answer.citations and {c.record.year for c in answer.citations} == {2024}


def test_a_unit_several_documents_name_is_listed_per_document_the_one_the_question_points_to_first(assistant):
    """区政府办公室 is 章丘's office and 博山's office: listed apart, never merged; 章丘 (more tasks) first, unless
    the question's other words (政府开放活动) are in 博山's tasks only."""
    plain = assistant.ask("区政府办公室负责哪些任务？")
    pointed = assistant.ask("区政府办公室在政府开放活动里负责哪些任务？")
    for answer in (plain, pointed):
        assert "2 份文件都写有“区政府办公室”，各是本地的单位，按文件分别列出" in answer.text
        assert len({c.doc_id for c in answer.citations}) == 2
    assert plain.citations[0].doc_id.startswith("2024_济南市章丘区")
    assert pointed.citations[0].doc_id.startswith("2025_博山区")


def test_the_words_before_the_unit_name_its_document(assistant):
    """区政府办公室 asked with the words of 博山's title right before it ("实施方案里…"): 博山's office first, though
    章丘 names it in more tasks; the gazetteer need not know those words (a town's name works the same way)."""
    answer = assistant.ask("实施方案里区政府办公室负责哪些任务？")
    assert "2 份文件都写有“区政府办公室”" in answer.text
    assert answer.citations[0].doc_id.startswith("2025_博山区")
