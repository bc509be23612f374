"""Region and year restrict retrieval before ranking, so copies in other counties cannot crowd a county out."""

from __future__ import annotations

import pytest

import assistant.answering.retriever as retriever_module
from assistant.answering.retriever import HybridRetriever
from indexer.index.catalog import Catalog
from indexer.index.filters import TaskFilter
from indexer.index.reader import KnowledgeBase
from indexer.index.search import embedded
from tests.conftest import DOCUMENTS

pytestmark = pytest.mark.slow

CHANGQIU = "2024_济南市章丘区_政务公开工作要点.md"
OTHER_COUNTIES = ["历城区", "长清区", "平阴县", "济阳区"]


@pytest.fixture(scope="module")
def province(tmp_path_factory, encoder, registry) -> KnowledgeBase:
    """The shipped documents plus the 章丘 plan copied, word for word, into four other counties."""
    folder = tmp_path_factory.mktemp("province")
    for path in DOCUMENTS.iterdir():
        (folder / path.name).write_bytes(path.read_bytes())
    text = (DOCUMENTS / CHANGQIU).read_text(encoding="utf-8")
    for county in OTHER_COUNTIES:
        name = CHANGQIU.replace("章丘区", county)
        (folder / name).write_text(text.replace("章丘区", county).replace("章丘", county[:2]), encoding="utf-8")
    index_dir = tmp_path_factory.mktemp("index")
    assert Catalog(index_dir, encoder, registry).build([folder]).generation is not None
    return KnowledgeBase(index_dir, registry, encoder).load()


@pytest.mark.parametrize("mode", ["keyword", "dense", "hybrid"])
def test_county_is_found_when_copies_elsewhere_fill_the_candidates(province, monkeypatch, mode):
    monkeypatch.setattr(retriever_module, "CANDIDATES", 3)  # fewer candidates than copies of the clause
    hits = HybridRetriever(province, mode=mode).search("政府公报数字化 掌上公报", TaskFilter(region="章丘"), 5)
    assert hits and all("章丘" in h.record.region for h in hits)
    assert any("公报" in h.record.text for h in hits[:2])


def test_year_and_region_that_match_nothing_return_nothing(province):
    assert HybridRetriever(province).search("政府公报", TaskFilter(region="章丘", year=2019), 5) == []


def test_filter_masks_follow_region_substrings_and_years(province):
    scopes = embedded(province.current().search.records).scopes
    changqiu = scopes.allowed(TaskFilter(region="章丘"))
    assert changqiu is not None and 0 < changqiu.sum() < len(changqiu)
    assert scopes.allowed(TaskFilter()) is None
    assert scopes.allowed(TaskFilter(region="济南市")).sum() > changqiu.sum()
    assert not scopes.allowed(TaskFilter(region="章丘", year=2025)).any()
