"""Whether a record holds what a passage said: words on most of a passage's lines judge no record."""

from __future__ import annotations

from assistant.answering.excerpts import excerpt_of, holds, matched_words
from indexer.models import Passage, SourceSpan


def _passage(text: str) -> Passage:
    return Passage("p", "d", "catalogue", "", None, text, SourceSpan("catalogue.txt", 1, 5))


def test_an_issuer_on_every_row_judges_no_record():
    passage = _passage(
        "信息类别 | 内容描述 | 责任主体 | 公开方式 |\n"
        "领导信息 | 局领导班子成员相片、姓名及工作分工 | 办公室 | 县政府网站的县教育局栏目 |\n"
        "机构概况 | 机关工作职责、内设股室名称 | 办公室 | 县政府网站的县教育局栏目 |\n"
        "人事信息 | 县教育局任免的股室负责人员 | 人事股 | 县政府网站的县教育局栏目 |\n"
        "预算决算 | 本局的财政预算、决算 | 计财股 | 县政府网站的县教育局栏目 |"
    )
    question = "县教育局领导分工信息谁负责公开？"
    matched = matched_words(passage, question, excerpt_of(passage, question))
    assert "教育" not in matched and "领导" in matched
    assert holds("领导信息：局领导班子成员相片、姓名及工作分工", matched) > holds(
        "人事信息：县教育局任免的股室负责人员", matched
    )
