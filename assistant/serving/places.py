"""How the command line says a document's place and year and where each was read from.

"地区：荆州市沙市区（来源：文号）", or, when no clue in the file named one,
"地区：未找到（文件未写明地区，问答时作为任意地区的候选）" — an unknown place is
said as unknown, never left blank.
"""

from __future__ import annotations

from typing import Protocol

__all__ = ["UNKNOWN_REGION", "UNKNOWN_YEAR", "place_cells", "place_lines"]

UNKNOWN_REGION = "未找到（文件未写明地区，问答时作为任意地区的候选）"
UNKNOWN_YEAR = "未找到（文件未写明年份，问答时作为任意年份的候选）"


class Placed(Protocol):
    """A document, or what an upload reports of one: its region and year and their sources."""

    @property
    def region(self) -> str: ...
    @property
    def region_source(self) -> str: ...
    @property
    def year(self) -> int | None: ...
    @property
    def year_source(self) -> str: ...


def place_lines(placed: Placed) -> tuple[str, str]:
    """``地区：…（来源：…）`` and ``年份：…（来源：…）`` for ``inspect`` and ``add``."""
    region = f"{placed.region}（来源：{placed.region_source}）" if placed.region else UNKNOWN_REGION
    year = f"{placed.year}（来源：{placed.year_source}）" if placed.year else UNKNOWN_YEAR
    return f"地区：{region}", f"年份：{year}"


def place_cells(placed: Placed) -> tuple[str, str]:
    """The index summary's cells: ``荆州市沙市区（文号）``, ``2025（标题）``; ``未找到`` when no clue named one."""
    region = f"{placed.region}（{placed.region_source}）" if placed.region else "未找到"
    year = f"{placed.year}（{placed.year_source}）" if placed.year else "未找到"
    return region, year
