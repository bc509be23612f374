"""The synthetic corpus: real material, the parser's layout, the same files for the same seed."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.settings import Settings
from eval.synthetic import ROWS_PER_DOCUMENT, Pools, derived_vectors, write_corpus
from indexer.parsing.parse import collect_files, parse_file


def _pools() -> Pools:
    settings = Settings()
    return Pools.from_knowledge_base(settings.documents_dir)


def test_pools_hold_real_sentences_units_deadlines_and_regions():
    pools = _pools()
    assert len(pools.sentences) > 300 and len(pools.titles) > 50
    assert "区大数据局" in pools.units
    assert "长期坚持" in pools.deadlines and any(d.endswith("月底前") for d in pools.deadlines)
    assert "济南市历下区" in pools.regions


def test_same_seed_writes_the_same_corpus_and_it_parses_fully(tmp_path):
    pools = _pools()
    rows = write_corpus(pools, 250, tmp_path / "a", seed=3)
    write_corpus(pools, 250, tmp_path / "b", seed=3)
    names = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert len(names) == 3  # 100 + 100 + 50 rows
    for name in names:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    files = collect_files([tmp_path / "a"]).files
    parsed = [parse_file(path) for path in files]
    records = [r for p in parsed for r in p.records]
    assert len(records) == len(rows) == 250
    assert len(parsed[0].records) == ROWS_PER_DOCUMENT
    assert all(r.units for r in records)
    assert sum(r.deadline.kind == "date" for r in records) > 0.6 * len(records)
    first = records[0]
    assert first.region == parsed[0].document.region and first.year == parsed[0].document.year
    assert pools.sentences[rows[0].sentences[0]] in first.text


@pytest.mark.slow
def test_derived_vectors_are_normalised_sums_of_real_ones(encoder, tmp_path):
    pools = _pools()
    rows = write_corpus(pools, 120, tmp_path, seed=1)
    vectors = derived_vectors(pools, rows, encoder, np.zeros((len(rows), encoder.dimension), np.float32))
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, rtol=1e-5)
    first = rows[0]
    expected = encoder.encode_passages([pools.titles[first.title], *(pools.sentences[i] for i in first.sentences)])
    expected = expected.sum(axis=0)
    np.testing.assert_allclose(vectors[0], expected / np.linalg.norm(expected), atol=1e-5)
