"""A place and year an operator declares for a document at upload; they win over every clue in the file.

A declared region is read with the same chain grammar as the clues and must
name exactly one place in the national gazetteer (or a zone under one, such
as 济宁高新区); it is stored completed (沙市 → 荆州市沙市区, 潍坊 → 潍坊市).
Anything else is refused with a message that says why, before any file is
touched.
"""

from __future__ import annotations

from dataclasses import dataclass

from indexer.errors import ZhengwuyuanError
from indexer.gazetteer import Gazetteer
from indexer.parsing.identity.place_names import chain_at, region_name
from indexer.parsing.normalise import matching_view

__all__ = ["DECLARED", "Declaration", "InvalidDeclaration", "declaration"]

DECLARED = "运维声明"
_YEARS = range(1990, 2101)
_ALL_LEVELS = frozenset({"province", "city", "county"})


class InvalidDeclaration(ZhengwuyuanError):
    """A declared region or year that cannot be used (the message is for the operator, in Chinese)."""


@dataclass(frozen=True)
class Declaration:
    """What the operator declared: a region the gazetteer knows, a year; None where nothing was declared."""

    region: str | None = None
    year: int | None = None

    def __bool__(self) -> bool:
        return self.region is not None or self.year is not None


def declaration(region: str | None = None, year: str | int | None = None) -> Declaration:
    """Validate what an operator typed (blank means not declared); raise :class:`InvalidDeclaration`."""
    return Declaration(_region(region.strip()) if region and region.strip() else None, _year(year))


def _region(text: str) -> str:
    gazetteer = Gazetteer.load()
    view = matching_view([text])[0]
    chain = chain_at(view, 0, gazetteer, _ALL_LEVELS)
    if chain is None or chain.end != len(view):
        raise InvalidDeclaration(f"地区“{text}”不在全国行政区划表中，请写区划全称，如“荆州市沙市区”“潍坊市”“广东省”")
    if len(chain.places) > 1:
        names = "、".join(dict.fromkeys((p.city or p.province) + p.name for p in chain.places))
        raise InvalidDeclaration(f"地区“{text}”对应多个地方（{names}），请写明所属的市或省")
    return region_name(chain, chain.places[0], gazetteer)


def _year(value: str | int | None) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    text = str(value).strip().removesuffix("年")
    if not text.isdigit() or int(text) not in _YEARS:
        raise InvalidDeclaration(f"年份“{value}”无效，请写四位数年份，如 2025")
    return int(text)
