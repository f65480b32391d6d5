"""Each failure kind seen on reports of other places and levels, on sentences written for it.

The sentences follow the patterns of issue 15 (a bare 超, 近, 守住……红线, baselines, names
without their subject, counts that are not targets, lexical traps); none is copied from a report.
"""

from __future__ import annotations

import pytest

from supervisor.domain import Comparator
from supervisor.extract import extract_indicators


def _found(text: str) -> list[tuple[str, float, str, Comparator]]:
    return [(i.name, i.value, i.unit, i.comparator) for i in extract_indicators(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("为退役军人提供技能培训岗位超1200个。", ("技能培训岗位", 1200, "个", Comparator.GE)),
        ("新增城镇就业超6万人。", ("新增城镇就业", 6, "万人", Comparator.GE)),
        (
            "困难群众救助标准不低于本地最低生活保障标准的1.3倍。",
            ("困难群众救助标准", 1.3, "倍", Comparator.GE),
        ),
        ("全年固定资产投资规模近900亿元。", ("固定资产投资规模", 900, "亿元", Comparator.APPROX)),
        ("坚决守住28万亩永久基本农田红线。", ("永久基本农田", 28, "万亩", Comparator.GE)),
    ],
)
def test_comparators_before_the_number(
    text: str, expected: tuple[str, float, str, Comparator]
) -> None:
    assert _found(text) == [expected]


def test_near_in_other_words_is_not_approximate() -> None:
    # 最近/接近 are words of their own: only a bare 近 before the number is "about".
    assert _found("新建农贸市场接近20个。")[0][3] == Comparator.EQ


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "城市、农村特困人员供养标准分别从每人每月900元、700元提高到960元、760元。",
            [("城市特困人员供养标准", 960, 900), ("农村特困人员供养标准", 760, 700)],
        ),
        ("农村集中供水率从88%提高到92%。", [("农村集中供水率", 92, 88)]),
        ("建成区绿地率由36%增加到38.5%。", [("建成区绿地率", 38.5, 36)]),
        ("万元生产总值能耗从0.9吨标准煤降低到0.85吨标准煤。", [("万元生产总值能耗", 0.85, 0.9)]),
    ],
)
def test_from_to_gives_the_target_and_keeps_the_baseline(
    text: str, expected: list[tuple[str, float, float]]
) -> None:
    found = extract_indicators(text)
    assert [(i.name, i.value, i.baseline) for i in found] == expected


def test_a_delta_over_last_year_is_the_target_without_baseline() -> None:
    (indicator,) = extract_indicators("蔬菜产量比上年增加3万吨。")
    assert (indicator.name, indicator.value, indicator.unit) == ("蔬菜产量", 3, "万吨")
    assert indicator.baseline is None


def test_a_range_is_not_a_baseline() -> None:
    (indicator,) = extract_indicators("居民收入增长6%到7%。")
    assert (indicator.value, indicator.value_max, indicator.baseline) == (6, 7, None)


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("完成1500平方米冷链库、300亩日光温室建设任务。", ["冷链库", "日光温室"]),
        ("建成80公里供水管网、12座加压泵站。", ["供水管网", "加压泵站"]),
        ("全年技术合同成交额近40亿元。", ["技术合同成交额"]),
        ("坚决守住3.2万亩生态保护红线。", ["生态保护"]),
        ("为返乡创业人员提供创业担保贷款5亿元。", ["创业担保贷款"]),
        ("用足用好9亿元新增专项债券。", ["新增专项债券"]),
        ("全面完成2025年度国土绿化任务6万亩。", ["国土绿化"]),
        ("新建乡镇敬老院4所。", ["乡镇敬老院"]),
        ("提供公益性岗位超800个。", ["公益性岗位"]),
        (
            "基础养老金、高龄津贴标准分别从每人每月150元、100元提高到170元、120元。",
            ["基础养老金", "高龄津贴标准"],
        ),
    ],
)
def test_names_are_the_thing_counted(text: str, names: list[str]) -> None:
    assert [i.name for i in extract_indicators(text)] == names


@pytest.mark.parametrize(
    "text",
    [
        "严格执行中央八项规定及其实施细则精神。",
        "坚决做到两个维护，统筹利用两个市场两种资源。",
        "推进园区2×35万千瓦热电联产机组前期工作。",
        "对9座以下小型客车免收通行费。",
        "对49吨以上货车实行错峰通行。",
        "预计今年全县高校毕业生超过8000人。",
        "搭建科技成果转化公共支持平台。",
    ],
)
def test_counts_that_are_not_targets(text: str) -> None:
    assert extract_indicators(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("举办12场内容丰富的群众文化活动。", ("群众文化活动", 12, "场", Comparator.EQ)),
        ("实施260个年度重点项目。", ("年度重点项目", 260, "个", Comparator.EQ)),
        ("城区公共绿地面积占比提高到1/4以上。", ("城区公共绿地面积占比", 25, "%", Comparator.GE)),
        ("村级集体经济收入占比达到三分之一。", ("村级集体经济收入占比", 33.33, "%", Comparator.EQ)),
        ("再生水厂日处理能力达到8万吨/日。", ("再生水厂日处理能力", 8, "万吨/日", Comparator.EQ)),
        ("调水工程设计流量达到25立方米/秒。", ("调水工程设计流量", 25, "立方米/秒", Comparator.EQ)),
        ("政务服务事项3个工作日内办结。", ("政务服务事项", 3, "个工作日", Comparator.LE)),
    ],
)
def test_lexical_traps(text: str, expected: tuple[str, float, str, Comparator]) -> None:
    found = _found(text)
    assert len(found) == 1, found
    name, value, unit, comparator = found[0]
    assert expected[0] in name
    assert (value, unit, comparator) == pytest.approx(expected[1:]) or (
        value == pytest.approx(expected[1]) and (unit, comparator) == expected[2:]
    )


def test_flat_still_found_outside_support_platform() -> None:
    (indicator,) = extract_indicators("粮食播种面积与上年持平。")
    assert (indicator.name, indicator.value, indicator.unit) == ("粮食播种面积", 0, "%")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("市级财政衔接资金拟安排9000万元，比上年增加600万元。", [("市级财政衔接资金", 9000, 8400)]),
        ("全年木材采伐量控制在30万立方米，比上年减少4万立方米。", [("木材采伐量", 30, 34)]),
        # A change of a rate is a target of its own, not a baseline.
        (
            "税收收入完成45亿元，比上年增长6%。",
            [("税收收入", 45, None), ("税收收入", 6, None)],
        ),
    ],
)
def test_a_change_over_last_year_gives_the_target_its_baseline(
    text: str, expected: list[tuple[str, float, float | None]]
) -> None:
    found = [(i.name, i.value, i.baseline) for i in extract_indicators(text)]
    assert found == expected


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("新建和改造农村公路800公里。", "农村公路"),
        ("新建、改扩建公办幼儿园12所。", "公办幼儿园"),
        ("建成投产亿元以上工业项目30个。", "亿元以上工业项目"),
        # Nouns that start like a verb keep their whole name.
        ("建成区绿化覆盖率达到41%。", "建成区绿化覆盖率"),
        ("建设用地供应规模控制在1.5万亩以内。", "建设用地供应规模"),
    ],
)
def test_build_verbs_are_dropped_from_names_but_not_from_nouns(text: str, name: str) -> None:
    assert [i.name for i in extract_indicators(text)] == [name]
