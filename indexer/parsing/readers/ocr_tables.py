"""Ruled tables in a page image: cell boxes from the ruling lines, merged cells where a line is missing.

Long horizontal and vertical strokes are kept with a morphological opening
(text strokes are far shorter), each connected group of them with at least
two of each is a table, the distinct line positions give the elementary
cells, and two neighbouring cells with no ruling between them are one merged
cell (a rowspan or colspan), returned once with its full box.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = ["find_tables"]

Box = tuple[float, float, float, float]
Mask = npt.NDArray[np.uint8]


def _positions(profile: npt.NDArray[np.int64], minimum: int) -> list[int]:
    """Centres of runs of indexes where ``profile`` reaches ``minimum`` (one ruling line each)."""
    positions: list[int] = []
    run: list[int] = []
    for index, value in enumerate(profile.tolist()):
        if value >= minimum:
            run.append(index)
        elif run:
            positions.append(run[len(run) // 2])
            run = []
    if run:
        positions.append(run[len(run) // 2])
    return positions


def _ruled(mask: Mask, fixed: int, start: int, end: int, horizontal: bool) -> bool:
    """Whether a ruling runs along ``fixed`` over most of ``start``..``end``."""
    margin = (end - start) // 5
    if horizontal:
        band = mask[max(0, fixed - 3) : fixed + 4, start + margin : end - margin]
        covered = band.max(axis=0) if band.size else np.zeros(0)
    else:
        band = mask[start + margin : end - margin, max(0, fixed - 3) : fixed + 4]
        covered = band.max(axis=1) if band.size else np.zeros(0)
    return bool(covered.size) and float((covered > 0).mean()) >= 0.6


def _find(parent: list[int], item: int) -> int:
    while parent[item] != item:
        parent[item] = parent[parent[item]]
        item = parent[item]
    return item


def _regions(horizontal: Mask, vertical: Mask, ys: list[int], xs: list[int], offset: tuple[int, int]) -> list[Box]:
    """Merged cells as one box each: elementary cells joined where no ruling separates them."""
    columns = len(xs) - 1
    count = (len(ys) - 1) * columns
    parent = list(range(count))
    for row in range(len(ys) - 1):
        for column in range(columns):
            cell = row * columns + column
            if column + 1 < columns and not _ruled(vertical, xs[column + 1], ys[row], ys[row + 1], False):
                parent[_find(parent, cell + 1)] = _find(parent, cell)
            if row + 2 < len(ys) and not _ruled(horizontal, ys[row + 1], xs[column], xs[column + 1], True):
                parent[_find(parent, cell + columns)] = _find(parent, cell)
    boxes: dict[int, list[float]] = {}
    for cell in range(count):
        row, column = divmod(cell, columns)
        box = boxes.setdefault(_find(parent, cell), [float(xs[column]), float(ys[row]), 0.0, 0.0])
        box[0], box[1] = min(box[0], xs[column]), min(box[1], ys[row])
        box[2], box[3] = max(box[2], xs[column + 1]), max(box[3], ys[row + 1])
    dx, dy = offset
    return [(b[0] + dx, b[1] + dy, b[2] + dx, b[3] + dy) for b in boxes.values()]


def find_tables(pixels: npt.NDArray[np.uint8]) -> list[list[Box]]:
    """Each ruled table on the page as its cell boxes (a merged cell once), top to bottom."""
    import cv2

    cv: Any = cv2
    gray = cv.cvtColor(pixels, cv.COLOR_RGB2GRAY)
    binary = cv.adaptiveThreshold(255 - gray, 255, cv.ADAPTIVE_THRESH_MEAN_C, cv.THRESH_BINARY, 15, -2)
    height, width = binary.shape
    horizontal = cv.morphologyEx(binary, cv.MORPH_OPEN, cv.getStructuringElement(cv.MORPH_RECT, (width // 25, 1)))
    vertical = cv.morphologyEx(binary, cv.MORPH_OPEN, cv.getStructuringElement(cv.MORPH_RECT, (1, height // 60)))
    joined = cv.dilate(horizontal | vertical, np.ones((5, 5), np.uint8))
    count, _labels, stats, _ = cv.connectedComponentsWithStats(joined)
    tables: list[list[Box]] = []
    for label in range(1, count):
        x, y, w, h = (int(v) for v in stats[label][:4])
        if w < width // 5 or h < height // 40:
            continue
        h_mask, v_mask = horizontal[y : y + h, x : x + w], vertical[y : y + h, x : x + w]
        ys = _positions((h_mask > 0).sum(axis=1), width // 25)
        xs = _positions((v_mask > 0).sum(axis=0), height // 60)
        if len(ys) >= 2 and len(xs) >= 3:
            tables.append(_regions(h_mask, v_mask, ys, xs, (x, y)))
    return sorted(tables, key=lambda boxes: min(b[1] for b in boxes))
