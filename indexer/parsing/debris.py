"""What mirror sites and broken page saves leave inside the words: pinyin, tag remnants, entities.

A page copied off a mirror site or saved from a broken template carries
debris that is not part of the document, yet sits inside its words and names:

* pinyin a mirror inserts after characters (``發(fā)展`` → ``發展``,
  ``區(qū)縣政府`` → ``區縣政府``) — a bracket holding one syllable with a tone
  mark, right after a Chinese character (``（ppp）`` has no tone mark and stays);
* HTML tags and tag remnants that lost their ``<`` (``…工作、/div>``, ``</p>``);
  ``<br>`` stays, since a Markdown table cell uses it as a line break;
* HTML entities, also with the ``&`` garbled (``&ldquo;``, ``?ldquo;``, ``&nbsp;``).

Tags and entities are removed from the lines before anything reads them
(line numbers do not change). Pinyin is left out of the matching view only
(:mod:`indexer.parsing.normalise`): task text is kept as written, while unit
names and titles are given without it, as the document meant them.
"""

from __future__ import annotations

import html
import re

__all__ = ["clean_debris", "pinyin_spans", "without_pinyin"]

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_PINYIN = re.compile(rf"(?<=[\u3400-\u9fff])[（(][a-zü]{{0,5}}[{_TONED}][a-z{_TONED}ü]{{0,5}}[）)]")
_TAGS = r"div|p|span|font|strong|em|b|i|u|a|li|ul|ol|td|th|tr|table|tbody|thead|h[1-6]|section|article|center"
_TAG = re.compile(rf"</?(?:{_TAGS})(?:\s[^<>]*)?/?>", re.IGNORECASE)
_TAG_REMNANT = re.compile(rf"(?<!<)/(?:{_TAGS})>", re.IGNORECASE)
_ENTITY = re.compile(r"[&?？](ldquo|rdquo|lsquo|rsquo|nbsp|ensp|emsp|mdash|ndash|hellip|middot|quot|amp|lt|gt);")


def _entity(match: re.Match[str]) -> str:
    return html.unescape(f"&{match.group(1)};").replace("\xa0", " ")


def clean_debris(line: str) -> str:
    """The line without HTML tags or their remnants, and with entities decoded (pinyin: see below)."""
    if not any(c in line for c in "/<&?？"):
        return line
    line = _TAG_REMNANT.sub("", _TAG.sub("", line))
    return _ENTITY.sub(_entity, line)


def pinyin_spans(text: str) -> list[tuple[int, int]]:
    """Where a mirror inserted pinyin: the matching view leaves these out, the record text keeps them."""
    if "(" not in text and "（" not in text:
        return []
    return [match.span() for match in _PINYIN.finditer(text)]


def without_pinyin(text: str) -> str:
    """A name as the document meant it: ``市發(fā)展改革委`` → ``市發展改革委``."""
    return _PINYIN.sub("", text) if pinyin_spans(text) else text
