"""The shared layout corpus's web page and workbook reach the text formats' bar (≥ 95 % per field)."""

from __future__ import annotations

import pytest

from eval.layouts import DEVELOPMENT_CORPORA, FIELDS, DocumentScore, score_corpus

_SHARED = DEVELOPMENT_CORPORA[0]


@pytest.fixture(scope="module")
def scores() -> list[DocumentScore]:
    return score_corpus(_SHARED)[0]


@pytest.mark.skipif(not (_SHARED / "gold.jsonl").exists(), reason="../shared/layouts is not checked out")
@pytest.mark.parametrize("name", ["fengxiang-2023-web.html", "zhengding-2025-excel.xlsx"])
def test_shared_html_and_excel_meet_the_bar(scores: list[DocumentScore], name: str) -> None:
    score = next(s for s in scores if s.file == name)
    assert not score.error and score.gold >= 10
    for field in FIELDS:
        assert score.right[field] >= 0.95 * score.gold, (field, score.misses)
