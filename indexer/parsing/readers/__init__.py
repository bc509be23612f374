"""Readers: one module per file format, each turning a file into a :class:`Source` (lines + grids).

The dispatch table :data:`READERS` is the one list of supported suffixes: the
upload whitelist, the CLI and the index build all read it. A reader adds no
parsing rules of its own; structure and fields are found later, the same way
for every format.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from indexer.errors import DocumentError
from indexer.parsing.readers.docx import read_docx
from indexer.parsing.readers.html import read_html
from indexer.parsing.readers.legacy import read_legacy_word
from indexer.parsing.readers.ocr import read_image
from indexer.parsing.readers.pdf import read_pdf
from indexer.parsing.readers.source import Source
from indexer.parsing.readers.text import read_text
from indexer.parsing.readers.xlsx import read_et, read_xls, read_xlsx

__all__ = ["READERS", "SUPPORTED_SUFFIXES", "Source", "read_lines", "read_source", "unsupported_type"]

Reader = Callable[[Path, bytes], Source]
READERS: dict[str, Reader] = {
    ".txt": read_text,
    ".md": read_text,
    ".docx": read_docx,
    ".pdf": read_pdf,
    ".png": read_image,
    ".jpg": read_image,
    ".jpeg": read_image,
    ".doc": read_legacy_word,
    ".wps": read_legacy_word,
    ".xlsx": read_xlsx,
    ".xls": read_xls,
    ".et": read_et,
    ".html": read_html,
    ".htm": read_html,
}
SUPPORTED_SUFFIXES = tuple(READERS)


def unsupported_type(suffix: str) -> str:
    """The one message for a file type the readers do not take."""
    supported = "/".join(SUPPORTED_SUFFIXES)
    return f"不支持的文件类型 {suffix or '（无扩展名）'}，仅支持 {supported}"


def read_lines(path: Path) -> list[str]:
    """Return the file's lines without line terminators (see :func:`read_source`)."""
    return read_source(path).lines


def read_source(path: Path) -> Source:
    """Read ``path`` with the reader for its suffix.

    Raises:
        DocumentError: unsupported type, unreadable, empty, or whatever the format's reader refuses.
    """
    suffix = path.suffix.lower()
    reader = READERS.get(suffix)
    if reader is None:
        raise DocumentError(str(path), unsupported_type(suffix))
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DocumentError(str(path), f"无法读取文件：{exc.strerror}") from exc
    if not data.strip():
        raise DocumentError(str(path), "文件为空")
    return reader(path, data)
