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
from indexer.parsing.text import only_ticks

__all__ = [
    "NO_DEADLINE",
    "find_inline_deadline",
    "find_prose_deadline",
    "is_deadline_cell",
    "is_deadline_phrase",
    "parse_deadline",
]

# A deadline cell: only date, period and frequency words, maybe closed by the verb they time ("常态化开展").
_CELL = re.compile(
    r"^(?:[\d\s年月日号底末前以内份/\-.]|[一二三四五六七八九十]+月|[第一二三四]*季度|上半年|下半年|年内|长期|坚持|持续|推进|"
    r"常态化|每|全年|半年|周|[上中下]?旬|至|到|[~～]|——|—|－|-)+(?:开展|完成|实施|执行)?$"
)
_CELL_MAX = 16
_ONGOING = re.compile(r"长期坚持|持续推进|常态化|按季度|按月|每季度|每月|每半年|每周|每年|全年|长期|持续|经常性|定期")
_NONE = re.compile(r"^[—\-－–\s/无]*$")
_QUARTER = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}

_FULL_DAY = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_FULL_MONTH_END = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(?:底|末|份)")
_FULL_YEAR_END = re.compile(r"(\d{4})\s*年\s*(?:年\s*)?(?:底|末|内)")
_DAY = re.compile(r"(\d{1,2})\s*月\s*(\d{1,2})\s*(?:日|号|(?=前))")  # 8月30前: a notice's shorthand
_MONTH_END = re.compile(r"(\d{1,2})\s*月\s*(?:底|末|份)")
_YEAR_END = re.compile(r"年\s*(?:底|末)|(?<![上下半])年内")
# "第三季度", "三季度末" and a bare "三季度" all end with the quarter ("第四季度前" is read as its end too).
_QUARTER_END = re.compile(r"(?<![每分按])(?:第\s*([一二三四1-4])\s*季度|([一二三四1-4])\s*季度)")
_HALF_YEAR = re.compile(r"上半年")
_SECOND_HALF = re.compile(r"下半年")
_SLASH_DATE = re.compile(r"(\d{4})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})")
# Relative to an event: "印发后3个工作日内", "自…之日起", "与政策文件同步发布" (at the same time as it).
_RELATIVE = re.compile(r"后的?\s*\d+\s*(?:个)?\s*(?:日|天|工作日|月)\s*之?内|之日起|^与[^，,。；;]{1,12}同步")
_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_NUMBER = re.compile(r"[一二三四五六七八九十]{1,3}(?=\s*[月日号])")

# A phrase inside prose that sets a one-off deadline: "于7月18日前", "2020 年年底以前".
# A notice writes the hour before 前 (3月17日下午下班前, 5月8日12时前) and the day it schedules a step for
# (定于3月底对…进行复核, 将于6月2日开展第二次测评), and the day by which it asks for something (于6月24日将…报送).
_HOUR = r"(?:[上下中]午|晚上)?\s*(?:\d{1,2}\s*[:：时点]\s*(?:\d{1,2}\s*分?)?|下班)?"
_INLINE = re.compile(
    r"(?:于\s*)?(?:\d{4}\s*年\s*|次年\s*|明年\s*)?(?:年\s*[底末]|\d{1,2}\s*月\s*(?:底|末|\d{1,2}\s*[日号]?))"
    rf"\s*{_HOUR}\s*(?:以)?前"
    r"|(?:定于|将于)\s*(?:\d{4}\s*年\s*)?\d{1,2}\s*月\s*(?:底|末|\d{1,2}\s*[日号])"
    r"|于\s*(?:\d{4}\s*年\s*)?\d{1,2}\s*月\s*(?:底|末|\d{1,2}\s*[日号])(?=\s*(?:将|把|报送|上报|报|提交|完成))"
)
# A period ("年内", "三季度末") sets the deadline of a short task; in a long item that bundles
# several actions it usually qualifies one of them, so it is read only up to this many sentences.
_INLINE_PERIOD = re.compile(r"(?<![每全分按])(?:年内|上半年内?|下半年内?|第?[一二三四]季度[末前]?)")
_PERIOD_MAX_SENTENCES = 2
# A period repeated (每年年底前) or one that dates what was done (组织开展了三季度…检查) is no limit of the task.
_RECURRING_BEFORE = re.compile(r"(?:每年|每季度|每月|每半年|了)$")
# "次年1月底前" in a plan for year Y means year Y+1, as if the year were written.
_NEXT_YEAR = re.compile(r"(?:次年|明年|翌年)\s*(?=\d{1,2}\s*月)")
# Prose with no deadline label: a relative phrase (from its clause's start, or after the
# preposition 在/于 that ends the clause's subject) or a standing duty.
_PROSE_RELATIVE = re.compile(
    r"[^，,。；;：:（(）)\s在于]{0,12}?后\s*\d+\s*个?(?:工作日|日|天|个月)内"
    r"|[\u4e00-\u9fff]{0,2}之日起\s*\d+\s*个?(?:工作日|日|天|个月)内"
)
# A catalogue's rolling time limit, however its event is worded: "自该政府信息形成或者变更之日起20个工作日内及时公开",
# "信息形成(变更)20个工作日内", "关联规范性文件公开3个工作日内", with how long it stays public and a proviso after it
# (",保持长期公开(相关政策法规另有规定的应从其规定)").
_ROLLING = re.compile(
    r"自?[^，,。；;：:]{0,20}(?:之日起|(?:形成|产生|变更|更新|公开|公布|印发|发布|出台)[)）]?)"
    r"\s*\d+\s*个?\s*(?:工\s*作\s*日|日|天|个月)内"
    r"\s*(?:及时|予以)?\s*(?:公开|更新|发布)?"
    r"(?:[，,]\s*(?:并\s*)?(?:保持)?长期公开)?\s*(?:[（(][^）)]{0,40}[）)])?"
)
# A time-limit cell that gives only the period (20工作日, 20个工作日内, 6个月): its event is the column's.
_PERIOD_CELL = re.compile(r"\d{1,3}\s*个?\s*(?:工作日|日|天|个月)内?\s*(?:公开|更新|发布)?")
# A catalogue's time-limit cell that names no period: "动态调整", "按通知要求动态调整", "根据变动及时更新".
_STANDING_CELL = re.compile(
    r"(?:按[^，,。；;]{1,10}要求|(?:根据|依据|随)[^，,。；;]{1,6}?)?(?:动态|实时|及时|随时)(?:调整|更新|公开|发布)"
)
# 持续 opening what the clause's actor does (要持续做好…, 。持续推动…) makes the task standing; inside a
# phrase (营商环境持续优化, 持续更新的基础上) it describes something else.
_PROSE_ONGOING = re.compile(
    r"长期坚持|持续推进|常态化"
    r"|(?:^|(?<=[，,。；;要应并]))持[续續](?=推动|推動|做好|开展|開展|抓好|全面|加强|加強|深化|优化|完善|在)"
)
# A vague time of year ("年中公布…") is the clause's deadline but names no date: kept as written.
_PROSE_VAGUE = re.compile(r"(?<![\u4e00-\u9fff])年中|(?<=[，,。；])年中")


NO_DEADLINE = Deadline(raw="", date=None, kind="unspecified")


def parse_deadline(raw: str, year: int | None) -> Deadline:
    """Parse a deadline cell or phrase.

    Args:
        raw: the text as the document gives it (may be blank or wrong).
        year: the plan's year, used for dates that name no year.
    """
    text = raw.strip()
    if only_ticks(text):
        return NO_DEADLINE  # the ticks of a 公开对象/方式 column: no time limit written
    if _NONE.match(text) or re.fullmatch(r"[—\-－–]+", text):
        return Deadline(raw=text, date=None, kind="unspecified")
    if _RELATIVE.search(text):
        return Deadline(raw=text, date=None, kind="unspecified")
    date = _resolve_date(text, year)
    if date:
        return Deadline(raw=text, date=date, kind="date")
    if _ONGOING.search(text):
        return Deadline(raw=text, date=None, kind="ongoing")
    return Deadline(raw=text, date=None, kind="unspecified")


def is_deadline_cell(text: str) -> bool:
    """A short text made only of date, period and frequency words (a 完成时限 cell), nothing else."""
    return len(text.strip()) <= _CELL_MAX and bool(_CELL.match(text.strip()))


# A unit, or a thing qualified by a period ("中长期规划、短期计划", "年度工作计划"): no time limit.
_NAMES_A_THING = re.compile(r"(?:[局委办室部院]|规划|计划|方案|目录|清单|报告|总结)$")


def is_deadline_phrase(text: str) -> bool:
    """A short phrase that only states when (``年底前``, ``三季度``, ``政策印发后3个工作日内``, ``常态化``)."""
    text = text.strip(" 。；;")
    if _ROLLING.fullmatch(text) or _PERIOD_CELL.fullmatch(text) or _STANDING_CELL.fullmatch(text):
        return True
    if not text or len(text) > 20 or _NAMES_A_THING.search(text):
        return False
    if _RELATIVE.search(text) or _PROSE_RELATIVE.fullmatch(text):
        return True
    return parse_deadline(text, 2000).kind != "unspecified" or text in ("随时", "适时", "即时")


def find_inline_deadline(text: str, year: int | None) -> Deadline | None:
    """Find a one-off deadline phrase inside prose; recurring ones ("每年年底前") are skipped."""
    matches = list(_INLINE.finditer(text))
    if len(re.findall(r"[。；!?！？]", text.rstrip("。；"))) < _PERIOD_MAX_SENTENCES:
        matches = sorted([*matches, *_INLINE_PERIOD.finditer(text)], key=lambda m: m.start())
    for match in matches:
        if _RECURRING_BEFORE.search(text[max(0, match.start() - 3) : match.start()]):
            continue
        deadline = parse_deadline(match.group(0), year)
        if deadline.kind == "date":
            return deadline
    return None


def find_prose_deadline(text: str, year: int | None) -> Deadline | None:
    """A deadline phrase of a prose clause that has no label: a date first, else the only relative or ongoing one.

    A clause naming two such phrases is left alone, and so is a long item: there a standing phrase
    usually qualifies one of its several actions rather than the task (as for periods above).
    """
    if found := find_inline_deadline(text, year):
        return found
    if len(re.findall(r"[。；!?！？]", text.rstrip("。；"))) >= _PERIOD_MAX_SENTENCES:
        return None
    phrases = [*_PROSE_RELATIVE.finditer(text), *_PROSE_ONGOING.finditer(text), *_PROSE_VAGUE.finditer(text)]
    if len(phrases) != 1:
        return None
    return parse_deadline(phrases[0].group(0), year)


def _arabic(match: re.Match[str]) -> str:
    """十二 → 12, 三十一 → 31 (month and day numbers only)."""
    text = match.group(0)
    tens, _, units = text.rpartition("十")
    if "十" not in text:
        return str(_CN_DIGITS.get(text, 0)) if len(text) == 1 else text
    value = (_CN_DIGITS.get(tens, 0) if tens else 1) * 10 + _CN_DIGITS.get(units, 0)
    return str(value)


def _resolve_date(text: str, year: int | None) -> str | None:
    text = _CN_NUMBER.sub(_arabic, text)
    if year is not None:
        text = _NEXT_YEAR.sub(f"{year + 1}年", text)
    if m := _SLASH_DATE.search(text):
        return _iso(int(m[1]), int(m[2]), int(m[3]))
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
        return _month_end(year, _QUARTER[m[1] or m[2]] * 3)
    if _HALF_YEAR.search(text):
        return _iso(year, 6, 30)
    if _SECOND_HALF.search(text):
        return _iso(year, 12, 31)
    return None


def _month_end(year: int, month: int) -> str | None:
    if not 1 <= month <= 12:
        return None
    return _iso(year, month, calendar.monthrange(year, month)[1])


def _iso(year: int, month: int, day: int) -> str | None:
    if not (1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"
