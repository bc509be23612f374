"""Grammars widened on the ninth held-out set after its one measurement (now ``tests/real_dev10``).

Rules, procedures and duty articles of enterprises, schools and offices, where a unit is the subject of a sentence
rather than the content of a column: the modal 应 assigns like 应当 (X应及时登记), while 负责人 is a person, 要求 a
request and 应公开尽公开 an idiom; a body set up and given its work in one sentence (公司成立X，统一指导…;
下设X，…负责…) does that work; a record still without units takes the unit its sentence opens with, whatever its
verb, when an action word follows (公司党委工作部严格按照…出具…). A person by office is such a sentence's actor
(分管领导审核批准, 机关办公室主任提出审核意见), never a column's unit; a head opening with 根据/按照 is the rule's
ground, and one defining a word (本办法所称…是指) none. 一、 lines of one long sentence each, with nothing under them,
side by side, are a rule's articles, not titles. Names: a unit named through 的 or 为 is the last name
(行政机关的政府信息公开工作机构, X工作机构为校办公室), a short name given for later use (（下称办公室）) is no
unit, and 发布会/座谈会 are meetings. Places: 和县 glued after a word is 和 (and) before a county's office. Tested
on invented lines in each grammar and on the real pages.
"""

from __future__ import annotations

from indexer.parsing.fields.clause_units import acting_units, clause_units
from indexer.parsing.fields.units import looks_like_units, parse_units
from indexer.parsing.identity.place import find_place
from tests.indexer.parsing.real_pages import parse_text, record_holding, record_with


def test_the_modal_ying_assigns_but_not_its_words() -> None:
    assert clause_units("申请人通过网站申请的,政府信息公开工作机构应及时查收。").names == ["政府信息公开工作机构"]
    assert clause_units("部门文件:涉及本股室应公开尽公开的本局文件。").names == []
    assert clause_units("区应急管理局做好预案公开。").names == ["区应急管理局"]


def test_a_person_in_charge_is_no_assignment() -> None:
    found = clause_units("下设信息公开办公室,公司党政办负责人担任办公室主任,负责日常组织协调工作。")
    assert found.names == ["信息公开办公室"]


def test_a_body_set_up_does_the_work_given_with_it() -> None:
    records = parse_text(
        "第三条 公司成立信息公开领导小组,统一指导信息公开工作。各部门负责人为小组成员。"
        "下设信息公开办公室,公司党政办负责人担任办公室主任,负责信息公开日常组织协调工作。\n"
    )
    assert record_holding(records, "统一指导信息公开工作").units == ["信息公开领导小组"]
    assert record_holding(records, "日常组织协调工作").units == ["信息公开办公室"]


def test_a_rule_s_actor_whatever_its_verb() -> None:
    assert acting_units("保密审查。公司党委工作部严格按照有关规定,对拟公开的信息出具保密审查意见。") == [
        "公司党委工作部"
    ]
    assert acting_units("考核组起草年度考核方案,经政府领导审定后发文部署。") == ["考核组"]
    assert acting_units("综合运用新闻发布会、在线访谈等形式,对重大政策开展解读。") == []
    assert acting_units("全面梳理细化相关领域政务公开事项。") == []
    assert acting_units("术语和定义本办法所称信息是指公司在经营中记录的信息。") == []  # a definition


def test_a_person_by_office_acts_in_a_rule_s_sentence() -> None:
    assert acting_units("机关办公室主任提出审核意见;") == ["机关办公室主任"]
    assert acting_units("由政务公开工作人员提出是否公开的初步意见;") == ["政务公开工作人员"]
    assert clause_units("根据财政部要求,专员办设立一名电子政务联络员,负责频道栏目的内容审核。").names == [
        "电子政务联络员"
    ]
    assert clause_units("确定分管领导和具体人员负责审核工作。").names == []
    assert not looks_like_units("分管领导")  # a column's or a marker's words: no unit


def test_articles_of_one_sentence_are_tasks_not_titles() -> None:
    records = parse_text(
        "一、局办公室负责组织协调信息发布保密审查、信息是否公开等事项的申报和统计工作。\n\n"
        "二、局门户网站信息发布均由承办科提出初审意见后,报局分管领导审查批准。\n\n"
        "三、经保密审查不能公开的信息应说明理由。审批记录应归档保存备查。\n"
    )
    assert record_holding(records, "组织协调信息发布保密审查").units == ["局办公室"]
    assert record_holding(records, "局门户网站信息发布").units == ["承办科", "局分管领导"]  # the approver: round 16
    closing = parse_text(
        "一、深化政策公开\n（一）做好政策解读工作。（责任单位：区政府办公室）\n"
        "二、工作要求各单位要明确专人负责，对照任务细化措施，确保各项工作按期完成。\n"
    )
    assert not any(r.text.startswith("工作要求") for r in closing)  # a plan's lone closing title stays a title


def test_names_reached_through_de_and_wei() -> None:
    assert parse_units("各级行政机关的政府信息公开工作机构").names == ["政府信息公开工作机构"]
    assert parse_units("学校信息公开工作机构为校信息公开办公室").names == ["校信息公开办公室"]
    assert parse_units("制定规范性文件的部门").names == ["制定规范性文件的部门"]  # a description, no name after 的
    assert parse_units("学校信息公开工作领导小组办公室（下称办公室）").names == ["学校信息公开工作领导小组办公室"]


def test_he_xian_glued_after_a_word_is_a_conjunction() -> None:
    lines = ["中学信息公开制度", "以政府信息公开条例和县政府办的要求为指导。", "以“安徽省岳西县某中学网站”为平台。"]
    assert find_place(lines, "中学信息公开制度", "正文", "page.txt").region != "和县"
    assert find_place(["和县人民政府办公室关于印发政务公开要点的通知"], "", "", "page.txt").region == "和县"


def test_the_real_pages() -> None:
    assert record_with("district_ysq_zhidu", "应及时查收").units == ["政府信息公开工作机构"]
    assert record_with("district_ysq_zhidu", "负责接收本机关的政府信息公开申请").units == ["政府信息公开工作机构"]
    assert record_with("taizhou_soe_xxgk_zhidu", "信息公开日常组织协调工作").units == ["企业信息公开办公室"]
    assert record_with("taizhou_soe_xxgk_zhidu", "统一指导信息公开工作").units == ["企业信息公开领导小组"]
    assert record_with("company_xxgk_procedure_2021", "出具保密审查意见").units == ["公司党委工作部"]
    assert record_with("xixiang_ysq_zhidu_trad", "將主要信息登記備案").units == ["各行政機關"]
    assert record_with("university_banfa_trad", "統一受理、協調處理").units == ["校门徒辦公室"]
    assert record_with("changjiang_xfj_shenhe_2020", "提出审核意见").units == ["机关办公室主任"]
    assert record_with("bureau_xxgk_zhidu", "做好政府信息公开的具体业务工作").units == ["政府信息公开工作人员"]
    assert record_with("xuzhou_2008", "确定主管部门和工作机构").units == []
    assert record_with("tieling_zrzyj_baomi_2021", "负责组织协调信息发布保密审查").units == ["局办公室"]
