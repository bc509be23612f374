"""The index directory's layout: every file name, the ``CURRENT`` pointer, atomic generations.

This is the one module that knows where things lie in an index directory::

    index/
      CURRENT                  name of the generation being served
      .writer.lock             one writer at a time
      sources/                 uploaded files under content-hash names
      generations/<name>/      records.sqlite, vectors.npy, dense.faiss, keyword/, manifest.json

Each build writes a complete folder under ``generations/``, fsyncs it, and only
then switches ``CURRENT`` with :func:`os.replace`. A reader either sees the old
generation or the new one, never a mix; the previous generation stays for
fallback.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from indexer.errors import IndexStateError, ZhengwuyuanError

__all__ = [
    "DENSE_FILE",
    "FORMAT_VERSION",
    "KEYWORD_DIR",
    "MANIFEST",
    "REBUILD_HINT",
    "RECORDS_DB",
    "SOURCES_DIR",
    "VECTORS_FILE",
    "WriterBusy",
    "current_name",
    "fallback_folders",
    "generation_folder",
    "has_index",
    "read_current",
    "read_manifest",
    "verify",
    "write_generation",
    "writer_lock",
]

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
RECORDS_DB = "records.sqlite"
VECTORS_FILE = "vectors.npy"
DENSE_FILE = "dense.faiss"
KEYWORD_DIR = "keyword"
SOURCES_DIR = "sources"
_GENERATIONS = "generations"
_CURRENT = "CURRENT"
_LOCK = ".writer.lock"
_KEEP = 2
REBUILD_HINT = "请运行 `zhengwuyuan index` 重建索引"


class WriterBusy(ZhengwuyuanError):
    """Another process or request is writing the index."""


@contextmanager
def writer_lock(index_dir: Path) -> Iterator[None]:
    """Hold the index's writer lock; a second writer gets :class:`WriterBusy` at once."""
    index_dir.mkdir(parents=True, exist_ok=True)
    handle = open(index_dir / _LOCK, "w")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise WriterBusy("另一个写入操作正在进行，请稍后再试") from None
        yield
    finally:
        handle.close()


def write_generation(index_dir: Path, fill: Callable[[Path], dict[str, Any]]) -> Path:
    """Build a generation with ``fill(folder) -> manifest fields`` and make it current.

    The caller holds :func:`writer_lock`, so any staging folder found here was
    left by a writer that died mid-way and is removed.
    """
    generations = index_dir / _GENERATIONS
    generations.mkdir(parents=True, exist_ok=True)
    for stale in generations.glob(".staging-*"):
        shutil.rmtree(stale, ignore_errors=True)
    now = time.time_ns()
    # Sortable by time: UTC seconds, then the nanosecond fraction, then the writer's pid.
    name = time.strftime("%Y%m%dT%H%M%S", time.gmtime(now // 10**9)) + f".{now % 10**9:09d}-{os.getpid()}"
    staging = generations / f".staging-{name}"
    staging.mkdir()
    try:
        manifest = fill(staging)
        manifest.update(format_version=FORMAT_VERSION, generation=name, files=_checksums(staging))
        (staging / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
        _fsync_tree(staging)
        final = generations / name
        os.replace(staging, final)
        _fsync_dir(generations)
        pointer = index_dir / f".{_CURRENT}.tmp"
        with open(pointer, "w", encoding="utf-8") as handle:
            handle.write(name)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(pointer, index_dir / _CURRENT)
        _fsync_dir(index_dir)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    _prune(generations, keep={name})
    return final


def read_current(index_dir: Path) -> tuple[Path, dict[str, Any]]:
    """The current generation folder and its manifest, checked for format version."""
    pointer = index_dir / _CURRENT
    if not pointer.exists():
        raise IndexStateError(f"索引目录 {index_dir} 中没有可用的索引；{REBUILD_HINT}")
    folder = index_dir / _GENERATIONS / pointer.read_text(encoding="utf-8").strip()
    return folder, read_manifest(folder)


def has_index(index_dir: Path) -> bool:
    """True once a generation has been made current."""
    return (index_dir / _CURRENT).exists()


def current_name(index_dir: Path) -> str | None:
    """The name ``CURRENT`` points at, or None when it cannot be read (cheap: one small file)."""
    try:
        return (index_dir / _CURRENT).read_text(encoding="utf-8").strip()
    except OSError:
        return None


def generation_folder(index_dir: Path, name: str) -> Path:
    return index_dir / _GENERATIONS / name


def fallback_folders(index_dir: Path) -> list[Path]:
    """Finished generations, newest first: where a reader looks when the current one is damaged."""
    generations = index_dir / _GENERATIONS
    if not generations.is_dir():
        return []
    return sorted((p for p in generations.iterdir() if p.is_dir() and not p.name.startswith(".")), reverse=True)


def read_manifest(folder: Path) -> dict[str, Any]:
    """A generation's manifest, checked for format version."""
    try:
        manifest: dict[str, Any] = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise IndexStateError(f"索引 {folder} 的清单文件缺失或损坏；{REBUILD_HINT}") from exc
    if manifest.get("format_version") != FORMAT_VERSION:
        raise IndexStateError(
            f"索引格式版本 {manifest.get('format_version')} 与程序要求的 {FORMAT_VERSION} 不符；{REBUILD_HINT}"
        )
    return manifest


def verify(folder: Path, manifest: dict[str, Any]) -> None:
    """Check every file's sha256 against the manifest."""
    for name, expected in manifest.get("files", {}).items():
        path = folder / name
        if not path.exists() or _sha256(path) != expected:
            raise IndexStateError(f"索引文件 {path} 缺失或已损坏；{REBUILD_HINT}")


def _checksums(folder: Path) -> dict[str, str]:
    return {str(path.relative_to(folder)): _sha256(path) for path in sorted(folder.rglob("*")) if path.is_file()}


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _fsync_tree(folder: Path) -> None:
    for path in folder.rglob("*"):
        if path.is_file():
            with open(path, "rb") as handle:
                os.fsync(handle.fileno())
    for path in [folder, *(p for p in folder.rglob("*") if p.is_dir())]:
        _fsync_dir(path)


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _prune(generations: Path, keep: set[str]) -> None:
    """Keep the new generation and the one before it; drop older ones and stale staging."""
    finished = sorted(p for p in generations.iterdir() if p.is_dir() and not p.name.startswith("."))
    for old in finished[:-_KEEP]:
        if old.name not in keep:
            shutil.rmtree(old, ignore_errors=True)
