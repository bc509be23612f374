"""The keyword index ranks exactly as bm25s's own full scoring, while reading fewer postings."""

from __future__ import annotations

import json

import numpy as np
import pytest

from assistant.settings import PROJECT_ROOT, Settings
from eval.synthetic import Pools, write_corpus
from indexer.index.keyword import JiebaTokenizer, KeywordIndex
from indexer.index.writer import record_text
from indexer.parsing.parse import collect_files, parse_file

QUESTIONS = [json.loads(line)["question"] for line in (PROJECT_ROOT / "eval" / "dev_questions.jsonl").open()]


def _stock_top(index: KeywordIndex, question: str, k: int) -> list[tuple[int, float]]:
    ids = [index._vocab[t] for t in index.tokenizer(question) if t in index._vocab]
    if not ids:
        return []
    scores = index.bm25.get_scores_from_ids(ids)
    ranked = sorted((int(p) for p in np.flatnonzero(scores > 0)), key=lambda p: (-scores[p], p))
    return [(p, float(scores[p])) for p in ranked[:k]]


def _assert_same_ranking(index: KeywordIndex, questions: list[str], k: int) -> None:
    for question in questions:
        ours, stock = index.search(question, k), _stock_top(index, question, k)
        assert len(ours) == len(stock), question
        np.testing.assert_allclose([s for _, s in ours], [s for _, s in stock], rtol=1e-5, err_msg=question)
        # Same records, except where equal scores straddle the k-th place.
        cutoff = stock[-1][1] if stock else 0
        assert {p for p, s in ours if s > cutoff * (1 + 1e-5)} == {p for p, s in stock if s > cutoff * (1 + 1e-5)}


@pytest.fixture(scope="module")
def synthetic_index(tmp_path_factory, registry) -> KeywordIndex:
    settings = Settings()
    pools = Pools.from_knowledge_base(settings.documents_dir)
    folder = tmp_path_factory.mktemp("corpus")
    write_corpus(pools, 3000, folder, seed=7)
    files = collect_files([folder]).files
    passages = [record_text(r) for path in files for r in parse_file(path).records]
    return KeywordIndex.build(passages, JiebaTokenizer([*registry.known_names(), *pools.units]))


@pytest.mark.slow
def test_shipped_index_ranks_like_stock_bm25s(index_settings):
    from indexer.index.layout import read_current

    folder, _ = read_current(index_settings.index_dir)
    index = KeywordIndex.load(folder / "keyword")
    _assert_same_ranking(index, QUESTIONS, 100)
    _assert_same_ranking(index, QUESTIONS, 5)


def test_synthetic_corpus_ranks_like_stock_bm25s(synthetic_index):
    _assert_same_ranking(synthetic_index, QUESTIONS, 100)
    _assert_same_ranking(synthetic_index, QUESTIONS, 10)
    _assert_same_ranking(synthetic_index, ["政务公开 政务公开 政策解读", "公开", "的"], 10)


def test_repeated_questions_rank_the_same(synthetic_index):
    first = synthetic_index.search(QUESTIONS[0], 10)
    for question in QUESTIONS[:30]:
        synthetic_index.search(question, 100)
    assert synthetic_index.search(QUESTIONS[0], 10) == first


def test_unknown_words_and_zero_k_return_nothing(synthetic_index):
    assert synthetic_index.search("量子引力弦论", 10) == []
    assert synthetic_index.search(QUESTIONS[0], 0) == []


def test_allowed_records_are_ranked_among_themselves(synthetic_index):
    total = int(synthetic_index.bm25.scores["num_docs"])
    allowed = np.zeros(total, dtype=bool)
    allowed[: total // 3] = True
    for question in QUESTIONS[:40] + ["政务公开 政策解读 公开"]:
        ranked = synthetic_index.search(question, total)
        expected = [(p, s) for p, s in ranked if allowed[p]][:20]
        got = synthetic_index.search(question, 20, allowed)
        assert all(allowed[p] for p, _ in got)
        assert [s for _, s in got] == [s for _, s in expected]
        cutoff = expected[-1][1] if expected else 0  # records tied with the 20th may take its place
        assert [p for p, s in got if s > cutoff] == [p for p, s in expected if s > cutoff]
