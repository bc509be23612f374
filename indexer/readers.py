"""Read ``.txt``, ``.md`` and ``.docx`` files into numbered lines.

Plain text keeps its own lines. A ``.docx`` becomes one line per paragraph and
one tab-separated line per table row, in document order, so the same structure
finder handles all three formats.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from indexer.errors import DocumentError

__all__ = ["SUPPORTED_SUFFIXES", "read_lines"]

SUPPORTED_SUFFIXES = (".txt", ".md", ".docx")
_DOCX_MAX_ENTRIES = 2000
_DOCX_MAX_UNCOMPRESSED = 200 * 1024 * 1024


def read_lines(path: Path) -> list[str]:
    """Return the file's lines without line terminators.

    Raises:
        DocumentError: unsupported type, empty, binary, not UTF-8, or a broken docx.
    """
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise DocumentError(str(path), f"不支持的文件类型 {suffix or '（无扩展名）'}，仅支持 .txt/.md/.docx")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DocumentError(str(path), f"无法读取文件：{exc.strerror}") from exc
    if not data.strip():
        raise DocumentError(str(path), "文件为空")
    if suffix == ".docx":
        return _docx_lines(path)
    if b"\x00" in data:
        raise DocumentError(str(path), "文件含有二进制内容（NUL 字节），不是文本文件")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DocumentError(
            str(path), f"不是 UTF-8 编码的文本（第 {exc.start} 字节处无法解码），请另存为 UTF-8"
        ) from exc
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _docx_lines(path: Path) -> list[str]:
    _check_docx_container(path)
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises many types for broken files
        raise DocumentError(str(path), f"无法解析 .docx：{type(exc).__name__}") from exc
    lines: list[str] = []
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(child, document).text)
        elif tag == "tbl":
            for row in Table(child, document).rows:
                lines.append("\t".join(_cell_text(cell) for cell in row.cells))
            lines.append("")
    return lines


def _cell_text(cell) -> str:
    """Join a cell's paragraphs; short lines (unit lists) are joined with 、."""
    parts = [p.text.strip() for p in cell.paragraphs if p.text.strip()]
    if len(parts) > 1 and all(len(p) <= 25 for p in parts):
        return "、".join(parts)
    return "".join(parts)


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
