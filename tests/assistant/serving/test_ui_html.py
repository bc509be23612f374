"""The staff desk's table: readable columns first, ids folded away, escaped, cards on a phone; dates once."""

from __future__ import annotations

from assistant.answering.tasks import TaskRow, TaskStatus
from assistant.serving.ui_html import CSS, deadline_text, tasks_html
from indexer.models import Deadline, SourceSpan, TaskRecord


def _row(text: str = "推进<b>政务</b>公开", deadline: Deadline | None = None) -> TaskRow:
    record = TaskRecord(
        id="2025_某区_要点:t7",
        doc_id="2025_某区_要点",
        doc_title="2025年某区要点",
        region="某区",
        year=2025,
        section="一、总体要求",
        number="7",
        text=text,
        lead_units=["区政府办公室"],
        responsible_units=["区大数据局"],
        deadline=deadline or Deadline("9月底前", "2025-09-30", "date"),
        source=SourceSpan("x.txt", 3, 3),
    )
    return TaskRow(record, collective=False, status=TaskStatus.overdue)


def test_columns_staff_read_first_and_the_id_only_in_the_source_details():
    page = tasks_html([_row()])
    headers = [part.split("</th>")[0] for part in page.split("<th>")[1:]]
    assert headers == ["任务内容", "牵头单位", "责任单位", "完成时限", "状态"]
    before_details = page.split("<details>")[0]
    assert "2025_某区_要点:t7" not in before_details and "2025_某区_要点:t7" in page
    assert "&lt;b&gt;政务&lt;/b&gt;" in page and "<b>政务" not in page
    assert "9月底前（2025-09-30）" in page and "已逾期" in page


def test_cards_under_500_pixels_label_every_cell():
    assert "@media (max-width: 500px)" in CSS and "content:attr(data-label)" in CSS
    assert 'data-label="牵头单位"' in tasks_html([_row()])


def test_an_iso_date_cell_is_shown_once():
    assert deadline_text(Deadline("2025-06-30", "2025-06-30", "date")) == "2025-06-30"
    assert deadline_text(Deadline("6月底前", "2025-06-30", "date")) == "6月底前（2025-06-30）"
    assert deadline_text(Deadline("", None, "unspecified")) == "文件未规定"


def test_an_iso_date_cell_is_shown_once_in_answers_too():
    from assistant.answering.render import Citation, deadline_phrase

    xlsx = _row(deadline=Deadline("2025-06-30", "2025-06-30", "date")).record
    assert deadline_phrase(Citation(xlsx, 1.0)) == "完成时限：2025-06-30"
    assert deadline_phrase(Citation(_row().record, 1.0)) == "完成时限：9月底前（2025-09-30）"
