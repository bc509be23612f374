"""Plain text (``.txt``, ``.md``): UTF-8, or Chinese text saved as GBK/GB18030."""

from __future__ import annotations

from pathlib import Path

from indexer.errors import DocumentError
from indexer.parsing.readers.source import Source

__all__ = ["read_text"]

_MAX_LINE = 200_000


def read_text(path: Path, data: bytes) -> Source:
    """The file's lines without terminators; binary content and runaway lines are refused."""
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
