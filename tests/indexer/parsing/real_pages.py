"""Pages for the parser tests: real ones (``../shared/real*``, ``tests/real_dev*``) and invented lines.

A test that needs a page is skipped where its folder is absent (the shared pages are not part of this repository).
"""

from __future__ import annotations

import tempfile
from functools import cache
from pathlib import Path

import pytest

from indexer.models import TaskRecord
from indexer.parsing.parse import parse_file

__all__ = ["SHARED", "parse_text", "real_records", "record_holding", "record_with"]

SHARED = Path(__file__).parents[3] / ".." / "shared"
_FOLDERS = (
    SHARED / "real",
    SHARED / "real2",
    Path(__file__).parents[2] / "real_dev",
    Path(__file__).parents[2] / "real_dev2",
    Path(__file__).parents[2] / "real_dev3",
    Path(__file__).parents[2] / "real_dev4",
    Path(__file__).parents[2] / "real_dev5",
    Path(__file__).parents[2] / "real_dev6",
    Path(__file__).parents[2] / "real_dev7",
    Path(__file__).parents[2] / "real_dev8",
    Path(__file__).parents[2] / "real_dev9",
    Path(__file__).parents[2] / "real_dev10",
    Path(__file__).parents[2] / "real_dev11",
    Path(__file__).parents[2] / "real_dev12",
    Path(__file__).parents[2] / "real_dev13",
    Path(__file__).parents[2] / "real_dev14",
)


@cache
def _parse(path: Path) -> tuple[TaskRecord, ...]:
    return tuple(parse_file(path).records)


def real_records(name: str) -> tuple[TaskRecord, ...]:
    """The records of one real page (``chizhou_xfj``), or skip the test when the shared pages are absent."""
    for folder in _FOLDERS:
        path = folder / f"{name}.txt"
        if path.exists():
            return _parse(path.resolve())
    pytest.skip(f"real page {name} is not checked out")


def record_with(name: str, words: str) -> TaskRecord:
    """The one record of a real page whose text holds ``words``."""
    hits = [r for r in real_records(name) if words in r.text]
    assert len(hits) == 1, f"{len(hits)} records of {name} hold {words!r}"
    return hits[0]


def parse_text(text: str) -> list[TaskRecord]:
    """The records of invented lines, read as a ``.txt`` page (a grammar tested apart from any real page)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "page.txt"
        path.write_text(text, encoding="utf-8")
        return parse_file(path).records


def record_holding(records: list[TaskRecord], words: str) -> TaskRecord:
    """The one record among ``records`` whose text holds ``words``."""
    hits = [r for r in records if words in r.text]
    assert len(hits) == 1, f"{len(hits)} records hold {words!r}: {[r.text for r in records]}"
    return hits[0]
