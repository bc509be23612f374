"""Issue 14 item 2: no record carries an unbounded text, section or title."""

from __future__ import annotations

from indexer.parsing.parse import parse_file
from indexer.parsing.record_base import MAX_SECTION_CHARS, MAX_TASK_CHARS, MAX_TITLE_CHARS
from tests.conftest import write

HEAD = "2025年测试区政务公开工作要点\n\n一、加强政策解读\n"
SENTENCE = "各单位要持续深化政务公开工作，做好政策解读和回应关切。"


def test_overlong_task_is_split_at_sentence_ends_with_a_warning(tmp_path):
    task = "（一）推进政务公开。" + SENTENCE * 2000 + "责任单位：区政府办公室，2025年底前完成。\n"
    parsed = parse_file(write(tmp_path, "t.txt", HEAD + task + "（二）做好公开。责任单位：区政府办公室。\n"))
    long = [r for r in parsed.records if r.source.line_start == 4]
    assert len(long) > 1 and all(len(r.text) <= MAX_TASK_CHARS for r in long)
    assert all(r.text.endswith("。") for r in long[:-1])
    assert sum(len(r.text) for r in long) >= len(SENTENCE) * 2000
    assert len({r.id for r in parsed.records}) == len(parsed.records)
    assert any(w.line == 4 and "过长" in w.kind for w in parsed.warnings)


def test_long_paragraph_never_becomes_a_section(tmp_path):
    paragraph = "这是一段很长的说明文字" * 10000 + "\n"
    item = "（一）做好公开。责任单位：区政府办公室。\n"
    for text in (HEAD + item + "二、" + paragraph + item, HEAD + paragraph + item):
        parsed = parse_file(write(tmp_path, "p.txt", text))
        assert all(len(r.section) <= MAX_SECTION_CHARS for r in parsed.records)
        assert any("过长" in w.kind for w in parsed.warnings)


def test_overlong_title_is_clipped(tmp_path):
    title = "2025年测试区" + "加强" * 5000 + "政务公开工作要点\n\n"
    parsed = parse_file(
        write(tmp_path, "t.txt", title + "一、加强政策解读\n（一）做好公开。责任单位：区政府办公室。\n")
    )
    assert len(parsed.document.title) <= MAX_TITLE_CHARS
    assert all(len(r.doc_title) <= MAX_TITLE_CHARS for r in parsed.records)
