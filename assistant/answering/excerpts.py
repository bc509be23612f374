"""The part of a passage a question is about: the lines to quote, and whether a record already holds them.

A passage is a few hundred characters of a document as read; an answer
quotes the few lines in it that share most with the question, never the
whole window. The same excerpt decides whether a passage lifts a record
(the record's clause holds the excerpt's words) or stands as a quote of its
own (the parser missed what the excerpt says).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from indexer.models import Passage
from indexer.parsing.normalise import matching_view

__all__ = [
    "HOLDS_SHARE",
    "Excerpt",
    "asking_removed",
    "bigrams",
    "excerpt_of",
    "highlight",
    "holds",
    "longest_shared_phrase",
    "matched_words",
]

_MAX_CHARS = 160
_AFTER = 3  # parts after the core: a table row's unit and deadline cells, an item's unit bracket
_MIN_RUN = 3
_MIN_MATCHED = 2
_REPEATED_LINES = 4  # lines a passage needs before a pair on most of them is its furniture
# A sentence, or a table cell: tabs and pipes part the cells of a row a reader or a web page flattened.
_SENTENCE = re.compile(r"[^。；！？\t|｜]+[。；！？]?")
# Words that ask rather than say what about: they match every clause's 负责/落实/完成.
_ASKING = re.compile(
    r"由谁|谁来|是谁|谁|哪个|哪些|哪家|什么|啥|多少|怎么|如何|吗|呢|吧|"
    r"负责落实|负责|牵头|落实|配合|部门|单位|科室|处室|时候|时限|期限|完成|截止|要求|公开吗|会不会"
)
_HAN = re.compile(r"[^\u4e00-\u9fffA-Za-z0-9]")
# What a phrase reads the same without: punctuation, spaces, the particle 的 (养老机构的监管信息 = 养老机构监管信息).
_LINKS = re.compile(r"[^\u4e00-\u9fffA-Za-z0-9]+|的")
HOLDS_SHARE = 0.6
"""A record holds an excerpt at this :func:`holds` value: it says what the passage says."""


@dataclass(frozen=True)
class Excerpt:
    """The quoted part of a passage (``text``), the one sentence or line at its centre (``core``), and how many
    of the question's character pairs the core shares."""

    text: str
    core: str
    shared: int


@lru_cache(maxsize=1 << 16)
def bigrams(text: str) -> frozenset[str]:
    """Character pairs of the matching view (simplified, half-width), punctuation and spaces dropped.

    Memoised: a question compares its pairs with the same passage sentences and clauses over and over (each
    candidate passage's sentences, each overlapping record), and those texts are the same for every question;
    recomputing them was three quarters of a question's time outside the encoder (eval/LOAD.md).
    """
    runs = _HAN.sub(" ", matching_view([text])[0]).split()
    return frozenset(a + b for run in runs for a, b in zip(run, run[1:], strict=False))


def excerpt_of(passage: Passage, question: str) -> Excerpt:
    """The sentence or line sharing most with the question, with what follows it (where a row or an item
    writes its unit and deadline) and, room permitting, the part before it; about 160 characters at most."""
    parts = _parts(passage.text)
    if not parts:
        return Excerpt(passage.text[:_MAX_CHARS], passage.text[:_MAX_CHARS], 0)
    asked = bigrams(asking_removed(question))
    scores = [len(asked & pairs) for pairs in _part_pairs(passage.text)]
    best = max(range(len(parts)), key=lambda i: (scores[i], -abs(len(parts[i][1]) - 60)))
    start = end = best
    size = len(parts[best][1])
    while end + 1 < len(parts) and end - best < _AFTER and size + len(parts[end + 1][1]) <= _MAX_CHARS:
        end += 1
        size += len(parts[end][1])
    if start > 0 and size + len(parts[start - 1][1]) <= _MAX_CHARS:
        start -= 1
    pieces = [
        ("" if i == start or parts[i - 1][0] == parts[i][0] else " ") + parts[i][1] for i in range(start, end + 1)
    ]
    return Excerpt("".join(pieces), parts[best][1], scores[best])


@lru_cache(maxsize=1 << 14)
def _parts(text: str) -> tuple[tuple[int, str], ...]:
    """A passage's sentences and cells with their line numbers (memoised: the same passages come up again)."""
    return tuple(
        (number, m.group(0).strip())
        for number, line in enumerate(text.split("\n"))
        for m in _SENTENCE.finditer(line)
        if m.group(0).strip()
    )


@lru_cache(maxsize=1 << 14)
def _part_pairs(text: str) -> tuple[frozenset[str], ...]:
    """Each part's character pairs, in order. A passage's own pairs and its lines' pairs are unions of these
    (parts are split where the view has no pair anyway), so a passage's text is paired once, not three times."""
    return tuple(bigrams(part) for _, part in _parts(text))


@lru_cache(maxsize=1 << 14)
def _text_pairs(text: str) -> frozenset[str]:
    """The character pairs of a whole passage: what :func:`bigrams` would give, from its parts' pairs."""
    return frozenset().union(*_part_pairs(text))


def longest_shared_phrase(question: str, text: str, besides: str = "") -> int:
    """How many characters of the question's words (asking words removed) the text says in one unbroken run;
    a run ``besides`` also says (the document's title, which names every clause of it) does not count.

    Fusion ranks by words shared; this tells a clause that says the question's phrase (预算决算 in
    本中心预算、决算) from one that shares its words scattered (监管 five times).
    """
    flat, named = _joined(text), _joined(besides) if besides else ""
    pieces = [_joined(piece) for piece in asking_removed(question).split()]
    for length in range(max(map(len, pieces), default=0), 0, -1):
        for asked in pieces:
            runs = (asked[i : i + length] for i in range(len(asked) - length + 1))
            if any(run in flat and run not in named for run in runs):
                return length
    return 0


@lru_cache(maxsize=1 << 14)
def _joined(text: str) -> str:
    return _LINKS.sub("", matching_view([text])[0])


def asking_removed(question: str) -> str:
    """The question without its asking words (谁负责, 哪个科室, 什么时候完成): what is left is what it is about."""
    return _ASKING.sub(" ", question)


def matched_words(passage: Passage, question: str, excerpt: Excerpt) -> frozenset[str]:
    """The character pairs the passage shares with the question, its title's words left out (a title names
    every clause of its document); the excerpt's core when nothing else is shared."""
    shared = _text_pairs(passage.text) & bigrams(asking_removed(question))
    shared -= bigrams(passage.doc_title) | _repeated(passage.text)
    return shared if len(shared) >= _MIN_MATCHED else bigrams(excerpt.core)


@lru_cache(maxsize=1 << 14)
def _repeated(text: str) -> frozenset[str]:
    """Character pairs on more than half of a passage's lines: a catalogue's issuer or channel written on every
    row (县教育局栏目), a column's word (信息) — they tell no row from another, so no record is judged by them."""
    lines = sum(1 for line in text.split("\n") if line.strip())
    if lines < _REPEATED_LINES:
        return frozenset()
    on_line: dict[int, set[str]] = {}
    for (number, _), pairs in zip(_parts(text), _part_pairs(text), strict=True):
        on_line.setdefault(number, set()).update(pairs)
    counts = Counter(pair for pairs in on_line.values() for pair in pairs)
    return frozenset(pair for pair, count in counts.items() if count * 2 > lines)


def holds(clause: str, matched: frozenset[str]) -> float:
    """How fully ``clause`` says what the passage said to the question (0–1): the share of ``matched`` it has."""
    return len(matched & bigrams(clause)) / len(matched) if matched else 0.0


def highlight(text: str, question: str) -> str:
    """``text`` with the question's words in bold: runs of three or more characters the question also has.

    Two shared characters alone (公开, 工作) are everywhere in these documents; a run of three
    (财务处, 规范性文件) is what the person asked about.
    """
    asked = bigrams(asking_removed(question))
    view = "".join(matching_view([char])[0][:1] or " " for char in text)  # one view character per character
    marked = [False] * len(text)
    for i in range(len(view) - 1):
        if view[i : i + 2] in asked:
            marked[i] = marked[i + 1] = True
    start = None
    for i in range(len(text) + 1):  # unmark runs shorter than three characters
        if i < len(text) and marked[i]:
            start = i if start is None else start
        elif start is not None:
            if i - start < _MIN_RUN:
                marked[start:i] = [False] * (i - start)
            start = None
    out: list[str] = []
    for i, char in enumerate(text):
        if marked[i] and (i == 0 or not marked[i - 1]):
            out.append("**")
        out.append(char)
        if marked[i] and (i + 1 == len(text) or not marked[i + 1]):
            out.append("**")
    return "".join(out)
