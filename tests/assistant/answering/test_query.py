"""Question understanding: filters, units, intents, and refusals of bad questions."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.answering.query import QuestionAnalyzer, QuestionError
from assistant.answering.regions import RegionIndex
from indexer.gazetteer import Gazetteer
from indexer.models import Document

REGIONS = ["济南市市中区", "济南市章丘区", "博山区", "济宁高新区"]
UNITS = ["区大数据局", "区人社局", "区党政办公室", "区政府办公室", "区卫健局"]
TODAY = date(2026, 11, 23)


@pytest.fixture(scope="module")
def analyzer(registry) -> QuestionAnalyzer:
    documents = [Document(f"d{i}", "要点", r, 2025, None, None, "p", "0") for i, r in enumerate(REGIONS)]
    return QuestionAnalyzer(RegionIndex(documents, Gazetteer.load()), UNITS, registry, 500, lambda: TODAY)


@pytest.mark.parametrize(
    ("question", "intent", "region", "year", "unit"),
    [
        ("区大数据局今年负责哪些任务？", "list", None, 2026, "区大数据局"),
        ("章丘区人社局今年有啥活要干", "list", "济南市章丘区", 2026, "区人社局"),
        ("政策解读工作指引誰牽頭？", "who", None, None, None),
        ("那个 嗯 去年高新区有哪些任务逾期了", "overdue", "济宁高新区", 2025, None),
        ("大数据局有哪些任务", "list", None, None, "区大数据局"),
        ("哪些任务9月底前要完成？", "due", None, None, None),
        ("政策解读工作指引谁牵头？", "who", None, None, None),
        ("2020年市中区政务公开事项标准目录什么时候编完？", "when", "济南市市中区", 2020, None),
        ("济宁高新区政府开放活动什么时候前办完？", "when", "济宁高新区", None, None),
        ("区大数据局在区政府办公室牵头的工作里负责哪些？", "list", None, None, "区大数据局"),
        ("章丘区各部门每年要开展几次专题性政策评价？", "howmany", "济南市章丘区", None, None),
        ("我家老人想了解养老院监管情况，会公开吗？", "what", None, None, None),
        ("高新区政务公开专区要延伸到哪些公共场所？", "what", "济宁高新区", None, None),
        ("人社局负责哪些工作", "list", None, None, "区人社局"),
        # the last clause says what is asked: the leaders' portfolio is the topic, who publishes it the question
        ("区人社局领导是谁、分管什么，这些信息归哪个部门公开", "who", None, None, "区人社局"),
        ("区人社局归哪个部门管，负责哪些任务", "list", None, None, "区人社局"),
        # "哪个办公室" asks which office (by its kind), never the unit 办公室: the question asks who
        ("领导简介和分工是哪个办公室负责公开的？", "who", None, None, None),
        ("政务公开考核由什么科室牵头", "who", None, None, None),
        ("区党政办公室负责哪些任务", "list", None, None, "区党政办公室"),
        # a time limit asked as a length asks when
        ("镇里发的政府文件多少天之内要公开", "when", None, None, None),
        ("政策解读材料要在多长时间内挂出来", "when", None, None, None),
        ("财政预算几个工作日内公开", "when", None, None, None),
        ("区人社局在政务公开任务里要配合做什么？", "list", None, None, "区人社局"),
    ],
)
def test_analyze(analyzer, question, intent, region, year, unit):
    query = analyzer.analyze(question)
    assert (query.intent, query.scope.regions, query.year) == (intent, (region,) if region else (), year)
    if unit:
        assert analyzer.registry.key(query.unit) == analyzer.registry.key(unit)
    else:
        assert query.unit is None


def test_filters_are_removed_from_search_text(analyzer):
    query = analyzer.analyze("2020年市中区窗口服务质量由哪个部门牵头？")
    assert "市中区" not in query.search_text and "2020" not in query.search_text


def test_unknown_places_are_named(analyzer):
    assert analyzer.analyze("历下区的政务公开要点有哪些？").scope.missing == "历下区"
    # 济南高新区 is not 济宁高新区, even though both end in 高新区
    query = analyzer.analyze("济南高新区政务公开专区在哪")
    assert (query.scope.regions, query.scope.missing) == ((), "济南高新区")
    # a unit of a place the knowledge base lacks keeps its place
    assert analyzer.analyze("威海市商务局负责哪些任务").scope.missing == "威海市"
    # 枣庄's 市中区 is not 济南's
    assert analyzer.analyze("枣庄市市中区有哪些任务").scope.regions == ()


def test_shared_names_resolve_to_the_covered_place_with_its_label(analyzer):
    scope = analyzer.analyze("市中区政务公开要点有哪些任务").scope
    assert scope.regions == ("济南市市中区",) and scope.labels == ("山东省济南市市中区",)
    assert analyzer.analyze("济南有哪些任务").scope.regions == ("济南市市中区", "济南市章丘区")
    assert analyzer.analyze("惠农资金补助发放要公示吗").scope.regions == ()  # a county's short form inside a word


def test_due_date_resolves_with_document_year(analyzer):
    query = analyzer.analyze("哪些任务9月底前要完成？")
    assert analyzer.due_date(query, 2025) == "2025-09-30"
    assert analyzer.due_date(analyzer.analyze("九月底之前要完成的任务有哪些"), 2025) == "2025-09-30"


@pytest.mark.parametrize("question", ["", "   ", "\x00\x01\t\n"])
def test_empty_questions_are_refused(analyzer, question):
    with pytest.raises(QuestionError, match="问题为空"):
        analyzer.analyze(question)


def test_long_questions_state_the_limit(analyzer):
    with pytest.raises(QuestionError, match="500 字以内"):
        analyzer.analyze("政" * 5000)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=600))
def test_arbitrary_text_raises_only_question_errors(analyzer, text):
    try:
        analyzer.analyze(text)
    except QuestionError:
        pass


def test_a_unit_written_without_its_prefix_is_the_fuller_known_unit(registry):
    units = ["办公室", "学校信息公开办公室", "局政务公开领导小组办公室", "局办公室"]
    units += ["甲校综合档案室", "乙校综合档案室", "档案室"]
    documents = [Document("d0", "要点", "博山区", 2025, None, None, "p", "0")]
    analyzer = QuestionAnalyzer(RegionIndex(documents, Gazetteer.load()), units, registry, 500, lambda: TODAY)
    assert analyzer.analyze("立达学院的信息公开办公室都负责哪些事？").unit == "学校信息公开办公室"
    assert analyzer.analyze("文广旅局的政务公开领导小组办公室负责哪些工作？").unit == "局政务公开领导小组办公室"
    assert analyzer.analyze("卫健局办公室负责哪些工作？").unit == "局办公室"  # none ends with 卫健局办公室
    assert analyzer.analyze("请问综合档案室负责哪些工作？").unit == "档案室"  # two schools' 综合档案室 fit
