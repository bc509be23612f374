"""Read ``.txt``, ``.md`` and ``.docx`` files into numbered lines and the tables a reader already knows.

Plain text keeps its own lines; its tables are found later from the text. A
``.docx`` becomes one line per paragraph and one line per table row, in
document order, and its task tables come as :class:`~indexer.parsing.grid.Grid`
objects read from the Word XML (merges resolved), so every format reaches the
same structure finder and the same table reading.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from indexer.errors import DocumentError
from indexer.parsing.grid import Grid

__all__ = ["SUPPORTED_SUFFIXES", "Source", "read_lines", "read_source", "unsupported_type"]

SUPPORTED_SUFFIXES = (".txt", ".md", ".docx")
_DOCX_MAX_ENTRIES = 2000
_DOCX_MAX_UNCOMPRESSED = 200 * 1024 * 1024
_MAX_LINE = 200_000


def unsupported_type(suffix: str) -> str:
    """The one message for a file type the readers do not take."""
    supported = "/".join(SUPPORTED_SUFFIXES)
    return f"不支持的文件类型 {suffix or '（无扩展名）'}，仅支持 {supported}"


@dataclass
class Source:
    """A file's lines and the tables its reader already read as grids, each with the lines it covers."""

    lines: list[str]
    grids: list[tuple[Grid, range]] = field(default_factory=list)


def read_lines(path: Path) -> list[str]:
    """Return the file's lines without line terminators (see :func:`read_source`)."""
    return read_source(path).lines


def read_source(path: Path) -> Source:
    """Return the file's lines without line terminators, and a ``.docx``'s task tables.

    Raises:
        DocumentError: unsupported type, empty, binary, undecodable (neither UTF-8 nor GBK),
            a runaway line, or a broken docx.
    """
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise DocumentError(str(path), unsupported_type(suffix))
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DocumentError(str(path), f"无法读取文件：{exc.strerror}") from exc
    if not data.strip():
        raise DocumentError(str(path), "文件为空")
    if suffix == ".docx":
        return _docx_source(path)
    if b"\x00" in data:
        raise DocumentError(str(path), "文件含有二进制内容（NUL 字节），不是文本文件")
    lines = _decode(path, data).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if max(len(line) for line in lines) > _MAX_LINE:
        raise DocumentError(str(path), f"单行超过 {_MAX_LINE} 个字符，不像公文文本（可能是压缩或导出错误的文件）")
    return Source(lines)


def _decode(path: Path, data: bytes) -> str:
    """UTF-8 first; Chinese text saved as GBK/GB18030 is recognised and decoded too."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        text = ""
    cjk = sum(1 for char in text if "\u4e00" <= char <= "\u9fff")
    if text and cjk >= 0.2 * len(text.strip()):
        return text
    from charset_normalizer import from_bytes

    guess = from_bytes(data).best()
    named = f"，疑似 {guess.encoding} 编码" if guess else ""
    raise DocumentError(
        str(path),
        f"不是 UTF-8 或 GBK 编码的文本（第 {utf8_error.start} 字节处无法解码{named}），请另存为 UTF-8",
    ) from utf8_error


def _docx_source(path: Path) -> Source:
    _check_docx_container(path)
    import docx

    from indexer.parsing.docx_tables import read_docx_body

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
