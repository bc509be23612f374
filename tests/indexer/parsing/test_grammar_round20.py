"""Run-in items, read after the twelfth held-out set's one measurement (now ``tests/real_dev13``).

A PDF whose text layer ran every paragraph into one line still numbers its items: a Chinese numeral item after a
sentence end (…请认真抓好贯彻落实。 一、加强组织领导。各级各部门要…) starts an item of its own in the last reading
of a document, so its subject is read in its own short clause.
"""

from __future__ import annotations

from tests.indexer.parsing.real_pages import parse_text, record_holding, record_with


def test_a_run_in_item_is_read_on_its_own() -> None:
    records = parse_text(
        "关于印发2019年政务公开工作任务分解表的通知 各镇人民政府: 为认真落实决策部署,现将任务分解表印发给你们,"
        "请认真抓好贯彻落实。 一、加强组织领导。各级各部门要高度重视政务公开工作,强化组织领导。"
        " 二、强化督查考核。市政府办公室要定期通报工作进展情况。\n"
    )
    assert record_holding(records, "高度重视").responsible_units == ["各级各部门"]
    assert record_holding(records, "定期通报").responsible_units == ["市政府办公室"]


def test_the_real_page() -> None:
    assert "各级各部门" in record_with("zoucheng_fenjie_notice_2019", "高度重视政务公开工作").responsible_units
