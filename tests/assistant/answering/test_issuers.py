"""A question that names a document's issuer, and no place, is answered from that document first.

Rules of companies and schools share their clauses word for word (公司成立信息公开领导小组，统一指导…); the
question says whose rule it means (盛顺达公司…). A government body or a place at the head of a title names no
one issuer (every place has a 财政局; places are read by the place reader).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.answering.issuers import issuer_of, named_issuer_length
from assistant.answering.retriever import Hit, HybridRetriever, _prefer_named_issuer
from indexer.index.catalog import Catalog
from indexer.index.filters import TaskFilter
from indexer.index.reader import KnowledgeBase
from indexer.models import Deadline, SourceSpan, TaskRecord

REAL_DEV10 = Path(__file__).parents[2] / "real_dev10"


def test_the_issuer_is_the_title_s_head() -> None:
    assert issuer_of("盛順達公司信息公開辦法") == ("盛顺达公司",)
    assert issuer_of("一汽(北京)软件信息公开实施办法") == ("一汽北京软件", "一汽软件")
    assert issuer_of("【栏目】泰州太阳集团投资有限公司2021年信息公开工作制度") == ("泰州太阳集团投资有限公司",)
    assert issuer_of("信息公开程序") == ()


def test_a_government_body_or_a_place_names_no_one_issuer() -> None:
    assert issuer_of("上海市财政局政务公开工作规定") == ()
    assert issuer_of("2024年济南市章丘区政务公开工作要点") == ()
    assert issuer_of("盘山县人民政府办公室关于印发政务公开考核标准的通知") == ()


def test_a_question_names_an_issuer_by_its_own_words() -> None:
    assert named_issuer_length("盛顺达公司谁负责统一指导信息公开工作？", "盛順達公司信息公開辦法") == 5
    assert named_issuer_length("一汽软件的信息公开实施办法由哪个部门牵头？", "一汽(北京)软件信息公开实施办法") == 4
    assert named_issuer_length("公司谁负责统一指导信息公开工作？", "盛順達公司信息公開辦法") == 0  # a kind alone
    assert named_issuer_length("集团公司的信息谁公开？", "泰州太阳集团投资有限公司信息公开工作制度") == 0


def _hit(doc_id: str, title: str, score: float) -> Hit:
    record = TaskRecord(
        f"{doc_id}#{score}",
        doc_id,
        title,
        "",
        None,
        "",
        "",
        "统一指导信息公开工作",
        [],
        [],
        Deadline("", None, "unspecified"),
        SourceSpan(f"{doc_id}.txt", 1, 1),
    )
    return Hit(record, score)


def test_the_named_document_s_hits_come_first_in_their_order() -> None:
    ranked = [
        _hit("taizhou", "泰州太阳集团投资有限公司信息公开工作制度", 0.9),
        _hit("shengshunda", "盛順達公司信息公開辦法", 0.8),
        _hit("taizhou", "泰州太阳集团投资有限公司信息公开工作制度", 0.7),
        _hit("shengshunda", "盛順達公司信息公開辦法", 0.6),
    ]
    reordered = _prefer_named_issuer(ranked, "盛顺达公司谁负责统一指导信息公开工作？")
    assert [h.score for h in reordered] == [0.8, 0.6, 0.9, 0.7]
    assert _prefer_named_issuer(ranked, "谁负责统一指导信息公开工作？") == ranked


@pytest.mark.slow
def test_two_companies_rules_answer_for_the_one_named(tmp_path, encoder, registry) -> None:
    folder = tmp_path / "rules"
    folder.mkdir()
    for name in ("shengshunda_company_xxgk_trad", "taizhou_soe_xxgk_zhidu"):
        (folder / f"{name}.txt").write_bytes((REAL_DEV10 / f"{name}.txt").read_bytes())
    index_dir = tmp_path / "index"
    assert Catalog(index_dir, encoder, registry).build([folder]).generation is not None
    kb = KnowledgeBase(index_dir, registry, encoder).load()
    for question in ("盛顺达公司谁负责统一指导信息公开工作？", "盛顺达公司的信息公开和日常协调工作由哪个部门主管？"):
        hits = HybridRetriever(kb).search(question, TaskFilter(unknown_places=True), 5)
        assert hits[0].record is not None and hits[0].record.doc_id == "shengshunda_company_xxgk_trad"
