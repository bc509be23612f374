"""Web debris inside the words: pinyin a mirror inserts, HTML tag remnants, entities (real pages and snippets)."""

from __future__ import annotations

from indexer.parsing.debris import clean_debris, without_pinyin
from indexer.parsing.normalise import Restorer, matching_view
from tests.indexer.parsing.real_pages import record_with


def test_clean_debris() -> None:
    assert clean_debris("贯彻落实、/div>") == "贯彻落实、"
    assert clean_debris("<p>公开预算</p>") == "公开预算"
    assert clean_debris("以下统?ldquo;五公开&rdquo;") == "以下统“五公开”"
    assert clean_debris("单元格一<br>单元格二") == "单元格一<br>单元格二"  # a Markdown cell's line break stays


def test_pinyin_leaves_the_view_and_unit_names_but_not_the_text() -> None:
    original = ["（牽頭單位：市發(fā)展改革委）做好政務(wù)公開"]
    view = matching_view(original)
    assert view == ["（牵头单位：市发展改革委）做好政务公开"]
    restorer = Restorer(original, view)
    assert restorer.restore("做好政务公开", (1, 1)) == "做好政務(wù)公開"
    assert without_pinyin(restorer.restore("市发展改革委", (1, 1))) == "市發展改革委"
    assert matching_view(["政府与社会资本合作（ppp）"]) == ["政府与社会资本合作（ppp）"]  # no tone mark: not pinyin


def test_debris_on_real_pages() -> None:
    """huzhou_2022_trad (pinyin in the unit names), guizhou_2017_garbled ("(省财政厅牵头(/div>")."""
    assert "市發展改革委" in record_with("huzhou_2022_trad", "助力開好“共富班車”").lead_units
    finance = record_with("guizhou_2017_garbled", "按旬公开全省财政收支情况")
    assert finance.lead_units == ["省财政厅"]
    banks = record_with("guizhou_2017_garbled", "深入解读政策背景")
    assert banks.lead_units[-1] == "人行贵阳中心支行"
