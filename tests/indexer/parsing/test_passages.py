"""Passages: every line of text a file holds stands in some window, so nothing a parse misses is lost."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.errors import DocumentError
from indexer.parsing.parse import NO_STRUCTURE, collect_files, parse_file
from indexer.parsing.passages import MAX_PASSAGES, TARGET_CHARS
from tests.conftest import DOCUMENTS, write

SHARED = Path(__file__).resolve().parents[3].parent / "shared"
NOTICE = (
    "各镇人民政府，县直各部门：\n"
    "为进一步做好政务公开工作，现将有关事项通知如下。\n"
    "惠民补贴发放名单在“乡音大喇叭”栏目播报，上季度预算执行情况在政府网站公开，欢迎群众监督。\n"
    "请认真抓好落实。\n"
    "某县人民政府办公室\n"
    "2025年3月1日\n"
)


def test_every_line_with_text_stands_in_a_passage():
    parsed = parse_file(DOCUMENTS / "2025_济南市市中区_政务公开工作要点.txt")
    lines = (DOCUMENTS / "2025_济南市市中区_政务公开工作要点.txt").read_text(encoding="utf-8").splitlines()
    covered = {n for p in parsed.passages for n in range(p.source.line_start, p.source.line_end + 1)}
    assert {n for n, line in enumerate(lines, start=1) if line.strip()} <= covered
    sizes = [len(p.text) for p in parsed.passages]
    assert max(sizes) < 3 * TARGET_CHARS and len(parsed.passages) > 1
    first, second = parsed.passages[:2]
    assert second.source.line_start <= first.source.line_end  # windows overlap


def test_a_passage_knows_the_records_its_lines_overlap():
    parsed = parse_file(DOCUMENTS / "2025_济宁高新区_政务公开任务分解表.txt")
    by_id = {r.id: r for r in parsed.records}
    for passage in parsed.passages:
        for record_id in passage.record_ids:
            record = by_id[record_id]
            assert record.source.line_start <= passage.source.line_end
            assert record.source.line_end >= passage.source.line_start
    assert sum(bool(p.record_ids) for p in parsed.passages) >= len(parsed.passages) // 2


def test_a_readable_file_without_task_structure_is_kept_as_passages(tmp_path):
    parsed = parse_file(write(tmp_path, "notice.txt", NOTICE))
    assert parsed.records == []
    assert parsed.warnings[0].kind == "未识别出任务结构" and NO_STRUCTURE in parsed.warnings[0].text
    assert "惠民补贴发放名单在“乡音大喇叭”栏目播报" in "".join(p.text for p in parsed.passages)


@pytest.mark.parametrize("content", ["", "\n\n   \n", "| --- | --- |\n|  |  |\n", "abc 123 !!!\n" * 5])
def test_empty_or_unreadable_files_are_still_refused(tmp_path, content):
    with pytest.raises(DocumentError):
        parse_file(write(tmp_path, "bad.txt", content))


def test_repeated_blocks_are_stored_once_and_passages_are_capped(tmp_path):
    block = "县财政局负责预算公开工作，按季度发布预算执行情况，接受社会监督。" * 8 + "\n"
    parsed = parse_file(write(tmp_path, "repeated.txt", block * 3000))
    assert len({p.text for p in parsed.passages}) == len(parsed.passages) <= MAX_PASSAGES


def test_a_folder_is_collected_without_its_own_notes(tmp_path):
    write(tmp_path, "README.md", "# 说明\n本目录收录政务公开工作要点。\n")
    write(tmp_path, "LICENSE", "MIT")
    kept = write(tmp_path, "2025年某县政务公开工作要点.txt", NOTICE)
    assert collect_files([tmp_path]).files == [kept]
    assert collect_files([tmp_path / "README.md"]).files == [tmp_path / "README.md"]  # named explicitly: read


@pytest.mark.skipif(not (SHARED / "real").is_dir(), reason="../shared/real is not beside the checkout")
def test_real_pages_keep_their_text_in_passages():
    for page in sorted((SHARED / "real").glob("*.txt")):
        parsed = parse_file(page)
        text = "".join(p.text for p in parsed.passages)
        for line in page.read_text(encoding="utf-8").splitlines():
            words = line.strip().strip("|").strip()
            if len(words) > 6:
                assert words[:6] in text, (page.name, words)
