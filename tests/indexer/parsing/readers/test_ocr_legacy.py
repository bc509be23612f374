"""Scans and images through OCR (records marked ``ocr``), limits, and legacy .doc/.wps through LibreOffice."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import docx
import pypdfium2
import pytest
from PIL import Image

from indexer.errors import DocumentError
from indexer.models import TaskRecord
from indexer.parsing.parse import parse_file
from indexer.parsing.readers import legacy, ocr
from tests.indexer.parsing.readers.pdf_files import TASK_TABLE_PAGE, chromium_pdf


def _page_image(tmp_path: Path) -> Image.Image:
    document = pypdfium2.PdfDocument(chromium_pdf(TASK_TABLE_PAGE, tmp_path).read_bytes())
    image: Image.Image = document[0].render(scale=200 / 72).to_pil().convert("RGB")
    document.close()
    return image


@pytest.mark.slow
@pytest.mark.parametrize("suffix", [".png", ".pdf"])
def test_scan_is_read_by_ocr_with_its_table(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"scan{suffix}"
    _page_image(tmp_path).save(path, resolution=200)
    records = parse_file(path).records
    assert len(records) == 3 and all(r.source_kind == "ocr" for r in records)
    by_text = {r.text[:6]: r for r in records}
    assert by_text["公开政府债务"].lead_units == ["县财政局"]  # the merged cell, recovered from the ruling


def test_missing_ocr_engine_names_the_install_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def missing() -> None:
        raise ImportError("rapidocr_onnxruntime")

    monkeypatch.setattr(ocr, "_load_engine", missing)
    path = tmp_path / "scan.png"
    Image.new("RGB", (200, 100), "white").save(path)
    with pytest.raises(DocumentError, match=r"pip install -e '\.\[ocr\]'"):
        parse_file(path)


def test_huge_image_refused_before_decoding(tmp_path: Path) -> None:
    path = tmp_path / "poster.png"
    Image.new("1", (9000, 6000)).save(path)
    with pytest.raises(DocumentError, match="图片过大"):
        parse_file(path)


def test_old_records_without_the_field_load_as_text() -> None:
    record = {
        "id": "d:1", "doc_id": "d", "doc_title": "t", "region": "r", "year": 2024, "section": "", "number": "1",
        "text": "x", "lead_units": [], "responsible_units": [], "kind": "prose", "related_ids": [],
        "deadline": {"raw": "", "date": None, "kind": "unspecified"},
        "source": {"path": "p", "line_start": 1, "line_end": 1},
    }  # fmt: skip
    assert TaskRecord.from_dict(record).source_kind == "text"


@pytest.mark.parametrize("suffix", [".doc", ".wps"])
def test_executable_renamed_to_word_is_refused(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"report{suffix}"
    path.write_bytes(b"MZ\x90\x00\x03" + bytes(200))
    with pytest.raises(DocumentError, match="文件头不是 Word/WPS"):
        parse_file(path)


def test_without_libreoffice_the_message_says_how_to_convert(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(legacy, "_soffice", lambda: None)
    path = tmp_path / "plan.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    with pytest.raises(DocumentError, match="另存为.*libreoffice-writer-nogui"):
        parse_file(path)


@pytest.mark.slow
def test_doc_converted_with_libreoffice(tmp_path: Path) -> None:
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice 未安装（Debian：apt-get install libreoffice-writer-nogui）")
    document = docx.Document()
    document.add_paragraph("测试县2024年政务公开工作要点")
    document.add_paragraph("（一）公开县级预算决算信息，细化到项级科目。（责任单位：县财政局）")
    document.save(tmp_path / "plan.docx")
    command = [soffice, "--headless", "--convert-to", "doc", "--outdir", str(tmp_path), str(tmp_path / "plan.docx")]
    subprocess.run(
        command, capture_output=True, timeout=120, check=False, env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    )
    records = parse_file(tmp_path / "plan.doc").records
    assert [r.responsible_units for r in records] == [["县财政局"]]
