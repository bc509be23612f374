"""How a generation looks in Milvus: collection and alias names, fields, index parameters, filter expressions.

One collection per channel per generation (``<prefix>_records_<generation>``
and ``<prefix>_passages_<generation>``): BM25 statistics are per
collection, and the embedded index keeps them per channel too. One alias,
``<prefix>_live``, names the live generation's records collection; readers
take the generation from it and search both collections of that generation,
so one ``alter_alias`` switches both channels at once, like ``CURRENT``.

Fields: ``pos`` (the row position in the records store: the primary key),
``doc_id``, ``region`` ("" when unknown), ``year`` (0 when unknown),
``tokens`` (the jieba tokens of the embedded keyword index, escaped so that
Milvus's standard analyzer splits exactly there), ``sparse`` (BM25 over
``tokens``, a Milvus function) and ``vector``. The records themselves stay
in the generation's SQLite file (see docs/SCALE.md for why).
"""

from __future__ import annotations

import json
import re
from typing import Any

from indexer.index.dense import EXACT_LIMIT
from indexer.index.filters import RecordScopes, TaskFilter

__all__ = [
    "BM25_B",
    "BM25_K1",
    "CHANNELS",
    "NOTHING",
    "alias_name",
    "collection_name",
    "escape_tokens",
    "filter_expression",
    "generation_of",
    "index_params",
    "schema_fields",
]

CHANNELS = ("records", "passages")
BM25_K1 = 1.5  # bm25s's defaults, so scores agree with the embedded index (Milvus's are (k1 + 1) times as large)
BM25_B = 0.75
MAX_TOKENS_BYTES = 65_535
NOTHING = "__nothing__"
"""The filter admits no row: search nothing."""
_GENERATION = re.compile(r"^(\d{8}T\d{6})\.(\d{9})-(\d+)$")
_TOKEN = re.compile(r"^(\d{8}T\d{6})_(\d{9})_(\d+)$")
_PLAIN = re.compile(r"[\u4e00-\u9fffa-z0-9]")


def alias_name(prefix: str) -> str:
    return f"{prefix}_live"


def collection_name(prefix: str, channel: str, generation: str) -> str:
    """``20261206T035838.703945939-5567`` → ``<prefix>_<channel>_20261206T035838_703945939_5567``."""
    match = _GENERATION.match(generation)
    if match is None or channel not in CHANNELS:
        raise ValueError(f"not a generation name: {generation!r}")
    return f"{prefix}_{channel}_{'_'.join(match.groups())}"


def generation_of(prefix: str, collection: str) -> str | None:
    """The generation a records collection belongs to (the inverse of :func:`collection_name`)."""
    head = f"{prefix}_records_"
    match = _TOKEN.match(collection[len(head) :]) if collection.startswith(head) else None
    return f"{match.group(1)}.{match.group(2)}-{match.group(3)}" if match else None


def escape_tokens(tokens: list[str]) -> str:
    """The tokens as one string Milvus's standard analyzer (``\\w+``, lower-cased) splits back into them.

    A token keeps its CJK characters, lower-case letters and digits; any other
    character (upper case, punctuation inside a dictionary term such as
    ``双随机、一公开``, the underscore itself) becomes ``_<hex>_``, so a token is
    one word and two different tokens never become the same word.
    """
    words = ["".join(c if _PLAIN.match(c) else f"_{ord(c):x}_" for c in token) for token in tokens]
    text = " ".join(words)
    if len(text.encode("utf-8")) > MAX_TOKENS_BYTES:  # Milvus's VARCHAR limit; a record text is far below it
        text = text.encode("utf-8")[:MAX_TOKENS_BYTES].decode("utf-8", "ignore").rsplit(" ", 1)[0]
    return text


def schema_fields(dimension: int) -> list[dict[str, Any]]:
    """The collection's fields, as keyword arguments for ``schema.add_field`` (minus the data type)."""
    return [
        {"field_name": "pos", "kind": "INT64", "is_primary": True},
        {"field_name": "doc_id", "kind": "VARCHAR", "max_length": 512},
        {"field_name": "region", "kind": "VARCHAR", "max_length": 256},
        {"field_name": "year", "kind": "INT64"},
        {
            "field_name": "tokens",
            "kind": "VARCHAR",
            "max_length": MAX_TOKENS_BYTES,
            "enable_analyzer": True,
            "analyzer_params": {"tokenizer": "standard"},
        },
        {"field_name": "sparse", "kind": "SPARSE_FLOAT_VECTOR"},
        {"field_name": "vector", "kind": "FLOAT_VECTOR", "dim": dimension},
    ]


def index_params(count: int, manifest_dense: dict[str, Any]) -> list[dict[str, Any]]:
    """Exact search up to the embedded index's limit, HNSW (its parameters) above; BM25 with bm25s's k1 and b."""
    if count <= EXACT_LIMIT:
        dense: dict[str, Any] = {"field_name": "vector", "index_type": "FLAT", "metric_type": "IP"}
    else:
        dense = {
            "field_name": "vector",
            "index_type": "HNSW",
            "metric_type": "IP",
            "params": {"M": 32, "efConstruction": 40},
        }
    sparse = {
        "field_name": "sparse",
        "index_type": "SPARSE_INVERTED_INDEX",
        "metric_type": "BM25",
        "params": {"bm25_k1": BM25_K1, "bm25_b": BM25_B},
    }
    return [dense, sparse]


def filter_expression(scopes: RecordScopes, task_filter: TaskFilter) -> str:
    """The Milvus filter admitting exactly the rows :meth:`RecordScopes.allowed` admits ("" admits all).

    A typed region (any region containing it) becomes the exact list of this
    generation's regions that contain it, so both backends agree and a region
    partition key can prune; ``unknown_places`` adds region "" and year 0.
    """
    f = task_filter
    if not f.region and not f.regions and f.year is None:
        return ""
    clauses = []
    for wanted in ([r for r in scopes.regions if f.region in r]) if f.region else None, list(f.regions) or None:
        if wanted is None:
            continue
        names = sorted({*wanted, *([""] if f.unknown_places else [])})
        if not names:
            return NOTHING
        clauses.append(f"region in {json.dumps(names, ensure_ascii=False)}")
    if f.year is not None:
        clauses.append(f"(year == {int(f.year)} or year == 0)" if f.unknown_places else f"year == {int(f.year)}")
    return " and ".join(clauses)
