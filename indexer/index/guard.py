"""Bounds on one write: disk space checked up front and never faulted on, and a time budget.

A generation is written next to the current one, so a write needs room for a
whole new generation. :func:`ensure_space` refuses a write that cannot fit
before anything is written; :func:`allocate_vectors` reserves the vectors file's
blocks with ``posix_fallocate`` before mapping it, so writing through the map
can never hit a hole on a full disk (that is SIGBUS, which kills the server);
:func:`out_of_space` turns every ``ENOSPC`` that still happens into
:class:`~indexer.errors.DiskFull`. :class:`WriteBudget` lets a write give up
cleanly between steps instead of holding the writer lock for minutes.
"""

from __future__ import annotations

import errno
import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from indexer.errors import DiskFull, WriteTimeout

__all__ = [
    "DEFAULT_WRITE_TIMEOUT",
    "WriteBudget",
    "allocate_vectors",
    "ensure_space",
    "expected_bytes",
    "out_of_space",
]

DEFAULT_WRITE_TIMEOUT = 600.0
_SPACE_ERRNOS = {errno.ENOSPC, errno.EDQUOT}
# Per record beyond its vector: SQLite row and indexes, BM25 postings, FAISS ids (measured ~3 KB, doubled).
_PER_RECORD = 6 * 1024
_PER_TEXT_CHAR = 12  # UTF-8 text stored in SQLite and tokenised for BM25, with room to spare
_FIXED = 512 * 1024  # manifest, SQLite pages, keyword vocabulary, fsync slack
_MARGIN = 1.5


def expected_bytes(records: int, dimension: int, text_chars: int) -> int:
    """A generous estimate of one generation's size: vectors twice (npy and FAISS), then the rest."""
    vectors = 2 * records * dimension * 4
    return int((vectors + records * _PER_RECORD + text_chars * _PER_TEXT_CHAR + _FIXED) * _MARGIN)


def ensure_space(folder: Path, needed: int) -> None:
    """Raise :class:`DiskFull` unless ``folder``'s file system has ``needed`` bytes free."""
    free = shutil.disk_usage(folder).free
    if free < needed:
        raise DiskFull(_message(f"需要约 {_mb(needed)}，可用 {_mb(free)}"))


@contextmanager
def out_of_space() -> Iterator[None]:
    """Re-raise an out-of-space ``OSError`` as :class:`DiskFull`; other errors pass unchanged."""
    try:
        yield
    except OSError as exc:
        if exc.errno in _SPACE_ERRNOS:
            raise DiskFull(_message(str(exc.strerror or exc))) from exc
        raise


def allocate_vectors(path: Path, rows: int, dimension: int) -> np.memmap:
    """A ``.npy`` float32 file of ``rows × dimension`` with every block reserved, mapped for writing.

    The header is written with an ordinary write and the data blocks are
    reserved with ``posix_fallocate`` (ENOSPC here is an ``OSError``), so no
    later write through the map can fault for want of space.
    """
    header: dict[str, object] = {
        "descr": np.lib.format.dtype_to_descr(np.dtype(np.float32)),
        "fortran_order": False,
        "shape": (rows, dimension),
    }
    with open(path, "wb") as handle:
        np.lib.format.write_array_header_1_0(handle, header)
        offset = handle.tell()
        handle.flush()
        size = rows * dimension * 4
        if size:
            os.posix_fallocate(handle.fileno(), offset, size)
        else:
            return np.zeros((0, dimension), dtype=np.float32).view(np.memmap)
    return np.memmap(path, dtype=np.float32, mode="r+", offset=offset, shape=(rows, dimension))


class WriteBudget:
    """A write's deadline: :meth:`check` raises :class:`WriteTimeout` once ``seconds`` have passed."""

    def __init__(self, seconds: float = DEFAULT_WRITE_TIMEOUT) -> None:
        self.seconds = seconds
        self.deadline = time.monotonic() + seconds

    def remaining(self) -> float:
        return self.deadline - time.monotonic()

    def check(self, step: str) -> None:
        if self.remaining() <= 0:
            raise WriteTimeout(
                f"写入索引超时（超过 {self.seconds:g} 秒，停在“{step}”）：已放弃本次写入，当前索引未改变；"
                "请拆分文件或稍后重试"
            )


def _message(detail: str) -> str:
    return f"磁盘空间不足，无法写入新一代索引（{detail}）：当前索引未改变，请清理磁盘后重试"


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"
