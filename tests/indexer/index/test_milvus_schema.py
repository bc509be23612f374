"""Milvus names, token escaping and filters: pure functions, checked against the embedded index's own rules."""

from __future__ import annotations

import itertools
import re

import numpy as np
import pytest

from indexer.index.filters import RecordScopes, TaskFilter
from indexer.index.milvus_schema import (
    NOTHING,
    collection_name,
    escape_tokens,
    filter_expression,
    generation_of,
)

GENERATION = "20261206T035838.703945939-5567"


def test_collection_names_carry_the_generation_both_ways():
    name = collection_name("zhengwuyuan", "records", GENERATION)
    assert re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", name)
    assert generation_of("zhengwuyuan", name) == GENERATION
    assert generation_of("other", name) is None
    assert collection_name("zhengwuyuan", "passages", GENERATION) != name
    with pytest.raises(ValueError):
        collection_name("zhengwuyuan", "records", "not-a-generation")


def test_escaped_tokens_split_back_exactly_as_milvus_standard_analyzer_splits():
    tokens = ["双随机、一公开", "PDF", "pdf", "区大数据局", "a_b", "12345", "政务公开"]
    words = re.findall(r"\w+", escape_tokens(tokens).lower())  # the analyzer: \w+, lower-cased
    assert len(words) == len(tokens)
    assert len(set(words)) == len(set(tokens))  # PDF and pdf stay different tokens, as in bm25s
    assert words[3] == "区大数据局" and words[6] == "政务公开"


def _scopes() -> RecordScopes:
    regions = ["", "山东省济南市章丘区", "山东省济南市市中区", "山东省济宁市"]
    rng = np.random.default_rng(0)
    region_ids = rng.integers(0, len(regions), 200).astype(np.int32)
    years = rng.choice([0, 2024, 2025], 200).astype(np.int32)
    return RecordScopes(regions, region_ids, years)


def _admitted(expression: str, scopes: RecordScopes) -> np.ndarray:
    """Evaluate the expression the way Milvus does, for these simple forms (``in`` lists, ``==``, and/or)."""
    python = expression.replace(" and ", " & ").replace(" or ", " | ")
    python = re.sub(r"region in (\[[^\]]*\])", r"np.isin(region, \1)", python)
    python = re.sub(r"year == (\d+)", r"(year == \1)", python)
    region = np.asarray(scopes.regions, dtype=object)[scopes.region_ids]
    return np.asarray(eval(python, {"np": np, "region": region, "year": scopes.years}), dtype=bool)  # noqa: S307


@pytest.mark.parametrize(
    ("region", "regions", "year", "unknown"),
    list(itertools.product([None, "章丘", "济南", "潍坊"], [(), ("山东省济宁市",)], [None, 2025, 2019], [False, True])),
)
def test_filter_expression_admits_exactly_what_the_embedded_mask_admits(region, regions, year, unknown):
    scopes = _scopes()
    task_filter = TaskFilter(region=region, regions=regions, year=year, unknown_places=unknown)
    mask = scopes.allowed(task_filter)
    expression = filter_expression(scopes, task_filter)
    if mask is None:
        assert expression == ""
    elif expression == NOTHING:
        assert not mask.any()
    else:
        assert (_admitted(expression, scopes) == mask).all()
