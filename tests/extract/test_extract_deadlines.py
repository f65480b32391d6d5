"""Deadlines: 12-31 of the plan year by default, explicit phrases become dates."""

from __future__ import annotations

import datetime

import pytest

from supervisor.extract import extract_report, find_deadline


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("一季度完成项目招标", datetime.date(2023, 3, 31)),
        ("第二季度建成投用", datetime.date(2023, 6, 30)),
        ("上半年出台实施方案", datetime.date(2023, 6, 30)),
        ("6月底前全面完成整改", datetime.date(2023, 6, 30)),
        ("１０月底前完成", datetime.date(2023, 10, 31)),
        ("三季度末建成通车", datetime.date(2023, 9, 30)),
        ("9月举办博览会", datetime.date(2023, 9, 30)),
        ("十一月中旬完成验收", datetime.date(2023, 11, 20)),
        ("年底前全部完工", datetime.date(2023, 12, 31)),
        ("2月28日前完成摸底", datetime.date(2023, 2, 28)),
        ("2024年6月底前建成", datetime.date(2024, 6, 30)),
        ("3月启动、年底前完成", datetime.date(2023, 12, 31)),
    ],
)
def test_phrases_become_dates(text: str, expected: datetime.date) -> None:
    assert find_deadline(text, 2023) == expected


@pytest.mark.parametrize(
    "text",
    ["新增就业1万人", "3个月内办结", "2022年12月已完成", "优化12345热线", "2月30日"],
)
def test_no_deadline_phrase(text: str) -> None:
    assert find_deadline(text, 2023) is None


def test_tasks_default_to_the_end_of_the_plan_year() -> None:
    report = extract_report(
        "2023年某市政府工作报告\n二、2023年重点工作\n（一）抓项目\n"
        "推进项目建设。新开工项目80个。6月底前建成体育中心。\n"
    )
    deadlines = {t.title: t.deadline for t in report.tasks}
    assert deadlines["新开工项目80个"] == datetime.date(2023, 12, 31)
    assert deadlines["6月底前建成体育中心"] == datetime.date(2023, 6, 30)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("到2024年底前全部建成", datetime.date(2024, 12, 31)),
        ("2025年年底前完成改造", datetime.date(2025, 12, 31)),
        ("2024年中建成投用", datetime.date(2024, 6, 30)),
        ("2026年3月15日前竣工", datetime.date(2026, 3, 15)),
        ("今年年中完成验收", datetime.date(2023, 6, 30)),
        ("一季度启动、2024年二季度完工", datetime.date(2024, 6, 30)),
    ],
)
def test_dates_beyond_the_plan_year_are_kept_as_stated(text: str, expected: datetime.date) -> None:
    assert find_deadline(text, 2023) == expected


@pytest.mark.parametrize(
    "text",
    [
        "认真落实今年中央经济工作会议部署",
        "扶持年中小企业融资",
        "推动今年内容产业发展",
        "力争三年内建成",
        "用两年内时间完成",
    ],
)
def test_time_words_inside_other_words_are_no_deadline(text: str) -> None:
    assert find_deadline(text, 2023) is None


def test_a_year_end_beyond_the_plan_year_stays_on_the_task() -> None:
    report = extract_report(
        "2023年某市政府工作报告\n二、2023年重点工作\n（一）抓项目\n"
        "推进项目建设。到2024年底前建成城市快速路。\n"
    )
    deadlines = {t.title: t.deadline for t in report.tasks}
    assert deadlines["到2024年底前建成城市快速路"] == datetime.date(2024, 12, 31)
