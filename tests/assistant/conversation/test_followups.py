"""The follow-up rules on their own: what each kind of wording is read as, against a conversation's state.

Each case is a class of wording (a pointer, an ordinal, a field word, a refinement, a change of place or
year, a new topic), written several ways; the old code had no reading of follow-ups at all.
"""

from __future__ import annotations

from datetime import date

import pytest

from assistant.answering.query import QuestionAnalyzer
from assistant.answering.regions import RegionIndex
from assistant.conversation.followups import read_followup
from assistant.conversation.state import AskBack, Choice, Cited, ConversationState, Topic
from indexer.gazetteer import Gazetteer
from indexer.models import Document

REGIONS = ["济南市市中区", "济南市章丘区", "博山区", "济宁高新区", "瓦房店市"]
UNITS = ["区大数据局", "区人社局", "区党政办公室", "区政府办公室", "区财政局", "区发展软环境和保障局"]
ITEMS = (
    Cited("积极响应全市各级政策集中发布平台建设要求，强化政府网站政策数据同源管理。", "t23"),
    Cited("探索运用大数据、人工智能等信息技术优化政策点对点推送。", "t26"),
    Cited("增强政府公报数字化服务功能，开设“掌上公报”，利用媒体加强政府公报内容传播。", "t27"),
)
ANSWERED = ConversationState(ITEMS, 0, 3, topic=Topic("政策解读工作指引谁牵头", "who"))
UNIT_LIST = Topic("章丘区大数据局负责哪些任务", "list", "章丘区", None, "区大数据局", True)
LISTED = ConversationState(ITEMS, None, 3, topic=UNIT_LIST)


@pytest.fixture(scope="module")
def analyzer(registry) -> QuestionAnalyzer:
    documents = [Document(f"d{i}", "要点", r, 2025, None, None, "p", "0") for i, r in enumerate(REGIONS)]
    return QuestionAnalyzer(RegionIndex(documents, Gazetteer.load()), UNITS, registry, 500, lambda: date(2026, 11, 23))


def read(analyzer: QuestionAnalyzer, question: str, state: ConversationState = ANSWERED):
    return read_followup(analyzer.clean(question), state, analyzer)


@pytest.mark.parametrize(
    ("question", "field"),
    [
        ("那它什么时候完成？", "when"),
        ("啥时侯完成", "when"),
        ("这项任务的期限是？", "when"),
        ("截止到啥时候", "when"),
        ("多会儿弄完", "when"),
        ("还有哪些单位配合？", "partner"),
        ("协办单位是哪几个", "partner"),
        ("谁牵头", "lead"),
        ("这个谁负责的", "who"),
        ("原文怎么写的", "text"),
        ("出处是哪个文件", "source"),
        ("刚才说的那个详细说说", "detail"),
        ("它們的時限呢", "when"),
    ],
)
def test_a_field_word_with_nothing_else_asks_about_the_task_just_answered(analyzer, question, field):
    followup = read(analyzer, question)
    assert (followup.kind, followup.field) == ("field", field)


@pytest.mark.parametrize(
    ("question", "ordinal", "field"),
    [
        ("第二条详细说说", 2, "detail"),
        ("第2项谁负责", 2, "who"),
        ("第三個什麼時候完成", 3, "when"),
        ("第十二条", 12, None),
        ("最后一项呢", -1, None),
        ("头一个的原文", 1, "text"),
    ],
)
def test_an_ordinal_picks_an_item_of_the_last_answer(analyzer, question, ordinal, field):
    followup = read(analyzer, question, LISTED)
    assert (followup.kind, followup.ordinal, followup.field) == ("pick", ordinal, field)


def test_words_of_an_item_with_a_pointer_pick_that_item(analyzer):
    followup = read(analyzer, "掌上公报那条啥时候完成", LISTED)
    assert (followup.kind, followup.item, followup.field) == ("pick", 2, "when")


@pytest.mark.parametrize(
    ("question", "status", "unit", "sort", "year"),
    [
        ("其中逾期的", "overdue", None, False, None),
        ("这些里面哪些已经过期了", "overdue", None, False, None),
        ("哪些还没到期", "upcoming", None, False, None),
        ("其中长期坚持的有哪些", "ongoing", None, False, None),
        ("只看区党政办公室的", None, "区党政办公室", False, None),
        ("按时间排一下", None, None, True, None),
        ("按完成时间排序", None, None, True, None),
        ("只看2024年的", None, None, False, 2024),
    ],
)
def test_list_words_refine_the_last_list(analyzer, question, status, unit, sort, year):
    followup = read(analyzer, question, LISTED)
    assert (followup.kind, followup.status, followup.unit, followup.sort, followup.year) == (
        "refine",
        status,
        unit,
        sort,
        year,
    )


def test_lead_only_when_the_refinement_says_leads(analyzer):
    followup = read(analyzer, "其中区党政办公室牵头的有哪些", LISTED)
    assert (followup.kind, followup.unit, followup.lead_only) == ("refine", "区党政办公室", True)


@pytest.mark.parametrize("question", ["还有吗", "还有没", "还有呢？", "后面还有没有", "下一页", "更多"])
def test_more_continues_the_last_answer(analyzer, question):
    assert read(analyzer, question, LISTED).kind == "more"


@pytest.mark.parametrize(
    ("question", "place", "year"),
    [
        ("那市中区呢？", "市中区", None),
        ("高新区呢", "高新区", None),
        ("换成博山区呢", "博山区", None),
        ("去年呢", None, "去年"),
        ("2020年的呢", None, "2020年"),
        ("那章丘区去年的呢", "章丘区", "去年"),
    ],
)
def test_a_place_or_year_alone_changes_the_scope_of_the_last_question(analyzer, question, place, year):
    followup = read(analyzer, question)
    assert (followup.kind, followup.place, followup.year_text) == ("shift", place, year)


def test_a_unit_alone_after_a_unit_list_changes_the_unit(analyzer):
    followup = read(analyzer, "那区财政局呢", LISTED)
    assert (followup.kind, followup.unit) == ("shift", "区财政局")


@pytest.mark.parametrize(
    "question",
    [
        "养老院监管信息会公开吗",
        "那正定的养老保险待遇标准啥时候公开",
        "招标公告要写明什么",
        "区人社局负责哪些任务",
        "哪些任务逾期了",
        "第二季度要完成哪些任务",
    ],
)
def test_a_question_with_words_of_its_own_is_new(analyzer, question):
    assert read(analyzer, question).kind == "new"


def test_with_no_previous_answer_every_question_is_new(analyzer):
    for question in ("那它什么时候完成？", "第二条详细说说", "还有吗", "去年呢"):
        assert read(analyzer, question, ConversationState()).kind == "new"


def test_an_ask_back_is_answered_by_number_place_or_words(analyzer):
    places = (Choice("瓦房店市", "瓦房店市老旧小区…", "瓦房店市"), Choice("博山区", "博山区老旧小区…", "博山区"))
    asked = ConversationState(topic=Topic("老旧小区改造信息谁负责公开", "who"), pending=AskBack("place", places))
    assert read(analyzer, "瓦房店", asked).choice == 0
    assert read(analyzer, "第二个", asked).choice == 1
    assert read(analyzer, "2", asked).choice == 1
    tasks = AskBack("task", tuple(Choice(c.label, "", c.task_id or "") for c in ITEMS), field="when")
    which = ConversationState(ITEMS, None, 3, topic=LISTED.topic, pending=tasks)
    assert (read(analyzer, "第一个", which).kind, read(analyzer, "第一个", which).ordinal) == ("pick", 1)
    picked = read(analyzer, "掌上公报那个", which)
    assert (picked.kind, picked.item, picked.field) == ("pick", 2, "when")
    assert read(analyzer, "婺源县义务教育招生政策什么时候公开", asked).kind == "new"
    every = read(analyzer, "都要", asked)
    assert (every.kind, every.choice) == ("choice", None)  # every place: the question as it was asked
    lead = read(analyzer, "第一个的牵头单位", which)
    assert (lead.kind, lead.ordinal, lead.field) == ("pick", 1, "lead")  # the reply's own field wins


@pytest.mark.parametrize(
    ("question", "listed", "kind", "cue"),
    [
        ("它的牵头部门是哪个", False, "field", "lead"),
        ("负责的是谁", False, "field", "who"),
        ("有没有时间要求", False, "field", "when"),
        ("是哪个文件里的", False, "field", "source"),
        ("能说具体点吗", False, "field", "detail"),
        ("那个事儿啥时候办完", False, "field", "when"),
        ("过期了吗", False, "field", "when"),
        ("谁牵投", False, "field", "lead"),
        ("配和单位有哪些", False, "field", "partner"),
        ("有啥要求", False, "field", "detail"),
        ("上一个什么时候完成", False, "field", "when"),
        ("济南市中区的情况呢", False, "shift", "市中区"),
        ("那市中区谁负责呢", False, "shift", "市中区"),
        ("换个地方，济宁高新区的呢", True, "shift", "济宁高新区"),
        ("倒数第二个", True, "pick", -2),
        ("其中哪些是章丘的", True, "refine", ("济南市章丘区",)),
        ("只看今年的", True, "refine", 2026),
        ("有没有逾期的", True, "refine", "overdue"),
        ("一共多少项", True, "refine", None),
        ("再列几个", True, "more", None),
        ("那区财政局呢", True, "shift", "区财政局"),
    ],
)
def test_wordings_built_from_the_vocabulary_read_alike(analyzer, question, listed, kind, cue):
    """Not the dialogue set's wordings: other ways people type the same classes of follow-up."""
    followup = read(analyzer, question, LISTED if listed else ANSWERED)
    values = (followup.field, followup.place, followup.ordinal, followup.regions, followup.year, followup.status)
    assert followup.kind == kind and (cue is None or cue in values or cue == followup.unit)
