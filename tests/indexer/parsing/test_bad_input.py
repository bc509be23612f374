"""Bad files are reported clearly and never stop the others from being indexed."""

from __future__ import annotations

import zipfile

import pytest

from indexer.errors import DocumentError
from indexer.parsing.readers import read_lines
from tests.conftest import write


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("empty.txt", b"", "文件为空"),
        ("blank.md", b"  \n\n", "文件为空"),
        ("binary.txt", b"\x00\x01\x02abc", "二进制"),
        ("latin.txt", b"\xff\xfe\xfa caf\xe9 " * 40, "UTF-8"),
        ("long.txt", ("政务公开" * 60_000).encode(), "单行超过"),
        ("fake.docx", b"not a zip at all", "不是 zip"),
        ("notes.xyz", b"%PDF-1.4", "不支持"),
    ],
)
def test_bad_files_raise_clear_errors(tmp_path, name, content, problem):
    path = write(tmp_path, name, content)
    with pytest.raises(DocumentError) as info:
        read_lines(path)
    assert problem in info.value.problem
    assert str(path) in str(info.value)


def test_gbk_text_is_decoded(tmp_path):
    path = write(tmp_path, "gbk.txt", "2025年测试区政务公开工作要点\n（一）做好公开。".encode("gbk"))
    assert read_lines(path)[0] == "2025年测试区政务公开工作要点"


def test_docx_with_entity_declaration_is_refused(tmp_path):
    path = tmp_path / "entity.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>')
    with pytest.raises(DocumentError, match="实体"):
        read_lines(path)


def test_real_docx_paragraphs_and_tables(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("2025年测试区政务公开工作要点")
    document.add_paragraph("一、加强信息公开")
    document.add_paragraph("（一）做好政策解读。及时发布政策解读材料。（责任单位：区政府办公室）")
    table = document.add_table(rows=2, cols=4)
    for cell, text in zip(table.rows[0].cells, ["序号", "具体要求", "责任单位", "完成时限"], strict=True):
        cell.text = text
    for cell, text in zip(table.rows[1].cells, ["1", "建设政策问答知识库。", "区大数据局", "9月底前"], strict=True):
        cell.text = text
    path = tmp_path / "2025_测试区.docx"
    document.save(path)
    from indexer.parsing.parse import parse_file

    parsed_document = parse_file(path)
    doc, records = parsed_document.document, parsed_document.records
    assert doc.region == "" and doc.year == 2025  # 测试区 is no real place: the gazetteer refuses it
    assert records[0].responsible_units == ["区政府办公室"]
    assert records[-1].responsible_units == ["区大数据局"]
    assert records[-1].deadline.date == "2025-09-30"
