"""The staff desk's search (the handler behind the 任务查询 tab), without a browser."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.serving.ui_tasks import query_tasks

pytestmark = pytest.mark.slow
TODAY = date(2026, 11, 23)


def test_typed_unit_lists_its_tasks_with_matching_counts(assistant):
    desk = query_tasks(assistant, "全部", "人社", "全部", "", "", TODAY)
    assert desk.rows and not desk.error
    label, name = desk.units[0]
    assert name == "区人力资源和社会保障局" and f"· {len(desk.rows)} 项" in label


@pytest.mark.parametrize("typed", ["9月30日", "2025年9月底", "2025/9/30", "2025-09-30", "9月底"])
def test_dates_as_people_write_them(assistant, typed):
    desk = query_tasks(assistant, "全部", "", "全部", "", typed, TODAY)
    assert desk.rows and all(r.record.deadline.date <= "2025-09-30" for r in desk.rows if r.twin is None)
    dates = [r.record.deadline.date for r in desk.rows if r.twin is None]
    assert dates == sorted(dates)
    assert ("按知识库中最新的2025年理解" in " ".join(desk.notes)) == ("2025" not in typed)


def test_an_unreadable_date_is_a_chinese_message_and_nothing_else(assistant):
    desk = query_tasks(assistant, "全部", "", "全部", "", "9月31日", TODAY)
    assert desk.error.startswith("截止日期不晚于：无法识别日期“9月31日”") and desk.rows == []
    message, *rest = desk.outputs()
    assert "9月31日" in message and 'role="alert"' in message
    assert rest == [{"__type__": "update"}] * 6  # gr.skip(): the table, summary and downloads stay as they were


def test_overdue_defaults_to_this_years_plans_with_a_switch(assistant):
    default = query_tasks(assistant, "全部", "", "已逾期", "", "", TODAY)
    every = query_tasks(assistant, "全部", "", "已逾期", "", "", TODAY, all_years=True)
    assert {r.record.year for r in default.rows} == {2025} and "包括往年文件" in " ".join(default.notes)
    assert {r.record.year for r in every.rows} >= {2020, 2024, 2025} and len(every.rows) > len(default.rows)
