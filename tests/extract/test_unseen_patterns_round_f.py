"""Failure kinds of the corpus15f held-out round (round f), one test each.

Sentences and small reports written in the pattern of the failing texts
(tests/extract/UNSEEN_CORPUS.md), never a report's own text, naming no real place, person or
year the rules could be tuned to. Each test failed before its rule was written.
"""

from __future__ import annotations

from supervisor.extract import extract_indicators, extract_report

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


def test_a_floor_after_a_respectively_list_is_the_last_values_own() -> None:
    assert _comparators("苹果、梨、桃产量分别达到80万吨、30万吨、5万吨以上。") == ["=", "=", ">="]
    # 左右 after the last value still spans it
    assert _comparators("苹果、梨产量分别达到80万吨、30万吨左右。") == ["~", "~"]
