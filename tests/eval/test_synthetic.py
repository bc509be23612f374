"""The synthetic corpus: real material, the parser's layout, the same files for the same seed."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.settings import Settings
from eval.synthetic import ROWS_PER_DOCUMENT, Pools, derived_vectors, write_corpus
from indexer.index.writer import passage_index_text, record_text
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
    written = write_corpus(pools, 250, tmp_path / "a", seed=3)
    write_corpus(pools, 250, tmp_path / "b", seed=3)
    names = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert len(names) == 3  # 100 + 100 + 50 rows
    for name in names:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    files = collect_files([tmp_path / "a"]).files
    parsed = [parse_file(path) for path in files]
    records = [r for p in parsed for r in p.records]
    assert len(records) == written == 250
    assert len(parsed[0].records) == ROWS_PER_DOCUMENT
    assert all(r.units for r in records)
    assert sum(r.deadline.kind == "date" for r in records) > 0.6 * len(records)
    first = records[0]
    assert first.region == parsed[0].document.region and first.year == parsed[0].document.year
    # A row whose 工作任务 cell names its own task carries it first ("title：requirement"); the rest are pool sentences.
    title, colon, requirement = first.text.partition("：")
    assert (requirement if colon and title in pools.titles else first.text).startswith(tuple(pools.sentences))


@pytest.mark.slow
def test_derived_vectors_are_normalised_sums_of_the_pieces_each_text_holds(encoder, tmp_path):
    pools = _pools()
    write_corpus(pools, 120, tmp_path, seed=1)
    parsed = [parse_file(path) for path in collect_files([tmp_path]).files]
    records = [record_text(r) for p in parsed for r in p.records]
    windows = [passage_index_text(x) for p in parsed for x in p.passages]
    for texts in (records, windows):
        vectors = np.zeros((len(texts), encoder.dimension), np.float32)
        derived_vectors(pools, encoder, texts, vectors, np.arange(len(texts)))
        np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, rtol=1e-5)
        real = encoder.encode_passages(texts)
        assert float(np.mean(np.sum(vectors * real, axis=1))) > 0.8  # a derived vector points where the text does
    first = parsed[0].records[0]
    heading = first.section.rsplit(" > ", 1)[-1]
    sentences = [s for s in pools.sentences if s in first.text]
    expected = encoder.encode_passages([heading, *sentences]).sum(axis=0)
    vectors = np.zeros((1, encoder.dimension), np.float32)
    derived_vectors(pools, encoder, records[:1], vectors, np.arange(1))
    np.testing.assert_allclose(vectors[0], expected / np.linalg.norm(expected), atol=1e-5)
