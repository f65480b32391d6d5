"""Indicators in single sentences: every pattern of the issue and the distractors around it.

The sentences are written for these tests in the style of government work reports; none is
taken from the seed report.
"""

from __future__ import annotations

import pytest

from supervisor.domain import Comparator
from supervisor.extract import ExtractedIndicator, extract_indicators


def _one(text: str) -> ExtractedIndicator:
    found = extract_indicators(text)
    assert len(found) == 1, found
    return found[0]


def _triples(text: str) -> list[tuple[str, float, str]]:
    return [(i.name, i.value, i.unit) for i in extract_indicators(text)]


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("新建污水处理厂3座。", 3, "座"),
        ("新建污水处理厂３座。", 3, "座"),
        ("新建污水处理厂三座。", 3, "座"),
        ("新建乡镇卫生院两所。", 2, "所"),
        ("新增规上企业二十家。", 20, "家"),
        ("新建高标准农田十万亩。", 10, "万亩"),
        ("改造农村危房1.6万户。", 1.6, "万户"),
        ("新增停车位5,000个。", 5000, "个"),
        ("完成交通投资86亿元。", 86, "亿元"),
        ("实际利用外资1.5亿美元。", 1.5, "亿美元"),
        ("出口额达到3000万美元。", 3000, "万美元"),
    ],
)
def test_numerals_and_magnitudes(text: str, value: float, unit: str) -> None:
    indicator = _one(text)
    assert (indicator.value, indicator.unit) == (pytest.approx(value), unit)


@pytest.mark.parametrize(
    ("text", "value", "value_max"),
    [
        ("全县生产总值增长6%—7%。", 6, 7),
        ("全县生产总值增长6.5—7%。", 6.5, 7),
        ("工业投资增长10%～12%。", 10, 12),
        ("工业投资增长10%~12%。", 10, 12),
        ("工业投资增长10%至12%。", 10, 12),
        ("工业投资增长10%到12%。", 10, 12),
    ],
)
def test_ranges(text: str, value: float, value_max: float) -> None:
    indicator = _one(text)
    assert indicator.comparator == Comparator.RANGE
    assert (indicator.value, indicator.value_max, indicator.unit) == (value, value_max, "%")


@pytest.mark.parametrize(
    ("text", "comparator"),
    [
        ("新增就业岗位8000个以上。", Comparator.GE),
        ("登记失业率控制在4%以内。", Comparator.LE),
        ("细颗粒物浓度降到35微克/立方米以下。", Comparator.LE),
        ("居民消费价格涨幅3%左右。", Comparator.APPROX),
        ("森林覆盖率不低于45%。", Comparator.GE),
        ("培训农民不少于2000人。", Comparator.GE),
        ("新增市场主体至少3000户。", Comparator.GE),
        ("外贸进出口总额突破100亿元。", Comparator.GE),
        ("完成造林面积超过8万亩。", Comparator.GE),
        ("单位能耗增幅不超过2%。", Comparator.LE),
        ("建设充电桩500多个。", Comparator.GE),
        ("实现旅游收入约40亿元。", Comparator.APPROX),
        ("力争研发投入强度达到2.5%。", Comparator.EQ),
        ("确保粮食播种面积60万亩。", Comparator.EQ),
        ("审批时限控制在5个工作日内。", Comparator.LE),
    ],
)
def test_comparators(text: str, comparator: Comparator) -> None:
    assert _one(text).comparator == comparator


@pytest.mark.parametrize(
    ("text", "name", "value", "unit"),
    [
        ("城镇化率提高1.2个百分点。", "城镇化率", 1.2, "个百分点"),
        ("农产品加工转化率提高两个百分点。", "农产品加工转化率", 2, "个百分点"),
        ("单位地区生产总值能耗下降3%。", "单位地区生产总值能耗", 3, "%"),
        ("森林覆盖率提高到48%。", "森林覆盖率", 48, "%"),
        ("PM2.5平均浓度比2015年下降18%。", "PM2.5平均浓度", 18, "%"),
        ("规上工业增加值增长8.5%。", "规上工业增加值", 8.5, "%"),
    ],
)
def test_growth_and_percentage_points(text: str, name: str, value: float, unit: str) -> None:
    indicator = _one(text)
    assert (indicator.name, indicator.value, indicator.unit) == (name, value, unit)


def test_count_names_the_noun_after_it() -> None:
    assert _triples("实施25个乡村振兴示范项目。") == [("乡村振兴示范项目", 25, "个")]


def test_amount_names_the_noun_before_it() -> None:
    assert _triples("完成水利投资15亿元。") == [("完成水利投资", 15, "亿元")]


def test_two_counts_before_one_noun() -> None:
    assert _triples("帮助剩余36户108名困难群众脱贫。") == [
        ("困难群众", 36, "户"),
        ("困难群众", 108, "名"),
    ]


@pytest.mark.parametrize("count", [2, 3, 4, 5])
def test_respectively_pairs_every_name_with_its_value(count: int) -> None:
    names = ["工业投资", "民间投资", "技改投资", "基础设施投资", "房地产开发投资"][:count]
    values = [9, 8, 15, 6, 3][:count]
    text = "、".join(names[:-1]) + "和" + names[-1] + "分别增长"
    text += "、".join(f"{v}%" for v in values[:-1]) + f"和{values[-1]}%。"
    assert _triples(text) == [(n, v, "%") for n, v in zip(names, values, strict=True)]


def test_respectively_with_shared_measure_after_the_last_name() -> None:
    assert _triples("小麦、玉米、大豆种植面积分别达到30万亩、45万亩和10万亩。") == [
        ("小麦种植面积", 30, "万亩"),
        ("玉米种植面积", 45, "万亩"),
        ("大豆种植面积", 10, "万亩"),
    ]


def test_respectively_with_shared_subject_before_short_names() -> None:
    assert [i.name for i in extract_indicators("全县旅游人数、收入分别增长12%和15%。")] == [
        "旅游人数",
        "旅游收入",
    ]


def test_respectively_urban_and_rural_in_one_word() -> None:
    assert [i.name for i in extract_indicators("城乡居民人均可支配收入分别增长6%和8%。")] == [
        "城镇居民人均可支配收入",
        "农村居民人均可支配收入",
    ]


def test_respectively_takes_names_from_the_clause_before() -> None:
    found = extract_indicators("接待游客900万人次、旅游收入80亿元，分别增长12%、14%。")
    assert [(i.name, i.value) for i in found] == [
        ("接待游客", 900),
        ("旅游收入", 80),
        ("接待游客", 12),
        ("旅游收入", 14),
    ]


def test_respectively_extends_the_unit_to_every_value() -> None:
    found = extract_indicators("企业开办、项目审批分别压缩至1个、30个工作日以内。")
    assert [(i.name, i.value, i.unit, i.comparator) for i in found] == [
        ("企业开办", 1, "个工作日", Comparator.LE),
        ("项目审批", 30, "个工作日", Comparator.LE),
    ]


def test_all_gives_every_name_the_same_value() -> None:
    found = extract_indicators("税收收入、非税收入、基金收入均增长6%以上。")
    assert [(i.name, i.value, i.comparator) for i in found] == [
        ("税收收入", 6, Comparator.GE),
        ("非税收入", 6, Comparator.GE),
        ("基金收入", 6, Comparator.GE),
    ]


def test_each_gives_every_name_the_same_count() -> None:
    assert _triples("新建小学、初中各3所。") == [("小学", 3, "所"), ("初中", 3, "所")]


@pytest.mark.parametrize("text", ["社会消费品零售总额与上年持平。", "财政收入保持持平。"])
def test_flat_is_zero_percent(text: str) -> None:
    indicator = _one(text)
    assert (indicator.value, indicator.unit, indicator.comparator) == (0, "%", Comparator.EQ)


def test_of_which_breakdown() -> None:
    assert _triples("完成固定资产投资300亿元，其中工业投资120亿元。") == [
        ("完成固定资产投资", 300, "亿元"),
        ("工业投资", 120, "亿元"),
    ]


def test_percent_before_the_noun() -> None:
    assert _triples("推动90%以上的行政村通光纤。")[0][:2] == ("行政村通光纤", 90)
    assert _one("推动90%以上的行政村通光纤。").comparator == Comparator.GE


@pytest.mark.parametrize(
    "text",
    [
        "举办第七届农民丰收节。",
        "科学编制“十四五”规划。",
        "隆重庆祝建市60周年。",
        "优化12345政务服务热线。",
        "深入实施“1+16”行动计划。",
        "全面完成“七五”普法。",
        "加快G207国道改造。",
        "加快5G网络建设。",
        "PM2.5、PM10浓度持续下降。",
        "引进世界500强企业。",
        "为65岁以上老人免费体检。",
        "2023年6月底前出台实施方案。",
        "咨询电话0951-2012345。",
        "落实“四个一”工作机制。",
        "实施三大战略，三个开发区协同发展。",
        "打造15分钟便民生活圈。",
        "开展一批示范创建。",
        "贯彻党的十九届四中全会和市委十届五次、六次全会精神。",
        "对接4家亿元以上企业。",
        "打造2个50亿元企业。",
    ],
)
def test_distractors_are_not_targets(text: str) -> None:
    found = extract_indicators(text)
    assert all(
        i.value not in (7, 14, 60, 12345, 1, 16, 207, 5, 2.5, 500, 65, 2023, 6, 0.0)
        or i.unit in ("个", "家")
        for i in found
    ), found
    if text.startswith("打造2个"):
        assert [(i.name, i.value) for i in found] == [("50亿元企业", 2)]
    elif text.startswith("对接4家"):
        assert [(i.name, i.value) for i in found] == [("亿元以上企业", 4)]
    else:
        assert found == []


def test_age_is_a_target_only_when_it_is_reached() -> None:
    assert _triples("人均预期寿命达到78.5岁。") == [("人均预期寿命", 78.5, "岁")]


def test_indicator_text_is_the_clause() -> None:
    assert _one("加强生态保护，完成营造林4万亩，推进湿地修复。").text == "完成营造林4万亩"
