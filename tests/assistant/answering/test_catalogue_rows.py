"""A catalogue row says its time limit in a cell of its own: a passage that quotes the row with its time-limit
cell (the words a "how many days" question shares) is that row's evidence, and the answer states the row's unit
and time limit as fields instead of quoting the passage (real page ``tests/real_dev7/linyi_lyj_catalog_2020``)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from assistant.answering.answerer import Assistant
from assistant.answering.render import PassageCitation
from assistant.settings import Settings
from indexer.index.catalog import Catalog

pytestmark = pytest.mark.slow

PAGE = Path(__file__).parents[2] / "real_dev7" / "linyi_lyj_catalog_2020.txt"


@pytest.fixture(scope="module")
def assistant(tmp_path_factory, encoder, registry) -> Assistant:
    index_dir = tmp_path_factory.mktemp("index")
    report = Catalog(index_dir, encoder, registry).build([PAGE])
    assert not report.failures
    settings = Settings(index_dir=index_dir, log_dir=tmp_path_factory.mktemp("logs"))
    return Assistant(settings.knowledge_base(encoder), today=lambda: date(2026, 11, 23))


def test_a_row_is_the_evidence_of_the_passage_that_quotes_its_time_limit(assistant):
    answer = assistant.ask("林业局的政策解读在文件公开后多少天内要更新？")
    best = answer.citations[0]
    assert not isinstance(best, PassageCitation)
    assert best.record.units == ["牵头起草科室"] and "3 个工作日" in best.record.deadline.raw
    assert "提供国家或者省解读链接" in best.record.text
