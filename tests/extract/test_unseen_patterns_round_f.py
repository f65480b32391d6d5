"""Failure kinds of the corpus15f held-out round (round f), one test each.

Sentences and small reports written in the pattern of the failing texts
(tests/extract/UNSEEN_CORPUS.md), never a report's own text, naming no real place, person or
year the rules could be tuned to. Each test failed before its rule was written.
"""

from __future__ import annotations

import pytest

from supervisor.extract import extract_indicators, extract_report, load_department_table
from supervisor.extract.departments import PROVINCE_TABLE

_OPENING_YEAR_PLAN = """政府工作报告
——2031年1月20日在某省第三届人民代表大会第二次会议上
各位代表：
现在，我代表省人民政府向大会报告工作，请予审议。
二、“十六五”时期的主要目标
“十六五”时期地区生产总值年均增长5%左右。
三、乘势而上抓落实，推动“十六五”开好局、起好步
今年经济社会发展的主要预期目标是：地区生产总值增长5.5%左右；城镇新增就业30万人以上。
（一）扩大有效投资。新开工重点项目300个。
（二）办好民生实事。新建养老服务站80个。
"""


def test_a_plan_heading_about_the_five_year_periods_first_year_is_the_years_plan() -> None:
    report = extract_report(_OPENING_YEAR_PLAN)
    found = {(i.name, i.value) for t in report.tasks for i in t.indicators}
    assert ("地区生产总值", 5.5) in found
    assert ("城镇新增就业", 30) in found
    assert {300, 80} <= {value for _, value in found}
    assert ("地区生产总值", 5) not in found  # the five-year section stays out


def _found(text: str) -> list[tuple[str, float, str, str]]:
    return [(i.name, i.value, i.unit, i.comparator.value) for i in extract_indicators(text)]


def _comparators(text: str) -> list[str]:
    return [c for _, _, _, c in _found(text)]


def test_about_after_a_lists_last_value_spans_the_list() -> None:
    assert _comparators("新认定市级示范基地12个、县级示范点40个左右。") == ["~", "~"]
    assert _comparators("新建乡镇卫生院8所、村卫生室120所左右。") == ["~", "~"]
    # a floor stays the last value's own, and an amount before a rate is another measure
    assert _comparators("新建乡镇卫生院8所、村卫生室120所以上。") == ["=", ">="]
    assert _comparators("园区营收达到600亿元、增长9%左右。") == ["=", "~"]


def _values(text: str) -> list[float]:
    return [v for _, v, _, _ in _found(text)]


def test_works_under_way_named_by_example_and_counted_after_deng_are_no_targets() -> None:
    assert _values("加快甲港、乙港等6个国家物流枢纽建设。") == []
    assert _values("加快东线、西线等3条城际铁路，南环、北环等9条快速路建设。") == []
    assert _values("加快纺织、建材、冶金等8个传统产业改造升级。") == []
    # the year's works named by example, and works under way without examples, stay targets
    assert _values("推进甲港、乙港等6个物流园区建设。") == [6]
    assert _values("加快3个科技创新中心建设。") == [3]


def test_a_count_taking_in_works_under_way_is_no_target() -> None:
    assert _values("大力推进甲线、乙库等1.5万个亿元以上新建续建项目建设。") == []
    assert _values("新开工亿元以上项目800个。") == [800]


def test_chains_and_clusters_that_exist_grown_are_no_targets() -> None:
    assert _values("壮大5大特色产业集群和12条乡村富民产业链。") == []
    assert _values("做强16条重点产业链。") == []
    assert _values("新培育省级特色产业集群8个。") == [8]


def test_a_bound_on_a_measured_attribute_defines_the_class_counted() -> None:
    assert _values("推动年运量100万吨以上的工矿企业接入铁路专用线。") == []
    assert _values("关停淘汰5万千瓦及以下燃煤机组。") == []
    # a share of a class and an output of its own stay targets
    assert _values("推动70%以上的乡镇敬老院达标。") == [70]
    assert _values("粮食产量稳定在300亿斤以上。") == [300]


def test_a_package_of_measures_carried_out_is_no_target() -> None:
    assert _values("实施稳增长25项举措。") == []
    assert _values("实施营商环境80项提升举措。") == []
    assert _values("出台8条措施。") == [8]


def test_a_paragraph_weighing_the_growth_target_restates_it() -> None:
    assert _values("6%左右的预期增长目标与规划目标衔接，与潜在增长率吻合。") == []
    assert _values("经济增长6%左右。") == [6]


def test_places_named_by_example_supported_or_worked_in_are_no_count() -> None:
    assert _values("支持甲县、乙县、丙县等8个有条件的县发展成为中等城市。") == []
    assert _values("在甲县、乙县、丙县等5个重点县建设蔬菜基地3万亩。") == [3]
    assert _values("支持建设县级物流中心12个。") == [12]


def test_an_aim_without_a_date_and_things_set_up_built_well_are_no_targets() -> None:
    assert _values("尽快实现规上工业企业100%使用绿色电力。") == []
    assert _values("高质量建好12个主平台。") == []
    assert _values("建好首批30个试点项目。") == []
    assert _values("建成12个产业平台。") == [12]


def _names(text: str) -> list[str]:
    return [n for n, _, _, _ in _found(text)]


def test_the_verb_complete_leaves_the_name_of_the_work() -> None:
    assert _names("完成林相改造提升30万亩、中幼林抚育提升40万亩。") == ["林相改造", "中幼林抚育"]
    assert _names("完成植树造林8万亩。") == ["植树造林"]
    assert _names("完成投资120亿元。") == ["完成投资"]  # the investment keeps its verb-noun


def test_an_amount_classifying_the_counted_noun_stays_in_its_name() -> None:
    assert _names("新引进总投资超5亿元项目30个以上。") == ["新引进总投资超5亿元项目"]
    # a total stated before a rate is still the subject of both
    assert _names("园区产值突破300亿元、增长8%。") == ["园区产值", "园区产值"]


def test_runs_of_a_scheduled_service_are_counted() -> None:
    found = _found("开行国际货运班列1200班次。")
    assert [(v, u) for _, v, u, _ in found] == [(1200, "班次")]


def test_national_designations_upgraded_are_no_count() -> None:
    assert _values("推动5个国家物流枢纽、3个国家骨干冷链物流基地提质升级。") == []
    # a work done on each of the province's own places stays counted
    assert _values("推动40家休闲农庄提档升级。") == [40]


@pytest.mark.parametrize(
    "words",
    ["因地制宜新建标准塑胶跑道", "办好省运会和城市联赛", "建设口袋体育公园", "开展全民健身活动"],
)
def test_sports_works_in_a_province_report_go_to_the_sports_bureau(words: str) -> None:
    assert "体育" in load_department_table(PROVINCE_TABLE).suggest(words)[0].name
