"""A matching view of a document's lines, and the way back to its own wording.

Grammars match on the view: traditional characters folded to simplified
(OpenCC ``t2s``, and variant forms it leaves alone), full-width digits and letters folded to ASCII, and the
pinyin a mirror site inserts after characters (``發(fā)展``) left out. Every
view character comes from one character of the original, whose position is
kept, so every string the parser takes from the view can be given back as the
document wrote it (a county written ``縣`` stays ``縣``).
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

from indexer.parsing.debris import pinyin_spans

__all__ = ["Restorer", "matching_view"]

_FULL_WIDTH = {chr(c): chr(c - 0xFEE0) for c in range(0xFF10, 0xFF1A)} | {
    chr(c): chr(c - 0xFEE0) for c in (*range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B))
}
# Variant forms OpenCC's t2s leaves as they are, so a name written with one never meets the gazetteer (陜西省).
_VARIANTS = {"陜": "陕"}
_FOLD = str.maketrans(_FULL_WIDTH | _VARIANTS | {"．": "."})


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


def _kept(line: str) -> list[int]:
    """Positions of ``line`` the view keeps (all but inserted pinyin)."""
    spans = pinyin_spans(line)
    if not spans:
        return list(range(len(line)))
    dropped = {i for start, end in spans for i in range(start, end)}
    return [i for i in range(len(line)) if i not in dropped]


def matching_view(lines: list[str]) -> list[str]:
    """The lines as the grammars read them: one view character per kept character of ``lines``."""
    out = []
    for line in lines:
        if line.isascii():
            out.append(line)
            continue
        kept = _kept(line)
        text = line if len(kept) == len(line) else "".join(line[i] for i in kept)
        out.append(_simplify(text.translate(_FOLD)))
    return out


_MIN_PIECE = 2  # shorter pieces are restored character by character


class Restorer:
    """Give strings taken from the view back in the document's own characters."""

    def __init__(self, original: list[str], view: list[str]) -> None:
        self._same = original == view
        self._original = "\n".join(original)
        self._view = "\n".join(view)
        self._offsets = [0]  # where each line starts in the view
        self._position: list[int] = []  # view index -> original index
        base = 0
        for line, seen in zip(original, view, strict=True):
            kept = _kept(line) if len(seen) != len(line) else range(len(line))
            self._position.extend(base + i for i in kept)
            self._position.append(base + len(line))  # the line break
            base += len(line) + 1
            self._offsets.append(len(self._position))
        pairs = Counter((self._view[v], self._original[o]) for v, o in enumerate(self._position[:-1]))
        kept_chars = set(self._original)
        self._chars = {v: o for (v, o), _ in pairs.most_common() if v != o and v not in kept_chars}

    def restore(self, text: str, lines: tuple[int, int] | None = None) -> str:
        """``text`` as the document wrote it (inserted pinyin included).

        By position when it occurs verbatim: first within ``lines`` (1-based,
        inclusive: where the record was read), since the same words may be
        written in other characters elsewhere; else character by character.
        """
        if self._same or not text:
            return text
        lo, hi = 0, len(self._view)
        if lines is not None and 1 <= lines[0] <= lines[1] < len(self._offsets):
            lo, hi = self._offsets[lines[0] - 1], self._offsets[lines[1]]
        index = self._view.find(text, lo, hi)
        if index < 0:
            index = self._view.find(text)
        if index >= 0:
            return self._slice(index, len(text))
        return self._pieces(text, lo, hi)

    def _slice(self, index: int, length: int) -> str:
        return self._original[self._position[index] : self._position[index + length - 1] + 1]

    def _pieces(self, text: str, lo: int, hi: int) -> str:
        """A text joined from several lines (or cleaned of a marker): each longest verbatim piece by position,
        where the record was read if it is there, else anywhere in the document (a unit carried down from the
        item above, 縣(市、區)人民政府, is written in that item's lines)."""
        out: list[str] = []
        start = 0
        while start < len(text):
            short, long = start, len(text)  # text[start:short] occurs in the view; find the longest that does
            while short < long:
                middle = (short + long + 1) // 2
                if self._find(text[start:middle], lo, hi) >= 0:
                    short = middle
                else:
                    long = middle - 1
            if short - start >= _MIN_PIECE:
                out.append(self._slice(self._find(text[start:short], lo, hi), short - start))
                start = short
            else:
                out.append(self._chars.get(text[start], text[start]))
                start += 1
        return "".join(out)

    def _find(self, piece: str, lo: int, hi: int) -> int:
        index = self._view.find(piece, lo, hi)
        return index if index >= 0 else self._view.find(piece)
