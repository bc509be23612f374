"""Understand deadlines, resolved against the document's year.

A deadline cell or phrase becomes a :class:`~indexer.models.Deadline`: a
calendar date where the words give one, ``ongoing`` for standing duties, and
``unspecified`` (raw text kept) for everything else. A date is never invented:
without a year, "3月底前" stays unspecified.
"""

from __future__ import annotations

import calendar
import re

from indexer.models import Deadline

__all__ = ["find_inline_deadline", "parse_deadline"]

_ONGOING = re.compile(r"长期坚持|持续推进|常态化|每季度|每月|每年|全年|长期|持续|经常性|定期")
_NONE = re.compile(r"^[—\-－–\s/无]*$")
_QUARTER = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}

_FULL_DAY = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_FULL_MONTH_END = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(?:底|末|份)")
_FULL_YEAR_END = re.compile(r"(\d{4})\s*年\s*(?:年\s*)?(?:底|末|内)")
_DAY = re.compile(r"(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_MONTH_END = re.compile(r"(\d{1,2})\s*月\s*(?:底|末|份)")
_YEAR_END = re.compile(r"年\s*(?:底|末)|年内")
_QUARTER_END = re.compile(r"第\s*([一二三四1-4])\s*季度")
_HALF_YEAR = re.compile(r"上半年")
_RELATIVE = re.compile(r"后\s*\d+\s*(?:个)?(?:日|天|工作日|月)内|之日起")

# A phrase inside prose that sets a one-off deadline: "于7月18日前", "2020 年年底以前".
_INLINE = re.compile(r"(?:于\s*)?(?:\d{4}\s*年\s*)?(?:年\s*底|\d{1,2}\s*月\s*(?:底|\d{1,2}\s*日))\s*(?:以)?前")
_RECURRING_BEFORE = re.compile(r"(?:每年|每季度|每月|每半年)$")


def parse_deadline(raw: str, year: int | None) -> Deadline:
    """Parse a deadline cell or phrase.

    Args:
        raw: the text as the document gives it (may be blank or wrong).
        year: the plan's year, used for dates that name no year.
    """
    text = raw.strip()
    if _NONE.match(text):
        return Deadline(raw=text, date=None, kind="unspecified")
    if _RELATIVE.search(text):
        return Deadline(raw=text, date=None, kind="unspecified")
    date = _resolve_date(text, year)
    if date:
        return Deadline(raw=text, date=date, kind="date")
    if _ONGOING.search(text):
        return Deadline(raw=text, date=None, kind="ongoing")
    return Deadline(raw=text, date=None, kind="unspecified")


def find_inline_deadline(text: str, year: int | None) -> Deadline | None:
    """Find a one-off deadline phrase inside prose; recurring ones ("每年年底前") are skipped."""
    for match in _INLINE.finditer(text):
        if _RECURRING_BEFORE.search(text[max(0, match.start() - 3) : match.start()]):
            continue
        deadline = parse_deadline(match.group(0), year)
        if deadline.kind == "date":
            return deadline
    return None


def _resolve_date(text: str, year: int | None) -> str | None:
    if m := _FULL_DAY.search(text):
        return _iso(int(m[1]), int(m[2]), int(m[3]))
    if m := _FULL_MONTH_END.search(text):
        return _month_end(int(m[1]), int(m[2]))
    if m := _FULL_YEAR_END.search(text):
        return _iso(int(m[1]), 12, 31)
    if year is None:
        return None
    if m := _DAY.search(text):
        return _iso(year, int(m[1]), int(m[2]))
    if m := _MONTH_END.search(text):
        return _month_end(year, int(m[1]))
    if _YEAR_END.search(text):
        return _iso(year, 12, 31)
    if m := _QUARTER_END.search(text):
        return _month_end(year, _QUARTER[m[1]] * 3)
    if _HALF_YEAR.search(text):
        return _iso(year, 6, 30)
    return None


def _month_end(year: int, month: int) -> str | None:
    if not 1 <= month <= 12:
        return None
    return _iso(year, month, calendar.monthrange(year, month)[1])


def _iso(year: int, month: int, day: int) -> str | None:
    if not (1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"
