"""Rule-based question understanding: region, year, unit, intent, and the date a list is due.

No model decides what a question asks; a few readable rules do, so a wrong
answer can be traced to the rule that produced it.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from indexer.errors import ZhengwuyuanError
from indexer.parsing.deadlines import parse_deadline
from indexer.registry import UnitRegistry

__all__ = ["Intent", "QuestionError", "Query", "QuestionAnalyzer"]

Intent = Literal["who", "when", "list", "due", "howmany", "what"]

_WHO = re.compile(
    r"谁|哪个部门|哪些部门|哪个单位|哪些单位|什么部门|什么单位|责任单位|牵头|负责单位|负责部门|由哪|归谁|找哪"
)
_WHEN = re.compile(r"什么时候|何时|期限|时限|截止|多久|几月|哪天|什么时间|完成时间|之前完成|前完成|日期")
_HOWMANY = re.compile(r"几次|多少|几个|几项|主题|多少次|至少")
_LIST = re.compile(
    r"负责哪些|有哪些任务|哪些任务|哪些工作|承担哪些|负责什么|任务清单|什么任务|分工|都要做什么|要做哪些"
)
_DUE = re.compile(r"(\d{1,2}\s*月\s*(?:底|末|\d{1,2}\s*日)|年\s*底|第[一二三四1-4]季度|上半年)\s*(?:以)?前")
_YEAR = re.compile(r"(20\d{2})\s*年")
_THIS_YEAR = re.compile(r"今年|本年度|本年")
_UNIT_LIKE = re.compile(r"[\u4e00-\u9fff]{2,12}?(?:局|办公室|办|中心|分局|委员会|管委会|集团|公司)")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


class QuestionError(ZhengwuyuanError):
    """A question that cannot be asked as it is (empty, too long)."""


@dataclass
class Query:
    """What a question asks, in fields the retriever and the answerer use."""

    text: str
    intent: Intent
    search_text: str = ""
    region: str | None = None
    unknown_region: str | None = None
    year: int | None = None
    latest_year: bool = False
    unit: str | None = None
    due_date_raw: str | None = None

    def filters(self) -> dict[str, object]:
        return {
            "region": self.region,
            "year": self.year,
            "unit": self.unit,
            "due": self.due_date_raw,
        }


class QuestionAnalyzer:
    """Knows the knowledge base's regions and units, and reads questions against them."""

    def __init__(
        self,
        regions: list[str],
        unit_names: list[str],
        registry: UnitRegistry,
        gazetteer_file: Path | None = None,
        max_chars: int = 500,
    ) -> None:
        self.registry = registry
        self.max_chars = max_chars
        self._region_aliases = _region_aliases(regions)
        self._gazetteer = _gazetteer(gazetteer_file) if gazetteer_file else []
        names = {*unit_names, *registry.known_names()}
        self._unit_keys = {registry.key(n): n for n in names}
        self._unit_names = sorted(names, key=len, reverse=True)

    def analyze(self, question: str) -> Query:
        text = self.clean(question)
        query = Query(text=text, intent=self._intent(text))
        query.region, query.unknown_region = self._region(text)
        search = text
        if query.region:
            alias = next(a for a, r in self._region_aliases if r == query.region and a in text)
            search = search.replace(alias, " ")
        if m := _YEAR.search(text):
            query.year = int(m.group(1))
            search = search.replace(m.group(0), " ")
        elif _THIS_YEAR.search(text):
            query.latest_year = True
            search = _THIS_YEAR.sub(" ", search)
        query.search_text = re.sub(r"\s+", " ", search).strip() or text
        query.unit = self._unit(text)
        if query.intent == "due" and (m := _DUE.search(text)):
            query.due_date_raw = m.group(0)
        if query.intent == "list" and not query.unit:
            query.intent = "what"
        return query

    def clean(self, question: str) -> str:
        """Normalise width and whitespace; refuse empty or over-long questions."""
        if not isinstance(question, str):
            raise QuestionError("问题必须是文本。")
        text = unicodedata.normalize("NFKC", _CONTROL.sub(" ", question))
        text = re.sub(r"\s+", " ", text).strip()
        if not text:
            raise QuestionError("问题为空，请输入您想咨询的内容。")
        if len(text) > self.max_chars:
            raise QuestionError(f"问题过长（{len(text)} 字），请控制在 {self.max_chars} 字以内。")
        return text

    def _intent(self, text: str) -> Intent:
        if _LIST.search(text) and _DUE.search(text):
            return "due"
        if _LIST.search(text):
            return "list"
        if _WHO.search(text):
            return "who"
        if _WHEN.search(text):
            return "when"
        if _HOWMANY.search(text):
            return "howmany"
        return "what"

    def _region(self, text: str) -> tuple[str | None, str | None]:
        """A known region, or a place the knowledge base does not cover (the longer mention wins)."""
        known = next(((a, r) for a, r in self._region_aliases if a in text), None)
        regions = {r for _, r in self._region_aliases}
        unknown = next((p for p in self._gazetteer if p in text and not any(p in r for r in regions)), None)
        if unknown and (known is None or len(unknown) > len(known[0])):
            return None, unknown
        return (known[1], None) if known else (None, None)

    def _unit(self, text: str) -> str | None:
        for name in self._unit_names:
            if len(name) > 2 and name in text:
                return name
        for match in _UNIT_LIKE.finditer(text):
            mention = match.group(0)
            for start in range(len(mention) - 2):
                key = self.registry.key(mention[start:])
                if key in self._unit_keys:
                    return self._unit_keys[key]
        return None

    def due_date(self, query: Query, year: int | None) -> str | None:
        """The due-by date for a document year ("9月底前" in a 2025 plan → 2025-09-30)."""
        if not query.due_date_raw:
            return None
        return parse_deadline(query.due_date_raw, query.year or year).date


def _region_aliases(regions: list[str]) -> list[tuple[str, str]]:
    """Longest aliases first: "济南市章丘区", "章丘区", "章丘"; "济宁高新区", "高新区"."""
    aliases: list[tuple[str, str]] = []
    for region in regions:
        names = {region}
        short = re.sub(r"^[\u4e00-\u9fff]{2,3}市(?=[\u4e00-\u9fff]{2})", "", region)
        names.add(short)
        base = re.sub(r"(区|县)$", "", short)
        if len(base) >= 2 and "市" not in base and not base.endswith("高新"):
            names.add(base)
        if region.endswith("高新区"):
            names.add("高新区")
        aliases.extend((n, region) for n in names)
    return sorted(aliases, key=lambda a: len(a[0]), reverse=True)


def _gazetteer(path: Path) -> list[str]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    places = [p for group in data.get("gazetteer", {}).values() for p in group]
    return sorted(places, key=len, reverse=True)
