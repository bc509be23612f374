"""Filter dates as people write them, the year a bare date assumed, and Chinese errors for the rest."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.answering.dates import DateError, read_date


@pytest.mark.parametrize(
    ("typed", "day", "assumed"),
    [
        ("9月30日", date(2025, 9, 30), 2025),
        ("2025年9月底", date(2025, 9, 30), None),
        ("2025/9/30", date(2025, 9, 30), None),
        ("2025-09-30", date(2025, 9, 30), None),
        ("9月底", date(2025, 9, 30), 2025),
        ("９月３０日前", date(2025, 9, 30), 2025),
        ("2024年年底", date(2024, 12, 31), None),
        ("9月", date(2025, 9, 30), 2025),
    ],
)
def test_dates_are_read_as_people_write_them(typed, day, assumed):
    read = read_date(typed, 2025)
    assert read is not None and read.day == day and read.assumed_year == assumed


def test_a_bare_month_starts_a_from_bound_and_ends_a_to_bound():
    assert read_date("2024年3月", 2025, end_of_month=False).day == date(2024, 3, 1)  # type: ignore[union-attr]
    assert read_date("2024年3月", 2025).day == date(2024, 3, 31)  # type: ignore[union-attr]


def test_empty_is_no_filter():
    assert read_date("  ", 2025) is None


@pytest.mark.parametrize("typed", ["9月31日", "2025-13-01", "下周", "abc", "2026-02-29"])
def test_unreadable_dates_say_so_in_chinese(typed):
    with pytest.raises(DateError) as caught:
        read_date(typed, 2025)
    assert f"“{typed}”" in str(caught.value) and "9月30日" in str(caught.value)
