"""Passages: overlapping windows over a document's text as read, so nothing the parser missed is lost.

Records are the structure; passages are the floor under it. Whatever the
parser could not rebuild — a table flattened beyond repair, a notice, a
header — still stands in some passage, and a question can still find it and
quote it. Windows follow line and sentence boundaries (a person reading a
quote should never start mid-sentence when it can be helped), are a few
hundred characters long, overlap, and cover every line that holds text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.models import Document, Passage, SourceSpan, TaskRecord

__all__ = ["MAX_PASSAGES", "OVERLAP_CHARS", "TARGET_CHARS", "build_passages", "has_readable_text"]

TARGET_CHARS = 300
"""A window closes once it holds this many characters (peers chunk at 250 and 512)."""
OVERLAP_CHARS = 80
"""The next window starts this far back, so a clause cut by a window's end is whole in the next one."""
MAX_PASSAGES = 2000
"""Per document: a 300-page file still fits; a huge or repetitive upload cannot flood the index."""
_MAX_PIECE = 200  # a sentence longer than this is cut, so one run-on line cannot make a giant window
_SENTENCE_END = re.compile(r"(?<=[。；！？!?;])")
_NO_TEXT = re.compile(r"^[\s|｜\-—_=+:：,，.。·*#>]*$")
_READABLE = re.compile(r"[\u4e00-\u9fff]")
_MIN_READABLE = 20


@dataclass(frozen=True)
class _Piece:
    line: int  # 1-based
    text: str


def has_readable_text(lines: list[str]) -> bool:
    """Enough Chinese text to be a document at all (a file of separators, digits or noise is not)."""
    return sum(len(_READABLE.findall(line)) for line in lines) >= _MIN_READABLE


def build_passages(document: Document, lines: list[str], records: list[TaskRecord]) -> list[Passage]:
    """Windows over ``lines`` (the file as read), each knowing the records whose source lines it overlaps."""
    pieces = [piece for number, line in enumerate(lines, start=1) for piece in _pieces(number, line)]
    passages: list[Passage] = []
    seen: set[str] = set()
    for window in _windows(pieces):
        text = _joined(window)
        if text in seen:  # a repeated block (a header on every page) is stored once
            continue
        seen.add(text)
        first, last = window[0].line, window[-1].line
        overlapping = [r.id for r in records if r.source.line_start <= last and r.source.line_end >= first]
        passages.append(
            Passage(
                id=f"{document.id}#p{len(passages) + 1}",
                doc_id=document.id,
                doc_title=document.title,
                region=document.region,
                year=document.year,
                text=text,
                source=SourceSpan(document.path, first, last),
                record_ids=overlapping,
            )
        )
        if len(passages) >= MAX_PASSAGES:
            break
    return passages


def _pieces(number: int, line: str) -> list[_Piece]:
    """A line's sentences (long ones cut), or nothing for a line with no text (``|``, rules, blanks)."""
    text = line.strip()
    if _NO_TEXT.match(text):
        return []
    pieces: list[_Piece] = []
    for sentence in _SENTENCE_END.split(text):
        for start in range(0, len(sentence), _MAX_PIECE):
            if part := sentence[start : start + _MAX_PIECE].strip():
                pieces.append(_Piece(number, part))
    return pieces


def _windows(pieces: list[_Piece]) -> list[list[_Piece]]:
    """Greedy windows of about :data:`TARGET_CHARS`, each starting :data:`OVERLAP_CHARS` back."""
    windows: list[list[_Piece]] = []
    start = 0
    while start < len(pieces):
        end, size = start, 0
        while end < len(pieces) and (size < TARGET_CHARS or end == start):
            size += len(pieces[end].text)
            end += 1
        windows.append(pieces[start:end])
        if end >= len(pieces):
            break
        back, carried = end, 0
        while back - 1 > start and carried + len(pieces[back - 1].text) <= OVERLAP_CHARS:
            back -= 1
            carried += len(pieces[back].text)
        start = back
    return windows


def _joined(window: list[_Piece]) -> str:
    """Pieces of one line run on; a new line starts a new line."""
    parts: list[str] = []
    for previous, piece in zip([None, *window], window, strict=False):
        if previous is not None:
            parts.append("" if previous.line == piece.line else "\n")
        parts.append(piece.text)
    return "".join(parts)
