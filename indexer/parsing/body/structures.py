"""The blocks a document is split into before its records are built."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Block", "Heading", "Item", "Paragraph", "Span", "TableRow"]


@dataclass
class Span:
    start: int
    end: int


@dataclass
class Heading:
    level: int
    number: str
    title: str
    span: Span


@dataclass
class Item:
    """A numbered prose item: "（三）title。body…" or an L1 point with body text."""

    level: int
    number: str
    text: str
    span: Span
    marker: str = ""  # a unit line that follows the item ("责任单位：…　完成时间：…")


@dataclass
class Paragraph:
    text: str
    span: Span


@dataclass
class TableRow:
    """One table row; ``titles`` holds the 工作任务 cells (one or two heading levels)."""

    cells: dict[str, str]
    titles: list[str]
    span: Span
    table: int
    layout: str
    continuation: bool = False


Block = Heading | Item | Paragraph | TableRow
