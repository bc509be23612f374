"""The body of a document: numbered headings and items, loose paragraphs, unit lines.

Numbering follows one grammar for every document — ``一、`` ``（一）/(一)``
``1.`` ``1、`` ``（1）`` ``①`` ``第一条`` — and levels come from the order in
which the styles first appear. A numbered block with deeper blocks under it
and a title-like text is a heading; the others are items. A line that only
assigns units (``市人社局牵头落实``, ``责任单位：X　完成时间：Y``) belongs to
the item before it. Page marks (``— 2 —``, ``第 2 页 共 4 页``) and running
headers are dropped, and lines a page break cut mid-sentence are joined.
"""

from __future__ import annotations

import re

from indexer.parsing.body.clauses import opens_clause_run
from indexer.parsing.body.markers import ends_with_marker, find_markers, has_label, is_marker
from indexer.parsing.body.runon import page_numbered, row_ends, strip_inline_header
from indexer.parsing.body.structures import Block, Heading, Item, Paragraph, Span
from indexer.parsing.fields.clause_units import clause_units, notice_units, sentence_actors, unit_led
from indexer.parsing.fields.deadlines import is_deadline_cell
from indexer.parsing.fields.item_units import is_item_units_line
from indexer.parsing.fields.unit_names import names_one_body
from indexer.parsing.text import ENDS_SENTENCE, is_furniture, strip_debris

__all__ = ["L1_MARK", "L2_MARK", "body_blocks", "is_block_header", "numbering"]

L1_MARK = re.compile(r"^([一二三四五六七八九十]+)、")
# "（一）", also with its closing bracket lost ("(一加强…", nothing closes it in the next words).
L2_MARK = re.compile(r"^[（(]\s*([一二三四五六七八九十]+)\s*(?:[）)]|(?=[\u4e00-\u9fff])(?![^（(）)]{0,40}[）)]))\s*")
_TITLE_WORDS = re.compile(r"[\u4e00-\u9fff]{2,16}")
_STYLES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("一、", L1_MARK),
    ("（一）", L2_MARK),
    ("1.1", re.compile(r"^(\d{1,2}[.．]\d{1,2})(?![.．\d])[\s\u3000]*")),
    ("1.", re.compile(r"^(\d{1,2})\s*[.．、](?!\d(?!\d{3}\s*年))\s*")),  # "5.2020年8月底前…" is item 5
    ("1　", re.compile(r"^(\d{1,2})(?:\u3000|\s{2,}|\s(?=\D{2,30}$))(?=[\u4e00-\u9fff])")),
    ("（1）", re.compile(r"^[（(]\s*(\d{1,2})\s*[）)]\s*")),
    ("1)", re.compile(r"^(\d{1,2})\s*[)）](?!\d)\s*")),
    ("任务一、", re.compile(r"^(?:任务|事项)([一二三四五六七八九十]+)\s*[、.．:：]\s*")),
    ("①", re.compile(r"^([①-⑳])\s*")),
    ("第一条", re.compile(r"^第([一二三四五六七八九十百]+)条[\s\u3000]*")),
    ("-", re.compile(r"^([-*•·])\s+")),
    # More enumerators of the same grammar: Roman numerals, enclosed numerals, a closing bracket only,
    # parts, a digit and one space before a sentence, symbol bullets and a bold bracketed title.
    ("Ⅰ、", re.compile(r"^([Ⅰ-Ⅻ]{1,3})\s*[、.．]?\s*")),
    ("㈠", re.compile(r"^([㈠-㈩])\s*")),
    ("⑴", re.compile(r"^([⑴-⒇])\s*")),
    ("一）", re.compile(r"^([一二三四五六七八九十]{1,3})\s*[）)]\s*")),
    ("第一部分", re.compile(r"^第([一二三四五六七八九十\d]{1,3})(?:部分|篇|章)[\s\u3000]*")),
    ("1 ", re.compile(r"^(\d{1,2})\s(?=[\u4e00-\u9fff“])")),
    ("◆", re.compile(r"^([◆◇●○■□▪▫►▶➢✦★☆])\s*")),
    ("【】", re.compile(r"^(?=【[^】]{1,40}】\s*[\u4e00-\u9fff])")),
)
# A catalogue row's channel boxes wrapped onto a line of their own (□公开查阅点■政府服务中心): no item, no text.
_CHECKLIST = re.compile(r"^\s*[■□☑☐]\s*[^■□☑☐]{1,16}[■□☑☐口]")
_STOP_BODY = re.compile(r"^(附件|抄送|（此件|\(此件|（此页|\(此页|---)")
_SIGNATURE = re.compile(r"(\d{4}年\d{1,2}月\d{1,2}日(印发)?|人民政府办公室|管委会办公室)\s*$")
# The date line of a signature: the issuer's line above it signs the document (临沂市发展和改革委员会 / 2020年4月8日).
_DATE_LINE = re.compile(r"^\s*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*$")
_PAGE_MARK = re.compile(r"^(?:[—\-－–]\s*\d+\s*[—\-－–]|第\s*\d+\s*页(?:\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+)$")
_GLUED_TITLE = 30
_PAGE_PREFIX = re.compile(r"^\d{1,3}[、.．]")
_LABELLED_LINE = re.compile(r"^[\u4e00-\u9fff]{2,4}[：:]")
# A duty-list block header: a unit label with the count of entries below it ("责任单位：X（共4项）").
_BLOCK_HEADER = re.compile(r"[（(]\s*共\s*\d+\s*(?:项|条)\s*[）)]\s*$")


def is_block_header(text: str) -> bool:
    """True for a unit line that counts the entries it heads: it opens a block instead of closing one."""
    return bool(_BLOCK_HEADER.search(text)) and is_marker(_BLOCK_HEADER.sub("", text))


_BULLET = re.compile(r"^[-*•·]\s+")
# A table cell flattened onto its own line and closed by a bar ("法规科牵头，相关科（室）配合。 |"): it ends there.
_CELL_LINE = re.compile(r"^([^|｜]*[^|｜\s])\s*[|｜]+\s*$")
_NUMBER_CELL = re.compile(r"^\d{1,3}[.、．]?$")


def numbering(text: str) -> tuple[str, re.Match[str]] | None:
    """The numbering style that starts ``text`` and its match, or None."""
    for style, pattern in _STYLES:
        if match := pattern.match(text):
            return style, match
    return None


def _split_glued(text: str) -> list[str]:
    """ "(一)做好政策集中发布1.在…" → heading and item: a short title glued to the next number."""
    found = numbering(text)
    if found is None:
        return [text]
    style, match = found
    for index in range(match.end() + 2, min(len(text), match.end() + _GLUED_TITLE)):
        if text[index - 1] in "。；，,":
            break
        inner = numbering(text[index:])
        if inner and inner[0] not in (style, "①"):
            return [text[:index], *_split_glued(text[index:])]
    return [text]


def _unbullet(text: str) -> str:
    """A list bullet in front of a label line ("- 牵头：X") marks a field of the item above, not an item."""
    if (bullet := _BULLET.match(text)) and is_marker(text[bullet.end() :]):
        return text[bullet.end() :]
    return text


def _closed(text: str) -> bool:
    """A paragraph ends at sentence punctuation, unless a bracket is still open ("（牵头单位：X；")."""
    opened = sum(text.count(c) for c in "（(〔【［[") - sum(text.count(c) for c in "）)〕】］]")
    return text.endswith(ENDS_SENTENCE) and opened <= 0


def _bare_heading(text: str) -> bool:
    """A numbered title with no punctuation after its number ("（一）主动公开的内容", "一、工作机构设置"): a blank line
    after it ends it."""
    found = numbering(text)
    words = text[found[1].end() :] if found else ""
    return bool(found) and len(text) <= _GLUED_TITLE and not re.search(r"[。；;，,、：:]", words)


def _unit_heading(text: str) -> bool:
    """A numbered line that is a body's name alone ("四、校务公开监督小组办公室"): a heading over that body's
    duties, never the start of a sentence that runs on to the next line."""
    found = numbering(text)
    return found is not None and names_one_body(text[found[1].end() :])


def _join_paragraphs(lines: list[str], end: int) -> list[tuple[str, Span]]:
    """Join lines a page or line break cut mid-sentence; page marks and running headers are dropped."""
    out: list[tuple[str, Span]] = []
    cells: set[int] = set()  # paragraphs closed by a cell's bar
    number_cell = ""
    seen: set[str] = set()
    blank = False
    pages = page_numbered(lines[:end])
    for number, raw in enumerate(lines[:end], start=1):
        if is_furniture(raw):
            continue  # 来源：… 点击：…, 分享到, 当前位置：首页 > …
        text = strip_inline_header(_unbullet(strip_debris(raw)))
        cell = _CELL_LINE.match(text)
        text = cell.group(1) if cell else text
        if cell and _NUMBER_CELL.match(text):
            number_cell = text.rstrip(".、．")  # a 序号 cell: it numbers the task cell after it
            continue
        if number_cell and text:
            text, number_cell = f"{number_cell}.{text}", ""
        if number - 1 in pages:  # a viewer's page line: its number is a page mark, its text runs on
            text = _PAGE_PREFIX.sub("", text)
            if out:
                out[-1] = (out[-1][0] + text, Span(out[-1][1].start, number))
                continue
        blank = blank or not text
        if not text or _PAGE_MARK.match(text) or _CHECKLIST.match(text):
            continue  # a page mark; a catalogue row's channel boxes on a line of their own (□公开查阅点■政府服务中心)
        repeated = text in seen and len(text) <= 40 and not text.endswith(ENDS_SENTENCE)
        if out and repeated and not numbering(text) and not is_marker(text) and not is_deadline_cell(text):
            continue  # a running header repeated on every printed page (a unit or time line may well repeat)
        seen.add(text)
        for part in _split_glued(text):
            open_bracket = out and not _closed(out[-1][0]) and out[-1][0].endswith(("；", ";"))
            starts_new = (
                bool(
                    numbering(part)
                    or _STOP_BODY.match(part)
                    or is_marker(part)
                    or is_item_units_line(part)
                    or unit_led(part)
                )
                and not open_bracket
            ) or (bool(out) and opens_clause_run(part, out[-1][0]))
            ended = out and (
                _closed(out[-1][0])
                or len(out) - 1 in cells
                or is_marker(out[-1][0])
                or ends_with_marker(out[-1][0])
                or (blank and _bare_heading(out[-1][0]))
                or _unit_heading(out[-1][0])
            )
            blank = False
            if out and not starts_new and not ended:
                previous, span = out[-1]
                out[-1] = (previous + part, Span(span.start, number))
            else:
                out.append((part, Span(number, number)))
        if cell:
            cells.add(len(out) - 1)
    return out


def _is_title(text: str) -> bool:
    """A heading's words: short, no sentence inside, no unit marker."""
    head = text.rstrip("。")
    return len(head) <= _GLUED_TITLE and "。" not in head and not find_markers(text)


def _is_unit_title(text: str) -> bool:
    """A title that closes with a unit marker (``深化政策公开（责任单位：X）``): still a heading."""
    markers = find_markers(text)
    if len(markers) != 1 or text[markers[0][1] :].strip("。 "):
        return False
    head = text[: markers[0][0]]
    return "。" not in head and _is_title(head)  # "做某事。（责任单位：X）" is a finished task sentence


def _headings_from_parents(blocks: list[Block]) -> list[Block]:
    """An item with deeper numbered blocks under it and a title-like text is a heading; so is a bare title (words
    only) with an unnumbered paragraph right under it."""
    numbered = [b for b in blocks if isinstance(b, Heading | Item)]
    out: list[Block] = []
    for index, block in enumerate(blocks):
        after = blocks[index + 1] if index + 1 < len(blocks) else None
        if isinstance(block, Item) and isinstance(after, Paragraph) and _TITLE_WORDS.fullmatch(block.text):
            out.append(Heading(block.level, block.number, block.text, block.span))  # 五、强化组织保障 over its text
            continue
        unit_title = isinstance(block, Item) and _is_unit_title(block.text)
        if isinstance(block, Item) and (block.level > 1 or block.number.isdigit() or unit_title) and not block.marker:
            following = numbered[numbered.index(block) + 1 :]
            if following and following[0].level > block.level and (_is_title(block.text) or unit_title):
                out.append(Heading(block.level, block.number, block.text.rstrip("。"), block.span))
                continue
        out.append(block)
    return out


def _time_line(text: str, blocks: list[Block]) -> bool:
    """A line holding only a time phrase (长期, 2023年6月底前) right after an item's own unit line.

    Task, unit and time cells flattened one per line: the time line belongs to the item whose units
    were the line before. A signature date (2023年8月18日) is not one.
    """
    if not blocks or not isinstance(blocks[-1], Item) or not blocks[-1].marker or "时限" in blocks[-1].marker:
        return False
    return is_deadline_cell(text) and not _SIGNATURE.search(text)


def body_blocks(lines: list[str], end: int) -> list[Block]:
    """Headings, items and paragraphs of the body (the lines before ``end``)."""
    blocks: list[Block] = []
    styles: list[str] = []
    started = False
    notice: list[Block] = []
    paragraphs = _join_paragraphs(lines, end)
    for position, (text, span) in enumerate(paragraphs):
        if started and _STOP_BODY.match(text):
            break
        found = numbering(text)
        if found is None and is_block_header(text):
            started = True  # "责任单位：X（共N项）" heads the entries below it, not the one above
            blocks.append(Heading(0, "", text, span))
            continue
        if found is None:
            if started and is_marker(text) and blocks and isinstance(blocks[-1], Item):
                if _signs(paragraphs, position) and (blocks[-1].marker or clause_units(blocks[-1].text)):
                    continue  # the signature after an entry whose own lines or sentences already named its units
                item = blocks[-1]
                item.marker = f"{item.marker}；{text}" if item.marker else text
                item.span = Span(item.span.start, span.end)
            elif _time_line(text, blocks) and isinstance(timed := blocks[-1], Item):
                units = timed.marker.rstrip("。 ")  # the item's time cell, after its unit cell: "长期"
                timed.marker = f"{units}；完成时限：{text}" if has_label(units) else f"{units}，{text}"
                timed.span = Span(timed.span.start, span.end)
            elif (started or row_ends(text)) and not _SIGNATURE.search(text):
                started = True  # a table flattened into run-on text starts the body too
                blocks.append(Paragraph(text, span))
            elif _notice_task(text):
                blocks.append(Paragraph(text, span))  # the cover notice's own work, before the body it sends
                notice.append(blocks[-1])
            continue
        started = True
        style, match = found
        if style not in styles:
            styles.append(style)
        level = styles.index(style) + 1
        if style == "一、":
            title, sep, rest = text.partition("。")
            if sep and rest.strip():
                blocks.append(Item(level=level, number=match.group(0), text=text[match.end() :], span=span))
            else:
                blocks.append(Heading(level, match.group(1), title[match.end() :].strip(), span))
            continue
        number = f"（{match.group(1)}）" if style == "（一）" else match.group(0).strip()
        blocks.append(Item(level=level, number=number, text=text[match.end() :].strip(), span=span))
    if not started:  # no body below the notice: the page is read line by line instead (fallback)
        blocks = [b for b in blocks if b not in notice]
    return _headings_from_parents(_sentences_heading_nothing(blocks))


def _notice_task(text: str) -> bool:
    """A cover notice's paragraph that gives work to the units it opens with (各单位要及时领取…，于8月31日前报我局)
    or asks (…，请各部门、单位依照…明确…) or says will act (区政务公开办将于6月2日开展…).

    The addressee line (各区县生态环境局：) and the sending sentence (现印发给你们，请认真贯彻执行) give none.
    """
    first = text.split("。", 1)[0]
    return not first.rstrip().endswith(("：", ":")) and bool(sentence_actors(first) or notice_units(text))


def _signs(paragraphs: list[tuple[str, Span]], position: int) -> bool:
    """The paragraph at ``position`` is a signature: an issuer's line (…人民政府办公室, a date) or any line right
    above the date line, never a labelled line (联系人：…)."""
    text = paragraphs[position][0]
    dated = position + 1 < len(paragraphs) and bool(_DATE_LINE.match(paragraphs[position + 1][0]))
    return (bool(_SIGNATURE.search(text)) or dated) and not _LABELLED_LINE.match(text)


def _sentences_heading_nothing(blocks: list[Block]) -> list[Block]:
    """一、 lines of one long sentence each with nothing under them, beside another such line or an item of their
    level, are the articles of a rule ("一、局办公室负责组织协调…工作。"), not section titles; a lone one (五、工作
    要求各单位要…, closing a plan) stays a title."""
    bare = [_heads_nothing(blocks, index) for index in range(len(blocks))]
    out: list[Block] = []
    for index, block in enumerate(blocks):
        neighbours = [i for i in (index - 1, index + 1) if 0 <= i < len(blocks)]
        beside = [blocks[i] for i in neighbours]
        if (
            bare[index]
            and isinstance(block, Heading)
            and (
                any(bare[i] for i in neighbours) or any(isinstance(b, Item) and b.level == block.level for b in beside)
            )
        ):
            block = Item(level=block.level, number=f"{block.number}、", text=f"{block.title}。", span=block.span)
        out.append(block)
    return out


def _heads_nothing(blocks: list[Block], index: int) -> bool:
    block = blocks[index]
    if not isinstance(block, Heading) or not block.number or not _sentence_like(block.title):
        return False
    after = blocks[index + 1] if index + 1 < len(blocks) else None
    return after is None or (isinstance(after, Heading | Item) and after.level <= block.level)


def _sentence_like(title: str) -> bool:
    return len(title) > _GLUED_TITLE and bool(re.search(r"[，,；;、]", title))
