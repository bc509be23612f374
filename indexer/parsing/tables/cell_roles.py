"""A cell-role classifier: what a table cell holds, judged by its content rather than its position.

Tables copied off web pages and PDFs lose their shape: a merged 工作任务 cell
is written only on the first row of its group, a 序号 column appears that the
header never named, pipe rows shift left, and one-cell-per-line tables lose
the boundaries between rows. What survives is the content, and each kind of
content has its grammar:

* a short number is a 序号, a cell of period and date words a deadline;
* a cell whose parts all end like unit names (or an assignment phrase such
  as ``办公室牵头，各科室配合``) is a unit cell;
* a short phrase with no sentence inside is a heading (the merged 工作任务
  column); a longer sentence is the task text.

:func:`align_row` maps a row's cells onto the header's columns by these kinds
(a monotone alignment that may skip merged columns and set aside cells the
header has no column for); :mod:`indexer.parsing.tables.cell_rows` cuts a run
of cells into rows by the same kinds.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from indexer.parsing.body.markers import is_marker
from indexer.parsing.fields.deadlines import is_deadline_cell, is_deadline_phrase
from indexer.parsing.fields.units import looks_like_units
from indexer.parsing.tables.columns import Role

__all__ = [
    "HEADING_NUMBER",
    "Aligned",
    "Kind",
    "align_row",
    "cell_kind",
    "fit",
    "is_deadline_like",
]

Kind = Literal["blank", "number", "deadline", "units", "title", "text"]

_NUMBER = re.compile(r"^\d{1,3}[.、．]?$")
_BLANK = re.compile(r"^[—\-－–─━\s/]*$")  # a dash of any width, a box-drawing rule (─) too
# A fraction alone (0.75, 0.5; never a 序号 such as 1.2): the weight of an assessment table's indicator
# (指标 … 分值), no task or unit.
_SCORE = re.compile(r"^0[.．]\d{1,2}$")
# A tick, or a checklist of channels ("■政府网站 □政府公报"): marks a catalogue's note columns, no task or unit.
_CHECKS = re.compile(r"^[√✓✔☑■□☐▲△].*$")  # a tick may carry its note: √面向村集体成员
# A catalogue's channel or audience cell written out ("政府网站", "政务新媒体、公开栏", "全社会"): a note
# column's value like a tick, never a task, a unit or a heading of the next row.
_CHANNEL = (
    r"(?:政府|门户)?网站|政务新媒体|政务微博|微信公众号|政府公报|公开栏|公示栏|政务公开专区|便民服务(?:中心|站)"
    r"|全社会|特定群[众体]"  # not 主动/依申请公开: a task table's 类别 cell as often
)
_CHANNELS = re.compile(rf"^(?:{_CHANNEL})(?:公开|发布)?(?:[、，,\s]+(?:{_CHANNEL})(?:公开|发布)?)*$")
# Where on the site it is published, as a path of 栏目 (政府信息公开平台—政策—政策解读, 首页>政务公开>…): a note.
_SITE_PATH = re.compile(r"^[^—>＞\s]{2,20}(?:\s*(?:—{1,2}|>|＞)\s*[^—>＞\s]{2,20}){2,}$")
_CHECKED = -3.0  # a tick is never a unit, a time or a task: a merged (skipped) column costs less
_NOT_TIME = re.compile(r"^\s*[●•◆▪《]")  # a bulleted list of what is published, a law cited: never a time limit
# A heading of the merged 工作任务 column: numbered like a heading, or short with no sentence inside.
HEADING_NUMBER = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)])")
_TITLE_MAX = 25
_HEADING_MAX = 60
_DATED = re.compile(r"\d{1,2}\s*月|年底|年内|季度|上半年|下半年")
_DATED_MAX = 40
_CITED = r"(?:【[^】]{1,4}】)?《[^》]{2,80}》(?:[（(][^）)]{1,40}[）)])?"
# Laws cited and nothing else ("《条例》(国务院令第711号)等", "【规章】《…》、《…》"): a row's 公开依据.
_ARTICLE = re.compile(r"^第[一二三四五六七八九十百\d]+条")
_CITATION = re.compile(rf"{_CITED}(?:[、，,及和]?{_CITED})*等?")

# How much a missing (merged) column costs, by role: merged headings and lead cells are common.
_GAP: dict[Role | None, float] = {
    "task": 0.0,
    "lead": 1.0,
    "responsible": 2.0,
    "number": 3.0,
    "deadline": 2.0,
    "requirement": 5.0,
    "note": 0.0,
    None: 0.0,
}
_MERGED: tuple[Role, ...] = ("task", "lead", "responsible")  # a skipped column repeats the row above
_NO_FIT = -4.0


def is_deadline_like(cell: str) -> bool:
    """A short cell made only of date, period and frequency words."""
    return is_deadline_cell(cell)


def _marks(text: str) -> bool:
    """A tick, a channel or a site path written out: a note column's value, never a task, a unit or a time."""
    return bool(_CHECKS.match(text) or _CHANNELS.match(text) or _SITE_PATH.match(text))


@lru_cache(maxsize=4096)
def cell_kind(cell: str) -> Kind:
    """What a cell holds, by its content alone."""
    text = cell.strip()
    if _BLANK.match(text) or _SCORE.match(text) or _marks(text):
        return "blank"
    if _NUMBER.match(text):
        return "number"
    if is_deadline_like(text) or is_deadline_phrase(text):
        return "deadline"
    if looks_like_units(text) or is_marker(text):
        return "units"
    if HEADING_NUMBER.match(text) and len(text) <= _HEADING_MAX:
        return "title"
    if len(text) <= _TITLE_MAX and not re.search(r"[。；;！？]", text):
        return "title"  # a heading has no sentence inside and no full stop: "及时公开…目录。" is a task
    return "text"


def fit(role: Role | None, cell: str) -> float:
    """How well a cell's content fits a column role (higher is better, negative is wrong)."""
    kind = cell_kind(cell)
    if role in (None, "note"):
        return 0.0
    if kind == "blank":
        return _CHECKED if _marks(cell.strip()) else 0.0  # ticks and channels fill the note columns
    if _CITATION.fullmatch(cell.strip()):
        return -1.0 if role in ("task", "requirement") else -3.0  # laws cited alone: the row's 公开依据
    if role == "number":
        return 2.0 if kind == "number" else -3.0
    if role == "deadline":
        if kind == "deadline":
            return 2.0
        dated = kind in ("title", "text") and len(cell) <= _DATED_MAX and bool(_DATED.search(cell))
        if dated:
            return 1.0
        return -3.0 if kind == "units" else (_NO_FIT if _NOT_TIME.match(cell) else -2.0)
    if role in ("lead", "responsible"):
        return 2.0 if kind == "units" else (-3.0 if kind == "deadline" else -2.0)
    if role == "requirement":
        return {"text": 2.0, "title": 0.5, "units": -2.0, "deadline": -2.0}.get(kind, -3.0)
    return {"title": 1.0, "text": 0.0, "units": -1.0}.get(kind, -2.0)  # task: a heading


@dataclass
class Aligned:
    """A row's cells under the header's columns, and the cells the header has no column for."""

    cells: list[str]
    titles: list[str] = field(default_factory=list)
    number: str = ""
    score: float = 0.0


def _extra(cell: str, before_text: bool) -> float:
    """The worth of setting a cell aside: a blank, a 序号 the header lacks, a heading before the task text."""
    kind = cell_kind(cell)
    if kind == "blank" or _CITATION.fullmatch(cell.strip()):
        return 0.0  # a second law cited: the 公开依据 cell took one line per law
    if kind == "number":
        return 0.5
    if kind == "title" and before_text:
        return 0.3
    return _NO_FIT


def _heading_words(cell: str) -> bool:
    """A heading in words, not a law cited (《条例》, 第二十条…) or a note value set aside."""
    text = cell.strip()
    return cell_kind(text) == "title" and not (_CITATION.fullmatch(text) or _ARTICLE.match(text))


def align_row(cells: Sequence[str], roles: Sequence[Role | None], above: Sequence[str]) -> Aligned:
    """Map ``cells`` onto ``roles`` in order, by content; skipped merged columns repeat ``above``.

    Dynamic programming over (cells used, columns used): a cell goes under the
    next column or is set aside; a column may be skipped at its merge cost.
    Ties keep cells where their position counted from the row's end puts them (extra cells come first).
    """
    n, m = len(cells), len(roles)
    text_column = roles.index("requirement") if "requirement" in roles else m
    worst = float("-inf")
    best = [[worst] * (m + 1) for _ in range(n + 1)]
    move: dict[tuple[int, int], str] = {}
    best[0][0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            here = best[i][j]
            if here == worst:
                continue
            steps = []
            if i < n and j < m:
                steps.append((i + 1, j + 1, here + fit(roles[j], cells[i]) + (0.01 if n - i == m - j else 0.0), "map"))
            if j < m:
                steps.append((i, j + 1, here - _GAP[roles[j]], "gap"))
            if i < n:
                steps.append((i + 1, j, here + _extra(cells[i], j <= text_column), "extra"))
            for a, b, score, how in steps:
                if score > best[a][b]:
                    best[a][b], move[(a, b)] = score, how
    return _trace(cells, roles, above, move, best[n][m])


def _trace(
    cells: Sequence[str],
    roles: Sequence[Role | None],
    above: Sequence[str],
    move: dict[tuple[int, int], str],
    score: float,
) -> Aligned:
    out = [""] * len(roles)
    aligned = Aligned(out, score=score)
    task_column = max((j for j, role in enumerate(roles) if role == "task"), default=None)
    task_cell: int | None = None
    set_aside: list[int] = []  # headings the header has no column for, in cell order
    i, j = len(cells), len(roles)
    while i or j:
        how = move[(i, j)]
        if how == "map":
            i, j = i - 1, j - 1
            out[j] = cells[i]
            task_cell = i if j == task_column else task_cell
        elif how == "gap":
            j -= 1
            out[j] = above[j] if roles[j] in _MERGED and j < len(above) else ""
        else:
            i -= 1
            if cell_kind(cells[i]) == "number":
                aligned.number = cells[i]
            elif cell_kind(cells[i]) != "blank":
                set_aside.insert(0, i)
    last = set_aside[-1] if set_aside else None
    if (
        task_column is not None
        and task_cell is not None
        and last is not None
        and last > task_cell
        and _heading_words(cells[last])
    ):
        # a heading set aside after the task column's cell is the lower one: the row's own task heading
        order = sorted([*set_aside, task_cell])
        out[task_column], set_aside = cells[order[-1]], order[:-1]
    aligned.titles = [cells[h] for h in set_aside]
    return aligned
