"""Which office: "哪个科室负责" asks who, by the kind of office, and names no unit (issue 17: a real page,
``tests/real_dev4/jiangmen_wjj_2021``, whose 责任科室 column names 局宣传科研组, 局主办科室 …)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from assistant.answering.answerer import Assistant
from assistant.settings import Settings
from indexer.index.catalog import Catalog
from tests.conftest import DOCUMENTS

pytestmark = pytest.mark.slow

PAGE = Path(__file__).parents[2] / "real_dev4" / "jiangmen_wjj_2021.txt"


@pytest.fixture(scope="module")
def assistant(tmp_path_factory, encoder, registry) -> Assistant:
    index_dir = tmp_path_factory.mktemp("index")
    report = Catalog(index_dir, encoder, registry).build([DOCUMENTS, PAGE])
    assert not report.failures
    settings = Settings(index_dir=index_dir, log_dir=tmp_path_factory.mktemp("logs"))
    return Assistant(settings.knowledge_base(encoder), today=lambda: date(2026, 11, 23))


def test_which_office_asks_who(assistant):
    answer = assistant.ask("新冠肺炎防控信息发布规范化是哪个科室负责的？")
    assert answer.intent == "who" and answer.citations[0].doc_id == "jiangmen_wjj_2021"
    assert "局宣传科研组" in answer.text


def test_which_office_names_no_unit(assistant):
    answer = assistant.ask("修订本单位政府信息公开指南是哪个办公室负责的？")
    assert answer.intent == "who" and answer.filters["unit"] is None
    assert answer.citations[0].doc_id == "jiangmen_wjj_2021" and "局办公室" in answer.text
