"""General alias rules for common bureaus, local exceptions first, level prefixes kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.registry import UnitRegistry

UNITS = Path(__file__).resolve().parents[2] / "knowledge_base" / "units.toml"


@pytest.fixture(scope="module")
def registry() -> UnitRegistry:
    return UnitRegistry.load(UNITS)


@pytest.mark.parametrize(
    "names",
    [
        ["县人社局", "县人力资源和社会保障局", "县人力资源社会保障局"],
        ["市发改委", "市发展改革委", "市发展和改革委员会", "市发改局", "市发展和改革局"],
        ["市卫健委", "市卫生健康委", "市卫生健康委员会", "市卫健局", "市卫生健康局"],
        ["县市场监管局", "县市场监督管理局"],
        ["旗医保局", "旗医疗保障局"],
        ["县自然资源局", "县自然资源和规划局"],
        ["州住建局", "州住房和城乡建设局", "州住房城乡建设局"],
        ["县生态环境局", "县生态环境分局"],
        ["县教体局", "县教育和体育局"],
        ["县交通局", "县交通运输局"],
        ["县文旅局", "县文化和旅游局", "县文化广电和旅游局"],
        ["格尔木市人社局", "格尔木市人力资源和社会保障局"],
    ],
)
def test_general_aliases_meet(registry: UnitRegistry, names: list[str]) -> None:
    assert len({registry.key(n, "某县") for n in names}) == 1


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("县人社局", "市人社局"),  # the level prefix is kept
        ("县教育局", "县教体局"),  # only a local exception joins these
        ("县财政局", "县税务局"),
        ("县大数据局", "县政务服务数据管理局"),
        ("县统计局", "县民政局"),
    ],
)
def test_different_units_stay_apart(registry: UnitRegistry, a: str, b: str) -> None:
    assert registry.key(a, "某县") != registry.key(b, "某县")


def test_local_canonical_names_are_unchanged(registry: UnitRegistry) -> None:
    assert registry.canonical("区人社局") == "区人力资源和社会保障局"
    assert registry.canonical("卫健委") == "区卫生健康局"
    assert registry.canonical("党政办", "济宁高新区") == "区党政办公室"
    assert registry.canonical("党政办", "章丘区") == "党政办"  # region scoping as before
    assert registry.canonical("区卫生健康委员会") == "区卫生健康局"  # another spelling of a local name
    assert registry.key("大数据局") == registry.key("区大数据局")
    assert registry.key("黨政辦", "济宁高新区") == registry.key("党政办", "济宁高新区")  # traditional meets its group


def test_a_bureaus_own_office_is_that_office(registry: UnitRegistry) -> None:
    """局办公室 in a bureau's own plan is the bureau's 办公室 (a question names it 某局办公室); 局长办公室 stays."""
    assert registry.key("局办公室") == registry.key("办公室")
    assert registry.key("局政法科") == registry.key("政法科")
    assert registry.key("局长办公室") != registry.key("办公室")
