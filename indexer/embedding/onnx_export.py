"""Export a sentence-transformers model's transformer to ONNX, once, into the model cache.

sentence-transformers' own ONNX backend needs optimum-onnx, which pins
transformers below 5 and so cannot be installed beside this project; the
export here is torch's own exporter. On this 2-core CPU onnxruntime embeds a
question about 2.5 times faster than torch with the same vectors (cosine
≥ 0.9999), see eval/BENCH.md. Only the transformer is exported: pooling and
normalisation stay in numpy, in :mod:`indexer.embedding.encoder`.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import warnings
from pathlib import Path

from indexer.errors import ZhengwuyuanError

__all__ = ["QUANTIZED", "ensure_onnx", "onnx_path"]

log = logging.getLogger("zhengwuyuan.embedding")
QUANTIZED = "int8"
_OPSET = 17
_CHECK_SENTENCES = ["区大数据局今年负责哪些任务？", "推进政务公开标准化规范化建设，完善政策解读工作机制。"]


def onnx_path(model_folder: Path, cache_dir: Path, variant: str | None = None) -> Path:
    """Where the export of ``model_folder`` lives: keyed by its path and weights, so a changed model re-exports."""
    weights = sorted(model_folder.glob("*.safetensors")) + sorted(model_folder.glob("*.bin"))
    key = hashlib.sha256(str(model_folder.resolve()).encode())
    for path in weights:
        stat = path.stat()
        key.update(f"{path.name}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    name = "model.onnx" if variant is None else f"model.{variant}.onnx"
    return cache_dir / "onnx" / f"{model_folder.name}-{key.hexdigest()[:12]}" / name


def ensure_onnx(model_folder: Path, cache_dir: Path, variant: str | None = None) -> Path:
    """The export of ``model_folder`` (fp32, or dynamically quantised for ``variant="int8"``), written on first use."""
    target = onnx_path(model_folder, cache_dir, variant)
    if target.exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f"{target.stem}.{os.getpid()}.partial")  # concurrent first uses never share it
    if variant == QUANTIZED:
        from onnxruntime.quantization import QuantType, quantize_dynamic

        source = ensure_onnx(model_folder, cache_dir)
        quantize_dynamic(str(source), str(partial), weight_type=QuantType.QInt8)
    else:
        log.info("首次使用：把向量模型导出为 ONNX（只做一次，约 10–30 秒）")
        _export_checked(model_folder, partial)
    os.replace(partial, target)
    return target


def _export_checked(model_folder: Path, partial: Path) -> None:
    """Export the model's transformer to ``partial`` and check it against torch on a few sentences."""
    import numpy as np
    import torch
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(model_folder), device="cpu")
    pooling = json.loads((model_folder / "1_Pooling" / "config.json").read_text(encoding="utf-8"))
    if not pooling.get("pooling_mode_mean_tokens"):
        raise ZhengwuyuanError(
            f"模型 {model_folder} 不是均值池化，ONNX 后端不支持；请设置 ZHENGWUYUAN_ENCODER_BACKEND=torch"
        )
    transformer: torch.nn.Module = model[0].auto_model.eval()  # type: ignore[union-attr]  # module 0 is the Transformer

    class _LastHidden(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.transformer = transformer

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
            hidden: torch.Tensor = self.transformer(
                input_ids=input_ids, attention_mask=attention_mask
            ).last_hidden_state
            return hidden

    sample = model.tokenizer(_CHECK_SENTENCES, padding=True, return_tensors="pt")
    axes = {0: "batch", 1: "tokens"}
    with torch.inference_mode(), warnings.catch_warnings():
        # The tracer warns that two Python booleans in transformers' attention code (a padding offset
        # check, is_causal) become constants; for this bidirectional encoder they are the same for
        # every input, and the export is compared value by value with torch below (padded batch of two
        # lengths), so a wrong trace fails loudly instead of hiding behind a warning.
        warnings.filterwarnings("ignore", category=torch.jit._trace.TracerWarning)
        # Opset 17 spells aten::index as Reshape/Transpose/Concat/Gather: informational, same check.
        warnings.filterwarnings("ignore", message="Exporting aten::index operator", category=UserWarning)
        expected = transformer(input_ids=sample["input_ids"], attention_mask=sample["attention_mask"])
        expected = expected.last_hidden_state.numpy()  # before exporting, which leaves the module traced
        torch.onnx.export(
            _LastHidden(),
            (sample["input_ids"], sample["attention_mask"]),
            str(partial),
            input_names=["input_ids", "attention_mask"],
            output_names=["last_hidden_state"],
            dynamic_axes={"input_ids": axes, "attention_mask": axes, "last_hidden_state": axes},
            opset_version=_OPSET,
            dynamo=False,
        )
    import onnxruntime

    session = onnxruntime.InferenceSession(str(partial), providers=["CPUExecutionProvider"])
    got = session.run(None, {k: sample[k].numpy() for k in ("input_ids", "attention_mask")})[0]
    real = sample["attention_mask"].numpy().astype(bool)  # padding positions are masked out by pooling
    if not np.allclose(got[real], expected[real], atol=1e-3):
        partial.unlink()
        raise ZhengwuyuanError(
            f"模型 {model_folder} 导出为 ONNX 后输出与原模型不一致；请设置 ZHENGWUYUAN_ENCODER_BACKEND=torch"
        )
