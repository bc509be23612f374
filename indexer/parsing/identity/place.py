"""A document's place, from every clue its page gives, combined by a fixed precedence.

Clues, strongest first — each a grammar over the matching view, never a rule
for one file or one region:

1. 标题: the first place chain in the title, outside 《…》 (a quoted plan is the superior's).
2. 发文机关 / 落款: ``<place><body>关于…`` in a notice line; a line that is only ``<place><body>``
   above a date (落款), or a government's letterhead in the header (北京市人民政府办公厅, XX局文件).
3. 发布机构: page metadata — 发布机构/发文机关/来源/发布者… — in a line, after a label cell of a pipe
   row, with spaced labels (名 称) read through (pinyin glosses, 發(fā)布, are gone from the lines given);
   网站: a header line that is a place and a site's name (X基层政务公开平台, X人民政府门户网站).
4. 文号: the document's own number (西政办发〔2017〕14号), its issuer's abbreviation taken only where the
   gazetteer gives one place (a province's 简称, else one city, else one county of the place named), of the
   document's own level where several fit; without one, a number cited from a body of its own level
   (市政务公开领导小组《…》(徐政公开发〔2008〕1号)).
5. 正文单位 / 正文: units that carry a place (人民银行潍坊市中心支行, 威海市商务局); with the document's own
   level (全市/我区…, 市政府各部门, 区直部门, 各市政府 → 省) also places of that level named anywhere
   (荆州高新区 → 荆州市), and last a slogan on the one place of that level so named (建设“美好相山”).
6. 文件名: Chinese place words in the file name.

The first clue that names exactly one place wins; a name several places share
(和平区) is narrowed by the document's level word and by the places named
around it (天津). One exception: when the winner is only the poster (发布机构,
文号) and the body names a place containing it or inside it, of the level the
document uses of itself (全市, 市政府各部门) or, where it uses none, in a unit
outside 《…》, the body is the document's own subject (a county site posting
its city's plan); a place merely named (a province's plan quoted by a city) is
not.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from indexer.gazetteer import Gazetteer, Place
from indexer.parsing.identity.place_names import Chain, chain_at, chains_in, contains, level_mark, region_name
from indexer.parsing.text import join_cjk_spaces

__all__ = ["PlaceFinding", "find_place"]

_HEADER = 40
_BODY_CHARS = 20000
# What follows a place in an issuer's name: a government, an office, a bureau, a commission. The words
# before a bureau's suffix never hold a level word or 政府: "渝北区人民政府办公室" after 重庆市 is an unknown
# district's office, not a bureau of 重庆市.
_FREE = r"(?:(?!政府)[^\W\d_a-zA-Z区县旗]){0,12}?"
_SUFFIX = r"(?:局(?!面)|委员会|委(?!托)|厅|办公室|办公厅|办(?![法理事])|管委会|管理委员会|中心(?!工作|任务))"
_ISSUER_BODY = re.compile(rf"(?:人民政府|政府|{_FREE}{_SUFFIX})(?:办公室|办公厅)?(?:文件)?")
# What follows a place in a unit named in the text: as above, plus banks' branches (人民银行潍坊市中心支行).
_UNIT_WORD = re.compile(rf"人民政府|政府|{_FREE}(?:中心支行|支行|分局|分行|{_SUFFIX})")
# The date under a signature: a whole date (2017年7月27日), or one whose characters were lost (2017??3?) — never a
# deadline cell (2017年6月底前) under a unit's name in a flattened table.
_DATE_LINE = re.compile(r"^(?:\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|[\d〇○零一二三四五六七八九]{4}\s*[?？].*)$")
# An undated issuer line in the header is a government's letterhead or banner (北京市西城区人民政府, XX局文件); a
# bureau's name alone there may be a table cell.
_GOVERNMENT = re.compile(r"(?:人民政府|政府)(?:办公室|办公厅)?$|文件$")
_NOTICE = re.compile(r"关于(?:印发|转发|做好|进一步|开展)")
_META_LABEL = re.compile(
    r"(?:^|[|\s])(发布机构|发文机关|发文单位|发布单位|信息来源|文章来源|来源单位|来源|发布者)\s*[:：]"
)
_META_TAIL = re.compile(rf"人民政府|政府|{_FREE}{_SUFFIX}|网站|门户|\s|$")
_QUOTED = re.compile(r"《[^》]*》")
# A site's banner in the page's header names whose site it is: X旗基层政务公开平台, X人民政府门户网站.
_SITE_BANNER = re.compile(
    r"(?:人民政府|政府)?[\u4e00-\u9fff]{0,6}?(?:门户网站|网站|政务公开平台|信息公开平台|政务网|政府网)"
)
_SELF_LEVEL = re.compile(r"[全我本](市|县|区|省|州|旗)(?![场级长民])")
# The document's own bodies, written with its level word alone (市政府各部门, 区直部门, 市审计局牵头, 省审计厅): a
# bare level word, never the end of a place name (营口市政府) or of another word (经市政府同意 reads 经 | 市政府).
_BARE = r"(?:(?<![\u4e00-\u9fff])|(?<=[和及与由各据照经])|(?<=相关|有关))"
_OWN_BODIES = re.compile(
    rf"{_BARE}([省市县区])(?:"
    r"(?:人民)?政府(?:各|有关|相关)?(?:工作)?(?:部门|厅委|委办局|直属机构)"
    r"|直(?:各|有关|相关)?(?:部门|单位|机关)"
    r"|(?:人民)?政府办公[室厅]"
    r"|(?![场域民级内外中县区市省乡镇政直委])[\u4e00-\u9fff]{1,8}?(?:局|厅|委|办)(?=牵头|负责|配合|[、,，)）;；]|$)"
    r")",
    re.MULTILINE,
)
# Addressees one level down name the document's level: 各市人民政府 (a province's), 各县(市)区政府 (a city's).
_SUBORDINATES = (
    (re.compile(r"各(?:地级市|市州|市\(州\)|州、市|州市|市)(?:人民)?政府"), "省"),
    (
        re.compile(r"各(?:县\(市\)、?区|县\(市、区\)|区、县\(市\)|县市区|县\(区\)|区县|县区|县\(市\)|区)(?:人民)?政府"),
        "市",
    ),
)
# A slogan a text writes of its own place: 建设“美好相山”, “平安X”, “数字X” — a slogan word, then the place's name.
_SLOGAN = re.compile(
    r"[“\"](?:美好|幸福|平安|法治|数字|智慧|健康|文明|生态|魅力|活力|品质|绿色|宜居|人文|诚信|书香|清廉|善治|和谐|美丽)"
    r"([\u4e00-\u9fff]{2,4})[”\"]"
)
_NUMBER = re.compile(r"(?:^|[\s)）:：])([\u4e00-\u9fff]{1,8})[〔\[［(（]\d{4}[〕\]］)）]\s*\d+\s*号")
# A number cited from a body written with its level word alone: 市政务公开领导小组《…》(徐政公开发〔2008〕1号).
_OWN_CITED = re.compile(
    rf"{_BARE}([省市县区])[\u4e00-\u9fff]{{0,12}}?(?:政府|办公室|办公厅|领导小组|委员会|局|委|办|厅)《[^》\n]*》"
    r"[(（]([\u4e00-\u9fff]{1,8})[〔\[［(（]\d{4}[〕\]］)）]\s*\d+\s*号"
)
_NUMBER_ABBR = re.compile(r"^([\u4e00-\u9fff]+?)(?:高新|经开|开发区)?[政党府办管委人]")
# The provinces' one-character 简称 as 文号 use them: a national vocabulary, not a list of documents.
_PROVINCE_ABBR = dict(
    zip(
        "京津沪渝冀晋辽吉黑苏浙皖闽赣鲁豫鄂湘粤琼川蜀黔滇陕甘青宁新藏桂蒙",
        "北京 天津 上海 重庆 河北 山西 辽宁 吉林 黑龙江 江苏 浙江 安徽 福建 江西 山东 河南 湖北 湖南 广东 海南 "
        "四川 四川 贵州 云南 陕西 甘肃 青海 宁夏 新疆 西藏 广西 内蒙古".split(),
        strict=True,
    )
)
_NATIONAL = "国"
POSTER_SOURCES = ("发布机构", "网站", "文号")


@dataclass(frozen=True)
class PlaceFinding:
    """The region a document's clues give (``""`` when none does) and the clue that gave it."""

    region: str
    source: str


@dataclass(frozen=True)
class _Clue:
    source: str
    chain: Chain


def find_place(lines: list[str], title: str, title_source: str, file_name: str) -> PlaceFinding:
    """The document's place from its lines (the matching view), its title and its file name."""
    gazetteer = Gazetteer.load()
    body = "\n".join(lines)[:_BODY_CHARS]
    named = chains_in(body, gazetteer)
    context = _with_ancestors([c.places[0] for c in named if len(c.places) == 1], gazetteer)
    level = _self_level(body)
    clues = [
        *_title_clues(title, title_source, gazetteer),
        *_issuer_clues(lines, gazetteer),
        *_metadata_clues(lines[:_HEADER], gazetteer),
        *_number_clues(lines[:_HEADER], body, context, level, gazetteer),
    ]
    subject = _body_clue(body, named, level)
    clues += [*subject, *_slogan_clues(body, named, level, gazetteer), *_file_clues(file_name, gazetteer)]
    resolved = [(clue, place) for clue in clues if (place := _resolve(clue.chain, level, context)) is not None]
    if not resolved:
        return PlaceFinding("", "")
    clue, place = resolved[0]
    own = [(c, p) for c, p in resolved if c in subject]
    if clue.source in POSTER_SOURCES and own and own[0][1] != place:
        other = own[0][1]
        own_subject = level_mark(other) == level if level else not _quoted(body, own[0][0].chain.start)
        if own_subject and (contains(other, place) or contains(place, other)):
            clue, place = own[0]
    return PlaceFinding(region_name(clue.chain, place, gazetteer), clue.source)


def _quoted(body: str, index: int) -> bool:
    """``index`` lies inside a quoted title (《辽宁省人民政府办公厅关于…》): the name is that document's issuer."""
    return any(m.start() < index < m.end() for m in _QUOTED.finditer(body))


def _resolve(chain: Chain, level: str | None, context: list[Place]) -> Place | None:
    """The one place a chain means: by its own names, then the document's level word, then the places around it."""
    places = list(chain.places)
    if len(places) > 1 and level:
        places = [p for p in places if level_mark(p) == level] or places
    if len(places) > 1:
        places = [p for p in places if any(contains(m, p) and m.code != p.code for m in context)] or places
    return places[0] if len(places) == 1 else None


def _with_ancestors(places: list[Place], gazetteer: Gazetteer) -> list[Place]:
    """The places named, with the city and province each lies in (北京市西城区 names 北京市 too)."""
    found = {p.code: p for p in places}
    for place in places:
        for name, level in ((place.city, "city"), (place.province, "province")):
            found.update((p.code, p) for p in gazetteer.named(name) if name and p.level == level and p.name == name)
    return list(found.values())


def _self_level(body: str) -> str | None:
    """The level word the document uses of itself, when one clearly dominates.

    全市/我县/本区 (→ 市/县/区); its own bodies by their level word alone (市政府各部门, 区直部门, 省审计厅牵头);
    addressees a level down (各市政府 → 省, 各县(市)区政府 → 市).
    """
    words = Counter(str(word) for word in _SELF_LEVEL.findall(body))
    words.update(str(word) for word in _OWN_BODIES.findall(body))
    for pattern, level in _SUBORDINATES:
        words[level] += len(pattern.findall(body))
    counts = (+words).most_common(2)
    if not counts or (len(counts) == 2 and counts[0][1] == counts[1][1]):
        return None
    return counts[0][0]


def _title_clues(title: str, source: str, gazetteer: Gazetteer) -> list[_Clue]:
    masked = _QUOTED.sub(lambda m: "《" + "　" * (len(m.group(0)) - 2) + "》", title)
    chains = chains_in(masked, gazetteer)
    return [_Clue(source, chains[0])] if chains else []


def _issuer_clues(lines: list[str], gazetteer: Gazetteer) -> list[_Clue]:
    """``<place><body>关于…`` in a header line; a line that is only an issuer (落款 when a date follows)."""
    clues: list[_Clue] = []
    for index, raw in enumerate(lines):
        line = join_cjk_spaces(raw.strip().lstrip("#").strip())
        if not line or len(line) > 200:
            continue
        following = next((n.strip() for n in lines[index + 1 : index + 3] if n.strip()), "")
        dated = bool(_DATE_LINE.match(following))
        chain = _issuer(line, 0, gazetteer)
        if chain and chain.end == len(line) and (dated or (index < _HEADER and _GOVERNMENT.search(line))):
            clues.append(_Clue("落款" if dated else "发文机关", chain))
        elif index < _HEADER and (notice := _NOTICE.search(line)):
            start = max(line.rfind(" ", 0, notice.start()), line.rfind("号", 0, notice.start())) + 1
            if (chain := _issuer(line, start, gazetteer)) and chain.end == notice.start():
                clues.append(_Clue("发文机关", chain))
    return clues


def _issuer(line: str, start: int, gazetteer: Gazetteer) -> Chain | None:
    """A place chain at ``start`` followed by an issuer body; the chain's end moved past the body."""
    chain = chain_at(line, start, gazetteer)
    if chain is None or not (body := _ISSUER_BODY.match(line, chain.end)) or body.end() == chain.end:
        return None
    return Chain(chain.start, body.end(), chain.written, chain.places, chain.full, chain.parent_written, chain.zone)


def _metadata_clues(lines: list[str], gazetteer: Gazetteer) -> list[_Clue]:
    """发布机构-style labels, and the site's banner (a line that is a place and a site's name)."""
    clues: list[_Clue] = []
    for raw in lines:
        line = join_cjk_spaces(raw)
        if (chain := chain_at(line.strip(), 0, gazetteer)) and _SITE_BANNER.fullmatch(line.strip()[chain.end :]):
            clues.append(_Clue("网站", chain))
        for label in _META_LABEL.finditer(line):
            cells = [c.strip() for c in line[label.end() :].split("|")]
            value = next((c for c in cells if c), "")
            chain = chain_at(value, 0, gazetteer)
            if chain and _META_TAIL.match(value, chain.end):
                clues.append(_Clue("发布机构", chain))
    return clues


def _number_clues(
    lines: list[str], body: str, context: list[Place], level: str | None, gazetteer: Gazetteer
) -> list[_Clue]:
    """The issuer abbreviation of the document's own 文号 (not one cited in brackets), where it names one place;
    the document's own level word narrows it (辽政办 of a text addressed to 各市政府, 省政府各部门: the province).

    Without a number of its own, a number the text cites from a body of its own level, written with the level
    word alone (市政务公开领导小组《…》(徐政公开发〔2008〕1号) in a text whose level is 市), is its place's too.
    """
    for line in lines:
        line = _QUOTED.sub("", line)
        match = _NUMBER.search(line)
        if match and _NUMBER_ABBR.match(match.group(1)):
            return _number_place(match.group(1), context, level, gazetteer)
    if level is not None:
        for cited in _OWN_CITED.finditer(body):
            if cited.group(1) == level and (clues := _number_place(cited.group(2), context, level, gazetteer)):
                return clues
    return []


def _number_place(number: str, context: list[Place], level: str | None, gazetteer: Gazetteer) -> list[_Clue]:
    if not (abbr := _NUMBER_ABBR.match(number)) or abbr.group(1).startswith(_NATIONAL):
        return []
    places = _abbreviated(abbr.group(1), context, gazetteer)
    if len(places) > 1 and level:
        places = [p for p in places if level_mark(p) == level]
    if len(places) == 1:
        return [_Clue("文号", Chain(0, 0, places[0].name, (places[0],), True, False))]
    return []


def _abbreviated(prefix: str, context: list[Place], gazetteer: Gazetteer) -> list[Place]:
    """Places a 文号 prefix may stand for: inside the places named around it if any fit, else provinces and cities."""
    inside = {
        p.code: p
        for p in gazetteer.places
        if p.name.startswith(prefix) and any(contains(m, p) and m.code != p.code for m in context)
    }
    if inside:
        return list(inside.values())
    province = _PROVINCE_ABBR.get(prefix, "")
    return [
        p
        for p in gazetteer.places
        if (p.level == "province" and province and p.name.startswith(province))
        or (p.level == "city" and p.name.startswith(prefix))
    ]


def _body_clue(body: str, chains: list[Chain], level: str | None) -> list[_Clue]:
    """The place the text names most: units carrying a place; with a level word, also places of that level.

    A unit (人民银行潍坊市中心支行) counts once; a place of the document's level merely named must be named
    twice, so one passing mention (学习借鉴某区经验) is never the document's place.
    """
    named: list[_Clue] = []
    for chain in chains:
        is_unit = bool(_UNIT_WORD.match(body, chain.end)) and chain.end < len(body)
        if is_unit or (level is not None and (chain.full or chain.zone)):
            named.append(_Clue("正文单位" if is_unit else "正文", _city_of_zone(chain)))
    if level is not None:
        named = [c for c in named if any(level_mark(p) == level for p in c.chain.places)]
    counts = Counter(c.chain.places for c in named if len(c.chain.places) == 1)
    units = {c.chain.places for c in named if c.source == "正文单位"}
    counts = Counter({places: n for places, n in counts.items() if places in units or n >= 2})
    if not counts:
        return []
    best = max(counts, key=counts.__getitem__)  # the first named among the most named
    clues = [c for c in named if c.chain.places == best]
    return [next((c for c in clues if c.source == "正文单位"), clues[0])]


def _slogan_clues(body: str, chains: list[Chain], level: str | None, gazetteer: Gazetteer) -> list[_Clue]:
    """A slogan naming the one place of the document's own level that has that name (“美好相山” in a text of
    区直部门 and 区X局 → 相山区); a name several places share, one of another level, or one beside another place
    of that level named in the text (学习“平安西城”经验) is none."""
    if level is None:
        return []
    others = {p.code for c in chains for p in c.places if len(c.places) == 1 and level_mark(p) == level}
    for slogan in _SLOGAN.finditer(body):
        name = slogan.group(1)
        places = gazetteer.named(name)
        if len(places) == 1 and level_mark(places[0]) == level and not others - {places[0].code}:
            chain = Chain(slogan.start(1), slogan.end(1), name, (places[0],), places[0].name == name, False)
            return [_Clue("正文", chain)]
    return []


def _city_of_zone(chain: Chain) -> Chain:
    """A zone named in the text stands for its city or county (荆州高新区 → 荆州市): the text is not the zone's."""
    if not chain.zone:
        return chain
    return Chain(chain.start, chain.end, chain.written[: -len(chain.zone)], chain.places, True, False)


def _file_clues(file_name: str, gazetteer: Gazetteer) -> list[_Clue]:
    stem = Path(file_name).stem
    chains = [c for part in re.findall(r"[\u4e00-\u9fff]+", stem) for c in chains_in(part, gazetteer)]
    return [_Clue("文件名", chains[0])] if chains else []
