"""Arbitrary text never breaks the parser: it yields records or passages, or the project's own clear error."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indexer.errors import DocumentError
from indexer.parsing.parse import parse_file

LINES = st.one_of(
    st.text(max_size=80),
    st.sampled_from(
        [
            "一、总体要求",
            "（一）做好政策解读。",
            "（责任单位：区政府办公室）",
            "序号\t工作任务\t具体要求\t责任单位\t完成时限",
            "1\t\t内容\t区大数据局\t3月底前",
            "\t工作任务",
            "\t牵头部门",
            "\t——",
            "〔责任单位：各镇（街道）〕",
            "附件",
            "",
        ]
    ),
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(LINES, max_size=40))
def test_arbitrary_documents_parse_or_raise_document_error(tmp_path, lines):
    path = tmp_path / "doc.txt"
    path.write_bytes("\n".join(lines).encode("utf-8", errors="replace"))
    try:
        parsed_document = parse_file(path)
        document, records = parsed_document.document, parsed_document.records
    except DocumentError:
        return
    passages = parsed_document.passages
    assert records or passages, "a parsed document keeps its text: as records, or at least as passages"
    assert all(r.doc_id == document.id for r in records) and all(p.doc_id == document.id for p in passages)
    assert len({r.id for r in records}) == len(records) and len({p.id for p in passages}) == len(passages)
    if not records:
        assert parsed_document.warnings[0].kind == "未识别出任务结构"
