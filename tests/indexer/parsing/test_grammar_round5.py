"""Grammars widened on the second real development set (``tests/real_dev2``, once a held-out set).

Each rule is a grammar or a vocabulary, so each is tested twice: on short invented lines (any page
written that way reads the same) and on the real pages where it was missed.
"""

from __future__ import annotations

import tempfile
import unicodedata
from pathlib import Path

import pytest

from indexer.errors import DocumentError
from indexer.models import TaskRecord
from indexer.parsing.fields.units import looks_like_units, parse_units
from indexer.parsing.parse import parse_file
from indexer.parsing.tables.cell_roles import cell_kind
from indexer.parsing.tables.columns import header_roles
from tests.indexer.parsing.real_pages import record_with


def _records(text: str) -> list[TaskRecord]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "page.txt"
        path.write_text(text, encoding="utf-8")
        return parse_file(path).records


def _nfkc(names: list[str]) -> list[str]:
    """Names as the scorer compares them (the records keep full-width brackets where the grammar read them)."""
    return [unicodedata.normalize("NFKC", n) for n in names]


def _with(records: list[TaskRecord], words: str) -> TaskRecord:
    hits = [r for r in records if words in r.text]
    assert len(hits) == 1, f"{len(hits)} records hold {words!r}: {[r.text for r in records]}"
    return hits[0]


# ------------------------------------------------------------------ unit-list grammar


@pytest.mark.parametrize(
    ("cell", "lead", "responsible"),
    [
        # lead verbs: 统筹 / 主责 after a unit list, as 牵头
        ("法规科统筹,各职能科(室)配合。", ["法规科"], ["各职能科（室）"]),
        ("县融媒体中心主责，各部门协同", ["县融媒体中心"], ["各部门"]),
        # the object of the lead verb and of 负责做好 is the work, not a unit; 具体/参照 before the closing verb
        (
            "区司法局牵头区级规范性文件集中公开工作,区各行政规范性文件制定主体具体落实;"
            "各成员单位负责做好本单位行政规范性文件集中公开工作",
            ["区司法局"],
            ["区各行政规范性文件制定主体", "各成员单位"],
        ),
        ("市发展和改革局牵头,市直有关部门落实;各镇(街)参照落实", ["市发展和改革局"], ["市直有关部门", "各镇（街）"]),
        # 及/和 between two unit names; one name with 和 inside stays whole
        ("办公室牵头,其他股室及属下单位配合", ["办公室"], ["其他股室", "属下单位"]),
        ("市发展和改革局、市人力资源和社会保障局", [], ["市发展和改革局", "市人力资源和社会保障局"]),
        # a second name in brackets at the same level is an alias: the unit is its first name
        ("区建设管理委(区交通委)、区水务局", [], ["区建设管理委", "区水务局"]),
        ("广电旅游和公共服务股(行政审批服务股)牵头,办公室配合", ["广电旅游和公共服务股"], ["办公室"]),
        ("区党工委组织部（人力资源部）", [], ["区党工委组织部（人力资源部）"]),
        ("各镇人民政府（街道办）", [], ["各镇人民政府（街道办）"]),
        # collectives of local governments and the suffix vocabulary
        ("省直各部门,各设区市、平潭综合实验区", [], ["省直各部门", "各设区市", "平潭综合实验区"]),
        ("学生处,各高等学校", [], ["学生处", "各高等学校"]),
        ("各镇（街道）、各村（社区）", [], ["各镇（街道）", "各村（社区）"]),
        # names a space apart, and a wrapped name that is one
        ("市住房城乡建设局 市交通运输局", [], ["市住房城乡建设局", "市交通运输局"]),
        ("区人民政府 办公室", [], ["区人民政府办公室"]),
        # a time phrase in a unit cell is never a unit
        ("区教育局负责,2023年6月底前完成", [], ["区教育局"]),
    ],
)
def test_unit_list_grammar(cell: str, lead: list[str], responsible: list[str]) -> None:
    units = parse_units(cell)
    assert (units.lead, units.responsible) == (lead, responsible)


@pytest.mark.parametrize(
    "cell",
    [
        "法规科统筹,各职能科(室)配合。",
        "省直各部门,各设区市、平潭综合实验区",
        "区司法局牵头区级规范性文件集中公开工作,区各行政规范性文件制定主体具体落实;各成员单位负责做好本单位工作",
        "区城管局牵头负责",
        "市政府办公室（市政务服务数据管理局）",
        "学生处,各高等学校",
        "各镇（街道）、各村（社区）",
        "市委党校",
    ],
)
def test_unit_cells_look_like_units(cell: str) -> None:
    assert looks_like_units(cell)


@pytest.mark.parametrize("cell", ["区政府办公室负责做好政务公开工作", "统筹推进政务公开", "加强农村"])
def test_sentences_do_not_look_like_units(cell: str) -> None:
    assert not looks_like_units(cell)


# ------------------------------------------------------------------ header vocabulary and cell roles


def test_a_division_of_labour_column_names_the_units_when_no_other_column_does() -> None:
    assert header_roles(["工作要点", "具体要求", "任务分工"]) == ["task", "requirement", "responsible"]
    roles = header_roles(["序号", "工作任务", "细化分工", "责任处室", "完成时限", "备注"])
    assert roles == ["number", "task", "requirement", "responsible", "deadline", "note"]


def test_a_short_cell_with_a_full_stop_is_a_task_not_a_heading() -> None:
    assert cell_kind("及时公开行政规范性文件的备案目录。") == "text"
    assert cell_kind("推进决策公开") == "title"


# ------------------------------------------------------------------ flattened tables


def test_pipe_rows_left_with_one_cell_and_a_header_broken_before_its_bar() -> None:
    records = _records(
        "工作任务 | 具体要求\n"
        "| 责任单位 |\n"
        "一、做好规划公开。 | 1.主动公开规划纲要。 | 市直有关部门;各镇(街) |\n"
        "2.做好规划的归集整理工作。 |\n"
        "二、做好财政信息公开。 | 3.推进财政预算公开。 | 市财政局牵头,市直各部门落实 |\n"
        "4.加强反不正当竞争执法信息公开工作。 | 市市场监督管理局 |\n"
    )
    assert _nfkc(_with(records, "主动公开规划纲要").responsible_units) == ["市直有关部门", "各镇(街)"]
    assert _with(records, "推进财政预算公开").lead_units == ["市财政局"]
    assert _with(records, "反不正当竞争").responsible_units == ["市市场监督管理局"]
    assert _with(records, "归集整理").section  # the merged row is a row of its own


def test_pipe_rows_without_a_header_are_read_by_content() -> None:
    records = _records(
        "2.规范使用依申请公开系统,提升办理实效。 | 办公室 | 长期 |\n"
        "3.规范编制发布政府信息公开工作年度报告。 | 法规科牵头,各科室配合 | 2023年12月底前 |\n"
    )
    first, second = _with(records, "依申请公开系统"), _with(records, "年度报告")
    assert (first.responsible_units, first.deadline.kind) == (["办公室"], "ongoing")
    assert (second.lead_units, second.deadline.date) == (["法规科"], "2023-12-31")


def test_metadata_pipe_rows_are_not_a_headerless_table() -> None:
    with pytest.raises(DocumentError):  # no task at all: a metadata row is not a task row
        _records("发布机构: | 山东省教育厅 | 发布日期: | 2024-01-18 |\n")


def test_bars_only_lines_end_a_row() -> None:
    records = _records(
        "工作任务 |\n具体要求 |\n责任单位 |\n||\n行政规范 |\n"
        "做好行政规范性文件的集中、规范公开工作。确保公开数量和内容与省政府门户网站文件库一致。 |\n"
        "区司法局牵头,各成员单位配合 |\n"
        "公开页面详细列明标题、正文、文号、成文日期等。 |\n||||\n"
        "发生修改、废止、失效等情况,及时在公开页面更新有效性标注。 |\n||||\n"
        "及时公开行政规范性文件的备案目录。 |\n各成员单位 |\n|||\n"
    )
    record = _with(records, "备案目录")
    assert record.responsible_units == ["各成员单位"]
    assert "|" not in record.text and "有效性标注" not in record.text
    assert _with(records, "详细列明").lead_units == ["区司法局"]  # a row whose unit cell is merged


def test_a_heading_closed_by_empty_cells_heads_the_next_row() -> None:
    records = _records(
        "工作任务 |\n牵头单位 |\n责任单位 |\n"
        "一、推进重点领域信息公开 | ||\n(一)推进行政权力清单公开 | ||\n"
        "1.政府工作部门行政审批项目取消、下放以及非行政许可审批事项等信息公开 |\n省编办 |\n"
        "省直各部门,各设区市、平潭综合实验区 |\n"
        "(二)推进财政资金信息公开 | ||\n4.财政预算、决算及“三公”经费公开 |\n省财政厅 |\n省直各部门 |\n"
    )
    first = _with(records, "行政审批项目")
    assert (first.lead_units, first.responsible_units) == (["省编办"], ["省直各部门", "各设区市", "平潭综合实验区"])
    assert "推进行政权力清单公开" in first.section
    assert _with(records, "三公").lead_units == ["省财政厅"]


def test_a_unit_cell_on_two_lines_and_a_line_of_no_break_space_as_an_empty_cell() -> None:
    records = _records(
        "工作任务及要求\n\n牵头单位\n\n备注\n\n"
        "及时公开乡村振兴战略的政策举措。\n\n区委农工办\n\n区农业局\n\n\u00a0\n\n"
        "根据村务公开条例的要求,实现村务事项全过程公开。\n\n区民政局\n\n\u00a0\n\n"
    )
    assert _with(records, "乡村振兴").lead_units == ["区委农工办", "区农业局"]
    assert _with(records, "村务").lead_units == ["区民政局"]


def test_two_unit_lines_in_a_table_with_a_heading_column() -> None:
    records = _records(
        "工作任务\n具体内容\n责任单位\n完成时限\n"
        "推进决策公开\n严格落实重大行政决策程序规定,做好决策事项目录公开。\n县司法局\n县发改局\n2023年6月底前\n"
        "推进政策解读\n做好政策解读工作,提高解读质量。\n县政府办公室\n长期\n"
    )
    assert _with(records, "决策事项目录").responsible_units == ["县司法局", "县发改局"]
    assert _with(records, "政策解读工作").deadline.kind == "ongoing"


# ------------------------------------------------------------------ body grammar


def test_bar_closed_cells_of_a_task_its_units_and_its_time() -> None:
    records = _records(
        "一、持续推进基层标准化规范化 |\n"
        "1.持续推动政府信息主动公开目录的动态更新调整。 |\n法规科牵头,相关科(室)配合。 |\n长期 |\n"
        "2.规范使用全省政府信息依申请公开系统。 |\n办公室 |\n长期 |\n"
        "3.规范编制发布政府信息公开工作年度报告。 |\n办公室 |\n长期 |\n"
    )
    first = _with(records, "动态更新调整")
    units = (first.lead_units, _nfkc(first.responsible_units))
    assert (*units, first.deadline.kind) == (["法规科"], ["相关科(室)"], "ongoing")
    for words in ("依申请公开系统", "年度报告"):
        record = _with(records, words)
        assert (record.responsible_units, record.deadline.kind) == (["办公室"], "ongoing")


def test_a_signature_date_is_not_the_last_items_deadline() -> None:
    records = _records(
        "一、工作任务\n1.做好政策解读工作。\n县政府办公室\n2.推进决策公开。\n县司法局\n县人民政府办公室\n2023年8月18日\n"
    )
    assert _with(records, "推进决策公开").deadline.date is None


def test_a_unit_line_closes_the_last_unmarked_task_of_an_item() -> None:
    records = _records(
        "一、深化主动公开\n"
        "(一)提升公开水平。做好共同富裕领域信息公开工作。(牵头单位:县发改局)常态化推进民生实事项目预算信息公开。\n"
        "(牵头单位:县财政局)\n"
    )
    record = _with(records, "民生实事")
    assert (record.lead_units, record.deadline.kind) == (["县财政局"], "ongoing")
    assert _with(records, "共同富裕").lead_units == ["县发改局"]


def test_labels_closing_an_item_without_brackets() -> None:
    records = _records(
        "一、深化决策公开\n"
        "(一)严格落实重大行政决策程序规定。责任单位:县司法局;完成时限:2023年6月底前。\n"
        "(二)做好政策解读工作。牵头单位:县政府办公室;配合单位:县直各部门;完成时限:长期坚持。\n"
    )
    first, second = _with(records, "决策程序"), _with(records, "政策解读")
    assert (first.responsible_units, first.deadline.date) == (["县司法局"], "2023-06-30")
    assert (second.lead_units, second.responsible_units) == (["县政府办公室"], ["县直各部门"])


# ------------------------------------------------------------------ the real pages


@pytest.mark.parametrize(
    ("page", "words", "lead", "responsible"),
    [
        (
            "taishan_city_tasks",
            "主动公开全国统一的市场准入负面清单",
            [],
            ["市发展和改革局", "市科工商务局", "市市场监督管理局", "各镇(街)"],
        ),
        ("taishan_city_tasks", "加大惠民惠农资金", ["市财政局"], ["市民政局", "市农业农村局", "各镇(街)"]),
        ("taishan_wglt_bureau", "4.加强行政执法信息公开", [], ["市场执法股"]),
        ("taishan_wglt_bureau", "爱国卫生运动", ["广电旅游和公共服务股"], ["办公室"]),
        ("fujian_2015", "行政审批项目取消", ["省编办"], ["省直各部门", "各设区市", "平潭综合实验区"]),
        ("taian_taishan_2018", "实施乡村振兴战略的政策举措", ["区委农工办", "区农业局"], []),
        ("taian_taishan_2018", "深入解读“三农”政策", ["区农业局"], []),
        ("zhangdian_2023", "做好行政规范性文件的集中", ["区司法局"], ["区各行政规范性文件制定主体", "各成员单位"]),
        ("zhangdian_2023", "及时公开行政规范性文件的备案目录", [], ["各成员单位"]),
        ("shandong_edu_2023", "加强民办教育学校", [], ["民继处", "校外监管处", "各市教育(教体)局"]),
        ("jiangmen_zrzyj", "开设“营商环境”政策集成专栏", ["法规科"], ["各职能科(室)"]),
        ("jiangmen_zrzyj", "规范编制发布政府信息公开工作年度报告", [], ["办公室"]),
        ("deqing_2022", "常态化推进十大民生实事项目", ["县财政局"], []),
        ("fengxian_2025", "完善公共服务事项指南", [], ["区发展改革委", "区经委", "区教育局", "区建设管理委"]),
    ],
)
def test_real_dev2_units(page: str, words: str, lead: list[str], responsible: list[str]) -> None:
    record = record_with(page, words)
    assert _nfkc(record.lead_units) == lead
    assert _nfkc(record.responsible_units)[: len(responsible)] == responsible


@pytest.mark.parametrize(
    ("page", "words"),
    [
        ("jiangmen_zrzyj", "持续推动政府信息主动公开目录的动态更新调整"),
        ("jiangmen_zrzyj", "聚焦推进基础设施项目建设"),
        ("deqing_2022", "常态化推进十大民生实事项目"),
    ],
)
def test_real_dev2_ongoing_deadlines(page: str, words: str) -> None:
    assert record_with(page, words).deadline.kind == "ongoing"


# ------------------------------------------------------------------ more marker grammars (probed, not seen on a page)


def test_labels_in_brackets_before_their_values() -> None:
    records = _records(
        "一、推进决策公开\n"
        "1.严格落实重大行政决策程序规定。【责任单位】县司法局、县直各部门【完成时限】2024年6月底前\n"
        "2.做好政策解读工作。【牵头单位】县政府办公室【配合单位】县直各部门。做好政策问答。【责任单位】县融媒体中心\n"
    )
    first = _with(records, "决策程序")
    assert (first.responsible_units, first.deadline.date) == (["县司法局", "县直各部门"], "2024-06-30")
    assert "责任单位" not in first.units
    assert _with(records, "政策解读").lead_units == ["县政府办公室"]
    assert _with(records, "政策问答").responsible_units == ["县融媒体中心"]


def test_a_label_before_a_dash() -> None:
    record = _with(_records("一、推进政务公开\n1.推进政务服务公开。责任单位——县行政审批服务局\n"), "政务服务")
    assert (record.text, record.responsible_units) == ("推进政务服务公开。", ["县行政审批服务局"])


def test_sequence_number_cells_number_the_task_cell_after_them() -> None:
    records = _records(
        "一、推进决策公开 |\n1 |\n严格落实重大行政决策程序规定,做好决策事项目录公开。 |\n县司法局 |\n2024年6月底前 |\n"
        "2 |\n做好政策解读工作,提高解读质量。 |\n县政府办公室 |\n长期坚持 |\n"
    )
    first, second = _with(records, "决策事项目录"), _with(records, "政策解读")
    assert (first.responsible_units, first.deadline.date) == (["县司法局"], "2024-06-30")
    assert (second.responsible_units, second.deadline.kind) == (["县政府办公室"], "ongoing")


def test_unit_and_time_cells_a_space_after_the_task() -> None:
    records = _records(
        "2024年政务公开工作要点\n"
        "一、推进决策公开\n"
        "1.严格落实重大行政决策程序规定,做好决策事项目录公开 县司法局 2024年6月底前\n"
        "2.加强政府网站常态监管，6 月 30 日前完成 政府\n网站信息公开专栏目录调整。（牵头单位：县政府办公室）\n"
    )
    first = _with(records, "决策事项目录")
    assert (first.responsible_units, first.deadline.date) == (["县司法局"], "2024-06-30")
    second = _with(records, "专栏目录调整")  # a wrapped line's cut word is not a unit cell
    assert (second.lead_units, second.deadline.date) == (["县政府办公室"], "2024-06-30")
