"""The unit alias registry: which names mean the same unit, and which are collective."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from indexer.errors import ZhengwuyuanError
from indexer.text import normalise_parens

__all__ = ["CollectiveScope", "UnitRegistry"]

CollectiveScope = Literal["departments", "subdistricts"]


@dataclass
class _AliasGroup:
    canonical: str
    names: list[str]
    regions: list[str] = field(default_factory=list)


class UnitRegistry:
    """Map unit names to canonical names, per region, and recognise collective units."""

    def __init__(
        self,
        groups: list[_AliasGroup],
        collective: dict[CollectiveScope, list[re.Pattern[str]]],
    ) -> None:
        self._groups = groups
        self._collective = collective

    @classmethod
    def load(cls, path: Path) -> UnitRegistry:
        """Read ``units.toml``; a malformed file is reported with its path."""
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
            groups = [
                _AliasGroup(g["canonical"], list(g["names"]), list(g.get("regions", []))) for g in data.get("alias", [])
            ]
            collective = {
                scope: [re.compile(p) for p in data.get("collective", {}).get(scope, [])]
                for scope in ("departments", "subdistricts")
            }
        except (OSError, tomllib.TOMLDecodeError, KeyError, re.error) as exc:
            raise ZhengwuyuanError(f"单位别名表 {path} 无法读取：{exc}") from exc
        return cls(groups, collective)  # type: ignore[arg-type]

    def canonical(self, name: str, region: str | None = None) -> str:
        """The canonical name of ``name`` in ``region`` (the name itself if unknown)."""
        name = normalise_parens(name.strip())
        for group in self._groups:
            if group.regions and region and region not in group.regions:
                continue
            if name in group.names or name == group.canonical:
                return group.canonical
        return name

    def key(self, name: str, region: str | None = None) -> str:
        """A matching key: canonical name without the leading 区, so "大数据局" meets "区大数据局"."""
        canonical = self.canonical(name, region)
        return canonical[1:] if canonical.startswith("区") and len(canonical) > 2 else canonical

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
