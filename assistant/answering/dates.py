"""Dates as staff type them into a filter: 9月30日, 2025年9月底, 2025/9/30, 2025-09-30, 9月底, 年底.

The deadline grammar that reads the documents reads these too
(:func:`~indexer.parsing.fields.deadlines.parse_deadline`), so a filter accepts the
same phrases a plan writes. A date without a year takes the year given by
the caller (the newest plan year in scope) and says that it did.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from indexer.errors import ZhengwuyuanError
from indexer.parsing.fields.deadlines import parse_deadline

__all__ = ["DateError", "TypedDate", "read_date"]

_YEAR = re.compile(r"(?:19|20)\d{2}")
_MONTH_ONLY = re.compile(r"(?:((?:19|20)\d{2})\s*年\s*)?(\d{1,2})\s*月(?:份)?")
EXAMPLES = "2025-09-30、2025/9/30、2025年9月底、9月30日、9月底"


class DateError(ZhengwuyuanError):
    """A filter date that cannot be read; the message says what forms are understood."""


@dataclass(frozen=True)
class TypedDate:
    """A date read from what someone typed; ``assumed_year`` when the text named no year."""

    day: date
    text: str
    assumed_year: int | None = None


def read_date(text: str, default_year: int, end_of_month: bool = True) -> TypedDate | None:
    """``text`` as a date; empty → None; unreadable → :class:`DateError` with a Chinese message.

    A bare month (``9月``) is its last day for a "no later than" bound and its
    first day otherwise (``end_of_month=False``).
    """
    typed = unicodedata.normalize("NFKC", text or "").strip().rstrip("前之以")
    if not typed:
        return None
    written = _YEAR.search(typed)
    year = int(written.group(0)) if written else default_year
    assumed = None if written else default_year
    if month := _MONTH_ONLY.fullmatch(typed):
        number = int(month.group(2))
        if 1 <= number <= 12:
            day = calendar.monthrange(year, number)[1] if end_of_month else 1
            return TypedDate(date(year, number, day), text.strip(), assumed)
    found = parse_deadline(typed, year).date
    if found is None:
        raise DateError(f"无法识别日期“{text.strip()}”，可写作 {EXAMPLES}")
    return TypedDate(date.fromisoformat(found), text.strip(), assumed)
