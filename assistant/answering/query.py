"""Rule-based question understanding: place, year, unit, intent, and the date a list is due.

No model decides what a question asks; a few readable rules do, so a wrong
answer can be traced to the rule that produced it. A question is normalised
first (full-width → half-width, traditional → simplified, spaces and control
characters) so a citizen's typing habits do not change what it means.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from assistant.answering.regions import RegionIndex, RegionScope
from indexer.errors import ZhengwuyuanError
from indexer.parsing.fields.deadlines import parse_deadline
from indexer.parsing.normalise import matching_view
from indexer.registry import UnitRegistry

__all__ = ["Intent", "Query", "QuestionAnalyzer", "QuestionError"]

Intent = Literal["who", "when", "list", "due", "overdue", "howmany", "what"]

# "哪个办公室", "哪个科室", "哪一个中心": which office, asked by the kind of office (never a unit named);
# 什么时候前办完 asks a time, not an office.
_WHICH_WORD = r"(?:哪个|哪些|哪一个|什么|啥)"
_WHICH_OFFICE = rf"{_WHICH_WORD}(?!时)[\u4e00-\u9fff]{{0,3}}?(?:科|处|股|室|办|局|委|中心|机构|小组)"
_WHO = re.compile(
    r"谁|哪个部门|哪些部门|哪个单位|哪些单位|什么部门|什么单位|啥部门|啥单位|哪家|责任单位|牵头|负责单位|负责部门"
    rf"|由哪|归哪|找哪|哪个口|{_WHICH_OFFICE}"
)
# Words that can only ask who: they outrank the looser list cues (领导分工信息谁负责公开 asks who).
_WHO_EXPLICIT = re.compile(
    rf"谁|哪个部门|哪些部门|哪个单位|哪些单位|什么部门|什么单位|啥部门|啥单位|哪家|由哪|归哪|找哪|{_WHICH_OFFICE}"
)
_WHICH = re.compile(rf"{_WHICH_WORD}$")
_WHEN = re.compile(
    r"什么时候|啥时候|何时|期限|时限|截止|多久|几月|哪天|什么时间|完成时间|之前完成|前完成|日期|几号|多会儿"
    r"|多长时间|多少天|几天|多少个?工作日|几个工作日"  # a time limit asked as a length: 多少天之内要公开
)
# Where the question asks within ("X在某局的分工里负责哪些"): a unit named there is the context, not the one asked.
_CONTEXT = re.compile(r"在([^，,。？?；;]{2,30}?)(?:里|中|内|方面)")
_HOWMANY = re.compile(r"几次|多少|几个|几项|主题|多少次|至少")
# A unit's own workload, in words that cannot ask who: X负责哪些, X牵头哪些工作, X承担什么任务.
_LIST = re.compile(
    r"(?:负责|牵头|承担|配合|主管|分管|管)(?:了|的)?(?:做|干)?(?:哪些|哪几项|哪几件|什么|啥)(?!部门|单位|科室|处室)"
    r"|有哪些任务|哪些任务|哪些工作|任务清单|什么任务|啥任务|都要做什么|要做哪些|哪些活|什么活|啥活|哪些事|有什么事"
)
# Where a question's clauses part: what it asks is said in its last clause.
_CLAUSE_BREAK = re.compile(r"[，,；;]")
_LIST_LOOSE = re.compile(r"分工|要干啥|干啥|干什么")
_LIST_BROAD = re.compile(
    r"(?:哪些|哪几项|哪几件|什么|啥)[\u4e00-\u9fff]{0,6}?(?:任务|工作|事项|事情|内容|信息)"
    r"|(?:任务|工作|事项|事情)[\u4e00-\u9fff]{0,4}?(?:有哪些|有什么|有啥|是什么|是啥)"
)
_MONTH = r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*月"
_DUE = re.compile(
    rf"({_MONTH}\s*(?:底|末|份|\d{{1,2}}\s*日|[一二三四五六七八九十]{{1,3}}日)|年\s*底|年\s*内"
    r"|第?[一二三四1-4]\s*季度末?|上半年|下半年)\s*(?:以|之)?前?"
)
_OVERDUE = re.compile(r"逾期|超期|过期|过了.{0,4}(?:期限|时限|截止|日期)|超过.{0,4}(?:期限|时限)|没按时|未按时|延期")
_ASKS_LIST = re.compile(r"哪些|有什么|有啥|有没有|多少|几项|的任务|的工作|要完成的|需完成|清单")
_YEAR = re.compile(r"(20\d{2})\s*年")
_RELATIVE_YEAR = {"今年": 0, "本年度": 0, "本年": 0, "当年": 0, "去年": -1, "上一年": -1, "前年": -2, "明年": 1}
_RELATIVE = re.compile("|".join(sorted(_RELATIVE_YEAR, key=len, reverse=True)))
_PHRASE_CUT = re.compile(r"[的之、，,。？?；;：:\s]")
_FULLER_MIN = 2  # characters the question writes before a known name for a fuller name to be looked for
_UNIT_LIKE = re.compile(r"[\u4e00-\u9fff]{2,12}?(?:局|办公室|办|中心|分局|委员会|管委会|集团|公司)")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_FILLER = re.compile(r"那个|嗯+|呃+|额+|就是说|然后呢|请问一下|请问|麻烦问一下|我想问一下|我想问|想问一下|想问")


class QuestionError(ZhengwuyuanError):
    """A question that cannot be asked as it is (empty, too long)."""


@dataclass
class Query:
    """What a question asks, in fields the retriever and the answerer use."""

    text: str
    intent: Intent
    search_text: str = ""
    scope: RegionScope = field(default_factory=RegionScope)
    year: int | None = None
    relative_year: str | None = None  # 今年/去年/… as asked; ``year`` is what it resolved to
    unit: str | None = None
    due_date_raw: str | None = None

    def filters(self) -> dict[str, object]:
        return {
            "region": "、".join(self.scope.labels) or None,
            "year": self.year,
            "unit": self.unit,
            "due": self.due_date_raw,
        }


class QuestionAnalyzer:
    """Knows the knowledge base's places and units, and reads questions against them."""

    def __init__(
        self,
        regions: RegionIndex,
        unit_names: list[str],
        registry: UnitRegistry,
        max_chars: int = 500,
        today: Callable[[], date] = date.today,
    ) -> None:
        self.regions = regions
        self.registry = registry
        self.max_chars = max_chars
        self.today = today
        names = {*unit_names, *registry.known_names()}
        # Questions are read in simplified characters; a unit a document writes in traditional ones still matches.
        self._unit_views: dict[str, str] = {}
        for name in sorted(names, key=lambda n: matching_view([n])[0] != n):  # a name written simplified first
            self._unit_views.setdefault(matching_view([name])[0], name)
        self._unit_keys = {registry.key(v): n for v, n in self._unit_views.items()}
        self._unit_names = sorted(self._unit_views, key=len, reverse=True)

    def analyze(self, question: str) -> Query:
        text = self.clean(question)
        query = Query(text=text, intent=self._intent(text), scope=self.regions.resolve(text))
        search = text.replace(query.scope.named, " ") if query.scope.named else text
        if m := _YEAR.search(text):
            query.year = int(m.group(1))
            search = search.replace(m.group(0), " ")
        elif m := _RELATIVE.search(text):
            query.relative_year = m.group(0)
            query.year = self.today().year + _RELATIVE_YEAR[m.group(0)]
            search = search.replace(m.group(0), " ")
        query.search_text = re.sub(r"\s+", " ", _FILLER.sub(" ", search)).strip() or text
        query.unit = self._unit(text)
        if query.intent == "due" and (m := _DUE.search(text)):
            query.due_date_raw = m.group(0)
        if query.intent == "list" and not query.unit:
            query.intent = "what"
        return query

    def clean(self, question: str) -> str:
        """Normalise width, script and whitespace; refuse empty or over-long questions."""
        if not isinstance(question, str):
            raise QuestionError("问题必须是文本。")
        text = unicodedata.normalize("NFKC", _CONTROL.sub(" ", question))
        text = re.sub(r"\s+", " ", text).strip()
        if not text:
            raise QuestionError("问题为空，请输入您想咨询的内容。")
        if len(text) > self.max_chars:
            raise QuestionError(f"问题过长（{len(text)} 字），请控制在 {self.max_chars} 字以内。")
        return matching_view([text])[0]

    def _intent(self, text: str) -> Intent:
        asks_list = bool(_LIST.search(text) or _LIST_LOOSE.search(text) or _ASKS_LIST.search(text))
        if _OVERDUE.search(text) and asks_list:
            return "overdue"
        if asks_list and _DUE.search(text) and not _WHO.search(text):
            return "due"
        last = _CLAUSE_BREAK.split(text.rstrip("？?。！! "))[-1]
        if _WHO_EXPLICIT.search(last) and not _LIST.search(last):
            return "who"  # the question's last clause asks who ("…分管什么，这些信息归哪个部门公开")
        if _LIST.search(text):
            return "list"
        if _WHO_EXPLICIT.search(text):
            return "who"
        if _LIST_LOOSE.search(text):
            return "list"
        if _WHO.search(text):
            return "who"
        if _WHEN.search(text):
            return "when"
        if _LIST_BROAD.search(text):
            return "list"  # becomes "what" unless a unit is named
        if _HOWMANY.search(text):
            return "howmany"
        return "what"

    def _unit(self, text: str) -> str | None:
        # The unit named last and longest is the one asked about: 闽侯县卫健局办公室 asks about 办公室.
        found = [
            (end, len(v), v)
            for v in self._unit_names
            if len(v) > 2 and v in text and not _WHICH.search(text[: (end := text.rfind(v) + len(v)) - len(v)])
        ]  # "哪个办公室负责" asks which office: 办公室 there names no unit
        context = [m.span(1) for m in _CONTEXT.finditer(text)]
        outside = [f for f in found if not any(a <= f[0] - f[1] < b for a, b in context)]
        if found:
            end, _, name = max(outside or found)
            return self._unit_views[self._fuller_unit(text[:end], name)]
        for match in _UNIT_LIKE.finditer(text):
            mention = match.group(0)
            for start in range(len(mention) - 2):
                if _WHICH.search(text[: match.start() + start]):
                    continue  # "哪个办公室": the kind of office asked, not one named
                key = self.registry.key(mention[start:])
                if key in self._unit_keys:
                    return self._unit_keys[key]
        return None

    def _fuller_unit(self, head: str, name: str) -> str:
        """The one known unit whose name ends with the longer phrase the question wrote around ``name``: 信息公开
        办公室 asks about 学校信息公开办公室, not about every 办公室; several such units (or none) keep ``name``."""
        phrase = _PHRASE_CUT.split(head)[-1]
        longer = [v for v in self._unit_names if v.endswith(name) and v != name] if len(phrase) > len(name) else []
        for start in range(len(phrase) - len(name) - _FULLER_MIN + 1):
            suffix = phrase[start:]
            keys = {self.registry.key(v): v for v in longer if v.endswith(suffix) and v != suffix}
            if len(keys) == 1:
                return next(iter(keys.values()))
            if keys:
                break
        return name

    def due_date(self, query: Query, year: int | None) -> str | None:
        """The due-by date for a document year ("9月底前" in a 2025 plan → 2025-09-30)."""
        if not query.due_date_raw:
            return None
        raw = query.due_date_raw if query.due_date_raw.endswith("前") else query.due_date_raw + "前"
        return parse_deadline(raw, query.year or year).date
