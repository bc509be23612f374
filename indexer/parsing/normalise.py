"""A matching view of a document's lines, and the way back to its own wording.

Grammars match on the view: traditional characters folded to simplified
(OpenCC ``t2s``) and full-width digits and letters folded to ASCII. The view
has exactly the length of the original, character for character, so every
string the parser takes from the view can be given back as the document wrote
it (a county written ``縣`` stays ``縣``).
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

__all__ = ["Restorer", "matching_view"]

_FULL_WIDTH = {chr(c): chr(c - 0xFEE0) for c in range(0xFF10, 0xFF1A)} | {
    chr(c): chr(c - 0xFEE0) for c in (*range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B))
}
_FOLD = str.maketrans(_FULL_WIDTH | {"．": "."})


@lru_cache(maxsize=1)
def _converter():  # type: ignore[no-untyped-def]
    import opencc

    return opencc.OpenCC("t2s")


def _simplify(text: str) -> str:
    """Traditional → simplified, one character for one (phrase rules that change length are undone)."""
    converted = _converter().convert(text)
    if len(converted) == len(text):
        return str(converted)
    return "".join(str(_converter().convert(char)) if len(_converter().convert(char)) == 1 else char for char in text)


def matching_view(lines: list[str]) -> list[str]:
    """The lines as the grammars read them; same lengths as ``lines``."""
    return [_simplify(line.translate(_FOLD)) if line.isascii() is False else line for line in lines]


class Restorer:
    """Give strings taken from the view back in the document's own characters."""

    def __init__(self, original: list[str], view: list[str]) -> None:
        self._same = original == view
        self._original = "\n".join(original)
        self._view = "\n".join(view)
        self._offsets = [0]
        for line in original:
            self._offsets.append(self._offsets[-1] + len(line) + 1)
        pairs = Counter((v, o) for v, o in zip(self._view, self._original, strict=True) if v != o)
        kept = set(self._original)
        self._chars = {v: o for (v, o), _ in pairs.most_common() if v not in kept}

    def restore(self, text: str, lines: tuple[int, int] | None = None) -> str:
        """``text`` as the document wrote it.

        By position when it occurs verbatim: first within ``lines`` (1-based,
        inclusive: where the record was read), since the same words may be
        written in other characters elsewhere; else character by character.
        """
        if self._same or not text:
            return text
        index = -1
        if lines is not None and 1 <= lines[0] <= lines[1] < len(self._offsets):
            index = self._view.find(text, self._offsets[lines[0] - 1], self._offsets[lines[1]])
        if index < 0:
            index = self._view.find(text)
        if index >= 0:
            return self._original[index : index + len(text)]
        return "".join(self._chars.get(char, char) for char in text)
