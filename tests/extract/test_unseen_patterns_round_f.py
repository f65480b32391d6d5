"""Failure kinds of the corpus15f held-out round (round f), one test each.

Sentences and small reports written in the pattern of the failing texts
(tests/extract/UNSEEN_CORPUS.md), never a report's own text, naming no real place, person or
year the rules could be tuned to. Each test failed before its rule was written.
"""

from __future__ import annotations

from supervisor.extract import extract_report

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
