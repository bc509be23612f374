"""The encoder backends: ONNX gives torch's vectors; batches land in the rows asked for."""

from __future__ import annotations

import numpy as np
import pytest

from indexer.embedding.encoder import Encoder
from indexer.errors import ZhengwuyuanError

SENTENCES = [
    "我家老人想了解养老院监管情况，会公开吗？",
    "区大数据局今年负责哪些任务？",
    "持续完善并动态调整更新主动公开事项目录，确保事项目录与现行有效的法律、法规、规章的规定一致。",
    "政策解读",
]


def test_unknown_backend_is_refused_in_chinese():
    with pytest.raises(ZhengwuyuanError, match="未知的向量模型后端"):
        Encoder(backend="tensorrt")


@pytest.mark.slow
def test_onnx_matches_torch_and_int8_stays_close(encoder):
    torch_encoder = Encoder(cache_dir=encoder.cache_dir, backend="torch").load()
    int8 = Encoder(cache_dir=encoder.cache_dir, backend="onnx-int8").load()
    reference = torch_encoder.encode_passages(SENTENCES)
    assert np.sum(encoder.encode_passages(SENTENCES) * reference, axis=1).min() >= 0.9999
    assert np.sum(int8.encode_passages(SENTENCES) * reference, axis=1).min() >= 0.95
    query = SENTENCES[0]
    assert float(encoder.encode_query(query) @ torch_encoder.encode_query(query)) >= 0.9999


@pytest.mark.slow
def test_passages_go_to_the_rows_asked_for_whatever_the_batch_order(encoder, tmp_path):
    alone = np.stack([encoder.encode_passages([s])[0] for s in SENTENCES])
    out = np.lib.format.open_memmap(tmp_path / "v.npy", mode="w+", dtype=np.float32, shape=(6, encoder.dimension))
    encoder.encode_passages(SENTENCES, out=out, rows=np.array([5, 0, 3, 1]))
    np.testing.assert_allclose(out[[5, 0, 3, 1]], alone, atol=1e-4)
    assert not out[[2, 4]].any()
    np.testing.assert_allclose(np.linalg.norm(out[[0, 1, 3, 5]], axis=1), 1.0, rtol=1e-5)
