"""Never worse than a chunk retriever: what no record holds is quoted from its passage, never refused, and
never dressed up as a unit or a date (issue 23); a document of no known place answers any place's question,
saying so (issue 17)."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.answering.answerer import Assistant
from assistant.answering.render import PassageCitation
from assistant.settings import PROJECT_ROOT, Settings
from indexer.index.catalog import Catalog
from tests.conftest import DOCUMENTS, write
from tests.indexer.parsing.test_passages import NOTICE

# A real notice of 洋县文化和旅游局 whose tasks it gives to others (各相关单位, 文化馆(站)、图书馆…), never to itself.
_LIBRARIES = PROJECT_ROOT / "tests" / "real_dev14" / "yangxian_wlj_zhinan_notice.txt"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def settings(tmp_path_factory, encoder, registry) -> Settings:
    folder = tmp_path_factory.mktemp("corpus")
    notice = write(folder, "notice.txt", NOTICE)  # no title, no place, no task structure
    index_dir = tmp_path_factory.mktemp("index")
    report = Catalog(index_dir, encoder, registry).build([DOCUMENTS, notice, _LIBRARIES])
    assert not report.failures
    return Settings(index_dir=index_dir, log_dir=tmp_path_factory.mktemp("logs"))


def _assistant(settings: Settings, encoder, channels: str = "both") -> Assistant:  # noqa: ANN001
    kb = settings.knowledge_base(encoder)
    return Assistant(kb, today=lambda: date(2026, 11, 23), channels=channels)  # type: ignore[arg-type]


def test_what_no_record_holds_is_quoted_with_its_lines(settings, encoder):
    answer = _assistant(settings, encoder).ask("惠民补贴发放名单在哪个栏目播报？")
    best = answer.citations[0]
    assert answer.outcome == "answer" and isinstance(best, PassageCitation)
    assert answer.text.startswith("据《notice》（文件未写明地区），相关原文：")
    assert "乡音大喇叭" in answer.text and "请以原文为准" in answer.text
    cited = best.to_dict()
    assert cited["kind"] == "passage" and cited["lead_units"] == [] and cited["deadline"] is None
    assert cited["source"]["line_start"] <= 3 <= cited["source"]["line_end"]


def test_records_alone_lose_what_only_the_passages_hold(settings, encoder):
    answer = _assistant(settings, encoder, "records").ask("惠民补贴发放名单在哪个栏目播报？")
    assert "notice" not in {c.doc_id for c in answer.citations}


def test_out_of_scope_questions_are_still_refused(settings, encoder):
    for question in ("我想办理护照需要什么材料？", "明天济南限号吗", "帮我写一首关于春天的诗"):
        assert _assistant(settings, encoder).ask(question).outcome == "refuse", question


def test_a_place_the_base_lacks_is_answered_only_from_a_document_of_unknown_place_and_says_so(settings, encoder):
    answer = _assistant(settings, encoder).ask("潍坊市惠民补贴发放名单在哪个栏目播报？")
    assert answer.outcome == "answer" and answer.text.startswith("知识库中没有潍坊市的文件")
    assert "未写明地区" in answer.text and "乡音大喇叭" in answer.text
    assert {c.doc_id for c in answer.citations} == {"notice"}
    refused = _assistant(settings, encoder).ask("潍坊市的地铁票价多少钱？")
    assert refused.outcome == "refuse" and refused.text.startswith("知识库中没有潍坊市的文件")


def test_a_named_place_is_answered_from_its_own_documents_first(settings, encoder):
    answer = _assistant(settings, encoder).ask("章丘区政府公报数字化谁负责？")
    assert answer.outcome == "answer" and {c.region for c in answer.citations} == {"济南市章丘区"}


def test_a_unit_no_record_names_is_answered_from_the_text_after_saying_so(settings, encoder):
    """A list of a unit's tasks is a complete answer from the records; where no record names the unit (a missed
    parse) the clauses and passages the question finds follow, never a bare refusal."""
    answer = _assistant(settings, encoder).ask("洋县文化和旅游局要承担哪些工作？")  # the issuer: no record's unit
    assert answer.outcome != "refuse"
    assert answer.text.startswith("知识库中没有找到") and "以下是与问题相关的内容" in answer.text
    assert answer.citations[0].doc_id == "yangxian_wlj_zhinan_notice"
