"""Word ``.docx``: a zip checked before any XML parser sees it, then python-docx."""

from __future__ import annotations

import zipfile
from pathlib import Path

from indexer.errors import DocumentError
from indexer.parsing.readers.source import Source

__all__ = ["read_docx"]

_DOCX_MAX_ENTRIES = 2000
_DOCX_MAX_UNCOMPRESSED = 200 * 1024 * 1024


def read_docx(path: Path, data: bytes) -> Source:
    """Paragraphs and table rows in document order; task tables as grids from the Word XML."""
    _check_docx_container(path)
    import docx

    from indexer.parsing.readers.docx_tables import read_docx_body

    try:
        body = read_docx_body(docx.Document(str(path)))
    except Exception as exc:  # python-docx and malformed attributes raise many types for broken files
        raise DocumentError(str(path), f"无法解析 .docx：{type(exc).__name__}") from exc
    return Source(body.lines, body.grids)


def _check_docx_container(path: Path) -> None:
    """Refuse what is not a sane zip before any XML parser sees it."""
    if not zipfile.is_zipfile(path):
        raise DocumentError(str(path), "不是有效的 .docx 文件（不是 zip 压缩包）")
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
            if len(entries) > _DOCX_MAX_ENTRIES:
                raise DocumentError(str(path), f".docx 内条目过多（{len(entries)}）")
            if sum(e.file_size for e in entries) > _DOCX_MAX_UNCOMPRESSED:
                raise DocumentError(str(path), ".docx 解压后体积过大，疑似压缩炸弹")
            if "word/document.xml" not in archive.namelist():
                raise DocumentError(str(path), ".docx 缺少 word/document.xml")
            body = archive.read("word/document.xml")
    except zipfile.BadZipFile as exc:
        raise DocumentError(str(path), "不是有效的 .docx 文件（zip 已损坏）") from exc
    if b"<!DOCTYPE" in body or b"<!ENTITY" in body:
        raise DocumentError(str(path), ".docx 含有 XML 实体声明，已拒绝")
