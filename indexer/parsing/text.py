"""Small text clean-ups shared by the structure finder and the field extractors."""

from __future__ import annotations

import re

__all__ = [
    "ENDS_SENTENCE",
    "clean_cell",
    "join_cjk_spaces",
    "normalise_parens",
    "split_top_level",
    "strip_debris",
]

_BOOKMARK = re.compile(r"\[bookmark:[^\]]*\]")
_MD_DECOR = re.compile(r"^\s*#+\s*|\*\*")
_CJK = r"\u3000-\u303f\u4e00-\u9fff\uff00-\uffef"
_CJK_GAP = re.compile(rf"(?<=[{_CJK}])[ \u3000]+(?=[{_CJK}])")
ENDS_SENTENCE = tuple("。；;！？!?）)〕」”：:")


def strip_debris(line: str) -> str:
    """Remove Word bookmarks and markdown decoration (``#``, ``**``)."""
    return _MD_DECOR.sub("", _BOOKMARK.sub("", line)).strip()


def join_cjk_spaces(text: str) -> str:
    """Drop spaces a line-wrapped cell left between Chinese characters ("优化政 民政企互 动交流")."""
    return _CJK_GAP.sub("", text)


def normalise_parens(text: str) -> str:
    """Use full-width parentheses, as the documents mostly do."""
    return text.replace("(", "（").replace(")", "）")


def clean_cell(text: str) -> str:
    """Strip debris but keep spaces: a space may separate a merged title from its text."""
    return strip_debris(text).strip()


def split_top_level(text: str, separators: str) -> list[str]:
    """Split on any of ``separators`` outside （…） so "各镇（街道）" stays whole."""
    parts: list[str] = []
    depth = 0
    current: list[str] = []
    for char in text:
        if char in "（(〔[﹝【<":
            depth += 1
        elif char in "）)〕]﹞】>":
            depth = max(0, depth - 1)
        if char in separators and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return [p.strip() for p in parts if p.strip()]
