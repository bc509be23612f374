"""The unit alias registry: which names mean the same unit, and which are collective.

Two sources say which names are one unit. General rules hold anywhere in
China: a vocabulary of common bureaus' full names and abbreviations
(``unit_abbreviations.toml``), applied to the stem after the place-and-level
prefix, so ``县人社局`` = ``县人力资源和社会保障局`` but ``县人社局`` ≠ ``市人社局``.
Local exceptions (``units.toml``) come first and may be limited to regions.
General aliases meet in :meth:`UnitRegistry.key`; the name a list shows for
them is the one the documents write most (the records store picks it).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from indexer.errors import ZhengwuyuanError
from indexer.parsing.normalise import matching_view
from indexer.parsing.text import normalise_parens

__all__ = ["ABBREVIATIONS_FILE", "CollectiveScope", "StemVocabulary", "UnitRegistry"]

CollectiveScope = Literal["departments", "subdistricts"]
ABBREVIATIONS_FILE = "unit_abbreviations.toml"
# An office a bureau's own plan writes with 局 before it (局办公室, 局政法科): the bureau's office, by its name.
_BUREAU_OFFICE = re.compile(r"局(?!长)[\u4e00-\u9fff]{1,10}(?:办公室|室|科|股|处|中心|组)")


@dataclass
class _AliasGroup:
    canonical: str
    names: list[str]
    regions: list[str] = field(default_factory=list)


@dataclass
class StemVocabulary:
    """Stem variants → normal stem (the first of its group), and the characters a level prefix ends with."""

    normal: dict[str, str] = field(default_factory=dict)
    level_characters: str = "省市区县旗州盟镇乡"

    @classmethod
    def load(cls, path: Path) -> StemVocabulary:
        """Read the vocabulary file; an empty vocabulary when there is none."""
        if not path.exists():
            return cls()
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        normal: dict[str, str] = {}
        for group in data.get("stem", []):
            names = [str(n) for n in group["names"]]
            for name in names:
                if normal.setdefault(name, names[0]) != names[0]:
                    raise KeyError(f"{name} 出现在两个简称组中")
        return cls(normal, str(data.get("level_characters", cls.level_characters)))

    def normal_form(self, name: str) -> str:
        """Prefix + normal stem, for the longest known stem that ends ``name`` after a level prefix (or none)."""
        for start in range(len(name)):
            stem = self.normal.get(name[start:])
            prefix = name[:start]
            if stem is not None and (not prefix or prefix[-1] in self.level_characters):
                return prefix + stem
        return name


class UnitRegistry:
    """Map unit names to canonical names, per region, and recognise collective units."""

    def __init__(
        self,
        groups: list[_AliasGroup],
        collective: dict[CollectiveScope, list[re.Pattern[str]]],
        vocabulary: StemVocabulary | None = None,
    ) -> None:
        self._groups = groups
        self._collective = collective
        self._vocabulary = vocabulary or StemVocabulary()

    @classmethod
    def load(cls, path: Path) -> UnitRegistry:
        """Read ``units.toml`` and the abbreviation vocabulary beside it; a malformed file is reported."""
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
            groups = [
                _AliasGroup(g["canonical"], list(g["names"]), list(g.get("regions", []))) for g in data.get("alias", [])
            ]
            collective = {
                scope: [re.compile(p) for p in data.get("collective", {}).get(scope, [])]
                for scope in ("departments", "subdistricts")
            }
            vocabulary = StemVocabulary.load(path.parent / ABBREVIATIONS_FILE)
        except (OSError, tomllib.TOMLDecodeError, KeyError, re.error) as exc:
            raise ZhengwuyuanError(f"单位别名表 {path} 无法读取：{exc}") from exc
        return cls(groups, collective, vocabulary)  # type: ignore[arg-type]

    def _local(self, name: str, region: str | None) -> str | None:
        for group in self._groups:
            if group.regions and region and region not in group.regions:
                continue
            if name in group.names or name == group.canonical:
                return group.canonical
        return None

    def canonical(self, name: str, region: str | None = None) -> str:
        """The local canonical name of ``name`` in ``region``, or the name itself when no local group has it."""
        name = normalise_parens(name.strip())
        if (local := self._local(name, region)) is not None:
            return local
        normal = self._vocabulary.normal_form(name)
        for group in self._groups:  # another spelling of a local group's name ("区卫生健康委员会")
            if group.regions and region and region not in group.regions:
                continue
            if normal != name and normal in {self._vocabulary.normal_form(n) for n in (*group.names, group.canonical)}:
                return group.canonical
        return name

    def key(self, name: str, region: str | None = None) -> str:
        """A matching key: simplified characters, the normal form, no leading 区 ("大数据局" meets "區大數據局"),
        and no leading 局 before an office of the bureau ("局办公室" is the bureau's own 办公室)."""
        canonical = self.canonical(matching_view([name])[0], region)  # 黨政辦 meets its group as 党政办 does
        normal = self._vocabulary.normal_form(matching_view([canonical])[0])
        if _BUREAU_OFFICE.fullmatch(normal):
            return normal[1:]
        return normal[1:] if normal.startswith("区") and len(normal) > 2 else normal

    def collective_scope(self, name: str) -> CollectiveScope | None:
        """Which class of units a collective assignment covers, or None for a named unit."""
        name = normalise_parens(name)
        for scope, patterns in self._collective.items():
            if any(p.search(name) for p in patterns):
                return scope
        return None

    def scope_of_unit(self, name: str) -> CollectiveScope:
        """Which collective class a named unit belongs to."""
        return "subdistricts" if re.search(r"(街道|镇)(办事处)?$", name) else "departments"

    def known_names(self) -> list[str]:
        """Every alias and canonical name, for a tokenizer's user dictionary."""
        names = {n for g in self._groups for n in (*g.names, g.canonical)}
        return sorted(names)
