"""Place names as a page writes them, read against the national gazetteer.

A page names its place as a *chain*: a name, then names nested inside it
(北京市西城区, 荆州沙市, 山东省济南市章丘区), sometimes ending in a zone word
after a city, a county or a municipality (济宁高新区, 重庆高新区).
:func:`chain_at` reads the longest such chain at one position;
every clue grammar in :mod:`indexer.parsing.identity.place` is "a chain, then some
words". Only names the gazetteer knows are read, so an unknown name
(测试区) is never a place.

Short forms (潍坊 for 潍坊市) are the risky part: 太湖 is 太湖县's short form
and also the lake in 南太湖新区. A chain may start with a short form only
where the caller allows it (a title, a name followed by a unit word); a
county's short form only ever continues a chain (荆州沙市), never starts one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from indexer.gazetteer import Gazetteer, Place, short_name

__all__ = ["Chain", "chain_at", "chains_in", "contains", "level_mark", "region_name"]

ZONE_WORDS = r"高新技术产业开发区|经济技术开发区|高新区|经开区|开发区|新区"
_ZONE = re.compile(ZONE_WORDS)
# Two-character county names that are also ordinary words (城区, 郊区, 矿区, 东区 …) only continue a chain.
_WORD_LIKE = re.compile(r"^[\u4e00-\u9fff]区$")
_MUNICIPALITIES = ("北京市", "天津市", "上海市", "重庆市")
# A short form followed by a street or settlement word names that street, not the place (北京路街道, 中山街道).
_STREET = re.compile(r".{0,2}?(?:路|街|巷|镇|乡|村|社区|大道)")
_LEVELS = {"province": 0, "city": 1, "county": 2}


_CONJUNCTIONS = "和与及或并"
_LEVEL_CHARS = "省市州盟区县旗"


@dataclass(frozen=True)
class Chain:
    """Names read at one position: where, as written, and the places the last name may be."""

    start: int
    end: int
    written: str
    places: tuple[Place, ...]  # candidates for the innermost name, narrowed by the names before it
    full: bool  # the innermost name is written in full (西充县), not short (西充)
    parent_written: bool  # a city was written before a county (济南市章丘区)
    zone: str = ""  # 高新区 in 济宁高新区


@dataclass(frozen=True)
class _Names:
    by_name: dict[str, tuple[tuple[Place, bool], ...]]  # name → (place, written in full)
    prefixes: frozenset[str]
    starts: re.Pattern[str]  # any character a name begins with, to skip the rest of a text quickly


@cache
def _names(gazetteer: Gazetteer) -> _Names:
    by_name: dict[str, list[tuple[Place, bool]]] = {}
    for place in gazetteer.places:
        by_name.setdefault(place.name, []).append((place, True))
        short = short_name(place.name)
        if short != place.name:
            by_name.setdefault(short, []).append((place, False))
    prefixes = frozenset(name[:k] for name in by_name for k in range(1, len(name) + 1))
    starts = re.compile("[" + "".join(sorted({re.escape(name[0]) for name in by_name})) + "]")
    return _Names({k: tuple(v) for k, v in by_name.items()}, prefixes, starts)


def _names_at(text: str, start: int, gazetteer: Gazetteer) -> list[str]:
    """Every gazetteer name beginning at ``start``, longest first."""
    names = _names(gazetteer)
    found: list[str] = []
    end = start + 1
    while end <= len(text) and text[start:end] in names.prefixes:
        if end - start >= 2 and text[start:end] in names.by_name:
            found.append(text[start:end])
        end += 1
    return found[::-1]


def contains(outer: Place, inner: Place) -> bool:
    """``inner`` lies inside ``outer`` (or is it)."""
    if outer.code == inner.code:
        return True
    if outer.level == "province":
        return inner.province == outer.name and inner.level != "province"
    return outer.level == "city" and inner.level == "county" and inner.city == outer.name


def _first_link(name: str, short_levels: frozenset[str], gazetteer: Gazetteer) -> list[tuple[Place, bool]]:
    entries = _names(gazetteer).by_name[name]
    return [
        (place, full)
        for place, full in entries
        if (full and not _WORD_LIKE.match(name)) or (not full and place.level in short_levels)
    ]


def chain_at(
    text: str, start: int, gazetteer: Gazetteer, short_levels: frozenset[str] = frozenset({"province", "city"})
) -> Chain | None:
    """The longest chain of nested names beginning at ``start``; a short form may start it at ``short_levels``."""
    for name in _names_at(text, start, gazetteer):
        first = _first_link(name, short_levels, gazetteer)
        if first and not all(full for _, full in first) and _STREET.match(text, start + len(name)):
            first = [(place, full) for place, full in first if full]
        if first:
            return _extend(text, start, name, first, gazetteer)
    return None


def _extend(text: str, start: int, name: str, links: list[tuple[Place, bool]], gazetteer: Gazetteer) -> Chain:
    end = start + len(name)
    parent_written = False
    while True:
        inner: list[tuple[Place, bool]] = []
        for candidate in _names_at(text, end, gazetteer):
            entries = _names(gazetteer).by_name[candidate]
            inner = [(p, f) for p, f in entries if any(contains(o, p) and o.code != p.code for o, _ in links)]
            if inner:
                parent_written = parent_written or any(o.level == "city" for o, _ in links)
                end += len(candidate)
                break
        if not inner:
            break
        links = inner
    zone = ""
    if (match := _ZONE.match(text, end)) and any(_holds_zones(p) for p, _ in links):
        zone = match.group(0)
        links = [(p, f) for p, f in links if _holds_zones(p)]
        end = match.end()
    places = tuple(sorted({p for p, _ in links}, key=lambda p: (_LEVELS[p.level], p.code)))
    full = any(f for _, f in links)
    return Chain(start, end, text[start:end], places, full, parent_written, zone)


def _holds_zones(place: Place) -> bool:
    """A city, a county or a municipality has development zones (重庆高新区, 济宁高新区); a province's own are
    written with a city (广东省 never precedes 高新区 directly)."""
    return place.level != "province" or is_municipality(place)


def chains_in(
    text: str, gazetteer: Gazetteer, short_levels: frozenset[str] = frozenset({"province", "city"})
) -> list[Chain]:
    """Every chain in ``text``, leftmost-longest and not overlapping."""
    chains: list[Chain] = []
    starts = _names(gazetteer).starts
    index = 0
    while match := starts.search(text, index):
        chain = chain_at(text, match.start(), gazetteer, short_levels)
        if chain is None or _conjunction_read(text, chain):
            index = match.start() + 1
            continue
        chains.append(chain)
        index = chain.end
    return chains


def _conjunction_read(text: str, chain: Chain) -> bool:
    """和县 in "市政府和县政府办公室联合印发" is 和 (and) before a county's office: a two-character name opening with a
    conjunction, glued to a word that is no place before it, is read as the conjunction."""
    before = text[chain.start - 1] if chain.start > 0 else ""
    return (
        len(chain.written) == 2
        and chain.written[0] in _CONJUNCTIONS
        and "\u4e00" <= before <= "\u9fff"
        and before not in _LEVEL_CHARS
    )


def level_mark(place: Place) -> str:
    """The level word a document uses of itself for this place: 市 for 潍坊市 and 北京市, 县, 区 (also 自治区), 省."""
    return place.name[-1]


def region_name(chain: Chain, place: Place, gazetteer: Gazetteer) -> str:
    """The region string for ``place`` read from ``chain``: as written where that names one place, else completed.

    A zone keeps its written name (济宁高新区). A province or city is its full
    name (潍坊 → 潍坊市). A county keeps the city the page wrote before it
    (济南市章丘区); a municipality's district is the district alone when that
    name is unique (北京市西城区 → 西城区); a short or shared name gets its
    parent (沙市 → 荆州市沙市区, 和平区 in Tianjin → 天津市和平区).
    """
    if chain.zone:
        return chain.written
    if place.level != "county":
        return place.name
    if chain.parent_written and place.city:
        return place.city + place.name
    unique = sum(p.name == place.name for p in gazetteer.named(place.name)) == 1
    if unique and chain.full:
        return place.name
    return (place.city or place.province) + place.name


def is_municipality(place: Place) -> bool:
    """北京、天津、上海、重庆: a province that is also a city."""
    return place.level == "province" and place.name in _MUNICIPALITIES
