"""Web pages (``.html``/``.htm``) as saved from a government website, read with lxml.

The page is decoded by its BOM or ``<meta charset>`` (GBK pages are common),
parsed by lxml's forgiving HTML parser, and reduced to the article body
(:mod:`indexer.parsing.readers.html_body`). The metadata a page carries (its
title, 文号, 成文/发文/发布日期, 发布机构) comes first, as lines the metadata
reader understands, so title, region and issue date come from the page even
when the article body does not repeat them.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path
from typing import Any

from indexer.errors import DocumentError
from indexer.parsing.readers.html_body import Lines, drop_boilerplate, main_element, walk
from indexer.parsing.readers.html_meta import meta_lines
from indexer.parsing.readers.source import Source

__all__ = ["MAX_HTML_BYTES", "MAX_HTML_DEPTH", "decode_html", "read_html"]

MAX_HTML_BYTES = 20 * 1024 * 1024  # a saved article page is well under 2 MB, even with inline images
MAX_HTML_DEPTH = 200  # real pages nest 20–40 elements deep
_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_GB = {"gb2312", "gbk", "gb_2312", "gb_2312-80", "x-gbk", "cp936", "euc-cn", "hz-gb-2312"}


def read_html(path: Path, data: bytes) -> Source:
    """The page's metadata lines, then its article body: paragraphs as lines, tables as grids."""
    if len(data) > MAX_HTML_BYTES:
        raise DocumentError(str(path), f"网页文件超过 {MAX_HTML_BYTES // (1024 * 1024)} MB，不像一篇公文网页")
    if b"\x00" in data[:4096] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise DocumentError(str(path), "文件含有二进制内容（NUL 字节），不是网页")
    root = _parse(path, decode_html(data))
    _check_depth(path, root)
    body = root.find("body")
    if body is None:
        body = root
    out = Lines(meta_lines(root, body))
    drop_boilerplate(body)
    walk(main_element(body), out)
    out.end_line()
    if len(out.lines) == 0:
        raise DocumentError(str(path), "网页中没有正文文字")
    return Source(out.lines, out.grids)


def decode_html(data: bytes) -> str:
    """The page as text: BOM, then ``<meta charset>``, then UTF-8, then GB18030 (a superset of GBK)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    candidates: list[str] = []
    if match := _CHARSET.search(data[:8192]):
        declared = match.group(1).decode("ascii").lower()
        candidates.append("gb18030" if declared in _GB else declared)
    candidates += ["utf-8", "gb18030"]
    for encoding in candidates:
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode("gb18030" if "gb18030" in candidates[:1] else "utf-8", errors="replace")


def _parse(path: Path, text: str) -> Any:
    import lxml.etree  # type: ignore[import-untyped]
    import lxml.html  # type: ignore[import-untyped]

    parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True, default_doctype=False)
    try:
        return lxml.html.document_fromstring(_XML_DECLARATION.sub("", text, count=1), parser=parser)
    except (lxml.etree.ParserError, lxml.etree.XMLSyntaxError, ValueError) as exc:
        raise DocumentError(str(path), f"无法解析网页：{exc}") from exc


def _check_depth(path: Path, root: Any) -> None:
    """Refuse pathological nesting before any recursive walk sees it."""
    stack = [(root, 0)]
    while stack:
        element, depth = stack.pop()
        if depth > MAX_HTML_DEPTH:
            raise DocumentError(str(path), f"网页元素嵌套超过 {MAX_HTML_DEPTH} 层，已拒绝")
        stack.extend((child, depth + 1) for child in element)
