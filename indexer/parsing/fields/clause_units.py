"""Units a clause names in its own words, for a record that got none from a marker, label or column.

The grammar: a unit name (by :func:`~indexer.parsing.fields.units.looks_like_units`)
as the subject of 牵头/负责/组织/做好/要 — after a clause boundary or 由
(``由区财政局负责``, ``区人社局牵头，区财政局配合``, ``A、B分别负责``).
牵头 gives lead units, every other verb responsible units, as in markers.
The weak modal 要 assigns only in the clause's opening (its title and first
sentence, as :func:`~indexer.parsing.fields.units.subject_units` reads an item);
later "X要…" sentences state expectations rather than hand out the task.
"""

from __future__ import annotations

import re

from indexer.parsing.fields.units import UnitAssignment, looks_like_units, parse_units
from indexer.parsing.text import normalise_parens, split_top_level

__all__ = ["clause_units", "glued_units", "unit_first_sentences", "unit_led", "unit_phrases"]

_VERB = re.compile(r"(?:分别|共同)?(牵头|负责|组织|做好|抓好|承担|应当|要)")
# A sentence that opens with who does it: "由X牵头，…", "X负责…", "由X、Y共同负责，…".
_OPENING = re.compile(r"^由?([^，,。；;：:]{2,60}?)(?:分别|共同)?(?:牵头|负责|应当|要|抓好|做好|承担)")
_SENTENCE = re.compile(r"[^。！？]+[。！？]?")
# A duty list written unit first, the unit set off by spaces: "办公室  组织、协调和管理…；统一受理…".
_UNIT_LED = re.compile(r"^\s*([^\s，,。；;：:]{2,20})[ \u3000]{2,}(\S.*)$", re.S)
_BOUNDARY = "，,。；;：:！？\n"
_HELPERS = re.compile(r"^[，,]\s*([^，,。；;]{2,60}?)(?:分别)?(?:配合|协助|协办)")
# An assignment closing the item without its brackets, the unit glued to the words before it:
# "…等信息某某处牵头,各有关处室、某某中心配合".
_GLUED_TAIL = re.compile(
    r"([\u4e00-\u9fff（）()]{2,40}?)(?:分别)?(牵头|负责)(?:[，,]\s*([^，,。；;]{2,60}?)(?:分别)?(?:配合|协助|参与))?[。；;\s]*$"
)
_PHRASE = re.compile(
    r"(?:[省市区县旗州盟]|各)[\u4e00-\u9fff]{1,14}?(?:局|委员会|委|办公室|办|中心)(?![\u4e00-\u9fff]{0,2}(?:网站|平台|会议))"
)


def _subject(text: str, verb_start: int) -> str:
    """The words between the last clause boundary (or 由) and a verb."""
    start = max((text.rfind(c, 0, verb_start) for c in _BOUNDARY), default=-1) + 1
    head = text[start:verb_start].strip()
    return head[1:] if head.startswith("由") else head


def clause_units(text: str) -> UnitAssignment:
    """Units the clause assigns by grammar; empty when no unit is the subject of an assignment verb."""
    text = normalise_parens(text)
    found = UnitAssignment()
    for match in _VERB.finditer(text):
        if match.group(1) == "要" and text.count("。", 0, match.start()) > 1:
            continue
        head = _subject(text, match.start())
        if not head or not looks_like_units(head):
            continue
        names = parse_units(head).names
        if match.group(1) == "牵头":
            found.lead.extend(n for n in names if n not in found.lead)
            if helpers := _HELPERS.match(text[match.end() :]):
                if looks_like_units(helpers.group(1)):
                    found.responsible.extend(split_top_level(helpers.group(1), "、，,"))
        else:
            found.responsible.extend(n for n in names if n not in found.responsible)
    found.responsible = [n for n in dict.fromkeys(found.responsible) if n not in found.lead]
    return found


def _opens_with_units(sentence: str) -> bool:
    match = _OPENING.match(normalise_parens(sentence.strip()))
    return match is not None and looks_like_units(match.group(1))


def unit_first_sentences(text: str) -> list[str]:
    """The tasks of a paragraph whose sentences each open with their own units, or [] when fewer than two do.

    A sentence that names no unit first continues the task before it; a
    title sentence before the first task goes with that task.
    """
    groups: list[str] = []
    opened = 0
    for sentence in _SENTENCE.findall(text):
        if _opens_with_units(sentence):
            opened += 1
            if groups and not _opens_with_units(groups[-1]) and opened == 1:
                groups[-1] += sentence  # the title sentence before the first task
            else:
                groups.append(sentence)
        elif groups:
            groups[-1] += sentence
        else:
            groups.append(sentence)
    return [g.strip() for g in groups] if opened >= 2 else []


def unit_phrases(text: str) -> list[str]:
    """Unit-like phrases in a clause (``区人社局``, ``各街道办事处``), for a warning when none was assigned."""
    return [m.group(0) for m in _PHRASE.finditer(normalise_parens(text))]


def unit_led(text: str) -> tuple[list[str], str] | None:
    """The unit a line opens with, set off by spaces, and the duties after it; None for any other line."""
    match = _UNIT_LED.match(text)
    if not match or not looks_like_units(match.group(1)):
        return None
    return parse_units(match.group(1)).names, match.group(2).strip()


def glued_units(text: str, known: set[str]) -> UnitAssignment:
    """Units of an assignment glued to the task's last words, read with the units the document names elsewhere.

    Where the unit's name starts cannot be told from the text alone (信息某某处: 某某处 or 信息某某处?); a
    name the document uses in another task's assignment settles it, the longest such name.
    """
    match = _GLUED_TAIL.search(normalise_parens(text))
    if match is None:
        return UnitAssignment()
    head = match.group(1)
    names = [name for name in known if len(name) >= 2 and head.endswith(name)]
    if not names:
        return UnitAssignment()
    unit = max(names, key=len)
    helpers = match.group(3) or ""
    others = parse_units(helpers).names if looks_like_units(helpers) else []
    if match.group(2) == "负责":
        return UnitAssignment(responsible=[unit, *others])
    return UnitAssignment(lead=[unit], responsible=others)
