"""Adding, replacing and removing documents: no-ops, incremental embedding, one writer."""

from __future__ import annotations

import shutil

import pytest

from indexer.errors import DocumentError, ZhengwuyuanError
from indexer.index.catalog import Catalog, UnknownDocument, WriterBusy
from indexer.index.layout import read_current
from indexer.parsing.sandbox import SandboxLimits, parse_untrusted
from tests.conftest import DOCUMENTS, write

pytestmark = pytest.mark.slow
BOSHAN = DOCUMENTS / "2025_博山区_贯彻落实省政务公开工作要点实施方案.txt"
SHIZHONG = DOCUMENTS / "2025_济南市市中区_政务公开工作要点.txt"


@pytest.fixture()
def catalog(tmp_path, encoder, registry) -> Catalog:
    Catalog(tmp_path / "index", encoder, registry).build([SHIZHONG])
    return Catalog(tmp_path / "index", encoder, registry)


def test_add_new_document_reuses_vectors_of_the_others(catalog):
    result = catalog.add([(BOSHAN, BOSHAN.name)])
    assert result.added == ["2025_博山区_贯彻落实省政务公开工作要点实施方案"]
    _, manifest = read_current(catalog.index_dir)
    assert manifest["counts"] == {"documents": 2, "records": 44, "passages": 26}
    assert manifest["reused_vectors"] == 16 + 15  # the first file's records and passages; only the new one's embedded
    stored = [p.name for p in (catalog.index_dir / "sources").iterdir()]
    assert stored == [f"{manifest['documents'][1]['sha256']}.txt"]  # generated name, not the client's


def test_same_file_again_is_a_no_op(catalog):
    before = read_current(catalog.index_dir)[0].name
    result = catalog.add([(SHIZHONG, SHIZHONG.name)])
    assert result.unchanged == ["2025_济南市市中区_政务公开工作要点"] and result.generation is None
    assert read_current(catalog.index_dir)[0].name == before


def test_new_version_replaces_the_old_one(catalog, tmp_path):
    edited = tmp_path / SHIZHONG.name
    text = SHIZHONG.read_text(encoding="utf-8").replace("于7月18日前", "于8月8日前")
    edited.write_text(text, encoding="utf-8")
    result = catalog.add([(edited, edited.name)])
    assert result.replaced == ["2025_济南市市中区_政务公开工作要点"]
    folder, manifest = read_current(catalog.index_dir)
    assert manifest["counts"]["documents"] == 1
    from indexer.index.store import RecordStore

    store = RecordStore(folder / "records.sqlite", catalog.registry).open()
    assert [r.deadline.date for r in store.tasks() if r.deadline.date] == ["2025-08-08"]


def test_remove_and_unknown_and_last(catalog):
    catalog.add([(BOSHAN, BOSHAN.name)])
    assert catalog.remove("2025_博山区_贯彻落实省政务公开工作要点实施方案").removed
    with pytest.raises(UnknownDocument):
        catalog.remove("no-such-document")
    with pytest.raises(ZhengwuyuanError, match="最后一份"):
        catalog.remove("2025_济南市市中区_政务公开工作要点")


def test_second_writer_is_refused(catalog):
    with catalog.writer():
        with pytest.raises(WriterBusy):
            catalog.add([(BOSHAN, BOSHAN.name)])


def test_bad_upload_is_reported_and_index_unchanged(catalog, tmp_path):
    before = read_current(catalog.index_dir)[0].name
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    result = catalog.add([(bad, "bad.docx")])
    assert result.generation is None and "zip" in result.failures[0].problem
    assert read_current(catalog.index_dir)[0].name == before


def test_sandbox_enforces_its_deadline(tmp_path):
    copy = tmp_path / "doc.txt"
    shutil.copyfile(SHIZHONG, copy)
    with pytest.raises(DocumentError, match="超时"):
        parse_untrusted(copy, "doc.txt", SandboxLimits(timeout_seconds=0.01))
    parsed = parse_untrusted(copy, "原名.txt")
    document, records = parsed.document, parsed.records
    assert document.id == "原名" and len(records) == 16


@pytest.mark.slow
def test_build_skips_bad_files_and_indexes_the_rest(tmp_path, encoder, registry):
    source = tmp_path / "docs"
    source.mkdir()
    write(source, "empty.txt", b"")
    write(source, "notask.txt", "这是一段没有任何任务条目的说明文字。")
    write(source, "good.txt", (DOCUMENTS / "2025_济南市市中区_政务公开工作要点.txt").read_text(encoding="utf-8"))
    report = Catalog(tmp_path / "index", encoder, registry).build([source, tmp_path / "missing.txt"])
    assert report.generation is not None
    assert [s.stats.records for s in report.documents] == [16]
    problems = {f.path.rsplit("/", 1)[-1]: f.problem for f in report.failures}
    assert set(problems) == {"empty.txt", "notask.txt", "missing.txt"}
    assert "未识别到任何任务" in problems["notask.txt"]


def test_nothing_indexable_writes_nothing(tmp_path, registry):
    from indexer.embedding.encoder import Encoder

    write(tmp_path, "empty.txt", b"")
    report = Catalog(tmp_path / "index", Encoder(), registry).build([tmp_path / "empty.txt"])
    assert report.generation is None and len(report.failures) == 1
    assert not (tmp_path / "index").exists()


def test_scanned_pdf_parses_in_the_sandbox_with_default_limits(tmp_path):
    """OCR needs more than the old 1 GB / 30 s sandbox: the defaults let a scanned upload through, marked ocr."""
    import pypdfium2

    shared = DOCUMENTS.parents[2] / "shared" / "layouts" / "wafangdian-2026-pdf.pdf"
    if not shared.exists():
        pytest.skip("../shared/layouts is not beside the checkout")
    pages = pypdfium2.PdfDocument(shared.read_bytes())
    images = [pages[i].render(scale=200 / 72).to_pil().convert("RGB") for i in range(len(pages))]
    scan = tmp_path / "scan.pdf"
    images[0].save(scan, save_all=True, append_images=images[1:], resolution=200)
    parsed = parse_untrusted(scan, "扫描件.pdf", SandboxLimits())
    assert len(parsed.records) >= 9 and {r.source_kind for r in parsed.records} == {"ocr"}
