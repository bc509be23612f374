"""Known places first, time limits asked as lengths, a unit's own year (issue 17, real pages).

Two catalogues name an 办公室: one of 黄石市 (``huangshi_scjgj_catalog``), one whose page names no place
(``city_wjw_catalog``). A unit asked with a place lists the known place's tasks; an unknown-place document is
a candidate only where no document of the place names the unit. "多少天之内要公开" asks for a time limit, and
the catalogue's row answers it (the page's numbered title line is no task to answer it with). A unit asked of
今年 looks for the nearest year among the documents that name it (``zhoucun_wjj_2021``), not among all
documents. 上海 asked: 上海市's own plan (``tests/real_dev2/shanghai_2025_trad``) answers before 奉贤区's, which
copies its clauses."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from assistant.answering.answerer import Assistant
from assistant.settings import Settings
from indexer.index.catalog import Catalog
from tests.conftest import DOCUMENTS

pytestmark = pytest.mark.slow

_TESTS = Path(__file__).parents[2]
PAGES = [
    *(
        _TESTS / "real_dev3" / f"{name}.txt"
        for name in ("huangshi_scjgj_catalog", "city_wjw_catalog", "fengtun_town_catalog_trad", "zhoucun_wjj_2021")
    ),
    *(_TESTS / "real_dev2" / f"{name}.txt" for name in ("shanghai_2025_trad", "fengxian_2025")),
]


@pytest.fixture(scope="module")
def assistant(tmp_path_factory, encoder, registry) -> Assistant:
    index_dir = tmp_path_factory.mktemp("index")
    report = Catalog(index_dir, encoder, registry).build([DOCUMENTS, *PAGES])
    assert not report.failures
    settings = Settings(index_dir=index_dir, log_dir=tmp_path_factory.mktemp("logs"))
    return Assistant(settings.knowledge_base(encoder), today=lambda: date(2026, 11, 23))


def test_a_unit_asked_with_a_place_lists_that_places_documents(assistant):
    answer = assistant.ask("黄石市市场监督管理局办公室负责公开哪些内容？")
    assert answer.intent == "list" and answer.citations
    assert {c.doc_id for c in answer.citations} == {"huangshi_scjgj_catalog"}


def test_a_time_limit_asked_as_a_length_is_answered_from_the_catalogue_row(assistant):
    answer = assistant.ask("镇里发的政府文件多少天之内要公开")
    assert answer.intent == "when"
    best = answer.citations[0].to_dict()
    assert best["doc_id"] == "fengtun_town_catalog_trad" and "3個工作日" in answer.text


def test_a_units_this_year_is_the_nearest_year_of_the_documents_naming_it(assistant):
    answer = assistant.ask("医政医管与疾控监督科今年要公开哪些监督检查情况？")
    assert answer.filters["year"] == 2021 and answer.citations[0].doc_id == "zhoucun_wjj_2021"
    assert "以下按最近的2021年文件回答" in answer.text


def test_a_citys_own_plan_answers_before_its_districts(assistant):
    answer = assistant.ask("上海法定主动公开事项目录编制是哪些单位负责，有完成时间吗")
    assert answer.citations[0].doc_id == "shanghai_2025_trad"
