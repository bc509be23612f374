"""The index directory's layout: every file name, the ``CURRENT`` pointer, atomic generations.

This is the one module that knows where things lie in an index directory::

    index/
      CURRENT                  name of the generation being served
      HISTORY                  committed generation names, oldest first (one a line)
      .writer.lock             one writer at a time
      sources/                 uploaded files under content-hash names
      generations/<name>/      records.sqlite, vectors.npy, dense.faiss, keyword/, manifest.json,
                               passages/ (vectors.npy, dense.faiss, keyword/ over the passages)

Each build writes a complete folder under ``generations/``, fsyncs it, and only
then switches ``CURRENT`` with :func:`os.replace`. A reader either sees the old
generation or the new one, never a mix; the previous generation stays for
fallback.

Only *committed* generations — ones ``CURRENT`` has pointed at, recorded in
``HISTORY`` right after the switch — are fallbacks or kept by pruning: a
writer killed between renaming its folder into place and switching
``CURRENT`` leaves a generation nobody ever served, and the next writer
deletes it. An index written before ``HISTORY`` existed has ``CURRENT`` alone
as its committed history. After each write, uploaded sources that no retained
generation's documents name are deleted.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import logging
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
    "PASSAGES_DIR",
    "REBUILD_HINT",
    "RECORDS_DB",
    "SOURCES_DIR",
    "VECTORS_FILE",
    "WriterBusy",
    "current_name",
    "fallback_folders",
    "generation_folder",
    "has_index",
    "prune_sources",
    "read_current",
    "read_manifest",
    "verify",
    "write_generation",
    "writer_lock",
]

FORMAT_VERSION = 2  # 2: passages beside the records
MANIFEST = "manifest.json"
RECORDS_DB = "records.sqlite"
VECTORS_FILE = "vectors.npy"
DENSE_FILE = "dense.faiss"
KEYWORD_DIR = "keyword"
PASSAGES_DIR = "passages"  # the passage indexes: the same three file names inside this folder
SOURCES_DIR = "sources"
_GENERATIONS = "generations"
_CURRENT = "CURRENT"
_HISTORY = "HISTORY"
_HISTORY_LINES = 20
_LOCK = ".writer.lock"
_KEEP = 2
log = logging.getLogger(__name__)
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


def write_generation(
    index_dir: Path, fill: Callable[[Path], dict[str, Any]], before_commit: Callable[[Path, str], None] | None = None
) -> Path:
    """Build a generation with ``fill(folder) -> manifest fields`` and make it current.

    The caller holds :func:`writer_lock`, so any staging folder found here was
    left by a writer that died mid-way and is removed. ``before_commit(folder,
    name)`` runs after everything is on disk and before ``CURRENT`` moves (a
    time budget's last check; a search backend publishing the generation).
    Whatever fails before the switch — filling, fsync, a full disk — removes
    the new folder, staged or renamed, and leaves ``CURRENT``.
    """
    generations = index_dir / _GENERATIONS
    generations.mkdir(parents=True, exist_ok=True)
    for stale in generations.glob(".staging-*"):
        shutil.rmtree(stale, ignore_errors=True)
    now = time.time_ns()
    # Sortable by time: UTC seconds, then the nanosecond fraction, then the writer's pid.
    name = time.strftime("%Y%m%dT%H%M%S", time.gmtime(now // 10**9)) + f".{now % 10**9:09d}-{os.getpid()}"
    staging = generations / f".staging-{name}"
    final = generations / name
    previous = _committed(index_dir)  # read before CURRENT moves: an index without HISTORY has only CURRENT
    staging.mkdir()
    try:
        manifest = fill(staging)
        manifest.update(format_version=FORMAT_VERSION, generation=name, files=_checksums(staging))
        (staging / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
        _fsync_tree(staging)
        if before_commit is not None:
            before_commit(staging, name)
        os.replace(staging, final)
        _fsync_dir(generations)
        _write_atomic(index_dir, _CURRENT, name)
    finally:
        committed = current_name(index_dir) == name  # CURRENT moved even if a later fsync failed
        for leftover in (staging,) if committed else (staging, final):
            if leftover.exists():
                shutil.rmtree(leftover, ignore_errors=True)
    _after_commit(index_dir, name, previous)
    return final


def _after_commit(index_dir: Path, name: str, previous: list[str]) -> None:
    """Record ``name`` in HISTORY, prune generations and sources: best-effort, the write is already done.

    Without the HISTORY line ``CURRENT`` still counts as committed, and what
    is not pruned now is pruned by the next write.
    """
    try:
        history = [*(n for n in previous if n != name), name][-_HISTORY_LINES:]
        _write_atomic(index_dir, _HISTORY, "\n".join(history) + "\n")
        _prune(index_dir / _GENERATIONS, keep=set(history[-_KEEP:]))
        prune_sources(index_dir)
    except OSError as exc:
        log.warning("新一代索引 %s 已生效，但整理历史记录或旧文件失败：%s", name, exc)


def _write_atomic(index_dir: Path, name: str, text: str) -> None:
    """Replace ``index_dir/name`` with ``text`` through an fsynced temporary file."""
    temporary = index_dir / f".{name}.tmp"
    with open(temporary, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, index_dir / name)
    _fsync_dir(index_dir)


def _committed(index_dir: Path) -> list[str]:
    """Committed generation names, oldest first: ``HISTORY``, plus ``CURRENT`` when a crash left it out."""
    try:
        history = [n for n in (index_dir / _HISTORY).read_text(encoding="utf-8").split() if n]
    except OSError:
        history = []
    current = current_name(index_dir)
    if current and current not in history:
        history.append(current)
    return history


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
    """Committed generations still on disk, newest first: where a reader looks when the current one is damaged.

    An index without ``HISTORY`` (written before it existed) falls back to
    every finished folder, as it always did.
    """
    generations = index_dir / _GENERATIONS
    if not generations.is_dir():
        return []
    if (index_dir / _HISTORY).exists():
        names = list(reversed(_committed(index_dir)))
        return [generations / n for n in names if (generations / n).is_dir()]
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
    """Keep the newest committed generations; drop older ones and any that never became current."""
    for old in generations.iterdir():
        if old.is_dir() and not old.name.startswith(".") and old.name not in keep:
            shutil.rmtree(old, ignore_errors=True)


def prune_sources(index_dir: Path) -> None:
    """Delete uploaded sources (and stale upload temporaries) that no retained generation names.

    Call under the writer lock. A generation whose manifest cannot be read
    keeps every source: nothing is deleted on a guess.
    """
    folder = index_dir / SOURCES_DIR
    if not folder.is_dir():
        return
    named: set[str] = set()
    generations = index_dir / _GENERATIONS
    for generation in generations.iterdir() if generations.is_dir() else []:
        if generation.name.startswith("."):
            continue
        try:
            named.update(Path(d["path"]).name for d in read_manifest(generation).get("documents", []))
        except (IndexStateError, KeyError, TypeError):
            return
    for source in folder.iterdir():
        if source.is_file() and source.name not in named:
            source.unlink(missing_ok=True)
