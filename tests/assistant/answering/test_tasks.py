"""The one task query: a unit typed in part or by alias, picker counts equal to the list, lists by date."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.answering.tasks import TaskOrder, TaskQuery, list_tasks, overdue_year, unit_choices
from indexer.index.reader import open_records
from indexer.index.store import shown_deadline

pytestmark = pytest.mark.slow
TODAY = date(2026, 11, 23)


@pytest.fixture(scope="module")
def store(index_settings):
    return open_records(index_settings.index_dir, index_settings.registry())


def test_part_of_a_name_or_an_alias_finds_the_unit(store):
    full = {row.record.id for row in list_tasks(store, TaskQuery(unit="区人力资源和社会保障局"), TODAY)}
    assert full
    for typed in ("人社", "区人社局", "人力资源和社会"):
        assert {row.record.id for row in list_tasks(store, TaskQuery(unit=typed), TODAY)} >= full
    assert list_tasks(store, TaskQuery(unit="不存在的单位"), TODAY) == []


def test_unit_picker_counts_are_the_list_counts(store):
    """The old dropdown said 8 项 for 区大数据局 and the list showed 37: the count now is the list's length."""
    query = TaskQuery(region="章丘")
    choices = unit_choices(store, "大数据", query, TODAY)
    assert [c.name for c in choices][:1] == ["区大数据局"]
    for choice in choices:
        rows = list_tasks(store, TaskQuery(unit=choice.name, region="章丘"), TODAY)
        assert choice.tasks == len(rows) > 0
    people = unit_choices(store, "人社", TaskQuery(), TODAY)
    assert people and "区人社局" in people[0].aliases


def test_date_order_runs_by_the_deadline_shown(store):
    rows = list_tasks(store, TaskQuery(order=TaskOrder.date), TODAY)
    dates = [shown_deadline(r.record, r.twin).date for r in rows]
    dated = [d for d in dates if d]
    assert dated == sorted(dated) and dates[: len(dated)] == dated  # undated after the dated ones
    assert len(rows) == len(list_tasks(store, TaskQuery(), TODAY))


def test_overdue_year_is_this_year_else_the_newest_before():
    assert overdue_year([2020, 2024, 2025], date(2025, 5, 1)) == 2025
    assert overdue_year([2020, 2024, 2025], date(2026, 11, 23)) == 2025
    assert overdue_year([2027], date(2026, 1, 1)) == 2027
    assert overdue_year([], TODAY) is None
