"""Whether a record holds what a passage said: words on most of a passage's lines judge no record."""

from __future__ import annotations

from assistant.answering.excerpts import excerpt_of, holds, longest_shared_phrase, matched_words
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


def test_a_phrase_reads_alike_through_punctuation_and_de():
    question = "土地储备中心的预算决算公开由哪个科室负责？"
    # 中心的预算决算 and 本中心预算、决算 say the same six characters; a scattered match says only its word.
    assert longest_shared_phrase(question, "1.积极推进本中心预算、决算及相关报表公开。") == 6
    assert longest_shared_phrase(question, "10.密切关注涉及土地储备等方面的舆情并及时作出回应。") == 4
    # Asking words split the question: no phrase is read across them.
    assert longest_shared_phrase("谁负责公开", "办公室负责公开政府信息") == 2
    # The document's title names every clause of it: its words tell no clause from another.
    title = "土地储备中心政务公开工作要点"
    assert longest_shared_phrase(question, "10.密切关注涉及土地储备等方面的舆情。", besides=title) == 0
