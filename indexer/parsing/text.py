"""Small text clean-ups shared by the structure finder and the field extractors."""

from __future__ import annotations

import re

__all__ = [
    "ENDS_SENTENCE",
    "clean_cell",
    "is_furniture",
    "join_cjk_spaces",
    "normalise_parens",
    "only_ticks",
    "split_top_level",
    "strip_debris",
]

_BOOKMARK = re.compile(r"\[bookmark:[^\]]*\]")
_MD_DECOR = re.compile(r"^\s*#+\s*|\*\*")
_CJK = r"\u3000-\u303f\u4e00-\u9fff\uff00-\uffef"
_CJK_GAP = re.compile(rf"(?<=[{_CJK}])[ \u3000]+(?=[{_CJK}])")
# Page furniture: what a website or a document-sharing site prints around a document, never part of it.
_FURNITURE_LABEL = (
    r"文档编号|上传时间|上传者|格式|页数|大小|浏览次数|浏览量|阅读次数|阅读量|访问量|点击数|点击量|点击|下载次数|"
    r"分享到|字体大小|字体|字号|发布日期|发布时间|更新时间|来源|发布者|发布人|作者|责任编辑|编辑"
)
_FURNITURE_FIELD = re.compile(rf"(?:{_FURNITURE_LABEL})\s*[:：]|(?:时间|日期)\s*[:：]\s*\d{{4}}\s*[-年/.]")
_BUTTON_FIELD = re.compile(r"\[\s*字体\s*[:：]?\s*\]")
_FURNITURE_WORDS = re.compile(
    r"^(?:打印(?:本页)?|关闭(?:窗口|本页)?|分享到|收藏|繁體版|简体版|无障碍|网站无障碍|关怀版|长者模式|智能机器人|注册|登录|"
    r"扫一扫(?:在手机打开当前页)?|【打印本页】|【关闭窗口】|\[字体[:：]?\s*\]|[【\[]?[大中小][】\]]?|丨|\|)$"
)
# A disclosure page's metadata block, often a bulleted list with the value after a space: "• 索引号 X",
# "• 发布机构 兰陵县政府办", "• 文号" (empty), "• 名称 关于…的通知".
_METADATA_FIELD = re.compile(
    r"^(?:索引号|发布机构|公开目录|主题分类|组配分类|体裁分类|公开方式|公开范围|公开时限|成文日期|发文日期|发文机关|文号|"
    r"有效性|名称|标题|信息名称|所属机构|信息来源|信息分类|主题词|发布日期|发布时间|更新时间)(?:\s*[:：]|\s+\S|$)"
)
# An image or attachment's file name left on its own line where the page showed it (16.jpg, 附件1.docx).
_FILE_NAME = re.compile(
    r"^[\w\-（）()\u4e00-\u9fff]{1,40}\.(?:jpe?g|png|gif|bmp|webp|pdf|docx?|xlsx?|wps|zip|rar)$", re.IGNORECASE
)
_BREADCRUMB = re.compile(r"^(?:您的位置|您当前的位置|当前位置)?[:：]?\s*首[页頁]\s*(?:[>»›\-]+|->|>>)")
_SHARE_SITE = re.compile(r"由会员分享|请在\S{1,8}上搜索|珍藏版")
_FURNITURE_MAX = 120
_TICKS = re.compile(r"[√✓✔☑■□☐\s]+")


def only_ticks(text: str) -> bool:
    """Only the ticks and boxes a catalogue's 公开对象/公开方式 columns hold: no unit, no time limit."""
    return bool(_TICKS.fullmatch(text))


def is_furniture(line: str) -> bool:
    """A line of page furniture: labelled page fields only (来源：… 发布日期：… 点击：…), a disclosure page's
    metadata fields (索引号 X, 发布机构 X, 名称 X), site buttons, a breadcrumb."""
    text = line.strip().strip("|｜丨 ").lstrip("-*•· ").strip()
    if not text or len(text) > _FURNITURE_MAX:
        return False
    if _BREADCRUMB.match(text) or _SHARE_SITE.search(text):
        return True
    if (_METADATA_FIELD.match(text) and not re.search(r"[。；;]", text)) or _FILE_NAME.match(text):
        return True
    if all(_FURNITURE_WORDS.match(word) for word in re.split(r"[\s\u3000]+", _BUTTON_FIELD.sub(" ", text)) if word):
        return True
    fields = list(_FURNITURE_FIELD.finditer(text))
    return bool(fields) and fields[0].start() == 0 and not re.search(r"[。；;]", text)


ENDS_SENTENCE = tuple("。；;！？!?）)〕」”：:")


def strip_debris(line: str) -> str:
    """Remove Word bookmarks and markdown decoration (``#``, ``**``)."""
    return _MD_DECOR.sub("", _BOOKMARK.sub("", line)).strip()


def join_cjk_spaces(text: str) -> str:
    """Drop spaces a line-wrapped cell left between Chinese characters ("优化政 民政企互 动交流")."""
    return _CJK_GAP.sub("", text)


def normalise_parens(text: str) -> str:
    """Use full-width parentheses, as the documents mostly do."""
    return text.replace("(", "（").replace(")", "）")


def clean_cell(text: str) -> str:
    """Strip debris but keep spaces: a space may separate a merged title from its text."""
    return strip_debris(text).strip()


def split_top_level(text: str, separators: str) -> list[str]:
    """Split on any of ``separators`` outside （…） so "各镇（街道）" stays whole."""
    parts: list[str] = []
    depth = 0
    current: list[str] = []
    for char in text:
        if char in "（(〔[﹝【<":
            depth += 1
        elif char in "）)〕]﹞】>":
            depth = max(0, depth - 1)
        if char in separators and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return [p.strip() for p in parts if p.strip()]
