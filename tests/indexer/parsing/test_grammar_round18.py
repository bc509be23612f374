"""Rule sentences and glued titles, read after parser round 17 (on ``tests/real_dev10`` and ``tests/real_dev11``).

A rule's paragraph holds one step per sentence, each with its own actor, and the actor may come after a condition
(申请人当面提交申请的，X在查验…后…) or be followed by any action word (X收到…后应…, X根据职责配合…, X设立…): each
such sentence is a task of its own. Those working beside the actor take part (由X会同Y进行…, …由X负责，Y配合), and so
does whoever a procedure names as its maker (由X制定, 由X发文部署). An item's title run into its first sentence
(抓好工作落实各单位要…) does not become part of the unit's name, a bare kind after 和 shares the qualifier before it
(相关部门和单位), sectors listed before the kind of body they share (城市供水、供气、供热等主管部门) are one body,
a later clause opening with its own unit (…，各部室依据本制度规定，…) names one more actor, and a preposition's
object (对照国务院部门制定的…) is no actor. 持续 opening what the actor does (要持续做好…) makes a prose task
standing, and a period dating what was done (组织开展了三季度…检查) is no limit. A notice's line whose sentences
each open with their own unit (X将于…。Y将于…) gives one task per sentence in the last reading of a document too.
"""

from __future__ import annotations

from indexer.parsing.fields.clause_units import acting_units, clause_units, unit_first_sentences
from indexer.parsing.fields.deadlines import find_prose_deadline
from indexer.parsing.fields.unit_names import joined_units, without_title
from indexer.parsing.fields.units import parse_units
from tests.indexer.parsing.real_pages import parse_text, real_records, record_holding, record_with


def test_the_actor_after_a_condition_acts() -> None:
    text = "申请人当面提交申请的,政府信息公开工作机构在查验申请人身份信息后,接收申请人提交的申请。"
    assert acting_units(text) == ["政府信息公开工作机构"]
    assert acting_units("政府信息公开工作机构收到政府信息公开申请后应及时登记。") == ["政府信息公开工作机构"]
    assert clause_units("符合以下条件之一时,行政机关应告知申请人作出补正。").names == ["行政机关"]
    assert acting_units("相关部门根据职责配合制定、实施政策解读。") == ["相关部门"]


def test_each_sentence_with_its_own_actor_is_a_task() -> None:
    text = "镇综合便民服务中心负责本镇村务公开工作的组织。相关部门按照各自职责,协同做好村务公开的工作。"
    assert unit_first_sentences(text) == [
        "镇综合便民服务中心负责本镇村务公开工作的组织。",
        "相关部门按照各自职责,协同做好村务公开的工作。",
    ]
    records = parse_text(f"第四条 {text}\n第五条 镇负责指导村民委员会完善村务公开制度。\n")
    assert record_holding(records, "协同做好").responsible_units == ["相关部门"]
    assert record_holding(records, "组织。").responsible_units == ["镇综合便民服务中心"]


def test_those_working_beside_the_actor_take_part() -> None:
    together = clause_units("两个以上行政机关共同制作的政策文件,由牵头起草机关会同联合发文机关进行政策解读。")
    assert together.names == ["牵头起草机关", "联合发文机关"]
    helping = clause_units("多部门联合制发的政策文件,由牵头部门负责解读工作,其他联合发文部门配合。")
    assert helping.names == ["牵头部门", "其他联合发文部门"]
    assert clause_units("考核量化标准由其上一级政府制定。").names == ["上一级政府"]
    drafted = clause_units("考核组起草年度考核方案,经政府领导审定后由各级政府办公部门发文部署。")
    assert set(drafted.names) == {"考核组", "政府领导", "各级政府办公部门"}


def test_an_office_in_charge_of_work_acts_but_a_role_is_no_unit() -> None:
    assert clause_units("综合办公室主管信息公开及日常协调工作。").names == ["综合办公室"]
    assert clause_units("局主管或分管领导审核批准。").names != ["局"]


def test_a_glued_title_is_no_part_of_the_unit() -> None:
    assert without_title("抓好工作落实各单位") == "各单位"
    assert without_title("认真开展政府子网站运行管理工作各政府子网站主办单位") == "各政府子网站主办单位"
    assert without_title("健全完善主动公开事项目录体系各单位") == "各单位"
    assert without_title("区政府各部门") == "区政府各部门"  # a unit's own 各 stays
    assert parse_units("强化组织保障各乡(镇、街道)、县直各部门").names == ["各乡（镇、街道）", "县直各部门"]
    records = parse_text(
        "二、健全完善主动公开事项目录体系\n各单位须依据权责清单,持续全面梳理并动态更新法定主动公开内容。\n"
    )
    assert record_holding(records, "持续全面梳理").responsible_units == ["各单位"]


def test_a_bare_kind_after_a_conjunction_shares_its_qualifier() -> None:
    assert joined_units("基层政务公开领域相关部门和单位") == ["基层政务公开领域相关部门和单位"]
    assert joined_units("其他股室及属下单位") == ["其他股室", "属下单位"]


def test_a_preposition_s_object_is_no_actor() -> None:
    text = "对照国务院部门制定的26个试点领域标准指引,全面梳理细化相关领域政务公开事项。"
    assert acting_units(text) == []
    assert unit_first_sentences(f"全面推进基层政务公开标准化规范化建设。{text}各街道办事处要将此作为重要内容。") == []


def test_continuing_work_is_standing() -> None:
    standing = find_prose_deadline("区生态环境局要持续做好监督检查信息公开工作。", 2021)
    assert standing is not None and standing.kind == "ongoing"
    assert find_prose_deadline("以公开助力营商环境持续优化。", 2021) is None
    assert find_prose_deadline("在摸清底数、持续更新的基础上,完善分类展示。", 2021) is None


def test_real_rule_pages_give_each_actor_its_step() -> None:
    assert record_with("township_zwgk_banfa", "基层站所在单位驻地").responsible_units == ["基层站所"]
    assert record_with("district_ysq_zhidu", "收到政府信息公开申请后应及时登记").responsible_units == [
        "政府信息公开工作机构"
    ]
    assert record_with("xixiang_ysq_zhidu_trad", "一并轉交給").responsible_units == ["本機關其他內設機構或人員"]


def test_a_notice_line_gives_one_task_per_announcing_sentence() -> None:
    records = real_records("qingshanhu_zhenggai_2023")
    second = record_with("qingshanhu_zhenggai_2023", "开展第二次测评")
    assert second.responsible_units == ["区政务公开办"] and second.deadline.date == "2023-06-02"
    assert len([r for r in records if "将于" in r.text]) == 2


def test_sectors_listed_before_their_shared_kind_are_one_body() -> None:
    name = "县级以上地方人民政府城市供水、供气、供热等主管部门"
    assert parse_units(name).names == [name]
    assert parse_units("区发展改革委、区教委等17个部门").names == ["区发展改革委", "区教委"]
    assert parse_units("区财政局、区人社局等有关部门").names == ["区财政局", "区人社局"]
    assert clause_units(f"{name}负责本行政区域内信息公开监督管理工作。").names == [name]


def test_a_period_dating_what_was_done_is_no_limit() -> None:
    text = "市政务公开办组织开展了三季度全市政务公开工作情况检查,请各单位10月17日前整改到位。"
    found = find_prose_deadline(text, 2023)
    assert found is not None and found.date == "2023-10-17"


def test_a_later_clause_s_own_unit_takes_part() -> None:
    text = (
        "公司成立信息公开领导小组,统一指导信息公开工作,公司综合办公室负责日常协调工作,"
        "各部室依据本制度规定,做好信息采集工作。"
    )
    assert clause_units(text).names == ["公司综合办公室", "信息公开领导小组", "各部室"]
    reporting = clause_units("各单位要加强组织领导,明确分管领导和工作机构,于每季度末向市政府办公室报送工作进展情况。")
    assert reporting.names == ["各单位"]  # a clause opening with 明确 or 于 names no actor
