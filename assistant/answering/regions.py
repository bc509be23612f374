"""Which documents a question's place names point at, by the national gazetteer.

Every document's region (as it writes it: 济南市章丘区, 南海区, 歙縣, 济宁高新区)
is placed in the gazetteer once per generation: a county, or a zone a
document declares inside a city (济宁高新区 → 济宁市). A place a question
names then resolves to the documents inside it — a county, a city, a
province — or to nothing, and the answer says so instead of answering from
somewhere else. A name several places share (市中区) resolves to those the
knowledge base covers, labelled with their full path.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from indexer.gazetteer import Gazetteer, Place, short_name
from indexer.models import Document
from indexer.parsing.normalise import matching_view

__all__ = ["RegionIndex", "RegionScope"]

_ZONE_WORDS = r"高新技术产业开发区|经济技术开发区|高新区|经开区|开发区|新区|园区"
_ZONE = re.compile(rf"({_ZONE_WORDS}|管委会)$")
_ZONE_MENTION = re.compile(rf"([\u4e00-\u9fff]{{2,4}}?)({_ZONE_WORDS})")
_MIN_ALIAS = 2


@dataclass(frozen=True)
class RegionScope:
    """What the places a question names mean for this knowledge base.

    ``regions`` are the document regions (as written) an answer may cite — empty
    when the question names no place. ``missing`` is a place named that no
    document covers; ``nearest`` the covered regions closest to it.
    """

    regions: tuple[str, ...] = ()
    named: str | None = None
    labels: tuple[str, ...] = ()
    missing: str | None = None
    nearest: tuple[str, ...] = ()
    own: tuple[str, ...] = ()  # the regions that are the named place itself (某市), not places inside it (某市某区)


@dataclass
class _Covered:
    """A document region, where it lies, and the names a question may use for it."""

    region: str
    path: str
    province: str = ""
    city: str = ""
    codes: set[str] = field(default_factory=set)
    aliases: set[str] = field(default_factory=set)


class RegionIndex:
    """The knowledge base's regions placed in the gazetteer; resolves the places a question names."""

    def __init__(self, documents: list[Document], gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self.covered = [_locate(region, gazetteer) for region in sorted({d.region for d in documents if d.region})]

    def resolve(self, text: str) -> RegionScope:
        """The scope of the first place ``text`` names that is a real place (or a covered region's own name)."""
        view = matching_view([text])[0]
        scopes = [scope for name in self._mentions(view) if (scope := self._scope(name, view)) is not None]
        missing = [s for s in scopes if s.missing]
        if missing:  # a place the knowledge base lacks is refused by its most specific name (青岛市黄岛区)
            return max(missing, key=lambda s: len(s.missing or ""))
        # The most specific covered place wins: 章丘区 over 济南.
        return min(scopes, key=lambda s: len(s.regions), default=RegionScope())

    def _places(self, name: str, view: str) -> list[Place]:
        """The places ``name`` may mean, narrowed by a city or province named just before it (枣庄市市中区)."""
        places = self.gazetteer.named(name)
        start = view.find(name)
        before = view[max(0, start - 8) : start]
        narrowed = [p for p in places if p.level == "county" and any(n and n in before for n in _parents(p))]
        return narrowed or places

    def label(self, region: str) -> str:
        """The full path of a covered region, for answers (山东省济南市章丘区)."""
        return next((c.path for c in self.covered if c.region == region), region)

    def _mentions(self, view: str) -> list[str]:
        zones = [m.group(0) for m in _ZONE_MENTION.finditer(view) if self.gazetteer.named(m.group(1))]
        if zones:  # a zone named with its place (济南高新区) is that zone, not another place's 高新区
            return zones
        own = [alias for c in self.covered for alias in c.aliases if alias in view]
        starts = _word_starts(view)
        named = [m for m in self.gazetteer.mentions(view) if _counts(m, own) and view.find(m) in starts]
        found = sorted(set(own), key=view.find) + named
        return sorted(found, key=lambda m: (view.find(m), -len(m)))

    def _scope(self, name: str, view: str) -> RegionScope | None:
        places = self._places(name, view)
        direct = [c for c in self.covered if name in c.aliases]
        if direct and not (places and len(places) < len(self.gazetteer.named(name))):
            own = tuple(c.region for c in direct)
            if places and all(p.level != "county" for p in places):  # a province or city: its counties too
                direct += [c for c in self.covered if c not in direct and any(_contains(p, c) for p in places)]
            return replace(_found(name, direct), own=own)
        if zone := _ZONE_MENTION.fullmatch(name):
            places = self.gazetteer.named(zone.group(1))  # a zone no document covers: near its place
            return RegionScope(named=name, missing=name, nearest=self._nearest(places))
        if not places or (places[0].level == "county" and name not in {p.name for p in places}):
            return None  # a county's short form alone names nothing unless a document covers it
        inside = [c for c in self.covered if any(_contains(p, c) for p in places)]
        if inside:
            return _found(name, inside)
        shown = places[0].name if len(places) == 1 else name
        return RegionScope(named=name, missing=_with_parent(shown, view, places), nearest=self._nearest(places))

    def _nearest(self, places: list[Place]) -> tuple[str, ...]:
        """Covered regions in the same city, else the same province, else every covered region."""
        for key in ("city", "province"):
            wanted = {getattr(p, key) for p in places if getattr(p, key)}
            near = [c.region for c in self.covered if getattr(c, key) in wanted]
            if near:
                return tuple(near)
        return tuple(c.region for c in self.covered)


@lru_cache(maxsize=1024)
def _word_starts(text: str) -> frozenset[int]:
    """Where words start in ``text`` (jieba's segmentation): a place name must start a word, so 保定 inside
    医保定点 and 中区 inside 其中区 name no place."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    starts, position = set(), 0
    for token in jieba.lcut(text):
        starts.add(position)
        position += len(token)
    return frozenset(starts)


def _found(name: str, covered: list[_Covered]) -> RegionScope:
    return RegionScope(
        regions=tuple(c.region for c in covered), named=name, labels=tuple(dict.fromkeys(c.path for c in covered))
    )


def _contains(place: Place, covered: _Covered) -> bool:
    if place.level == "county":
        return place.code in covered.codes
    if place.level == "city":
        return covered.city == place.name
    return covered.province == place.name


def _with_parent(name: str, view: str, places: list[Place]) -> str:
    """The place as the question names it, with its city or province when written just before it (南京鼓楼区)."""
    start = view.find(name)
    parents = sorted({n for p in places for n in _parents(p) if n}, key=len, reverse=True)
    parent = next((n for n in parents if start > 0 and view[:start].endswith(n)), "")
    return parent + name


def _parents(place: Place) -> list[str]:
    return [place.city, short_name(place.city) if place.city else "", place.province, short_name(place.province)]


def _counts(mention: str, own: list[str]) -> bool:
    """A gazetteer mention counts unless a covered region's own alias already holds it (章丘 inside 章丘区)."""
    return not any(mention in alias for alias in own)


def _locate(region: str, gazetteer: Gazetteer) -> _Covered:
    """Place a document region: its county (the one inside the city it names, if several), its zone's or its
    own city, or its province (a 省XX厅 plan, a municipality's own plan)."""
    view = matching_view([region])[0]
    mentions = gazetteer.mentions(view)
    places = [p for m in mentions for p in gazetteer.named(m)]
    cities = {p.name for p in places if p.level == "city"}
    counties = [p for p in places if p.level == "county" and p.name in mentions and (not cities or p.city in cities)]
    own = {region, view}
    if counties and not _ZONE.search(view):
        county = counties[0]
        short = short_name(county.name)
        own |= {county.name} | ({short} if not re.search("[省市区县]", short) else set())
        return _Covered(region, county.path, county.province, county.city, {county.code}, _aliases(own))
    city = next((p for p in places if p.level == "city"), None)
    if city is not None:
        zone = _without(view, city)
        if zone:  # a zone under the city (济宁高新区): its own name, and the name with its city
            own |= {zone, city.name + zone} if _ZONE.search(zone) else {zone}
        else:  # the city itself (潍坊市): its full and short names
            own |= {city.name, short_name(city.name)}
        return _Covered(region, city.path + zone, city.province, city.name, set(), _aliases(own))
    province = next((p for p in places if p.level == "province"), None)
    if province is not None:
        zone = _without(view, province)
        if _ZONE.search(zone):  # a zone of a municipality (重庆高新区): its own name too, like a city's zone
            own |= {zone}
            return _Covered(region, province.path + zone, province.name, "", set(), _aliases(own))
        own |= {province.name, short_name(province.name)}
        return _Covered(region, province.path, province.name, "", set(), _aliases(own))
    return _Covered(region, region, aliases=_aliases(own))


def _aliases(names: set[str]) -> set[str]:
    """The names a question may use for a covered region: never empty or one character, which every
    question would contain."""
    return {name for name in names if len(name) >= _MIN_ALIAS}


def _without(view: str, place: Place) -> str:
    """The zone's own name after its city or municipality (济宁高新区 → 高新区), for the path 山东省济宁市高新区."""
    for name in sorted({place.name, short_name(place.name)}, key=len, reverse=True):  # 潍坊市 before 潍坊
        if view.startswith(name):
            return view[len(name) :]
    return view
