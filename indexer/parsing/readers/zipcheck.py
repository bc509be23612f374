"""The checks every zip-based office file (.docx, .xlsx) passes before any XML parser sees it.

A zip can hide a decompression bomb (a few KB that inflate to GBs), thousands
of entries, or XML with a DOCTYPE whose entities expand without end. These are
refused from the zip's directory and each XML member's prolog, so the cost of
refusing stays small whatever the file holds.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from indexer.errors import DocumentError

__all__ = ["MAX_ENTRIES", "MAX_UNCOMPRESSED", "check_zip"]

MAX_ENTRIES = 2000
MAX_UNCOMPRESSED = 200 * 1024 * 1024
_PROLOG_LIMIT = 64 * 1024  # a real prolog is a few hundred bytes
_ROOT = re.compile(rb"<[A-Za-z_]")


def check_zip(path: Path, kind: str, required: str, max_uncompressed: int = MAX_UNCOMPRESSED) -> None:
    """Refuse what is not a sane ``kind`` zip holding ``required``: bombs, too many entries, DTDs.

    Raises:
        DocumentError: not a zip, corrupt, too many entries, too large once inflated,
            missing ``required``, or an XML member declaring a DOCTYPE or ENTITY.
    """
    if not zipfile.is_zipfile(path):
        raise DocumentError(str(path), f"不是有效的 {kind} 文件（不是 zip 压缩包）")
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
            if len(entries) > MAX_ENTRIES:
                raise DocumentError(str(path), f"{kind} 内条目过多（{len(entries)}）")
            if sum(e.file_size for e in entries) > max_uncompressed:
                raise DocumentError(str(path), f"{kind} 解压后体积过大，疑似压缩炸弹")
            if required not in archive.namelist():
                raise DocumentError(str(path), f"{kind} 缺少 {required}")
            for entry in entries:
                if entry.filename.endswith((".xml", ".rels")) and _declares_dtd(archive, entry):
                    raise DocumentError(str(path), f"{kind} 含有 XML 实体声明，已拒绝")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError) as exc:
        raise DocumentError(str(path), f"不是有效的 {kind} 文件（zip 已损坏）") from exc


def _declares_dtd(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> bool:
    """Whether the member's prolog (everything before the root element) holds a DOCTYPE or ENTITY.

    A DTD can only sit in the prolog, so reading up to the root element is
    enough; a prolog longer than any real one is refused as well.
    """
    prolog = b""
    with archive.open(entry) as stream:
        while len(prolog) < _PROLOG_LIMIT:
            chunk = stream.read(4096)
            if not chunk:
                break
            prolog += chunk
            if match := _ROOT.search(prolog):
                return _has_dtd(prolog[: match.start()])
    return len(prolog) >= _PROLOG_LIMIT or _has_dtd(prolog)


def _has_dtd(prolog: bytes) -> bool:
    upper = prolog.upper()
    return b"<!DOCTYPE" in upper or b"<!ENTITY" in upper
