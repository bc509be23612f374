"""Numbering as real pages lose it: a "（一" whose closing bracket is gone, an item number before a year."""

from __future__ import annotations

from indexer.parsing.body.body import numbering
from tests.indexer.parsing.real_pages import record_with


def test_numbering_variants() -> None:
    found = numbering("(一加强涉及优化营商环境的信息公开。公开市场规则。")
    assert found is not None and found[0] == "（一）"
    assert numbering("(一般性文件)不予公开") is None  # a bracket that closes is not a lost number
    found = numbering("5.2020年8月底前,县级政府要完成清单编制")
    assert found is not None and found[1].group(1) == "5"


def test_numbering_variants_on_real_pages() -> None:
    """heping_tj_2022 ("(一加强…"), guizhou_2020 ("5.2020年8月底前…")."""
    market = record_with("heping_tj_2022", "公开市场规则标准及监管执法信息")
    assert market.number == "（一）" and market.text.startswith("加强涉及优化营商环境的信息公开")
    lists = record_with("guizhou_2020", "县级政府要完成本级政府政务公开标准规范清单编制")
    assert lists.number == "5." and lists.responsible_units == ["各县〔市、区、特区〕政府"]
