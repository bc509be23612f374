"""The Milvus backend on milvus-lite (started by the tests, in a tmp folder): same candidates as the embedded
index, the alias follows each write, abandoned writes leave nothing, an unreachable server is named."""

from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("milvus_lite")

from assistant.settings import PROJECT_ROOT  # noqa: E402
from indexer.errors import SearchUnavailable  # noqa: E402
from indexer.index import layout  # noqa: E402
from indexer.index.catalog import Catalog  # noqa: E402
from indexer.index.filters import TaskFilter  # noqa: E402
from indexer.index.layout import current_name, read_current  # noqa: E402
from indexer.index.milvus import MilvusBackend  # noqa: E402
from indexer.index.reader import open_snapshot  # noqa: E402
from indexer.index.search import EmbeddedBackend  # noqa: E402

DOCUMENTS = PROJECT_ROOT / "knowledge_base" / "documents"


class FakeEncoder:
    """Deterministic vectors from a text's hash: no model."""

    model_name = "fake"
    dimension = 32

    def encode_passages(self, texts, out=None, rows=None, show_progress=False):  # noqa: ANN001, ANN201
        targets = np.arange(len(texts)) if rows is None else np.asarray(rows)
        for target, text in zip(targets, texts, strict=True):
            out[target] = _vector(text)
        return out


def _vector(text: str) -> np.ndarray:
    vector = np.random.default_rng(abs(hash(text)) % 2**32).standard_normal(FakeEncoder.dimension)
    return (vector / np.linalg.norm(vector)).astype(np.float32)


@pytest.fixture(scope="module")
def milvus_index(tmp_path_factory, registry):  # noqa: ANN001, ANN201
    index_dir = tmp_path_factory.mktemp("milvus-index")
    backend = MilvusBackend(str(index_dir / "milvus.db"), prefix="t")
    files = sorted(DOCUMENTS.iterdir())
    catalog = Catalog(index_dir, FakeEncoder(), registry, backend=backend)  # type: ignore[arg-type]
    assert catalog.build(files[:-1]).generation is not None
    return index_dir, backend, catalog, files


def test_both_backends_give_the_same_candidates_for_every_question_and_filter(milvus_index, registry):
    index_dir, backend, _, _ = milvus_index
    folder, _ = read_current(index_dir)
    embedded = open_snapshot(folder, registry, backend=EmbeddedBackend()).search
    milvus = open_snapshot(folder, registry, backend=backend).search
    questions = [json.loads(x)["question"] for x in (PROJECT_ROOT / "eval/dev_questions.jsonl").open(encoding="utf-8")]
    filters = [
        TaskFilter(),
        TaskFilter(region="章丘"),
        TaskFilter(regions=("山东省济南市章丘区",), year=2025, unknown_places=True),
        TaskFilter(year=2024),
        TaskFilter(region="潍坊"),
    ]
    same, total = 0, 0
    for question in questions[:60]:
        vector = _vector(question)
        for task_filter in filters:
            for channel in ("records", "passages"):
                a = getattr(embedded, channel).search(question, vector, 50, task_filter)
                b = getattr(milvus, channel).search(question, vector, 50, task_filter)
                total += 2
                same += [p for p, _ in a.keyword] == [p for p, _ in b.keyword]
                same += [p for p, _ in a.dense] == [p for p, _ in b.dense]
                scores = dict(b.keyword) | {-1 - p: s for p, s in b.dense}
                for p, s in a.keyword:  # BM25 on bm25s's scale, cosines as FAISS gives them
                    assert p not in scores or scores[p] == pytest.approx(s, rel=1e-4)
                for p, s in a.dense:
                    assert -1 - p not in scores or scores[-1 - p] == pytest.approx(s, abs=1e-5)
    assert same / total >= 0.99, f"{same}/{total} candidate lists identical"


def test_the_alias_follows_each_write_and_only_kept_generations_stay(milvus_index):
    index_dir, backend, catalog, files = milvus_index
    catalog.add([(files[-1], files[-1].name)])
    assert backend.current(index_dir) == current_name(index_dir)
    catalog.remove(files[0].stem)
    time.sleep(1.1)  # past the alias cache: read from Milvus itself
    assert backend.current(index_dir) == current_name(index_dir)
    with backend.calls() as client:
        collections = [c for c in client.list_collections() if c.startswith("t_")]
    assert len(collections) == 4  # records + passages of the current and the previous generation


def test_a_write_abandoned_after_publishing_leaves_nothing_in_milvus(milvus_index, monkeypatch):
    index_dir, backend, catalog, files = milvus_index
    with backend.calls() as client:
        before = sorted(client.list_collections())
    live = backend.current(index_dir)

    def broken(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(layout, "_write_atomic", broken)  # CURRENT cannot be switched
    with pytest.raises(Exception):  # noqa: B017 - DiskFull or OSError, either way nothing is left
        catalog.add([(files[0], files[0].name)])
    monkeypatch.undo()
    with backend.calls() as client:
        assert sorted(client.list_collections()) == before
    assert backend.current(index_dir) == live == current_name(index_dir)


def test_an_unreachable_milvus_is_a_clear_error_naming_its_uri(tmp_path: Path):
    backend = MilvusBackend("http://127.0.0.1:1", prefix="t")
    with pytest.raises(SearchUnavailable, match=r"http://127\.0\.0\.1:1"):
        backend.check()
