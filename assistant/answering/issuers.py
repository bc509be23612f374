"""Which document a question names by its issuer, when it names no place.

Rules, duty lists and plans of companies, schools and bureaus share their
clauses almost word for word (公司成立信息公开领导小组，统一指导…); a person
asking says whose rule they mean (盛顺达公司谁负责…, 一汽软件的…). A place is
read by the question's place reader and filters the search; an issuer that is
no place (a company, a school, a bureau's own name) is read here, from the
head of each document's title: the words before its topic (信息公开…,
政务公开…, 2024年…). A question sharing three or more characters of that head,
two of them not a kind of body (公司, 学院, 人民政府, 局), names the document.
A government body or a place as the head names no one issuer: every place
has a 财政局 and a 县政府办公室, and places are the place reader's.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import TypeVar

from indexer.parsing.normalise import matching_view

__all__ = ["issuer_of", "named_first", "named_issuer_length"]

T = TypeVar("T")

# The title's head ends where its topic or year starts; a 【栏目】 mark before it is no part of it.
_TOPIC = re.compile(
    r"\d{4}\s*年|关于|贯彻|落实|印发|政务|(?<!人民)政府信息|信息|主动公开|依申请|领域|[居村校厂院党事]务公开"
)
_COLUMN_MARK = re.compile(r"^【[^】]*】")
_NOT_NAME = re.compile(r"[^\u4e00-\u9fff]+|的")
_PARENTHESISED = re.compile(r"[（(][^（）()]*[）)]")
# Kinds of body and level words: shared alone they name no one issuer (公司, 县人民政府, 学院办公室).
_KINDS = re.compile(
    r"人民政府|政府|办公室|办公厅|有限|公司|集团|股份|学院|学校|大学|中学|小学|委员会|管理|[省市区县镇乡村局委办厅处科所站]"
)
# A head ending like a government body or a place: a sector every place has, or a place (read elsewhere).
_GOVERNMENT = re.compile(r"(?:局|委员会|委|办公室|办|厅|部|处|科|股|政府|中心|[省市区县镇乡旗州盟村]|街道)$")
_MIN_SHARED = 3
_MIN_OWN = 2


@lru_cache(maxsize=1 << 12)
def issuer_of(title: str) -> tuple[str, ...]:
    """The title's head in the matching view, as written and without its parenthesised words (一汽(北京)软件:
    一汽北京软件 and 一汽软件); () when the title starts with its topic or its head is a government body."""
    view = _COLUMN_MARK.sub("", matching_view([title])[0].strip())
    view = re.sub(r"^\d{4}\s*年度?", "", view)
    head = view[: topic.start()] if (topic := _TOPIC.search(view)) else view
    if _GOVERNMENT.search(_NOT_NAME.sub("", head)) or view[len(head) :].startswith("领域"):
        return ()  # a body every place has, a place, or a sector (自然资源领域…目录)
    forms = {_NOT_NAME.sub("", head), _NOT_NAME.sub("", _PARENTHESISED.sub("", head))}
    return tuple(sorted(form for form in forms if len(form) >= _MIN_SHARED))


def named_issuer_length(question: str, title: str) -> int:
    """How many characters of the title's issuer the question says in one run (0 when fewer than three, or
    when the run is no more than kinds of body)."""
    return _named_length(_asked(question), title)


def _asked(question: str) -> str:
    return _NOT_NAME.sub("", matching_view([question])[0])


@lru_cache(maxsize=1 << 12)
def _kinds(issuer: str) -> tuple[bool, ...]:
    """Which characters of an issuer belong to a kind of body or a level word (公司, 人民政府, 局)."""
    kind = [False] * len(issuer)
    for match in _KINDS.finditer(issuer):
        kind[match.start() : match.end()] = [True] * (match.end() - match.start())
    return tuple(kind)


def _named_length(asked: str, title: str) -> int:
    best = 0
    for issuer in issuer_of(title):
        kind = _kinds(issuer)
        for length in range(len(issuer), max(best, _MIN_SHARED - 1), -1):
            starts = range(len(issuer) - length + 1)
            if any(issuer[i : i + length] in asked and kind[i : i + length].count(False) >= _MIN_OWN for i in starts):
                best = length
                break
    return best


def named_first(ranked: list[T], question: str, document: Callable[[T], tuple[str, str]]) -> list[T]:
    """``ranked`` with the items of the document(s) whose issuer the question names most fully first, each group
    in its own order; unchanged when it names none. ``document(item)`` gives the item's document id and title.

    A question naming no place is scoped by nothing else, and rules of different issuers share their clauses
    word for word; the caller asks only for questions without a place (a place filters the search).
    """
    asked = _asked(question)  # read once, not once per document
    ids = [document(item) for item in ranked]
    named = {doc: _named_length(asked, title) for doc, title in ids}
    best = max(named.values(), default=0)
    if best == 0:
        return ranked
    first = [item for item, (doc, _) in zip(ranked, ids, strict=True) if named[doc] == best]
    return first + [item for item, (doc, _) in zip(ranked, ids, strict=True) if named[doc] != best]
