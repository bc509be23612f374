"""A document's plan year, from the strongest clue its page gives.

Precedence: the title (``2017年`` in it); the notice's own title line
(关于做好2018年政务公开…, 现将《2017年…要点》印发); the text's own statement of the plan year
(``2017年全县政务公开工作的总体要求``, outside 《…》, which quote other plans);
the page's 发文/成文/发布 date or the date under the signature; a year in the
file name. The plan year comes before the publication date because a plan can
be issued late in the year before it; a date the page only displays (更新时间,
上传时间 on a document-sharing site) is never a clue.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

__all__ = ["YearFinding", "find_year"]

_HEADER = 40
_NOTICE_LINES = 30
_TEXT_LINES = 80
_TITLE_YEAR = re.compile(r"(\d{4})\s*[)）]?\s*年")  # 2017年, 目录(2022)年度
# A year that starts something (从2021年起将…纳入考核, 2018年以来) is when it starts, not the plan's year.
_NOTICE_YEAR = re.compile(r"(\d{4})\s*年(?!\s*\d{1,2}\s*月|\s*起|\s*以来)")
_PLAN_YEAR = re.compile(
    r"(\d{4})\s*年\s*(?:度\s*)?[,，]?\s*(?:[全我本][市县区省州旗]\s*)?(?:的\s*)?(?:政务公开|政府信息公开)"
)
# A past year's assessment or report (反馈了2022年度政务公开测评问题清单) names no plan year.
_ASSESSED = re.compile(
    r"\d{4}\s*年\s*度?\s*(?:的\s*)?(?:政务公开|政府信息公开)\s*(?:工作)?(?:测评|考核|考评|评估|年度报告|年报|绩效)"
)
_QUOTED = re.compile(r"《[^》]*》")
_NOTICE_WORDS = re.compile(r"通知|印发|关于")
_CITED_NOTICE = re.compile(r"《[^》]*通知[^》]*》")
# A second title line (潍坊市2017年…实施方案): short, no sentence punctuation.
_TITLE_SHAPE = re.compile(r"^[^。，,；;：:]{4,60}$")
_DATE_LABEL = re.compile(
    r"(?:发文日期|成文日期|发布日期|发布时间|印发日期|(?<![新间])日期)\s*[:：]\s*\|?\s*(\d{4})\s*[-年./]"
)
_ISSUER_END = re.compile(r"(?:人民政府|政府|局|委员会|委|厅|办公室|办公厅|办|管委会|中心)$")
_DATE_LINE = re.compile(r"^(\d{4})\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$")
_FILE_YEAR = re.compile(r"(?<!\d)(20\d{2})(?!\d)")
_PLAUSIBLE = range(1990, 2101)


@dataclass(frozen=True)
class YearFinding:
    """The plan year (None when no clue gives one) and the clue that gave it."""

    year: int | None
    source: str


def find_year(lines: list[str], title: str, title_source: str, file_name: str) -> YearFinding:
    """The plan year of a document from its lines (the matching view), its title and its file name."""
    finders: tuple[tuple[str, Callable[[], int | None]], ...] = (
        (title_source, lambda: _first(_TITLE_YEAR, [title])),
        ("通知", lambda: _notice_year(lines[:_NOTICE_LINES], notice=True)),
        ("标题", lambda: _notice_year([line for line in lines[:_NOTICE_LINES] if _TITLE_SHAPE.match(line)], False)),
        ("正文", lambda: _first(_PLAN_YEAR, [_ASSESSED.sub("", _QUOTED.sub("", s)) for s in lines[:_TEXT_LINES]])),
        ("正文", lambda: _notice_year([_ASSESSED.sub("", line) for line in lines[:_NOTICE_LINES]], notice=False)),
        ("发文日期", lambda: _first(_DATE_LABEL, lines[:_HEADER])),
        ("落款", lambda: _signature_year(lines)),
        ("文件名", lambda: _first(_FILE_YEAR, [Path(file_name).stem])),
    )
    for source, finder in finders:
        year = finder()
        if year is not None and year in _PLAUSIBLE:
            return YearFinding(year, source)
    return YearFinding(None, "")


def _first(pattern: re.Pattern[str], lines: list[str]) -> int | None:
    for line in lines:
        if match := pattern.search(line):
            return int(match.group(1))
    return None


def _notice_year(lines: list[str], notice: bool) -> int | None:
    """The plan year from a header line about 政务公开: a notice's (``关于做好2018年政务公开…的通知``), else another.

    A notice title is never taken as the document title, but when the title
    found has no year, the notice line is where the plan year is written; a
    header line that is no notice is a second title (潍坊市2017年…实施方案).
    """
    for raw in lines:
        line = _CITED_NOTICE.sub("", raw)  # a notice the page cites (《国务院办公厅关于印发…的通知》) is not its own
        if bool(_NOTICE_WORDS.search(line)) != notice:
            continue
        if "政务公开" in line and (match := _NOTICE_YEAR.search(line)):
            return int(match.group(1))
    return None


def _signature_year(lines: list[str]) -> int | None:
    """The year of a date line written right under an issuer's name (西充县人民政府办公室 / 2017年7月27日)."""
    previous = ""
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if (match := _DATE_LINE.match(line)) and _ISSUER_END.search(previous):
            return int(match.group(1))
        previous = line
    return None
