"""A declared place and year: stored with 运维声明, kept when other documents change, kept by a new version."""

from __future__ import annotations

import pytest

from indexer.index.catalog import Catalog, DocumentPlace
from indexer.index.layout import RECORDS_DB, read_current
from indexer.index.store import RecordStore
from indexer.parsing.identity.declared import declaration
from tests.conftest import DOCUMENTS

pytestmark = pytest.mark.slow
BOSHAN = DOCUMENTS / "2025_博山区_贯彻落实省政务公开工作要点实施方案.txt"
SHIZHONG = DOCUMENTS / "2025_济南市市中区_政务公开工作要点.txt"
TASKS = "一、加强公开\n(一)公开预算信息。(区财政局负责，9月底前完成)\n(二)公开决算信息。(区财政局负责)\n"
DECLARED = DocumentPlace("tasks", "荆州市沙市区", "运维声明", 2025, "运维声明")


@pytest.fixture()
def catalog(tmp_path, encoder, registry) -> Catalog:
    Catalog(tmp_path / "index", encoder, registry).build([SHIZHONG])
    return Catalog(tmp_path / "index", encoder, registry)


def _stored(catalog: Catalog) -> dict[str, tuple[str, str, int | None, str, set[tuple[str, int | None]]]]:
    folder, _ = read_current(catalog.index_dir)
    store = RecordStore(folder / RECORDS_DB, catalog.registry).open()
    try:
        records = store.tasks()
        return {
            d.id: (
                d.region,
                d.region_source,
                d.year,
                d.year_source,
                {(r.region, r.year) for r in records if r.doc_id == d.id},
            )
            for d in store.documents()
        }
    finally:
        store.close()


def test_declared_place_is_stored_and_survives_other_changes(catalog, tmp_path):
    path = tmp_path / "tasks.txt"
    path.write_text(TASKS, encoding="utf-8")
    result = catalog.add([(path, path.name)], declaration("沙市", "2025"))
    assert result.added == ["tasks"] and result.documents["tasks"] == DECLARED
    expected = ("荆州市沙市区", "运维声明", 2025, "运维声明", {("荆州市沙市区", 2025)})
    assert _stored(catalog)["tasks"] == expected
    catalog.add([(BOSHAN, BOSHAN.name)])  # "tasks" is re-read from the stored generation, not re-parsed
    catalog.remove("2025_济南市市中区_政务公开工作要点")
    assert _stored(catalog)["tasks"] == expected


def test_same_file_same_declaration_is_a_no_op_a_new_declaration_is_not(catalog, tmp_path):
    path = tmp_path / "tasks.txt"
    path.write_text(TASKS, encoding="utf-8")
    catalog.add([(path, path.name)], declaration("沙市", "2025"))
    again = catalog.add([(path, path.name)])
    assert again.unchanged == ["tasks"] and again.documents["tasks"] == DECLARED  # the declaration is kept
    moved = catalog.add([(path, path.name)], declaration("潍坊"))
    assert moved.replaced == ["tasks"]
    assert _stored(catalog)["tasks"][:4] == ("潍坊市", "运维声明", 2025, "运维声明")


def test_new_version_keeps_the_declaration(catalog, tmp_path):
    path = tmp_path / "tasks.txt"
    path.write_text(TASKS, encoding="utf-8")
    catalog.add([(path, path.name)], declaration("沙市", "2025"))
    path.write_text(TASKS + "(三)公开采购信息。(区财政局负责)\n", encoding="utf-8")
    result = catalog.add([(path, path.name)])
    assert result.replaced == ["tasks"] and result.documents["tasks"] == DECLARED


def test_undeclared_upload_reports_its_clues(catalog):
    result = catalog.add([(BOSHAN, BOSHAN.name)])
    place = result.documents["2025_博山区_贯彻落实省政务公开工作要点实施方案"]
    assert (place.region, place.region_source, place.year, place.year_source) == ("博山区", "标题", 2025, "标题")


def test_build_with_a_declaration(tmp_path, encoder, registry):
    path = tmp_path / "tasks.txt"
    path.write_text(TASKS, encoding="utf-8")
    catalog = Catalog(tmp_path / "index", encoder, registry)
    report = catalog.build([path], declared=declaration("广东省", "2021"))
    assert (report.documents[0].document.region, report.documents[0].document.year) == ("广东省", 2021)
    assert _stored(catalog)["tasks"][:4] == ("广东省", "运维声明", 2021, "运维声明")
