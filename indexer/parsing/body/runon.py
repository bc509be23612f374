"""Tables flattened into run-on text (PDF text layers, document viewers): rows glued end to start.

A task table whose text layer was saved without its cell boundaries reads as
one long paragraph: each row's task sentences, then its unit cell and its
deadline cell, then straight on with the next row's task — and the header
row comes round again on every page. Three grammars read it back:

* page lines — a viewer's text with one printed page per line, each line
  opening with its page number (``1、…`` ``2、…``) and cut mid-sentence: the
  numbers are page marks, not items, and the lines join;
* an inline header — three or more column names in a row
  (``序号 工作任务 具体要求 责任科室(单位) 完成时限``), possibly glued to the
  words around them, is the repeated table header and is dropped;
* row ends — after a sentence end, a unit assignment closed by a deadline
  phrase (``办公室牵头,各科室、单位配合 11 月底前``, ``办公室 11 月底前``) or
  by an assignment verb and a space (``政工科牵头,办公室配合 1 …``) ends a
  row: the text before it is one task with those units, the text after it
  starts the next.
"""

from __future__ import annotations

import re

from indexer.parsing.body.markers import is_marker, split_glued_deadline
from indexer.parsing.tables.columns import role_of

__all__ = ["numbered_start", "page_numbered", "row_ends", "strip_inline_header"]

_PAGE_PREFIX = re.compile(r"^(\d{1,3})[、.．]")
_PAGE_MIN = 200  # a page of text; a numbered item is far shorter
_ENDS = "。；;！？!?"
_VERB_END = re.compile(r"(?:牵头|配合|负责|落实|协办|参与)$")
_CANDIDATE = re.compile(r"牵头|配合|负责|落实|\d{1,2}\s*月|年底|年内|常态化|持续推进|长期")
_ROW_END_MAX = 80
_HEADER_WORD = (2, 6)
_HEADER_HINT = re.compile(r"序号|任务|要求|内容|措施|单位|部门|科室|处室|时限|时间|期限|进度|事项|备注")
# The last character of an assignment verb (牵头 配合 负责 落实 协办 参与) or of a deadline cell (…前 底 末 内,
# 推进 坚持 开展 完成 实施 执行, 常态化, 季度, 全年, 每月 …).
_LAST_CHARS = frozenset("头合责实办与前底末内进持展成施行化度年月日旬周")


# An arabic item number inside a run-on line, after a sentence end or a space: "…配合) 2.规范…".
_INLINE_NUMBER = re.compile(r"(?:(?<=[。；;！？\s）)〕])|^)(\d{1,2})[.．、](?!\d)")


def numbered_start(segment: str, following: str) -> int:
    """Where the numbered item ``segment`` ends with starts, when the next segment opens with the next number.

    A numbered list printed as one line ("…通知… 一、X 1.任务（A牵头） 2.任务（B负责）") is cut at its unit
    markers; the first piece then carries the page's preamble and headings before item 1. The item starts at
    the number that comes just before the next piece's; 0 when the pieces are not a numbered run.
    """
    following_number = _INLINE_NUMBER.match(following.lstrip())
    if following_number is None:
        return 0
    wanted = str(int(following_number.group(1)) - 1)
    starts = [m.start(1) for m in _INLINE_NUMBER.finditer(segment) if m.group(1) == wanted]
    return starts[-1] if starts else 0


def page_numbered(lines: list[str]) -> set[int]:
    """Indices of lines that are whole pages opening with their page number (1、 2、 3、…, in order)."""
    numbered = [(i, int(m.group(1))) for i, line in enumerate(lines) if (m := _PAGE_PREFIX.match(line.strip()))]
    pages = [i for n, (i, page) in enumerate(numbered, start=1) if page == n]
    if len(pages) < 2 or len(pages) != len(numbered) or any(len(lines[i]) < _PAGE_MIN for i in pages[:-1]):
        return set()  # every page but the last is a full page of text
    cut = any(not lines[i].rstrip().endswith(tuple(_ENDS)) for i in pages[:-1])
    return set(pages) if cut else set()


def _edge_role(token: str, at_end: bool) -> int:
    """Length of the column name a token ends (``…实施方案序号``) or starts (``完成时限加强…``) with, or 0."""
    low, high = _HEADER_WORD
    for size in range(low, min(high, len(token)) + 1):
        piece = token[-size:] if at_end else token[:size]
        if role_of(piece) not in (None, "note"):
            return size
    return 0


def strip_inline_header(text: str) -> str:
    """The text without a run of three or more column names separated by spaces (a repeated table header)."""
    tokens = list(re.finditer(r"\S+", text))
    named = [role_of(t.group(0)) not in (None, "note") for t in tokens]
    index = 0
    while index < len(tokens):
        if not named[index]:
            index += 1
            continue
        last = index
        while last + 1 < len(tokens) and named[last + 1]:
            last += 1
        start, end = tokens[index].start(), tokens[last].end()
        count = last - index + 1
        if index > 0 and (size := _edge_role(tokens[index - 1].group(0), at_end=True)):
            start, count = tokens[index - 1].end() - size, count + 1
        if last + 1 < len(tokens) and (size := _edge_role(tokens[last + 1].group(0), at_end=False)):
            end, count = tokens[last + 1].start() + size, count + 1
        if count >= 3:
            return strip_inline_header(text[:start] + text[end:])
        index = last + 1
    return text


def _row_end(text: str, start: int) -> int | None:
    """Where a row end that starts at ``start`` stops, or None when no unit assignment closes a row there."""
    if len(text) - start <= _ROW_END_MAX and is_marker(text[start:].strip()):
        return None  # the text's own closing marker: not a row end in the middle
    for stop in range(min(len(text), start + _ROW_END_MAX), start + 1, -1):
        if text[stop - 1] not in _LAST_CHARS:
            continue  # a row end closes with an assignment verb or a deadline word
        piece = text[start:stop]
        if piece != piece.strip() or piece.startswith("由") or not is_marker(piece):
            continue  # "由X牵头，Y配合，年内完成…" is a sentence that assigns, not a row's unit cell
        rest = text[stop:]
        if not rest.strip():
            return None  # the text's own closing marker: not a row end in the middle
        glued = split_glued_deadline(piece)
        if glued and not re.search(r"[，,]\s*$", piece[: len(piece) - len(glued[1])]):
            return stop  # units, then a deadline after a space or glued on: the unit and time cells
        if _VERB_END.search(piece) and rest[:1].isspace():
            return stop
    return None


def row_ends(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, content)`` of each row end inside ``text`` (see the module docstring)."""
    found: list[tuple[int, int, str]] = []
    index = 1  # a row end closes a task: none at the very start
    while index < len(text):
        if text[index - 1] not in _ENDS:
            index += 1
            continue
        start = index + len(text[index:]) - len(text[index:].lstrip())
        if start < len(text) and _CANDIDATE.search(text, start, start + _ROW_END_MAX):
            if (stop := _row_end(text, start)) is not None:
                found.append((start, stop, text[start:stop].strip()))
                index = stop
                continue
        index += 1
    return found
