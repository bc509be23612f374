"""The metadata a government web page carries, as lines the metadata reader understands.

Article pages show a block such as ``索引号：… 发布机构：… 发文日期：… 文号：…``
(in a line, a table or a list) and many carry ``<meta name="ArticleTitle">``
and ``PubDate``. They are read by their label vocabulary from the whole page,
before the page furniture is removed, and returned as: the title, then
``文号：…``, the issue date as ``YYYY年M月D日`` and ``发布机构：…``.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["meta_lines", "page_fields"]

_LABELS: dict[str, tuple[str, ...]] = {
    "title": ("标题",),
    "number": ("文号", "发文字号", "发文编号", "文件编号"),
    "written": ("成文日期", "发文日期", "印发日期"),
    "published": ("发布日期", "公开日期", "发布时间"),
    "publisher": ("发布机构", "发文机关", "发文单位", "发布单位"),
    "index": ("索引号",),
}
_ALL_LABELS = sorted((label for labels in _LABELS.values() for label in labels), key=len, reverse=True)
_LABEL = re.compile(rf"({'|'.join(_ALL_LABELS)})\s*[:：]")
_VALUE_END = re.compile(rf"\s{{2,}}|(?:{'|'.join(_ALL_LABELS)}|浏览次数|主题分类|来源)\s*[:：]")
_DATE = re.compile(r"(\d{4})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})")
_NUMBER_YEAR = re.compile(r"[\[［【（(〔]\s*(\d{4})\s*[\]］】）)〕]")
_TITLE_META = ("articletitle", "og:title", "title")
_DATE_META = ("pubdate", "publishdate", "firstpublishedtime")
_TITLE_SPLIT = re.compile(r"\s*(?:_|\||｜|--|—|－|(?<!\d)-(?!\d))\s*")
_SPACES = re.compile(r"[\s\xa0]+")


def _texts(body: Any) -> list[str]:
    """The page's text nodes in order, whitespace collapsed, empty ones skipped."""
    texts = (_SPACES.sub(" ", t).strip() for t in body.itertext())
    return [t for t in texts if t]


def page_fields(texts: list[str]) -> dict[str, str]:
    """The first value of each labelled field; a value in the next text node (label cell, value cell) too."""
    found: dict[str, str] = {}
    for index, text in enumerate(texts):
        for match in _LABEL.finditer(text):
            role = next(r for r, labels in _LABELS.items() if match.group(1) in labels)
            rest = text[match.end() :].strip()
            if not rest and index + 1 < len(texts) and not _LABEL.match(texts[index + 1]):
                rest = texts[index + 1]
            end = _VALUE_END.search(rest)
            value = (rest[: end.start()] if end else rest).strip()
            if value and role not in found:
                found[role] = value
    return found


def _date(value: str) -> str | None:
    if match := _DATE.search(value):
        year, month, day = (int(g) for g in match.groups())
        if 1 <= month <= 12 and 1 <= day <= 31:
            return f"{year}年{month}月{day}日"
    return None


def _head_meta(root: Any) -> dict[str, str]:
    metas: dict[str, str] = {}
    for meta in root.iter("meta"):
        name = (meta.get("name") or meta.get("property") or "").strip().lower()
        content = _SPACES.sub(" ", meta.get("content") or "").strip()
        if name and content and name not in metas:
            metas[name] = content
    return metas


def _title(root: Any, metas: dict[str, str], fields: dict[str, str]) -> str | None:
    for name in _TITLE_META:
        if metas.get(name):
            return metas[name]
    if fields.get("title"):
        return fields["title"]
    title = root.find(".//title")
    text = _SPACES.sub(" ", title.text_content()).strip() if title is not None else ""
    return _TITLE_SPLIT.split(text)[0] if text else None


def meta_lines(root: Any, body: Any) -> list[str]:
    """Title, 文号, issue date and publisher lines from the page's labels and ``<meta>`` tags."""
    metas = _head_meta(root)
    fields = page_fields(_texts(body))
    if len(fields) < 2:
        fields = {}  # a lone "标题：" or "文号：" in the article is text, not the page's metadata block
    lines: list[str] = []
    if title := _title(root, metas, fields):
        lines.append(title)
    if number := fields.get("number"):
        lines.append("文号：" + _NUMBER_YEAR.sub(r"〔\1〕", number))
    date = next(
        (d for d in (_date(fields.get("written", "")), _date(fields.get("published", ""))) if d),
        None,
    )
    date = date or next((d for name in _DATE_META if (d := _date(metas.get(name, "")))), None)
    if date:
        lines.append(f"发文日期：{date}")
    if publisher := fields.get("publisher"):
        lines.append(f"发布机构：{publisher}")
    return lines
