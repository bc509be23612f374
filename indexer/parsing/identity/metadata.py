"""Read a document's identity from its header: title, region, year, 文号, issue date.

The region and year come from every clue the page gives (:mod:`indexer.parsing.identity.place`,
:mod:`indexer.parsing.identity.plan_year`), each with the clue's name; an operator's
declaration (:mod:`indexer.parsing.identity.declared`) wins over all of them.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from indexer.models import Document
from indexer.parsing.identity.declared import DECLARED, Declaration
from indexer.parsing.identity.place import PlaceFinding, find_place
from indexer.parsing.identity.plan_year import find_year
from indexer.parsing.text import strip_debris

__all__ = ["catalogue_title", "document_id", "read_document"]

_TITLE_END = re.compile(
    r"(要点|方案|分解表|任务分工|及分工|清单|任务表|台账|任务安排|工作安排|工作计划|分工表|清单表|工作规定|工作制度|公开制度)"
    r"(?:[（(](?:[一二三四五六七八九十\d]{1,2}|试行|\d{4}年版)[）)])?$"
)
# A title printed after its date ("2022年4月28日 某市2022年…方案"): the date is not part of it.
_DATE_PREFIX = re.compile(r"^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*")
# A title row exported from a spreadsheet keeps the empty cells of its row: "标题,,,,," or "标题\t\t\t".
_CELL_PADDING = re.compile(r"[,，\t\s]+$")
# Mirror sites insert toned pinyin after characters: 發(fā)布機構(gòu). The header grammars read through it.
_PINYIN_GLOSS = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)")
_NOT_TITLE = re.compile(r"^(关于|附件|各|首页|当前位置)|通知$|-?>")  # a breadcrumb (首页 -> 政务公开 -> …) too
# Lines that sit next to a title in print but are never part of it: dates, page marks, banners,
# marks wholly in brackets such as the disclosure mark （此件公开发布）, and finished sentences.
_NOT_TITLE_PART = re.compile(
    r"^(?:\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日.*|[—\-－]\s*\d+\s*[—\-－]|第\s*\d+\s*页.*|.*(?:文件|办公室)"
    r"|[（(][^（）()]*[）)]|.*[。；！？])$"
)
# A page's metadata: "发布机构: …", "| 索引号: | …"; its 名称/标题 field is the title itself.
_LABELLED = re.compile(r"^[|\s]*[\u4e00-\u9fff][\u4e00-\u9fff ]{0,8}[:：]")
_NAMED_TITLE = re.compile(r"^[|\s]*(?:名\s*称|标\s*题|文件名称)\s*[:：]\s*([^|]+?)[|\s]*$")
# The plan the notice sends (关于印发《X》的通知, 现将《X》印发, 研究制定了《X》): the title right after those words,
# never a later one the text cites.
_QUOTED_TITLE = re.compile(r"(?:关于印发|现将|制定了)\s*《([^》]*政务公开[^》]*)》")
# The same notice without title marks: 关于印发某市2017年政务公开工作要点任务明细表的通知.
_NOTICE_TITLE = re.compile(r"^[^《》]*?关于印发([^《》]{0,40}?政务公开[^《》]{0,30}?)的通知")  # never a cited one
# A disclosure catalogue or guide names itself in its header: "X局政府信息主动公开基本目录", "X政务公开事项标准目录",
# "X政府信息公开指南", with its year ("X局2020年政府信息主动公开基本目录", "2024年X局主动公开基本目录",
# "X政务公开清单目录(2022年度)", a community's "X居务公开事项标准目录(暂行)"); never a numbered line
# ("3.政府信息公开指南" is an entry of the catalogue).
# A catalogue page's section titles number its 领域 ("（二）X镇政府文件信息领域基层政务公开标准目录"): a section's
# title, not the page's, and a long one is a title, not an entry. Title rows of a pipe table end in empty cells.
_CATALOGUE_TITLE = re.compile(
    r"^([（(][一二三四五六七八九十]{1,3}[）)](?=[\u4e00-\u9fff（）()]{12}))?"
    r"(?![（(]?[一二三四五六七八九十\d]{1,3}[）)、.．])"
    r"((?:\d{4}年度?)?[\u4e00-\u9fff（）()]{2,30}?(?:\d{4}年(?:度)?)?[\u4e00-\u9fff]{0,12}?"
    r"(?:政务公开|政府信息(?:主动)?公开|信息公开|主动公开|[居村校厂]务公开)[\u4e00-\u9fff（）()]{0,16}?(?:目录|指南|指引)"
    r"(?:\s*[（(](?:试行|暂行|\d{4}(?:年度?)?)[）)](?:年度)?)?)$"
)
# Rules and duty lists name themselves too: "X学院信息公开工作职责", "X局政务公开(政府信息公开)发布协调制度",
# "X信息公开实施细则", "X公司信息公开办法", "X省城市社区居务公开民主管理办法", "信息公开程序" — a whole line, no
# sentence in it, never a numbered item or one opening with its verb ("（三）建立健全信息公开保密审查制度").
_RULES_TITLE = re.compile(
    r"^(?![（(]?[一二三四五六七八九十\d]{1,3}[）)、.．])(?!建立|健全|完善|落实|制定|严格|加强|推进|贯彻|执行|规范|做好)"
    r"[\u4e00-\u9fff（）()]{0,40}?(?:政务|信息|[居村校厂院党事]务)[\u4e00-\u9fff]{0,4}?公开[\u4e00-\u9fff（）()]{0,20}?"
    r"(?:职责|细则|办法|制度|规定|规程|程序|流程|规则)(?:[（(](?:试行|暂行)[）)])?$"
)
# A page's breadcrumb ends with the page's own name: "首页 > 信息制度 > X公司信息公开工作制度 >".
_BREADCRUMB = re.compile(r"\s*-?>\s*")
# A notice's own title, the page's title when it carries no plan, catalogue or rule: "X关于开展…整改的通知" (two
# issuers jointly: "X办公室 Y办公室关于…的通知").
_NOTICE_OWN_TITLE = re.compile(r"^[\u4e00-\u9fff（）() ]{0,60}?关于[^。；;：:|]{2,80}?的(?:通知|通报|函)$")
# A central government body as the issuer: the document is national, and the places its addressees name
# (北京市、天津市、上海市水务局) are not its own.
_CENTRAL = re.compile(
    r"^(?:中华人民共和国)?(?:国务院(?:办公厅)?|外交部|国防部|教育部|科学技术部|工业和信息化部|公安部|国家安全部|民政部|"
    r"司法部|财政部|人力资源和社会保障部|自然资源部|生态环境部|住房和城乡建设部|交通运输部|水利部|农业农村部|商务部|"
    r"文化和旅游部|退役军人事务部|应急管理部|审计署|国家(?:发展和改革|卫生健康|民族事务)委员会|国家[\u4e00-\u9fff]{2,10}总?局)"
    r"(?:办公厅)?(?=关于|\d{4}|[\u4e00-\u9fff]{0,4}(?:政务公开|信息公开))"
)
# A column names no issuer (市政府信息公开制度); a page's own name does (X集团有限公司信息公开工作制度).
_NAMES_ISSUER = re.compile(r"^(?![省市区县镇乡]?(?:人民)?政府(?:信息|政务))[\u4e00-\u9fff（）()]{4,}?(?:政务|信息)")
# A name printed on the line above a title that starts with its subject: "一汽(北京)软件" / "信息公开实施办法".
_ISSUER_LINE = re.compile(r"^[\u4e00-\u9fff（）()]{2,20}$")
_EMPTY_CELLS = re.compile(r"^[|\s]+|\s*\|[|\s]*$")
_CATALOGUE_TITLE_MIN = 10
_DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,10}〔\d{4}〕\d+号")
_ISSUE_DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日(?:印发)?\s*$")
_HEADER_LINES = 30
_PLAIN_ID = re.compile(r"[\w\u4e00-\u9fff-]+")
_READABLE_CHARS = 80
_ID_HASH_CHARS = 12


def document_id(path: Path) -> str:
    """A stable id from the file name, so a new version of a file replaces the old one.

    A plain name (letters, digits, CJK, ``-``, ``_``) is its own id. Any other
    name gets its readable part plus ``~`` and a hash of the whole stem: ``~``
    never occurs in a plain id, so ``a"b.txt`` (``a_b~…``) can no longer
    replace ``a_b.txt`` (``a_b``), nor two such names each other.
    """
    stem = path.stem
    if _PLAIN_ID.fullmatch(stem):
        return stem
    readable = re.sub(r"[^\w\u4e00-\u9fff-]+", "_", stem).strip("_")[:_READABLE_CHARS]
    digest = hashlib.sha256((stem or path.name).encode("utf-8", "surrogatepass")).hexdigest()[:_ID_HASH_CHARS]
    return f"{readable}~{digest}"


def read_document(
    path: Path, lines: list[str], sha256: str, name: str | None = None, declared: Declaration | None = None
) -> Document:
    """Build the :class:`Document` for ``path`` (known as ``name``) from its lines (the matching view).

    A declared region or year (the operator's) replaces what the clues give, with the source 运维声明.
    """
    cleaned = [_CELL_PADDING.sub("", strip_debris(_PINYIN_GLOSS.sub("", line))) for line in lines]
    known_as = Path(name) if name else path
    header = cleaned[:_HEADER_LINES]
    own_title = _catalogue_title(header) or _rules_title(header)
    found_title = (
        _earliest(_fuller(_title(cleaned), header), own_title, cleaned)
        or _breadcrumb_title(header)
        or next((line for line in header if _NOTICE_OWN_TITLE.match(line)), None)
    )
    title = found_title or known_as.stem
    title_source = "标题" if found_title else "文件名"
    place = PlaceFinding("", "") if _CENTRAL.match(title) else find_place(cleaned, title, title_source, known_as.name)
    year = find_year(cleaned, title, title_source, known_as.name)
    declared = declared or Declaration()
    return Document(
        id=document_id(known_as),
        title=title,
        region=declared.region if declared.region is not None else place.region,
        year=declared.year if declared.year is not None else year.year,
        number=_first(_DOC_NUMBER, cleaned[:_HEADER_LINES]),
        issue_date=_issue_date(cleaned),
        path=str(path),
        sha256=sha256,
        region_source=DECLARED if declared.region is not None else place.source,
        year_source=DECLARED if declared.year is not None else year.source,
    )


def _title(lines: list[str]) -> str | None:
    """The plan's title: a line ending like a title, or two lines that do; a page's 名称/标题 field.

    Other labelled metadata lines (发布机构: …, pipe rows of 索引号 …) are never part of a title.
    """
    for index, line in enumerate(lines):
        if (named := _NAMED_TITLE.match(line)) and _TITLE_END.search(named.group(1)) and "政务公开" in line:
            return named.group(1)
        if not line or _NOT_TITLE.search(line) or "政务公开" not in "".join(lines[index : index + 2]):
            continue
        if _LABELLED.match(line):
            continue
        if _TITLE_END.search(line) and "政务公开" in line:
            return _DATE_PREFIX.sub("", line)
        if _NOT_TITLE_PART.match(line):
            continue
        following = lines[index + 1] if index + 1 < len(lines) else ""
        joined = line + ("" if _LABELLED.match(following) else following)
        if _TITLE_END.search(joined) and len(joined) <= 60:
            return joined
    return None


def _rules_title(lines: list[str]) -> str | None:
    """A rule's or duty list's own title line; one that starts with its subject (信息公开实施办法) takes the
    issuer printed alone on the line above it."""
    for index, line in enumerate(lines):
        if not _RULES_TITLE.match(line):
            continue
        above = next((earlier for earlier in reversed(lines[:index]) if earlier), "")
        if re.match(r"(?:政务|信息|政府信息)", line) and _ISSUER_LINE.match(above) and not _NOT_TITLE.search(above):
            return above + line
        return line
    return None


def _breadcrumb_title(lines: list[str]) -> str | None:
    """The last step of the page's breadcrumb when it names a rule and its issuer: a page with no title line of
    its own only (a plan's breadcrumb ends with its column, 市政府信息公开制度, not with the plan)."""
    for line in lines:
        if _BREADCRUMB.search(line):
            steps = [step.strip() for step in _BREADCRUMB.split(line) if step.strip()]
            if steps and _RULES_TITLE.match(steps[-1]) and _NAMES_ISSUER.match(steps[-1]):
                return steps[-1]
    return None


def _earliest(title: str | None, catalogue: str | None, lines: list[str]) -> str | None:
    """Of a plan-like title and a catalogue's title, the one printed first: a catalogue whose entries name a plan
    (…工作要点实施方案, a row deep in its table) is titled by its own header line."""
    if not (title and catalogue):
        return title or catalogue
    first = next((i for i, line in enumerate(lines) if catalogue in line), len(lines))
    return catalogue if first < next((i for i, line in enumerate(lines) if title in line), len(lines)) else title


def _fuller(title: str | None, header: list[str]) -> str | None:
    """The title the notice quotes (关于印发《X》的通知) when no line gives it, or when the line gives only its end
    (a page that repeats the title as 政务公开工作要点 above the text loses the issuer and the year)."""
    quoted = _first_group(_QUOTED_TITLE, header) or _first_group(_NOTICE_TITLE, header)
    if quoted and (title is None or (quoted.endswith(title) and len(quoted) > len(title))):
        return quoted
    return title


def _catalogue_title(lines: list[str]) -> str | None:
    """A catalogue's or guide's own title line in the header (its entries and its sections are numbered)."""
    for line in lines:
        match = _catalogue_match(line)
        if match and not match.group(1):
            return match.group(2)
    return None


def catalogue_title(line: str) -> str | None:
    """The title a line gives a catalogue or one of its 领域 sections, without its number; None for any other line."""
    match = _catalogue_match(line)
    return match.group(2) if match else None


def _catalogue_match(line: str) -> re.Match[str] | None:
    match = _CATALOGUE_TITLE.match(_EMPTY_CELLS.sub("", line).strip())
    return match if match and len(match.group(2)) >= _CATALOGUE_TITLE_MIN else None


def _first_group(pattern: re.Pattern[str], lines: list[str]) -> str | None:
    for line in lines:
        if match := pattern.search(line):
            return match.group(1)
    return None


def _first(pattern: re.Pattern[str], lines: list[str]) -> str | None:
    for line in lines:
        if match := pattern.search(line):
            return match.group(0)
    return None


def _issue_date(lines: list[str]) -> str | None:
    for line in lines:
        if match := _ISSUE_DATE.search(line):
            year, month, day = (int(g) for g in match.groups())
            return f"{year:04d}-{month:02d}-{day:02d}"
    return None
