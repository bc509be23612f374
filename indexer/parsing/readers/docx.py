"""Word ``.docx``: a zip checked before any XML parser sees it, then python-docx."""

from __future__ import annotations

from pathlib import Path

from indexer.errors import DocumentError
from indexer.parsing.readers.source import Source
from indexer.parsing.readers.zipcheck import check_zip

__all__ = ["read_docx"]


def read_docx(path: Path, data: bytes) -> Source:
    """Paragraphs and table rows in document order; task tables as grids from the Word XML."""
    check_zip(path, ".docx", "word/document.xml")
    import docx

    from indexer.parsing.readers.docx_tables import read_docx_body

    try:
        body = read_docx_body(docx.Document(str(path)))
    except Exception as exc:  # python-docx and malformed attributes raise many types for broken files
        raise DocumentError(str(path), f"无法解析 .docx：{type(exc).__name__}") from exc
    return Source(body.lines, body.grids)
