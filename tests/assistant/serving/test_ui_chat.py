"""The chat reply: a quoted passage is a card marked 原文片段 with no unit or deadline fields, its highlight marked."""

from __future__ import annotations

from assistant.answering.answerer import Answer
from assistant.answering.render import PassageCitation
from assistant.serving.ui_chat import render_answer
from indexer.models import Passage, SourceSpan


def test_a_passage_is_shown_as_a_quote_card_never_with_unit_fields():
    passage = Passage("n#p1", "n", "某县通知", "", 2025, "县融媒体中心每月<b>播报</b>名单", SourceSpan("n.txt", 3, 4))
    citation = PassageCitation(passage, 0.5, "县融媒体中心每月<b>播报</b>名单")
    answer = Answer(
        "名单在哪播报",
        "answer",
        "据《某县通知》（文件未写明地区），相关原文：“**播报**名单”\n出处",
        "what",
        {},
        [citation],
    )
    html = render_answer(answer)
    assert "原文片段 · 第3–4行" in html and "<mark>播报</mark>名单" in html
    assert "责任单位：" not in html and "完成时限：" not in html and "<b>播报</b>" not in html  # escaped
