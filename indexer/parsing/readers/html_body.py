"""A saved government web page's article body as lines, its ``<table>`` elements as sheets of cells.

Pages wrap the article in navigation, breadcrumbs, headers, footers, share
buttons and link lists. They are removed by general signals, never by a
site's selectors: tags that are never content (``nav``, ``footer``, ``script``
…), a class/id vocabulary (nav, breadcrumb, footer, share, copyright …), lines
in the boilerplate vocabulary (当前位置, 版权所有, ICP备 …), and text density:
the body is the element holding nearly all the page's non-link text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from indexer.parsing.readers.docx_tables import cell_text
from indexer.parsing.readers.html_tables import table_sheet
from indexer.parsing.readers.sheet import sheet_lines
from indexer.parsing.tables.grid import Grid

__all__ = ["BLOCK_TAGS", "Lines", "drop_boilerplate", "main_element", "walk"]

BLOCK_TAGS = frozenset(
    "p div h1 h2 h3 h4 h5 h6 li ul ol dl dt dd tr table section article blockquote pre center address hr "
    "caption figure figcaption main td th tbody thead tfoot".split()
)
_PARAGRAPHS = frozenset("p h1 h2 h3 h4 h5 h6 li dt dd pre blockquote table tr caption a".split())
_NEVER_CONTENT = frozenset(
    "script style noscript template iframe svg canvas object embed map head link meta title input select textarea "
    "button".split()
)
_FURNITURE_TAGS = frozenset("nav header footer aside".split())
# class/id words of page furniture: a whole token (nav, top) or, for unambiguous words, any part of a name
_FURNITURE_TOKENS = frozenset(
    "nav menu top topbar head header foot footer bottom banner logo search login tool tools toolbar print "
    "share related relate side sidebar position location crumb crumbs ad ads qrcode pager comment comments".split()
)
_FURNITURE_PARTS = ("breadcrumb", "navbar", "navigation", "footer", "share", "copyright", "sidebar", "toolbar")
_BOILERPLATE_LINE = re.compile(
    r"当前位置|您的位置|您现在的位置|所在位置|版权所有|Copyright|©|ICP备|ICP证|公网安备|网站标识码|网站地图|"
    r"技术支持[:：]|浏览次数|访问次数|阅读次数|点击次数|打印本页|关闭窗口|【\s*打印\s*】|【\s*关闭\s*】|分享到|"
    r"字体[:：]?\s*[【\[]?\s*大|^上一篇|^下一篇",
    re.IGNORECASE,
)
_SPACES = re.compile(r"[ \t\r\n\f\v\xa0]+")
_CJK = "\u3000-\u303f\u4e00-\u9fff\uff00-\uffef"
_WRAP = re.compile(rf"(?<=[{_CJK}])[ \t\r\f\v\xa0]*\n[ \t\r\n\f\v\xa0]*(?=[{_CJK}])")
_KEEP_SHARE = 0.5  # an element holding this share of the page's text is never furniture
_DESCEND_SHARE = 0.7  # descend into a child holding this share of its parent's text …
_DESCEND_REST = 300  # … when what it leaves out is no more than this many characters


def _tag(element: Any) -> str:
    tag = element.tag
    return tag.lower() if isinstance(tag, str) else ""


@dataclass
class Lines:
    """Lines being built from inline text; block boundaries end the current line."""

    lines: list[str] = field(default_factory=list)
    grids: list[tuple[Grid, range]] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)
    drop_furniture: bool = True

    def add(self, text: str | None) -> None:
        if text:
            self.parts.append(text)

    def end_line(self) -> None:
        joined = _SPACES.sub(" ", _WRAP.sub("", "".join(self.parts))).strip(" \u3000")
        self.parts = []
        if joined and not (self.drop_furniture and _BOILERPLATE_LINE.search(joined)):
            self.lines.append(joined)


def _furniture(element: Any) -> bool:
    """Whether an element's tag or class/id names page furniture (navigation, footer, share …)."""
    if _tag(element) in _FURNITURE_TAGS:
        return True
    names = f"{element.get('class') or ''} {element.get('id') or ''} {element.get('role') or ''}".lower()
    tokens = set(re.split(r"[^a-z0-9]+", names))
    return bool(tokens & _FURNITURE_TOKENS) or any(part in names for part in _FURNITURE_PARTS)


def text_sizes(root: Any) -> dict[Any, tuple[int, int]]:
    """Each element's (text, link text) length in characters, whitespace excluded, in one pass."""
    sizes: dict[Any, tuple[int, int]] = {}
    for element in reversed(list(root.iter())):
        total = len(_SPACES.sub("", element.text or "")) if _tag(element) else 0
        links = 0
        for child in element:
            child_total, child_links = sizes.get(child, (0, 0))
            total += child_total + len(_SPACES.sub("", child.tail or ""))
            links += child_links
        sizes[element] = (total, total if _tag(element) == "a" else links)
    return sizes


def drop_boilerplate(body: Any) -> None:
    """Remove what is never content, then furniture unless it holds most of the page's text (the article)."""
    for element in [e for e in body.iter() if _tag(e) in _NEVER_CONTENT]:
        if element.getparent() is not None:
            element.drop_tree()
    sizes = text_sizes(body)
    page = max(1, sizes[body][0] - sizes[body][1])
    doomed = [
        element
        for element in body.iter()
        if element is not body
        and _tag(element)
        and _furniture(element)
        and sizes[element][0] - sizes[element][1] < _KEEP_SHARE * page
    ]
    for element in doomed:
        if element.getparent() is not None:
            element.drop_tree()  # keeps the text that follows the element


def _container(element: Any) -> bool:
    """An element that holds blocks (an article wrapper), as opposed to a paragraph or a table."""
    if _tag(element) in _PARAGRAPHS or not _tag(element):
        return False
    return sum(1 for child in element if _tag(child) in BLOCK_TAGS or _tag(child) == "br") >= 2


def main_element(body: Any) -> Any:
    """The element that holds nearly all the non-link text: descend while one child holds most of it."""
    sizes = text_sizes(body)
    current = body
    while True:
        children = [c for c in current if _container(c)]
        if not children:
            return current
        best = max(children, key=lambda c: sizes[c][0] - sizes[c][1])
        inside = sizes[best][0] - sizes[best][1]
        whole = sizes[current][0] - sizes[current][1]
        if inside < _DESCEND_SHARE * whole or whole - inside > _DESCEND_REST:
            return current
        current = best


def walk(element: Any, out: Lines) -> None:
    """Append ``element``'s lines to ``out``: blocks end lines, ``<br>`` breaks them, tables become sheets."""
    tag = _tag(element)
    if tag == "br":
        out.end_line()
        return
    if tag == "table" and element.find(".//table") is None:
        out.end_line()
        _table(element, out)
        return
    block = tag in BLOCK_TAGS
    if block:
        out.end_line()
    out.add(element.text if tag else None)
    for child in element:
        walk(child, out)
        out.add(child.tail)
    if block:
        out.end_line()


def cell_lines(cell: Any) -> str:
    """A table cell's text: its paragraphs joined as Word cells are (short unit lines with 、)."""
    out = Lines(drop_furniture=False)
    walk(cell, out)
    out.end_line()
    return cell_text(out.lines)


def _table(table: Any, out: Lines) -> None:
    sheet = table_sheet(table, cell_lines)
    lines, grids = sheet_lines(sheet, len(out.lines), "html")
    out.lines.extend(lines)
    out.grids.extend(grids)
    out.lines.append("")
