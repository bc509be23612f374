"""The Milvus search backend: both channels of every generation in Milvus, through pymilvus's ``MilvusClient``.

``ZHENGWUYUAN_SEARCH_BACKEND=milvus`` with ``ZHENGWUYUAN_MILVUS_URI`` — a
``.db`` path (milvus-lite, in this process) or ``http://host:19530``
(Milvus Standalone or Distributed, or ``python -m milvus_lite server``).
The layout in Milvus is :mod:`indexer.index.milvus_schema`'s. Writes still
build the generation's folder (records, vectors, tokenizer dictionary);
:meth:`MilvusBackend.publish` copies its vectors and tokens into two new
collections before ``CURRENT`` moves, :meth:`~MilvusBackend.activate` moves
the alias after. Each channel is searched twice per question — dense and
BM25, each with the place-and-year filter — and the retriever fuses them as
it fuses the embedded indexes' candidates (docs/SCALE.md says why not
Milvus's own ranker). An unreachable server is :class:`SearchUnavailable`
(503), never a damaged index; the client reconnects by itself.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
from pymilvus import DataType, Function, FunctionType, MilvusClient, MilvusException

from indexer.errors import IndexStateError, SearchUnavailable
from indexer.index.filters import RecordScopes, TaskFilter
from indexer.index.keyword import JiebaTokenizer
from indexer.index.layout import KEYWORD_DIR, PASSAGES_DIR, REBUILD_HINT, RECORDS_DB, VECTORS_FILE, read_manifest
from indexer.index.milvus_schema import (
    BM25_K1,
    CHANNELS,
    NOTHING,
    alias_name,
    collection_name,
    escape_tokens,
    filter_expression,
    generation_of,
    index_params,
    schema_fields,
)
from indexer.index.search import NO_CANDIDATES, Candidates, SearchIndexes
from indexer.index.store import RecordStore
from indexer.index.writer import passage_index_text, record_text
from indexer.registry import UnitRegistry
from indexer.timing import stage

__all__ = ["MilvusBackend", "MilvusChannel"]

log = logging.getLogger("zhengwuyuan.milvus")
_INSERT_BATCH = 1000
_ALIAS_TTL = 1.0  # seconds a reader trusts the alias it read (the writing process updates it at once)
_CONNECT_TIMEOUT = 3.0
_CALL_TIMEOUT = 10.0
_NOT_LOADED = 101  # Milvus's "collection not loaded"
_RETRY_AFTER = 2.0  # after a failure, questions fail at once (503) for this long before Milvus is tried again


class MilvusBackend:
    """Generations as Milvus collections; see the module docstring."""

    name = "milvus"

    def __init__(self, uri: str, token: str = "", prefix: str = "zhengwuyuan", partition_key: bool = False) -> None:
        self.uri = uri
        self.token = token
        self.prefix = prefix
        self.partition_key = partition_key
        self._client: MilvusClient | None = None
        self._lock = threading.Lock()
        self._live: tuple[str | None, float] = (None, 0.0)
        self._down_until = 0.0

    @contextmanager
    def calls(self) -> Iterator[MilvusClient]:
        """The client, with any failure to reach Milvus turned into :class:`SearchUnavailable` naming the URI.

        After a failure the client is dropped (the next call connects afresh, so a restarted server is found
        at once) and, for a couple of seconds, calls fail without waiting for a timeout.
        """
        if time.monotonic() < self._down_until:
            raise SearchUnavailable(f"检索服务 Milvus（{self.uri}）暂时不可用")
        try:
            yield self._connected()
        except (MilvusException, OSError) as exc:
            self._disconnect()
            reason = exc.message if isinstance(exc, MilvusException) else str(exc)
            raise SearchUnavailable(f"无法访问检索服务 Milvus（{self.uri}）：{reason}") from exc

    def _connected(self) -> MilvusClient:
        with self._lock:
            if self._client is None:
                self._client = MilvusClient(uri=self.uri, token=self.token, timeout=_CONNECT_TIMEOUT)
            return self._client

    def _disconnect(self) -> None:
        with self._lock:
            client, self._client = self._client, None
            self._down_until = time.monotonic() + _RETRY_AFTER
        if client is not None and "://" in self.uri:  # a local milvus-lite stays: it lives in this process
            try:
                client.close()
            except Exception:  # noqa: BLE001 - closing a broken connection: nothing to report
                pass

    def check(self) -> None:
        with self.calls() as client:
            client.list_collections()

    def current(self, index_dir: Path) -> str | None:
        """The generation the alias names; the last one read while Milvus cannot be reached (answers then fail
        at search time with 503, while task lists, read from the records store, keep working)."""
        live, read_at = self._live
        if live is not None and time.monotonic() - read_at < _ALIAS_TTL:
            return live
        try:
            with self.calls() as client:
                if alias_name(self.prefix) not in client.list_aliases().get("aliases", []):
                    return None
                collection = client.describe_alias(alias_name(self.prefix))["collection_name"]
        except SearchUnavailable as exc:
            log.warning("%s", exc)
            return live
        live = generation_of(self.prefix, collection)
        self._live = (live, time.monotonic())
        return live

    def open(self, folder: Path, store: RecordStore) -> SearchIndexes:
        manifest = read_manifest(folder)
        channels = []
        for channel, sub, table in (("records", folder, "tasks"), ("passages", folder / PASSAGES_DIR, "passages")):
            name = collection_name(self.prefix, channel, folder.name)
            with self.calls() as client:
                if not client.has_collection(name):
                    raise IndexStateError(f"Milvus（{self.uri}）中没有第 {folder.name} 代索引的 {name}；{REBUILD_HINT}")
                client.load_collection(name)
            tokenizer = JiebaTokenizer.load(sub / KEYWORD_DIR)
            count = manifest["counts"]["records" if channel == "records" else "passages"]
            channels.append(MilvusChannel(self, name, tokenizer, store.scopes(table), count))
        return SearchIndexes(self.name, channels[0], channels[1])

    def publish(self, folder: Path, name: str) -> None:
        """Two collections for the generation written in ``folder`` (not yet current), filled, indexed and loaded."""
        manifest = read_manifest(folder)
        store = RecordStore(folder / RECORDS_DB, UnitRegistry([], {})).open()  # positions, places, texts: no units
        try:
            for channel in CHANNELS:
                self._publish_channel(folder, name, channel, store, manifest)
        finally:
            store.close()

    def _publish_channel(
        self, folder: Path, name: str, channel: str, store: RecordStore, manifest: dict[str, Any]
    ) -> None:
        sub = folder if channel == "records" else folder / PASSAGES_DIR
        vectors = np.load(sub / VECTORS_FILE, mmap_mode="r")
        count = len(vectors)
        if channel == "records":
            texts = [record_text(r) for r in store.get(list(range(count)))]
        else:
            texts = [passage_index_text(p) for p in store.passages(list(range(count)))]
        scopes = store.scopes("tasks" if channel == "records" else "passages")
        doc_ids = store.doc_ids("tasks" if channel == "records" else "passages")
        tokenizer = JiebaTokenizer.load(sub / KEYWORD_DIR)
        target = collection_name(self.prefix, channel, name)
        dense = manifest.get("dense" if channel == "records" else "passage_dense", {})
        with self.calls() as client:
            if client.has_collection(target):
                client.drop_collection(target)
            self._create(client, target, int(vectors.shape[1]))
            for start in range(0, count, _INSERT_BATCH):
                rows = [
                    {
                        "pos": i,
                        "doc_id": doc_ids[i],
                        "region": scopes.regions[int(scopes.region_ids[i])],
                        "year": int(scopes.years[i]),
                        "tokens": escape_tokens(tokenizer(texts[i])),
                        "vector": np.asarray(vectors[i], dtype=np.float32).tolist(),
                    }
                    for i in range(start, min(count, start + _INSERT_BATCH))
                ]
                client.insert(target, rows)
            client.flush(target)  # one sealed segment: BM25 statistics over the whole channel, as bm25s has them
            params = client.prepare_index_params()
            for spec in index_params(count, dense):
                params.add_index(**spec)
            client.create_index(target, params)
            client.load_collection(target)

    def _create(self, client: MilvusClient, target: str, dimension: int) -> None:
        schema = MilvusClient.create_schema(auto_id=False, enable_dynamic_field=False)
        for spec in schema_fields(dimension):
            field = dict(spec)
            kind = getattr(DataType, field.pop("kind"))
            if field["field_name"] == "region" and self.partition_key:
                field["is_partition_key"] = True
            schema.add_field(datatype=kind, **field)
        bm25 = Function(
            name="bm25", function_type=FunctionType.BM25, input_field_names=["tokens"], output_field_names=["sparse"]
        )
        schema.add_function(bm25)
        client.create_collection(target, schema=schema)

    def activate(self, index_dir: Path, name: str) -> None:
        """Point the alias at generation ``name``; drop the collections of generations no longer kept."""
        alias, target = alias_name(self.prefix), collection_name(self.prefix, "records", name)
        with self.calls() as client:
            previous = self.current_collection(client)
            if previous is None:
                client.create_alias(target, alias)
            else:
                client.alter_alias(target, alias)
            self._live = (name, time.monotonic())
            kept = {generation_of(self.prefix, c) for c in (target, previous) if c}
            for collection in client.list_collections():
                generation = _generation_of_any(self.prefix, collection)
                if generation is not None and generation not in kept:
                    client.drop_collection(collection)

    def current_collection(self, client: MilvusClient) -> str | None:
        alias = alias_name(self.prefix)
        if alias not in client.list_aliases().get("aliases", []):
            return None
        found: str = client.describe_alias(alias)["collection_name"]
        return found

    def discard(self, name: str) -> None:
        try:
            with self.calls() as client:
                for channel in CHANNELS:
                    target = collection_name(self.prefix, channel, name)
                    if client.has_collection(target):
                        client.drop_collection(target)
        except SearchUnavailable as exc:  # best-effort: the next activate() drops what is not kept
            log.warning("could not drop the abandoned generation %s: %s", name, exc)


class MilvusChannel:
    """One channel of one generation in Milvus: a dense and a BM25 search, each under the filter."""

    def __init__(
        self, backend: MilvusBackend, collection: str, tokenizer: JiebaTokenizer, scopes: RecordScopes, count: int
    ) -> None:
        self.backend = backend
        self.collection = collection
        self.tokenizer = tokenizer
        self.scopes = scopes  # the region names of this generation, to turn a typed region into an exact list
        self.count = count

    def __len__(self) -> int:
        return self.count

    def search(
        self, question: str, vector: np.ndarray | None, k: int, task_filter: TaskFilter, keyword: bool = True
    ) -> Candidates:
        expression = filter_expression(self.scopes, task_filter)
        if expression == NOTHING or k <= 0 or not self.count:
            return NO_CANDIDATES
        found: list[tuple[int, float]] = []
        tokens = escape_tokens(self.tokenizer(question)) if keyword else ""
        with stage("keyword"):
            if tokens:
                hits = self._search([tokens], "sparse", "BM25", k, expression)
                found = [(p, s / (BM25_K1 + 1)) for p, s in hits]  # on bm25s's scale, where the floors are
        with stage("dense"):
            near = self._search([vector.tolist()], "vector", "IP", k, expression) if vector is not None else []
        return Candidates(found, near)

    def _search(self, data: list[Any], field: str, metric: str, k: int, expression: str) -> list[tuple[int, float]]:
        arguments: dict[str, Any] = {
            "data": data,
            "anns_field": field,
            "limit": k,
            "filter": expression,
            "output_fields": ["pos"],
            "search_params": {"metric_type": metric},
            "timeout": _CALL_TIMEOUT,
        }
        with self.backend.calls() as client:
            try:
                results = client.search(self.collection, **arguments)
            except MilvusException as exc:  # a restarted server has released its collections: load and retry once
                if exc.code != _NOT_LOADED and "load" not in str(exc.message):
                    raise
                log.warning("Milvus 集合 %s 未加载（服务重启后），正在加载", self.collection)
                client.load_collection(self.collection)
                results = client.search(self.collection, **arguments)
        # milvus-lite reports BM25 as a negated distance, Milvus as the score: either way its size is the score
        # (a BM25 score is never negative). An inner product is the cosine, with its sign, on both.
        scored = [(int(hit["entity"]["pos"]), float(hit["distance"])) for hit in results[0]]
        if metric == "BM25":
            scored = [(position, abs(score)) for position, score in scored]
        scored.sort(key=lambda pair: (-pair[1], pair[0]))  # ties: the earlier row first, as the embedded index
        return scored


def _generation_of_any(prefix: str, collection: str) -> str | None:
    for channel in CHANNELS:
        head = f"{prefix}_{channel}_"
        if collection.startswith(head):
            return generation_of(prefix, f"{prefix}_records_{collection[len(head) :]}")
    return None
