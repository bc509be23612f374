"""Units a clause names in its own words, for a record that got none from a marker, label or column.

The grammar: a unit name (by :func:`~indexer.parsing.fields.units.looks_like_units`)
as the subject of 牵头/负责/组织/做好/要 — after a clause boundary or 由
(``由区财政局负责``, ``区人社局牵头，区财政局配合``, ``A、B分别负责``).
牵头 gives lead units, every other verb responsible units, as in markers.
The weak modal 要 assigns only in the clause's opening (its title and first
sentence, as :func:`~indexer.parsing.fields.units.subject_units` reads an item);
later "X要…" sentences state expectations rather than hand out the task.
Rules and procedures name their actors in sentences too: a body set up
and given its work at once (公司成立X，统一指导…), and, for a record still
without units, whoever its sentence opens with before an action word
(公司党委工作部严格按照…出具…) — a person by office included (分管领导审核批准),
as the subject of a sentence only. A procedure's step names who drafts and who
approves (由X提出初审意见后，报Y审查批准; 经X审议后公开): both take part in it.
A notice asks (请各单位…) and announces (X将于6月2日开展…); what a body did
(X组织开展了…检查) is its reason, never its task. A body declared in charge
(X是…的主管部门，负责…) and X会同Y both act. A rule's actor may follow a condition (申请人当面提交申请的，X在…)
and precede any action word (X收到…后应…, X根据职责配合…, X设立…); those beside it take part (由X会同Y进行…,
…由X负责，Y配合), and so does a procedure's maker (由X制定, 由X发文部署). A preposition's object (对照国务院部门…)
is no actor.
"""

from __future__ import annotations

import re

from indexer.parsing.fields.units import UnitAssignment, looks_like_units, parse_units
from indexer.parsing.text import normalise_parens, split_top_level

__all__ = [
    "acting_units",
    "clause_units",
    "glued_units",
    "later_subjects",
    "notice_units",
    "sentence_actors",
    "unit_first_sentences",
    "unit_led",
    "unit_phrases",
]

# 应 alone is a rule's modal (X应及时登记); 应急, 应用, 应对 and 应公开尽公开 are words of their own, and
# 负责人 is a person (公司党政办负责人担任主任), not 负责, and 要求 a request (根据上级要求), not 要.
_MODAL = r"应(?![急用对届聘征税]|公开尽)"
# 主管 as a verb (综合办公室主管信息公开…), not a noun (主管部门) or a role (局主管或分管领导).
_IN_CHARGE_OF = r"主管(?!部门|机关|单位|领导|[或和与、及])"
_VERB = re.compile(rf"(?:分别|共同)?(牵头|负责(?!人)|组织|做好|抓好|承担|{_IN_CHARGE_OF}|应当|{_MODAL}|要(?!求))")
# A sentence that opens with who does it: "由X牵头，…", "X负责…", "由X、Y共同负责，…".
# An adverb may come between the subject and its modal: "各相关单位一定要…", "各科室务必…", "各单位必须…".
_OPENING = re.compile(
    rf"^由?([^，,。；;：:]{{2,60}}?)(?:分别|共同)?(?:一定|切实)?(?:牵头|负责|应当|{_MODAL}|要|必须|务必|抓好|做好|承担|充分|积极)"
)
_SENTENCE = re.compile(r"[^。！？]+[。！？]?")
# A body set up and then given its work, in one sentence: "公司成立信息公开领导小组，统一指导…",
# "下设信息公开办公室，（X担任主任，）负责…" — the body set up does the work.
_ESTABLISHED = re.compile(
    r"(?:成立|设立|下设|组建|设置)(?:一个|一名|专门的?)?([^，,。；;：:]{2,30}?)[，,]"
    r"(?:[^，,。；;]{0,30}[，,])?(?:具体|主要)?(?:负责|统一|主管|承担)"
)
# Words a rule's actor is followed by when its verb is no assignment verb: "公司党委工作部严格按照…出具…",
# "各信息拥有主体依照…起草…", "办公室对…进行审核" (a short title may come first: "（二）保密审查。").
_ACTION = re.compile(
    r"(?:对|在|于|依照|依据|根据|按照?|严格|及时|主管|统一|具体|须|必须|将|把|会同|定期|每年|每季度|每月"
    r"|审批|审核|审查|起草|出具|提出|确定|指导|督促|协调|接收|受理|办理|登记|报送|编制|制定|发布|公开|收集|整理"
    r"|配合|协同|参与|收到|接到|设立|設立|建立|开展|開展|向)"
)
# A procedure's chain: who drafts and who approves. "由X提出初审意见后，报Y审查批准", "报X对…进行审核",
# "经X审议后公开", "要呈报Y审批": X and Y both take part in the step (the approver by office included: 分管领导).
_REVIEW = r"(?:审查|审核|审批|审定|审议|审签|批准|签发|复审)"
_SUBMITTED = re.compile(
    rf"(?:呈报|报请|报送|报|经)([^，,。；;：:对]{{2,24}}?)(?:{_REVIEW}|对[^，,。；;]{{1,30}}?{_REVIEW})"
)
# Whom a body moves to act (积极引导局机关各处室、局属各单位自行组织…; 督促各单位及时…): they act too.
_PIVOT = re.compile(
    r"(?:引导|督促|指导|要求|推动|鼓励)([^，,。；;：:]{2,30}?)(?=自行|及时|按照|依法|主动|开展|做好|积极|认真|切实|对照|落实)"
)
_AGENT = re.compile(r"由其?([^，,。；;：:]{2,24}?)(?=提出|征求|出具|报|对|审|会同|制定|发文|印发|发布|公布)")
# Who works with the actor: "由X会同Y进行政策解读" (Y after 会同), "…由X负责解读工作，Y配合" (Y closing the clause).
_ALONGSIDE = re.compile(r"会同([^，,。；;：:]{2,24}?)(?=进行|做好|开展|负责|共同|研究|制定|对|做)")
_COOPERATING = re.compile(r"[，,]\s*([^，,。；;：:]{2,30}?)(?:分别|共同)?(?:配合|协助|协同)(?=[。；;]|$)")
# A notice asks and announces: "请各单位按照…", "请涉及单位严格按照…" (请 and the units asked), "区政务公开办将于
# 6月2日开展…", "市政府办公室定于3月底对…进行复核" (a unit opening a clause, then what it will do and when).
_REQUEST = re.compile(
    r"请([^，,。；;：:请]{2,30}?)(?=按照|按|依照|依据|参照|对照|于|在|务必|及时|认真|尽快|结合|抓紧|切实|高度|将|把|对|做好|立即|严格)"
)
_ANNOUNCED = re.compile(r"(?:^|[，,。；;：:])([^，,。；;：:]{2,24}?)(?:将于|将|定于)")
_TITLE = re.compile(r"^[^。；;，,]{2,12}[。：:]")
# A rule's condition before its actor: "申请人当面提交申请的，政府信息公开工作机构在查验…后…",
# "符合以下条件之一时，行政机关应…" — the actor opens the clause after it.
_CONDITION = re.compile(r"^[^，,。；;：:]{2,40}?(?:的|时)[，,]\s*")
_PAST = re.compile(r"[\u4e00-\u9fff]{0,3}了")
# A body declared in charge, its work after a comma: "X是本行政区域政策解读工作的主管部门，负责…".
_IN_CHARGE = re.compile(
    r"^([^，,。；;：:]{2,30}?)(?:是|为)[^，,。；;]{0,24}?(?:主管部门|主管机关|责任主体|责任单位|第一责任人|工作机构)"
)
_DEFINING = re.compile(r"所称|是指|是|即")  # "本办法所称信息是指公司…": a definition names no actor
# A person by office, the actor of a rule's step (分管领导审核批准, 机关办公室主任提出审核意见): named as a
# sentence's subject only — in a column or a marker these words stay no unit.
_ROLE = re.compile(r"^[\u4e00-\u9fff（）]{0,14}?(?:领导|负责人|联络员|信息员|工作人员|人员|校长|乡镇长|局长|主任)$")
_NOT_ROLE = re.compile(r"^(?:确定|明确|配备|指定|安排|加强|建立|其他|相关|有关)")
# A head opening with a preposition is the rule's ground, not its actor (根据上级要求，…).
_GROUND = re.compile(r"^(?:根据|依据|依照|按照|对照|参照|比照|围绕|结合|针对|通过|为)")  # 为, 为了
_ACTOR_MAX = 20
# Verbs inside words that look like a name (答复内容须经保密审查和区政务公开办, 各级成立政务公开领导小组): no name.
_VERBAL = re.compile(r"须|经|应|要|成立|设立|下设|组建|制定|进行|开展|建立|实行|接到|收到|认为|可以")
_SETS_UP = re.compile(r"设立|設立|建立")  # X设立一名联络员，负责…: the body set up does the work (_ESTABLISHED)
_NOT_ACTOR_OPENING = re.compile(
    r"\s*(?:于|向|对|在|将|把|经|由|从|与|并|及|每|我|报|可|明确|确保|加强|推动|做好|制定|督促|指导|引导|要求|鼓励|协调|按照?|[一二三四五六七八九十\d]+[.、．])"
)
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
        if _PAST.match(text, match.end()):
            continue  # "X组织开展了…检查": what was done, the notice's reason, not its task
        names = _actors(_subject(text, match.start()))
        if not names:
            continue
        names = [*_listed_before(text, match.start()), *names]
        if match.group(1) == "牵头":
            found.lead.extend(n for n in names if n not in found.lead)
            if helpers := _HELPERS.match(text[match.end() :]):
                if looks_like_units(helpers.group(1)):
                    found.responsible.extend(split_top_level(helpers.group(1), "、，,"))
        else:
            found.responsible.extend(n for n in names if n not in found.responsible)
    for established in _ESTABLISHED.finditer(text):
        found.responsible.extend(_actors(established.group(1)))
    if found:  # "…，X负责日常协调工作，各部室依据本制度规定，在…做好…": a later clause's own actor takes part
        found.responsible.extend(_clause_actors(text))
    steps = (*_AGENT.finditer(text), *_SUBMITTED.finditer(text), *_ALONGSIDE.finditer(text), *_PIVOT.finditer(text))
    chain = [name for step in steps for name in _actors(step.group(1))]
    if chain and not found:  # a step's approvers beside whoever its sentence opens with (考核组起草…，经X审定)
        found.responsible.extend(acting_units(text))
    found.responsible.extend(chain)
    if not found:
        found.responsible.extend(notice_units(text))
    if found:  # "…由X负责解读工作，Y配合": those working with the actor take part too
        found.responsible.extend(name for m in _COOPERATING.finditer(text) for name in _named(m.group(1)))
    found.responsible = [n for n in dict.fromkeys(found.responsible) if n not in found.lead]
    # A later sentence naming the unit short (局各科室 … 各科室应…) names no second unit.
    named = found.lead + found.responsible
    found.responsible = [n for n in found.responsible if not any(o != n and o.endswith(n) for o in named)]
    return found


def _listed_before(text: str, verb_start: int) -> list[str]:
    """Units a comma sets before the subject of a verb: "加强组织领导各区卫健局,市属单位、委各处室要…" names the
    first too (a list written with an ASCII comma), when the words before that comma are units (a glued title cut)."""
    start = max((text.rfind(c, 0, verb_start) for c in _BOUNDARY), default=-1)
    if start < 1 or text[start] not in "，,":
        return []
    before = max((text.rfind(c, 0, start) for c in _BOUNDARY), default=-1) + 1
    head, subject = text[before:start].strip(), text[start + 1 : verb_start]
    if not head or "由" in subject or _GROUND.match(head) or _VERBAL.search(head) or not looks_like_units(head):
        return []
    return parse_units(head).names


def _clause_starts(text: str) -> list[int]:
    return [i + 1 for i, char in enumerate(text) if char in "，,；;" and i + 1 < len(text)]


def _clause_actors(text: str) -> list[str]:
    """Every clause actor of ``text``, in order (a name once per clause that opens with it)."""
    return [name for start in _clause_starts(text) for name in _clause_actor(text, start)]


def _clause_actor(text: str, start: int) -> list[str]:
    """The unit a clause opens with, followed by an action word (…，各部室依据本制度规定，…), or []: a unit,
    not a person by office, and never a clause opening with a preposition or a verb (于每季度末向X报送…)."""
    if _NOT_ACTOR_OPENING.match(text, start):
        return []
    for end in range(min(len(text), start + _ACTOR_MAX), start + 1, -1):
        head = text[start:end].strip()
        if _ACTION.match(text, end) and not _SETS_UP.match(text, end) and looks_like_units(head):
            return [] if _DEFINING.search(head) or _VERBAL.search(head) else parse_units(head).names
    return []


def _actors(head: str) -> list[str]:
    """The units a subject names, or the one person by office it is; [] for any other words."""
    if not head or _GROUND.match(head):
        return []
    if "会同" in head and all(looks_like_units(side) for side in head.split("会同", 1)):
        return [name for side in head.split("会同", 1) for name in parse_units(side).names]  # X会同Y: both act
    if looks_like_units(head):
        return parse_units(head).names
    return [head] if _ROLE.match(head) and not _NOT_ROLE.match(head) else []


def notice_units(text: str) -> list[str]:
    """The units a notice's paragraph asks (请X…) or says will act (X将于…, X定于…), in order; [] when none."""
    text = normalise_parens(text)
    found = [m for pattern in (_REQUEST, _ANNOUNCED) for m in pattern.finditer(text)]
    names = [name for m in sorted(found, key=lambda m: m.start()) for name in _named(m.group(1))]
    return list(dict.fromkeys(names))


def _named(head: str) -> list[str]:
    head = head.strip()
    return parse_units(head).names if head and not _GROUND.match(head) and looks_like_units(head) else []


def _opens_with_units(sentence: str) -> bool:
    sentence = normalise_parens(sentence.strip())
    if (established := _ESTABLISHED.search(sentence)) and _actors(established.group(1)):
        return established.start() <= _ACTOR_MAX  # the sentence sets up its own body: "公司成立X，统一…"
    match = _OPENING.match(sentence)
    return (match is not None and bool(_actors(match.group(1)))) or bool(acting_units(sentence))


def sentence_actors(sentence: str) -> list[str]:
    """The units a sentence opens with as the subject of an assignment verb (各单位要…, X负责…), or []."""
    match = _OPENING.match(normalise_parens(sentence.strip()))
    return _actors(match.group(1)) if match else []


def acting_units(text: str) -> list[str]:
    """The unit a rule's sentence opens with as its actor, whatever its verb ("公司党委工作部严格按照…出具…"),
    after a short title ("保密审查。"): the longest opening unit name an action word follows, or []."""
    sentence = normalise_parens(text.strip())
    sentence = sentence[title.end() :].strip() if (title := _TITLE.match(sentence)) else sentence
    sentence = sentence.removeprefix("由").removeprefix("请")  # 请X于…前报送: X acts, as in 由X负责
    if (condition := _CONDITION.match(sentence)) and not _actors(sentence[: condition.end()].rstrip("，, 的时")):
        sentence = sentence[condition.end() :]
    if (in_charge := _IN_CHARGE.match(sentence)) and (names := _actors(in_charge.group(1))):
        return names
    for end in range(min(len(sentence), _ACTOR_MAX), 1, -1):
        head = sentence[:end]
        if _ACTION.match(sentence, end) and not _DEFINING.search(head) and (names := _actors(head)):
            return list(dict.fromkeys([*names, *_clause_actors(sentence)]))  # "X向Y提供…，Y在…后督促…": both act
    first = sentence.split("。", 1)[0]  # "考评于12月底进行,各单位在12月中旬前完成…": the first clause actor of it
    return next((names for start in _clause_starts(first) if (names := _clause_actor(first, start))), [])


def later_subjects(text: str) -> list[str]:
    """For a clause no other grammar gave units: the units a later sentence opens with as the subject of its
    assignment (明确总体目标要求。…是重要举措。各地各部门要按照…), the first such sentence's; [] when none does."""
    return next((names for sentence in _SENTENCE.findall(text) if (names := sentence_actors(sentence))), [])


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
