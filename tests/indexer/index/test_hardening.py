"""Issue 14, index side: a full disk, repeated passages, a time budget, sources, committed history, ids."""

from __future__ import annotations

import dataclasses
import json
import multiprocessing
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from assistant.settings import Settings
from indexer.index.catalog import Catalog
from indexer.index.layout import current_name, fallback_folders, read_current, write_generation, writer_lock
from indexer.index.writer import write_index
from indexer.models import ParsedDocument
from indexer.parsing.identity.metadata import document_id
from tests.conftest import DOCUMENTS, write

SHIZHONG = DOCUMENTS / "2025_济南市市中区_政务公开工作要点.txt"
BOSHAN = DOCUMENTS / "2025_博山区_贯彻落实省政务公开工作要点实施方案.txt"


class FakeEncoder:
    """Deterministic vectors, no model: counts the passages it was asked to embed."""

    def __init__(self, dimension: int = 32, delay: float = 0.0) -> None:
        self.model_name = "fake"
        self.dimension = dimension
        self.delay = delay
        self.encoded: list[str] = []

    def encode_passages(self, texts, out=None, rows=None, show_progress=False):  # noqa: ANN001, ANN201
        self.encoded.extend(texts)
        time.sleep(self.delay * len(texts))
        targets = np.arange(len(texts)) if rows is None else np.asarray(rows)
        for target, text in zip(targets, texts, strict=True):
            vector = np.random.default_rng(abs(hash(text)) % 2**32).standard_normal(self.dimension)
            out[target] = (vector / np.linalg.norm(vector)).astype(np.float32)
        return out


def _state(index_dir: Path) -> tuple[str | None, list[str]]:
    generations = index_dir / "generations"
    return current_name(index_dir), sorted(p.name for p in generations.iterdir())


# ------------------------------------------------------------------ 1. full disk


@pytest.fixture()
def small_fs(tmp_path):
    mount = tmp_path / "small"
    mount.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(mount)], capture_output=True).returncode:
        pytest.skip("cannot mount a tmpfs here (needs root)")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def _fill_disk_write(index_dir: str, docs: list[ParsedDocument], registry: Any, precheck: bool) -> None:
    """In a child: write a generation too big for the disk; exit 0 only when DiskFull was raised."""
    import indexer.index.writer as writer_module

    if not precheck:
        writer_module.expected_bytes = lambda *args, **kwargs: 0  # type: ignore[attr-defined]
    try:
        write_index(Path(index_dir), docs, FakeEncoder(dimension=4096), registry)  # type: ignore[arg-type]
    except Exception as exc:  # noqa: BLE001 - the child reports by exit code
        raise SystemExit(0 if type(exc).__name__ == "DiskFull" and "磁盘空间不足" in str(exc) else 2) from None
    raise SystemExit(3)


@pytest.mark.parametrize("precheck", [True, False], ids=["checked-before", "found-while-writing"])
def test_full_disk_raises_disk_full_and_keeps_current(small_fs, parsed, registry, precheck):
    index_dir = small_fs / "index"
    docs = list(parsed.values())
    write_index(index_dir, docs[:1], FakeEncoder(), registry)  # type: ignore[arg-type]
    before = _state(index_dir)
    filler = small_fs / "filler"
    free = shutil.disk_usage(small_fs).free
    filler.write_bytes(b"\0" * max(free - 1_000_000, 0))  # leave ~1 MB; the new vectors need ~3 MB
    child = multiprocessing.get_context("fork").Process(
        target=_fill_disk_write, args=(str(index_dir), docs, registry, precheck)
    )
    child.start()
    child.join(120)
    assert child.exitcode == 0, f"writer died or did not raise DiskFull (exit {child.exitcode})"
    assert _state(index_dir) == before  # current generation kept, staging removed
    with writer_lock(index_dir):
        pass


# ------------------------------------------------------------------ 6. unbounded writes


def _repeated(parsed: dict[str, ParsedDocument], copies: int) -> ParsedDocument:
    base = next(iter(parsed.values()))
    record = base.records[0]
    records = [dataclasses.replace(record, id=f"{record.id}-{i}") for i in range(copies)]
    return ParsedDocument(base.document, records)


def test_identical_passages_are_embedded_once(tmp_path, parsed, registry):
    encoder = FakeEncoder(delay=0.001)
    started = time.perf_counter()
    write_index(tmp_path / "index", [_repeated(parsed, 10_000)], encoder, registry)  # type: ignore[arg-type]
    assert len(encoder.encoded) == 1
    assert time.perf_counter() - started < 60
    vectors = np.load(read_current(tmp_path / "index")[0] / "vectors.npy")
    assert vectors.shape[0] == 10_000 and np.allclose(vectors, vectors[0]) and np.linalg.norm(vectors[0]) > 0.5


def test_write_over_its_time_budget_is_abandoned_cleanly(tmp_path, parsed, registry):
    from indexer.errors import WriteTimeout

    index_dir = tmp_path / "index"
    docs = list(parsed.values())
    write_index(index_dir, docs[:1], FakeEncoder(), registry)  # type: ignore[arg-type]
    before = _state(index_dir)
    with pytest.raises(WriteTimeout, match="超时"):
        write_index(index_dir, docs, FakeEncoder(delay=0.05), registry, timeout_seconds=0.5)  # type: ignore[arg-type]
    assert _state(index_dir) == before
    with writer_lock(index_dir):
        pass


def test_write_timeout_setting_reaches_the_catalog(tmp_path, registry, monkeypatch):
    monkeypatch.setenv("ZHENGWUYUAN_WRITE_TIMEOUT_SECONDS", "42")
    catalog = Settings(index_dir=tmp_path).catalog(FakeEncoder(), registry)  # type: ignore[arg-type]
    assert catalog.write_timeout == 42
    assert Catalog(tmp_path, FakeEncoder(), registry).write_timeout == 600  # type: ignore[arg-type]


# ------------------------------------------------------------------ 8. sources


@pytest.mark.slow
def test_sources_of_documents_no_generation_keeps_are_deleted(tmp_path, registry):
    catalog = Catalog(tmp_path / "index", FakeEncoder(), registry)  # type: ignore[arg-type]
    catalog.build([SHIZHONG])
    sources = tmp_path / "index" / "sources"
    catalog.add([(BOSHAN, BOSHAN.name)])
    rejected = write(tmp_path, "rejected.txt", "没有任何任务的一段文字。\n")
    catalog.add([(rejected, rejected.name)])
    text = BOSHAN.read_text(encoding="utf-8")
    for step in range(2):
        edited = write(tmp_path, BOSHAN.name, text.replace("博山区", f"博山区{step}"))
        catalog.add([(edited, edited.name)])
    kept = {
        Path(d["path"]).name
        for folder in (tmp_path / "index" / "generations").iterdir()
        for d in json.loads((folder / "manifest.json").read_text())["documents"]
    }
    assert {p.name for p in sources.iterdir()} <= kept
    assert len(list(sources.iterdir())) == 2  # the last two versions of BOSHAN; the first and the rejected file gone


# ------------------------------------------------------------------ 10. committed history


def _fill(folder: Path) -> dict[str, Any]:
    (folder / "data").write_text("x")
    return {}


def test_uncommitted_generation_is_never_a_fallback_and_is_deleted(tmp_path):
    index_dir = tmp_path / "index"
    first = write_generation(index_dir, _fill)
    second = write_generation(index_dir, _fill)
    orphan = second.parent / (second.name[:-1] + "~")  # sorts after ``second``: a crash before CURRENT switched
    shutil.copytree(second, orphan)
    assert orphan.name > second.name
    assert orphan not in fallback_folders(index_dir)
    assert fallback_folders(index_dir)[:2] == [second, first]
    third = write_generation(index_dir, _fill)
    assert sorted(p.name for p in (index_dir / "generations").iterdir()) == [second.name, third.name]
    assert fallback_folders(index_dir) == [third, second]


def test_index_without_history_still_reads(tmp_path):
    index_dir = tmp_path / "index"
    first = write_generation(index_dir, _fill)
    (index_dir / "HISTORY").unlink(missing_ok=True)
    assert read_current(index_dir)[0] == first
    assert fallback_folders(index_dir)[0] == first
    second = write_generation(index_dir, _fill)
    assert fallback_folders(index_dir) == [second, first]


# ------------------------------------------------------------------ 11. document ids


def test_different_names_never_share_an_id():
    names = ['a"b.txt', "a_b.txt", "a b.txt", "a__b.txt", "a.b.txt", "a~b.txt", "a~22b.txt", "_a_b_.txt", "a'b.txt"]
    ids = [document_id(Path(n)) for n in names]
    assert len(set(ids)) == len(ids), ids


def test_shipped_document_ids_are_unchanged():
    for path in DOCUMENTS.iterdir():
        assert document_id(path) == path.stem
