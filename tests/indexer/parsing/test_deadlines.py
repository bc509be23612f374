from __future__ import annotations

import pytest

from indexer.parsing.fields.deadlines import find_inline_deadline, parse_deadline


@pytest.mark.parametrize(
    ("raw", "year", "date", "kind"),
    [
        ("2024年12月底前", 2024, "2024-12-31", "date"),
        ("3月底前", 2025, "2025-03-31", "date"),
        ("于7月18日前", 2025, "2025-07-18", "date"),
        ("2020 年年底以前", 2020, "2020-12-31", "date"),
        ("年底前", 2023, "2023-12-31", "date"),
        ("9月30日前", 2025, "2025-09-30", "date"),
        ("第二季度", 2025, "2025-06-30", "date"),
        ("2月底前", 2024, "2024-02-29", "date"),
        ("长期坚持", 2025, None, "ongoing"),
        ("持续推进", 2025, None, "ongoing"),
        ("常态化", 2025, None, "ongoing"),
        ("每季度", 2025, None, "ongoing"),
        ("全年持续推进", 2025, None, "ongoing"),
        ("", 2025, None, "unspecified"),
        ("——", 2025, None, "unspecified"),
        ("预算批准后20日内", 2025, None, "unspecified"),
        ("各街道（镇）、区政府各部门（单位）", 2024, None, "unspecified"),
        ("13月底前", 2025, None, "unspecified"),
    ],
)
def test_parse_deadline(raw, year, date, kind):
    deadline = parse_deadline(raw, year)
    assert (deadline.date, deadline.kind) == (date, kind)
    assert deadline.raw == raw.strip()


def test_no_year_means_no_invented_date():
    assert parse_deadline("3月底前", None).date is None
    assert parse_deadline("2024年12月底前", None).date == "2024-12-31"


def test_inline_deadline_skips_recurring_phrases():
    assert find_inline_deadline("于7月15日前编制本单位实施方案", 2024).date == "2024-07-15"
    assert find_inline_deadline("每年年底前将政策评价结果向社会公开", 2024) is None
    assert find_inline_deadline("持续做好信息公开", 2024) is None


def test_month_end_written_with_mo() -> None:
    """ "12月末前" is the end of December, like 12月底前."""
    from indexer.parsing.fields.deadlines import find_inline_deadline

    found = find_inline_deadline("做好各类规划主动公开。2021年12月末前，要在门户网站公开规划纲要。", 2021)
    assert found is not None and found.date == "2021-12-31"


def test_same_time_as_an_event_is_a_deadline_phrase() -> None:
    from indexer.parsing.fields.deadlines import is_deadline_phrase, parse_deadline

    assert is_deadline_phrase("与政策文件同步公开发布")
    assert parse_deadline("与政策文件同步公开发布", 2022).kind == "unspecified"  # kept as written, no date made up
