"""Cutting a run of cells (a table written one cell per line) into rows, by the kinds of their cells.

A row's kinds follow the header's order (heading, 序号, task text, units,
deadline: :func:`~indexer.parsing.tables.cell_roles.cell_kind`), so where the
sequence starts over a new row begins; a 序号 column counting 1, 2, 3 marks the
rows outright, and a numbered row that holds more cells than the header has
columns is cut again after each cell of the header's last column (its
unnumbered sub-rows, the merged 序号 and 分类 cells written only once).
"""

from __future__ import annotations

from collections.abc import Sequence

from indexer.parsing.tables.cell_roles import Kind, cell_kind
from indexer.parsing.tables.columns import Role

__all__ = ["join_unit_lines", "split_rows"]

_NUMBERED_MIN = 2  # sequence numbers in order that make a 序号 column the rows' boundary


def _stages(roles: Sequence[Role | None]) -> dict[Kind, int]:
    """The column position each kind of content belongs at (kinds with no column go first, or last for dates)."""

    def first(*wanted: Role) -> int | None:
        return next((i for i, r in enumerate(roles) if r in wanted), None)

    text = first("requirement")
    units = first("lead", "responsible")
    deadline = first("deadline")
    return {
        "blank": -1,
        "number": first("number") or 0,
        "title": first("task") or 0,
        "text": text if text is not None else 0,
        "units": units if units is not None else len(roles),
        "deadline": deadline if deadline is not None else len(roles) + 1,
    }


def _capacity(roles: Sequence[Role | None]) -> dict[Kind, int]:
    """How many cells of each kind one row holds: text for the task columns, the task and the notes after it."""
    text_column = roles.index("requirement") if "requirement" in roles else len(roles)
    after = roles[text_column + 1 :]
    fields = next((i for i, r in enumerate(after) if r in ("lead", "responsible", "deadline")), len(after))
    notes = sum(1 for r in after[:fields] if r in (None, "note"))  # 公开载体 before the units: more text per row
    headings = sum(1 for r in roles if r == "task")  # a long heading reads as text
    units = max(1, sum(1 for r in roles if r in ("lead", "responsible")))
    return {"number": 1, "title": 3, "text": 1 + notes + headings, "units": units, "deadline": 1, "blank": 0}


def _reread(
    kinds: list[Kind], index: int, seen: dict[Kind, int], stages: dict[Kind, int], capacity: dict[Kind, int]
) -> Kind:
    """A cell's kind where its neighbours in the row say otherwise.

    A short cell between the task text and a deadline is the unit cell, even when its name is not
    recognisable as a unit; a unit-like cell before the task text — after headings or the row's 序号, or
    after the unit cells of the row before — is a heading (桂农机办, 内设机构及下属单位), where the header puts
    units after the text.
    """
    kind = kinds[index]
    following = next((k for k in kinds[index + 1 :] if k != "blank"), None)
    if kind == "title" and seen.get("text") and not seen.get("units"):
        if following in ("deadline", None) and stages["units"] < stages["deadline"]:
            return "units"  # before the deadline, or the run's last cell
        if following == "units" and stages["text"] < stages["units"] and seen["text"] < capacity["text"]:
            return "text"  # a short requirement cell (公开专栏集中发布) between the task text and its units
    heading_slot = (seen.get("title") and not seen.get("text")) or seen.get("units", 0) >= capacity["units"]
    numbered = set(seen) == {"number"} and following in ("text", "title")  # 4 | 居民小组 | 居民小组工作职责…
    if kind == "units" and (heading_slot and following == "text" or numbered) and stages["units"] > stages["text"]:
        return "title"  # before the text, or opening the next row after this one's unit cells
    return kind


def split_rows(cells: Sequence[str], roles: Sequence[Role | None]) -> list[list[int]]:
    """Cut a run of cells (one table written one cell per line) into rows, as lists of cell indices."""
    numbered = _numbered_rows(cells, roles)
    if numbered is None:
        return _staged_rows(cells, roles)
    rows: list[list[int]] = []
    for row in numbered:
        rows += _sub_rows(row, cells, roles) if len(row) > len(roles) else [row]
    return rows


def _sub_rows(row: list[int], cells: Sequence[str], roles: Sequence[Role | None]) -> list[list[int]]:
    """A numbered row with more cells than columns, cut after each cell of the header's last column (a unit
    or a deadline cell closes a row) where every part but the last holds task text: sub-rows such as a 市级 row
    under "2 | 某某制度 | 国家级 …", whose 序号 and 分类 cells were merged."""
    closing = {"lead": "units", "responsible": "units", "deadline": "deadline"}.get(roles[-1] or "")
    parts: list[list[int]] = [[]]
    for index in row:
        parts[-1].append(index)
        if cell_kind(cells[index]) == closing:
            parts.append([])
    parts = [part for part in parts if part]
    whole = all("text" in {cell_kind(cells[i]) for i in part} for part in parts[:-1])
    return parts if len(parts) > 1 and whole else [row]


def _staged_rows(cells: Sequence[str], roles: Sequence[Role | None]) -> list[list[int]]:
    """Rows where the sequence of kinds starts over: a cell whose kind comes earlier than one already in the
    row, or repeats a kind the row already has, starts the next row — unless the cell after it still continues
    the row (then it is the row's note: 更新标准, 公开载体)."""
    stages, capacity = _stages(roles), _capacity(roles)
    kinds = [cell_kind(c) for c in cells]
    rows: list[list[int]] = []
    seen: dict[Kind, int] = {}
    last = -1
    previous: Kind | None = None
    for index in range(len(kinds)):
        if kinds[index] == "units" and previous == "units" and seen.get("text"):
            following = next((k for k in kinds[index + 1 :] if k != "blank"), None)
            if "task" not in roles or following not in ("text", "title"):
                rows[-1].append(index)  # a unit cell on two lines, not the heading (桂农机办) of the next row
                continue
        kind = kinds[index] = _reread(kinds, index, seen, stages, capacity)
        if kind == "number" and rows and _repeats_number(cells, rows[-1], index):
            rows[-1].append(index)  # 工作事项 and 公开内容 each numbered: the second "1" is still row 1
            continue
        if kind == "blank" and not rows:
            continue
        if kind != "blank" and rows and (stages[kind] < last or seen.get(kind, 0) >= capacity[kind]):
            following = next((k for k in kinds[index + 1 :] if k != "blank"), None)
            between = following is not None and _note_between(roles, last, stages[following])
            if not (following and kind in ("title", "text", "deadline") and stages[following] > last and between):
                rows.append([])
                seen, last = {}, -1
            elif rows:
                rows[-1].append(index)  # between two cells of this row: its note
                continue
        if not rows:
            rows.append([])
        rows[-1].append(index)  # an empty cell ("——") stays in its row
        if kind != "blank":
            seen[kind] = seen.get(kind, 0) + 1
            last = max(last, stages[kind])
            previous = kind
    return rows


def _repeats_number(cells: Sequence[str], row: list[int], index: int) -> bool:
    """The row already has this sequence number, and no unit or deadline cell yet (it is still open)."""
    number = cells[index].strip().rstrip(".、．")
    kinds = [cell_kind(cells[i]) for i in row]
    held = [cells[i].strip().rstrip(".、．") for i, kind in zip(row, kinds, strict=True) if kind == "number"]
    return number in held and not {"units", "deadline"} & set(kinds)


def _numbered_rows(cells: Sequence[str], roles: Sequence[Role | None]) -> list[list[int]] | None:
    """Rows of a table with a 序号 column, cut at its numbers 1, 2, 3 … in order: a row's cells between two of them,
    however many its merged or empty cells left (a basis cell 《…》 or a channel cell is no row's start)."""
    if "number" not in roles or roles.index("number") != 0:
        return None
    starts: list[int] = []
    for index, cell in enumerate(cells):
        if cell_kind(cell) == "number" and int(cell.strip().rstrip(".、．")) == len(starts) + 1:
            starts.append(index)
    if len(starts) < _NUMBERED_MIN:
        return None
    before = [list(range(starts[0]))] if starts[0] else []  # the header's last words, or a heading row
    return before + [list(range(start, end)) for start, end in zip(starts, [*starts[1:], len(cells)], strict=True)]


def _note_between(roles: Sequence[Role | None], last: int, following: int) -> bool:
    """A column the header has for notes (更新标准, 公开载体) after the row's last cell and before the next one."""
    return any(role in (None, "note") for role in roles[max(last, 0) + 1 : following])


def join_unit_lines(cells: list[str], roles: Sequence[Role | None]) -> list[int]:
    """Indices of the cells that continue the unit cell before them (more unit cells than the header has columns)."""
    columns = sum(1 for r in roles if r in ("lead", "responsible"))
    units = [i for i, c in enumerate(cells) if cell_kind(c) == "units"]
    return [i for i in units[columns:] if i - 1 in units] if len(units) > columns else []
